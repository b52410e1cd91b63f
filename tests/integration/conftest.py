"""Integration fixtures for the smart-card stack: the shared real pcscd and emulated vpcd cards.

``pcscd`` (session) reuses the machine's running pcscd or starts ``pcscd --foreground`` (root
only; it is left running for the other users); without root and without a running pcscd the
PC/SC tests are skipped with the reason, while as root a failure to start fails them.
``vpcd_reader`` claims a free, empty vpcd slot across processes. ``insert_card(card)`` runs a
VirtualCard in that slot and returns an :class:`InsertedCard` (``.reader_name``, ``.url``,
``.remove()``, ``.insert()``, ``.arm_fault()``). Open readers in the test and close them before
it ends: fixture teardown stops the emulator after the test's own ``with`` blocks have closed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from drivers.sim.cards.card_slot import DEFAULT_PCSCD_LOG, InsertedCard, emulated_card, vpcd_reader
from drivers.sim.cards.pcscd import VpcdSlot, ensure_pcscd
from drivers.sim.cards.virtual_card import VirtualCard
from kiosk.errors import DeviceError


@pytest.fixture(scope="session")
def pcscd() -> Path:
    """A running pcscd with the vpcd driver; yields the log file of a pcscd we started."""
    try:
        ensure_pcscd(DEFAULT_PCSCD_LOG)
    except DeviceError as exc:
        if os.geteuid() != 0:
            pytest.skip(f"no pcscd for the PC/SC tests: {exc.detail}")
        pytest.fail(f"pcscd could not be started as root: {exc.detail}")
    return DEFAULT_PCSCD_LOG


@pytest.fixture
def vpcd_reader_slot(pcscd: Path) -> Iterator[VpcdSlot]:
    """A vpcd slot held by this test alone, with no card in it; ``.reader_name``, ``.port``."""
    with vpcd_reader(pcscd_log=pcscd) as slot:
        yield slot


@pytest.fixture
def insert_card(pcscd: Path) -> Iterator[Callable[..., InsertedCard]]:
    """Factory: ``insert_card(card, inserted=True, prefer_slot=None) -> InsertedCard``.

    Each call claims its own free slot (at most two at once). Every card is stopped, and its
    slot seen empty by pcscd, after the test.
    """
    with ExitStack() as stack:

        def insert(
            card: VirtualCard, inserted: bool = True, prefer_slot: int | None = None
        ) -> InsertedCard:
            return stack.enter_context(
                emulated_card(card, prefer_slot=prefer_slot, inserted=inserted, pcscd_log=pcscd)
            )

        yield insert
