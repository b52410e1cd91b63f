"""The demo rig: the kiosk built on its simulators, with the demo's hands on them.

:func:`start_rig` builds the app through :func:`app.bootstrap.build_app` (each ``sim://``
device starts its simulator there) and hands the simulators to a
:class:`~drivers.sim.rig.demo_rig.DemoRig`, which the control panel and the headless scripts
play the citizen through.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from app.bootstrap import SIMULATED, build_app
from drivers.sim.rig.demo_rig import ChipSlot, DemoRig
from kiosk.config import KioskConfig
from kiosk.storage.personas import load_personas

if TYPE_CHECKING:
    from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice
    from drivers.sim.reader.mrz_reader_device import MrzReaderDevice


def start_rig(config: KioskConfig, printouts: Path | None = None, **overrides: Any) -> DemoRig:
    """Start the simulators the config asks for (``sim://``) and build the kiosk on them."""
    printouts = printouts or Path(tempfile.mkdtemp(prefix="nemid-kiosk-printouts-"))
    printouts.mkdir(parents=True, exist_ok=True)
    app = build_app(config, printouts=printouts, **overrides)
    reader_device = cast("MrzReaderDevice | None", app.simulators.get("document_reader"))
    printer_device = cast("EscposPrinterDevice | None", app.simulators.get("printer"))
    chip_reader = app.devices.chip_reader
    chip_slot = (
        cast(ChipSlot, chip_reader)
        if chip_reader is not None and config.devices.chip_reader == SIMULATED
        else None
    )
    personas = {p.id: p for p in load_personas()}
    staff_slot = app.simulators.get("card_reader")
    return DemoRig(app, printouts, reader_device, printer_device, personas, chip_slot, staff_slot)
