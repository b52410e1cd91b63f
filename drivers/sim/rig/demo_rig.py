"""The simulated devices of ``kiosk demo``, in-process, as the demo's hands on them.

The composition root (``app/demo.py``) starts the simulator of each device whose URL is
``sim://`` and the REAL driver on it: the MRZ reader simulator on a pseudo-terminal with
``SerialMrzReader``, and the ESC/POS printer simulator on a TCP socket with
``EscposReceiptPrinter`` (each printout lands as PNG + text in the printouts folder), and hands
them to a :class:`DemoRig`. The control panel and the headless demo scripts play the citizen
through :meth:`DemoRig.lay_document`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.composed import App
from kiosk.storage.personas import Persona

if TYPE_CHECKING:
    from drivers.emrtd.pki import TestPki
    from drivers.sim.cards.epassport_chips import Chip
    from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice
    from drivers.sim.reader.mrz_reader_device import MrzReaderDevice


class ChipSlot(Protocol):
    """The simulated chip reader's slot: the chip laid on it, signed by its test PKI."""

    pki: TestPki

    def lay(self, chip: Chip | None) -> None: ...


# The MRZ personal-number field carries the CPR number the document shows (R1).
PASSPORT = "passport"


@dataclass
class DemoRig:
    """The composed kiosk and the simulators behind its ``sim://`` devices (None: a real one)."""

    app: App
    printouts: Path
    reader_device: MrzReaderDevice | None = None
    printer_device: EscposPrinterDevice | None = None
    personas: dict[str, Persona] = field(default_factory=dict)
    chip_slot: ChipSlot | None = None
    staff_slot: Any = None  # drivers.sim.cards.staff_card.StaffCardSlot on a sim:// card reader

    def lay_document(self, persona_id: str) -> None:
        """The persona lays their photo ID on the reader (the simulator plays its MRZ); on a
        simulated chip reader lies the genuine chip of that document (R1: chip versus print)."""
        if self.reader_device is None:
            raise RuntimeError("the document reader is not simulated")
        lines = document_lines(self.personas[persona_id])
        self._lay_chip(lines)
        self.reader_device.play(lines)

    def _lay_chip(self, lines: list[str]) -> None:
        if self.chip_slot is not None:
            from drivers.sim.cards.epassport_chips import make_chip

            self.chip_slot.lay(make_chip(lines, self.chip_slot.pki))

    def insert_staff_card(self, role: str = "staff") -> None:
        """A staff member's (or, with ``role="technician"``, a technician's) card goes in."""
        if self.staff_slot is None:
            raise RuntimeError("the staff-card reader is not simulated")
        self.staff_slot.insert(role)

    def remove_staff_card(self) -> None:
        if self.staff_slot is None:
            raise RuntimeError("the staff-card reader is not simulated")
        self.staff_slot.remove()

    def unplug_reader(self) -> None:
        if self.reader_device is not None:
            self.reader_device.unplug()

    def replug_reader(self) -> None:
        if self.reader_device is not None:
            self.reader_device.replug()

    def pull_paper(self) -> None:
        """The printer runs out of paper (the simulator's paper-out fault)."""
        if self.printer_device is not None:
            self.printer_device.set_fault(paper_end=True)

    def reload_paper(self) -> None:
        if self.printer_device is not None:
            self.printer_device.reload_paper()

    def printed_files(self) -> list[Path]:
        return sorted(self.printouts.glob("*.png"))

    def close(self) -> None:
        self.app.close()  # stops the simulators too


def document_lines(persona: Persona) -> list[str]:
    """The persona's MRZ; the CPR number in the personal-number field when the document has it."""
    from kiosk.identity import mrz_builder

    document = persona.document
    common: dict[str, Any] = {
        "surname": persona.surname,
        "given_names": persona.given_names,
        "document_number": document.number,
        "birth_date": persona.birth_date,
        "expiry_date": document.expiry,
        "sex": persona.sex,
        "issuing_state": document.issuing_state,
        "nationality": document.nationality,
        "optional_data": persona.cpr if document.cpr_on_document else "",
    }
    if document.kind == PASSPORT:
        return mrz_builder.build_td3(**common)
    return mrz_builder.build_td1(**common)
