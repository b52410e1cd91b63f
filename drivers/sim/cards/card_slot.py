"""An emulated card inserted in a vpcd slot of the shared pcscd, for tests, benchmarks and the demo.

:func:`emulated_card` does the whole dance in one ``with``: make sure pcscd runs, claim a free
vpcd slot (an fcntl lock shared by every process), run the card on a :class:`VpcdCardRunner`
thread, and wait (SCardGetStatusChange) until pcscd sees it. On exit it pulls the card, waits
until pcscd sees the slot empty, and frees the slot. Close PC/SC connections before leaving it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from drivers.pcsc.status import wait_for_card, wait_for_readers
from drivers.sim.cards.pcscd import VpcdSlot, claim_slot, ensure_pcscd, resolve_reader_name
from drivers.sim.cards.virtual_card import VirtualCard
from drivers.sim.cards.vpcd_runner import Fault, VpcdCardRunner
from kiosk.errors import DeviceTimeout

CARD_EVENT_TIMEOUT_SECONDS = 5.0
READERS_TIMEOUT_SECONDS = 10.0
DEFAULT_PCSCD_LOG = Path(tempfile.gettempdir()) / "kiosk-pcscd.log"


@dataclass
class InsertedCard:
    """A running emulated card: its runner, the slot it sits in, and the reader name to use."""

    card: VirtualCard
    runner: VpcdCardRunner
    slot: VpcdSlot
    reader_name: str

    @property
    def url(self) -> str:
        """The device URL a driver opens: ``pcsc://<reader name>``."""
        return f"pcsc://{self.reader_name}"

    def remove(self, wait: bool = True) -> None:
        """Pull the card; with ``wait``, return once pcscd reports the slot empty."""
        self.runner.remove()
        if wait:
            self.wait_until(present=False)

    def insert(self, wait: bool = True) -> None:
        """Put the card back (same card object, same state); with ``wait``, until pcscd sees it."""
        self.runner.insert()
        if wait:
            self.wait_until(present=True)

    def arm_fault(self, fault: Fault, after_apdus: int = 0) -> None:
        self.runner.arm_fault(fault, after_apdus)

    def wait_until(self, present: bool, timeout: float = CARD_EVENT_TIMEOUT_SECONDS) -> None:
        """Block until pcscd sees the card in or out. Raises DeviceTimeout."""
        if not wait_for_card(self.reader_name, present, timeout):
            state = "inserted" if present else "removed"
            raise DeviceTimeout(f"pcscd did not see the card {state} in {self.reader_name!r}")


@contextmanager
def vpcd_reader(
    prefer_slot: int | None = None, pcscd_log: Path = DEFAULT_PCSCD_LOG
) -> Iterator[VpcdSlot]:
    """Claim a free vpcd slot of a running pcscd (started if needed) whose reader is empty.

    Yields the slot with its reader name as pcscd lists it. Raises DeviceUnavailable when
    pcscd cannot run here and DeviceTimeout when no slot frees up.
    """
    ensure_pcscd(pcscd_log)
    with claim_slot(prefer=prefer_slot) as slot:
        readers = wait_for_readers(None, READERS_TIMEOUT_SECONDS)
        name = resolve_reader_name(slot, readers)
        if not wait_for_card(name, present=False, timeout=CARD_EVENT_TIMEOUT_SECONDS):
            raise DeviceTimeout(f"{name!r} still holds a card from an earlier user")
        yield VpcdSlot(slot.port, name, slot.index)


@contextmanager
def emulated_card(
    card: VirtualCard,
    prefer_slot: int | None = None,
    inserted: bool = True,
    pcscd_log: Path = DEFAULT_PCSCD_LOG,
) -> Iterator[InsertedCard]:
    """Run ``card`` in a free vpcd slot of the shared pcscd for the ``with`` block."""
    with vpcd_reader(prefer_slot, pcscd_log) as slot:
        runner = VpcdCardRunner(card, slot.port)
        handle = InsertedCard(card, runner, slot, slot.reader_name)
        runner.start(inserted=inserted)
        try:
            if inserted:
                handle.wait_until(present=True)
            yield handle
        finally:
            runner.stop()
            wait_for_card(slot.reader_name, present=False, timeout=CARD_EVENT_TIMEOUT_SECONDS)
