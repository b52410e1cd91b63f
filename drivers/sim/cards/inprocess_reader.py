"""InProcessCardReader: a card reader without pcscd, holding a VirtualCard in the same process.

For ``sim://`` devices in a process that does not want pcscd (``kiosk demo`` on a laptop, the
journey tests): it offers the reader surface PcscCardReader gives the staff-card code (open,
close, card_present, connect, disconnect, transmit, health) over a card object, with
``insert(card)`` and ``remove()`` for the demo's control panel. The real transport is tested
through pcscd in tests/integration; this reader only skips the socket.
"""

from __future__ import annotations

import threading

from drivers.sim.cards.virtual_card import VirtualCard
from kiosk.devices.health import DeviceHealth, DeviceState
from kiosk.errors import CardRemoved


class InProcessCardReader:
    """A reader slot in this process; transmit raises CardRemoved while it is empty."""

    def __init__(self, card: VirtualCard | None = None, device: str = "card_reader") -> None:
        self.device = device
        self.reader_name = "in-process simulator"
        self._card = card
        self._powered = False
        self._lock = threading.Lock()

    def __enter__(self) -> InProcessCardReader:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def open(self) -> None:
        """Nothing to open; here for the reader surface."""

    def close(self) -> None:
        self.disconnect()

    def insert(self, card: VirtualCard) -> None:
        with self._lock:
            self._card = card
            self._powered = False

    def remove(self) -> None:
        with self._lock:
            if self._card is not None:
                self._card.power_off()
            self._card = None
            self._powered = False

    def card_present(self) -> bool:
        return self._card is not None

    def connect(self) -> bytes:
        """Power the card on (once) and return its ATR. Raises CardRemoved when empty."""
        with self._lock:
            if self._card is None:
                raise CardRemoved("no card in the simulated reader")
            if not self._powered:
                self._card.power_on()
                self._powered = True
            return self._card.atr

    def disconnect(self, reset: bool = False) -> None:
        with self._lock:
            if reset and self._card is not None and self._powered:
                self._card.reset()
            self._powered = self._powered and not reset

    def transmit(self, apdu: bytes) -> bytes:
        self.connect()
        with self._lock:
            if self._card is None:
                raise CardRemoved("the card left the simulated reader")
            return self._card.process_apdu(apdu)

    def health(self) -> DeviceHealth:
        detail = f"simulated reader: card {'in' if self._card is not None else 'absent'}"
        return DeviceHealth(self.device, DeviceState.ONLINE, detail)
