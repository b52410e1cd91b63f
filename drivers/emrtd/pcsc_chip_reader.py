"""PcscChipReader: the kiosk's ChipReader port over a contactless PC/SC reader, reading passport
and ID-card chips with :func:`drivers.emrtd.reader.read_document` (ICAO 9303 parts 10-11).

The access key (PACE when the chip offers it, else BAC) comes from the printed MRZ the document
scanner read, or from the card access number the citizen typed; the trust store of CSCA
certificates and the clock (for the signer's validity) are injected. Device URL:
``pcsc://<reader name>``. Errors are the port's: AccessDenied, SecureMessagingError,
CardRemoved, DeviceUnavailable and ChipError; a printed MRZ that does not parse is AccessDenied.
"""

from __future__ import annotations

from drivers.emrtd.access import ChipKey
from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.reader import ChipDocument, read_document
from drivers.emrtd.trust_store import TrustStore
from drivers.pcsc.reader import PcscCardReader
from kiosk.clock import Clock
from kiosk.devices.health import DeviceHealth
from kiosk.errors import AccessDenied, MRZError
from kiosk.identity.readings import ChipReading

DEVICE = "chip_reader"


class PcscChipReader:
    """Implements :class:`kiosk.ports.ChipReader`. Use it as a context manager."""

    def __init__(
        self,
        reader_name: str,
        trust: TrustStore,
        clock: Clock,
        *,
        extended_length: bool | None = None,
    ) -> None:
        self._reader = PcscCardReader(reader_name, device=DEVICE)
        self._trust = trust
        self._clock = clock
        self._extended_length = extended_length

    @classmethod
    def from_url(
        cls, url: str, trust: TrustStore, clock: Clock, **options: bool | None
    ) -> PcscChipReader:
        """Raises ConfigError for a URL that is not ``pcsc://<reader name>``."""
        return cls(PcscCardReader.from_url(url).requested_name, trust, clock, **options)

    def __enter__(self) -> PcscChipReader:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def open(self) -> None:
        """Connect to pcscd and find the reader; raises DeviceUnavailable."""
        self._reader.open()

    def close(self) -> None:
        self._reader.close()

    def health(self) -> DeviceHealth:
        return self._reader.health()

    def chip_present(self) -> bool:
        self._reader.open()
        return self._reader.card_present()

    def read_document(self, mrz_lines: tuple[str, ...], can: str = "") -> ChipDocument:
        """Everything the chip holds and the verdicts: the richer result behind read_chip.
        The key is the printed MRZ, or the card access number ``can`` (PACE) when given."""
        try:
            key = ChipKey(can=can) if can else ChipKey(mrz_information_from_lines(mrz_lines))
        except MRZError as exc:
            raise AccessDenied(f"the printed MRZ gives no access key: {exc}") from exc
        self._reader.open()
        try:
            return read_document(
                self._reader,
                key,
                self._trust,
                self._clock.now(),
                atr=self._reader.atr,
                extended_length=self._extended_length,
                monotonic=self._clock.monotonic,
            )
        finally:
            self._reader.disconnect()

    def read_chip(self, mrz_lines: tuple[str, ...]) -> ChipReading:
        return self.read_document(mrz_lines).to_chip_reading()
