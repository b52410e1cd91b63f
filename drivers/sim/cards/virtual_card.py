"""The base of every emulated smart card: :class:`VirtualCard`, and a transport straight into one.

A card emulator subclasses VirtualCard and answers command APDUs; it knows nothing of how it is
attached. :class:`drivers.sim.cards.vpcd_runner.VpcdCardRunner` puts it in a vsmartcard ``vpcd``
slot of pcscd, and :class:`DirectCardTransport` hands it APDUs directly, for fast protocol tests.
"""

from __future__ import annotations

from drivers.iso7816.apdu import SW, CommandApdu, ResponseApdu
from drivers.sim.cards.vpcd_protocol import atr_with_history
from kiosk.errors import BadInputError

DEFAULT_ATR = atr_with_history(b"NEMIDKIOSK")


class VirtualCard:
    """Base of every emulated card. Override :meth:`handle` (typed) or :meth:`process_apdu` (raw).

    State kept on the instance survives removal and re-insertion (a PIN retry counter, say);
    :meth:`on_power_on` is where a card clears its session state (selected application,
    verified PIN). The runner calls these from its own thread, one message at a time.
    """

    atr: bytes = DEFAULT_ATR

    def on_power_on(self) -> None:
        """A cold or warm start: forget the session. Subclasses extend this."""

    def power_on(self) -> None:
        self.on_power_on()

    def power_off(self) -> None:
        self.on_power_on()

    def reset(self) -> None:
        self.on_power_on()

    def process_apdu(self, apdu: bytes) -> bytes:
        """Answer one raw command APDU with a raw response APDU (data + SW1 SW2)."""
        try:
            command = CommandApdu.from_bytes(apdu)
        except BadInputError:
            return ResponseApdu.status(SW.WRONG_LENGTH).to_bytes()
        return self.handle(command).to_bytes()

    def handle(self, command: CommandApdu) -> ResponseApdu:
        """Answer one parsed command; the base card knows no instruction."""
        return ResponseApdu.status(SW.INS_NOT_SUPPORTED)


class DirectCardTransport:
    """An ApduTransport straight into a VirtualCard, no pcscd: for fast unit tests of protocols."""

    def __init__(self, card: VirtualCard) -> None:
        self.card = card
        card.power_on()

    def transmit(self, apdu: bytes) -> bytes:
        return self.card.process_apdu(apdu)
