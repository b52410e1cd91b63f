"""Fuzz EF.SOD: the parser, then passive authentication of what parsed, over arbitrary bytes.

Both may only raise ChipError (TlvError is one); a parsed SOD from random bytes must never
verify as valid against a trust store holding no certificate.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.harness import instrument, run

with instrument():
    from drivers.emrtd.lds.sod import parse_sod
    from drivers.emrtd.passive_auth import verify_passive
    from drivers.emrtd.trust_store import TrustStore
    from kiosk.errors import ChipError

NOW = datetime(2026, 11, 23, tzinfo=UTC)
DG1_FILE = b"\x61\x00"
NO_TRUST = TrustStore(())


def one_input(data: bytes) -> None:
    try:
        sod = parse_sod(data)
        verdict = verify_passive(sod, {1: DG1_FILE}, NO_TRUST, NOW)
    except ChipError:
        return
    assert not verdict.valid


if __name__ == "__main__":
    run(one_input)
