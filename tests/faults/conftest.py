"""The abuse tests use the shared real pcscd and emulated cards of the integration layer."""

from __future__ import annotations

from tests.integration.conftest import insert_card, pcscd

__all__ = ["insert_card", "pcscd"]
