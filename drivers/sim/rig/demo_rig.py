"""The simulated devices of ``kiosk demo`` (and ``kiosk run`` on ``sim://`` URLs), in-process.

The composition root starts the simulator of each device whose URL is ``sim://`` and the REAL
driver on it: the MRZ reader simulator on a pseudo-terminal with ``SerialMrzReader``, and the
ESC/POS printer simulator on a TCP socket with ``EscposReceiptPrinter`` (each printout lands as
PNG + text in the printouts folder); the rig takes those simulators from ``app.simulators``.
The control panel and the headless demo scripts play the citizen through
:meth:`DemoRig.lay_document`. Drivers are imported lazily: ``kiosk/`` imports no device library.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.bootstrap import SIMULATED, App, build_app
from kiosk.config import KioskConfig
from kiosk.storage.personas import Persona, load_personas

# The MRZ personal-number field carries the CPR number the document shows (R1).
PASSPORT = "passport"


@dataclass
class DemoRig:
    app: App
    printouts: Path
    reader_device: Any = None
    printer_device: Any = None
    personas: dict[str, Persona] = field(default_factory=dict)

    def lay_document(self, persona_id: str) -> None:
        """The persona lays their photo ID on the reader (the simulator plays its MRZ); on a
        simulated chip reader lies the genuine chip of that document (R1: chip versus print)."""
        if self.reader_device is None:
            raise RuntimeError("the document reader is not simulated")
        lines = document_lines(self.personas[persona_id])
        self._lay_chip(lines)
        self.reader_device.play(lines)

    def _lay_chip(self, lines: list[str]) -> None:
        chip_reader = self.app.devices.get("chip_reader")
        if chip_reader is None or self.app.config.devices.chip_reader != SIMULATED:
            return
        from drivers.sim.cards.epassport_chips import make_chip

        chip_reader.lay(make_chip(lines, chip_reader.pki))

    def unplug_reader(self) -> None:
        self.reader_device.unplug()

    def replug_reader(self) -> None:
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


def start_rig(config: KioskConfig, printouts: Path | None = None, **overrides: Any) -> DemoRig:
    """Start the simulators the config asks for (``sim://``) and build the kiosk on them."""
    printouts = printouts or Path(tempfile.mkdtemp(prefix="nemid-kiosk-printouts-"))
    printouts.mkdir(parents=True, exist_ok=True)
    app = build_app(config, printouts=printouts, **overrides)
    reader_device = app.simulators.get("document_reader")
    printer_device = app.simulators.get("printer")
    personas = {p.id: p for p in load_personas()}
    return DemoRig(app, printouts, reader_device, printer_device, personas)
