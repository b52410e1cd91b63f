"""PcscCardReader: one PC/SC reader through pyscard, as an ApduTransport with clean errors.

It opens a PC/SC context on ``open()`` (a context manager), connects to the card on demand,
and translates every PC/SC result into :mod:`kiosk.errors`: ``CardRemoved`` for a card pulled
mid-exchange, ``DeviceUnavailable`` for no pcscd, no reader or a reader removed, ``ReadError``
for an answer that is not a response APDU. Device URL: ``pcsc://<reader name>``: the exact
name, or a prefix that names one reader only; an empty name takes the first reader listed.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from smartcard import scard

from drivers.iso7816.apdu import STATUS_WORD_LENGTH
from drivers.pcsc.status import (
    NO_READER_RESULTS,
    NO_SERVICE_RESULTS,
    error_text,
    list_readers,
    reader_state,
    wait_for_card_state,
)
from kiosk.devices.health import DeviceHealth, DeviceState
from kiosk.errors import CardRemoved, ConfigError, DeviceUnavailable, ReadError

PCSC_SCHEME = "pcsc"
PROTOCOLS = scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
# Results meaning the card left (or was reset by someone else) while we held it.
CARD_GONE_RESULTS = frozenset(
    {
        scard.SCARD_W_REMOVED_CARD,
        scard.SCARD_E_NO_SMARTCARD,
        scard.SCARD_W_RESET_CARD,
        scard.SCARD_W_UNPOWERED_CARD,
    }
)
# A silent card is told apart from a pulled one by whether pcscd sees it leave this soon.
REMOVAL_GRACE_SECONDS = 1.5


def reader_name_from_url(url: str) -> str:
    """The reader name in ``pcsc://<reader name>`` (percent-escapes allowed). Raises ConfigError."""
    parts = urlsplit(url)
    if parts.scheme != PCSC_SCHEME:
        raise ConfigError(f"not a PC/SC device URL: {url!r} (expected pcsc://<reader name>)")
    return unquote(parts.netloc + parts.path)


class PcscCardReader:
    """A PC/SC reader. ``transmit`` implements :class:`drivers.iso7816.transport.ApduTransport`."""

    def __init__(self, reader_name: str = "", *, device: str = "card_reader") -> None:
        self.requested_name = reader_name
        self.device = device
        self.reader_name = reader_name
        self._context: int | None = None
        self._card: int | None = None
        self._protocol = 0
        self._atr = b""

    @classmethod
    def from_url(cls, url: str, *, device: str = "card_reader") -> PcscCardReader:
        return cls(reader_name_from_url(url), device=device)

    def __enter__(self) -> PcscCardReader:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def open(self) -> None:
        """Establish the PC/SC context and find the reader. Raises DeviceUnavailable."""
        if self._context is not None:
            return
        result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if result != scard.SCARD_S_SUCCESS:
            raise DeviceUnavailable(f"pcscd is not reachable: {error_text(result)}")
        self._context = context
        try:
            self.reader_name = self._find_reader()
        except DeviceUnavailable:
            self.close()
            raise

    def close(self) -> None:
        """Release the card and the context; safe to call twice."""
        self.disconnect()
        if self._context is not None:
            scard.SCardReleaseContext(self._context)
            self._context = None

    def _find_reader(self) -> str:
        readers = list_readers(self._require_context())
        if not readers:
            raise DeviceUnavailable("pcscd lists no smart-card reader")
        if not self.requested_name:
            return readers[0]
        if self.requested_name in readers:
            return self.requested_name
        matches = [name for name in readers if name.startswith(self.requested_name)]
        if len(matches) == 1:
            return matches[0]
        raise DeviceUnavailable(f"no reader named {self.requested_name!r}; pcscd has {readers}")

    def _require_context(self) -> int:
        if self._context is None:
            raise DeviceUnavailable(f"{self.device} is not open")
        return self._context

    def card_present(self) -> bool:
        """Whether a card is in the reader now. Raises DeviceUnavailable."""
        return bool(
            reader_state(self._require_context(), self.reader_name) & scard.SCARD_STATE_PRESENT
        )

    def wait_for_card(self, timeout: float, present: bool = True) -> bool:
        """Block until a card is inserted (or, ``present=False``, removed); False on timeout."""
        reached, _ = wait_for_card_state(
            self._require_context(), self.reader_name, present, timeout
        )
        return reached

    @property
    def connected(self) -> bool:
        return self._card is not None

    def connect(self) -> bytes:
        """Connect (shared) to the card in the reader and return its ATR.

        Raises CardRemoved when no card is present, DeviceUnavailable without reader or pcscd.
        """
        if self._card is not None:
            return self._atr
        result, card, protocol = scard.SCardConnect(
            self._require_context(), self.reader_name, scard.SCARD_SHARE_SHARED, PROTOCOLS
        )
        if result != scard.SCARD_S_SUCCESS:
            raise self._translate(result, "connect")
        self._card, self._protocol = card, protocol
        result, _, _, _, atr = scard.SCardStatus(card)
        if result != scard.SCARD_S_SUCCESS:
            self.disconnect()
            raise self._translate(result, "read the ATR")
        self._atr = bytes(atr)
        return self._atr

    def disconnect(self, reset: bool = False) -> None:
        """Release the card connection; ``reset`` also resets the card (drops a verified PIN).

        Safe when not connected.
        """
        if self._card is not None:
            disposition = scard.SCARD_RESET_CARD if reset else scard.SCARD_LEAVE_CARD
            scard.SCardDisconnect(self._card, disposition)
            self._card = None
            self._atr = b""

    @property
    def atr(self) -> bytes:
        """The ATR of the card, connecting first if needed."""
        return self.connect()

    def transmit(self, apdu: bytes) -> bytes:
        """Send a command APDU, return the response APDU (data + SW1 SW2).

        Raises CardRemoved (card pulled, before or mid-exchange), DeviceUnavailable (reader or
        pcscd gone) and ReadError (the card answered fewer bytes than a status word).
        """
        self.connect()
        if self._card is None:
            raise CardRemoved(f"no card in {self.reader_name!r}")
        result, response = scard.SCardTransmit(self._card, self._protocol, list(apdu))
        if result != scard.SCARD_S_SUCCESS:
            error = self._translate(result, "exchange an APDU")
            self.disconnect()
            raise error
        answer = bytes(response)
        if len(answer) >= STATUS_WORD_LENGTH:
            return answer
        self.disconnect()
        if not answer and self._card_left():
            raise CardRemoved(f"card left {self.reader_name!r} mid-exchange")
        raise ReadError(f"card answered {answer.hex() or 'nothing'}, not a response APDU")

    def _card_left(self) -> bool:
        """True when pcscd reports the card gone within the grace period."""
        try:
            left, _ = wait_for_card_state(
                self._require_context(), self.reader_name, False, REMOVAL_GRACE_SECONDS
            )
        except DeviceUnavailable:
            return True
        return left

    def _translate(self, result: int, doing: str) -> Exception:
        text = f"cannot {doing} on {self.reader_name!r}: {error_text(result)}"
        if result in NO_SERVICE_RESULTS or result in NO_READER_RESULTS:
            return DeviceUnavailable(text)
        if result in CARD_GONE_RESULTS:
            return CardRemoved(text)
        try:
            present = self.card_present()
        except DeviceUnavailable as exc:
            return DeviceUnavailable(f"{text}; {exc.detail}")
        if not present or self._card_left():
            return CardRemoved(text)
        return ReadError(text)

    def health(self) -> DeviceHealth:
        """ONLINE when pcscd and the reader answer (a card need not be present)."""
        try:
            if self._context is None:
                with PcscCardReader(self.requested_name, device=self.device) as probe:
                    present = probe.card_present()
            else:
                present = self.card_present()
        except DeviceUnavailable as exc:
            return DeviceHealth(self.device, DeviceState.OFFLINE, exc.detail)
        detail = f"{self.reader_name or self.requested_name}: card {'in' if present else 'absent'}"
        return DeviceHealth(self.device, DeviceState.ONLINE, detail)
