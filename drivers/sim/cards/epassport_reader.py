"""The simulated chip reader of the demo and the end-to-end tests: a ChipReader that reads, in
process, the ePassport emulator holding the chip of whatever document lies on the scanner.

For the printed MRZ it is asked about, it serves the chip of the synthetic persona with that
document number (so a print altered by a forger meets the genuine chip), or else a chip made
from the printed MRZ itself. A chip laid explicitly with :meth:`lay` wins; faults and
``present`` are set on the instance. Its test PKI is made at start-up and its CSCA is the only
one trusted. The real reading code runs unchanged, over a direct transport.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.serialization import Encoding

from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.pki import TestPki, make_test_pki
from drivers.emrtd.reader import ChipDocument, read_document
from drivers.emrtd.trust_store import TrustStore
from drivers.sim.cards.epassport_card import ChipFaults, DirectTransport
from drivers.sim.cards.epassport_chips import Chip, make_chip, persona_chip
from kiosk.clock import Clock
from kiosk.devices.health import DeviceHealth, DeviceState
from kiosk.errors import AccessDenied, MRZError, ScenarioError
from kiosk.identity.mrz import parse_mrz
from kiosk.identity.readings import ChipReading

DEVICE = "chip_reader"


class SimulatedChipReader:
    """Implements :class:`kiosk.ports.ChipReader` over the in-process ePassport emulator."""

    def __init__(self, clock: Clock, pki: TestPki | None = None) -> None:
        self._clock = clock
        self.pki = pki or make_test_pki(clock.now())
        self.trust = TrustStore.of([self.pki.csca_certificate])
        self.present = True
        self.faults = ChipFaults()
        self.pull_after: int | None = None
        self._laid: Chip | None = None
        self._chips: dict[str, Chip] = {}

    def lay(self, chip: Chip | None) -> None:
        """Put this chip on the reader (None: back to the chip matching the printed MRZ)."""
        self._laid = chip

    def csca_pem(self) -> bytes:
        """The simulator's CSCA certificate, for a trust-store folder."""
        return self.pki.csca_certificate.public_bytes(Encoding.PEM)

    def chip_for(self, lines: tuple[str, ...]) -> Chip:
        """The chip this reader serves for a printed MRZ (laid, persona, or made from the print)."""
        if self._laid is not None:
            return self._laid
        number = parse_mrz(list(lines)).document_number
        if number not in self._chips:
            self._chips[number] = self._persona_chip(number) or make_chip(lines, self.pki)
        return self._chips[number]

    def _persona_chip(self, document_number: str) -> Chip | None:
        from kiosk.storage.personas import load_personas

        try:
            personas = load_personas()
        except ScenarioError:
            return None
        for persona in personas:
            if persona.document.number == document_number:
                return persona_chip(persona.id, self.pki)
        return None

    def chip_present(self) -> bool:
        return self.present

    def read_document(self, mrz_lines: tuple[str, ...]) -> ChipDocument:
        try:
            chip = self.chip_for(tuple(mrz_lines))
            mrz_info = mrz_information_from_lines(mrz_lines)
        except MRZError as exc:
            raise AccessDenied(f"the printed MRZ gives no access key: {exc}") from exc
        transport = DirectTransport(chip.card(faults=self.faults), pull_after=self.pull_after)
        return read_document(
            transport,
            mrz_info,
            self.trust,
            self._clock.now(),
            atr=transport.atr,
            monotonic=self._clock.monotonic,
        )

    def read_chip(self, mrz_lines: tuple[str, ...]) -> ChipReading:
        return self.read_document(mrz_lines).to_chip_reading()

    def health(self) -> DeviceHealth:
        return DeviceHealth(DEVICE, DeviceState.ONLINE, "simulated ePassport chip reader")

    def close(self) -> None:
        self._chips.clear()
