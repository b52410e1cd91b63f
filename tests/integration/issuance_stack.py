"""Builds the issuance services on real SQLite files, for the issuance tests and the crash worker.

Synthetic people only: the CPR numbers below are invented and belong to no one.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from drivers.sim.printer.paper_printer import PaperlessPrinter
from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.issuance.faults import FaultPoints
from kiosk.issuance.postal import PostalRequest
from kiosk.issuance.transaction import IssuanceRequest, IssuanceServices, build_issuance_services
from kiosk.storage.sqlite.register_seed import seed_register
from kiosk.storage.stores import (
    KioskStorage,
    RegisterStorage,
    open_kiosk_storage,
    open_register_storage,
)

CITIZEN_CPR = "0707914321"
CITIZEN = {
    "cpr": CITIZEN_CPR,
    "given_names": "Søren Æbelø",
    "surname": "Ågård",
    "address": "Østergade 12, 2. th.\n8000 Aarhus C",
}
ISSUE_REQUEST = IssuanceRequest(
    cpr=CITIZEN_CPR,
    holder_name="Søren Æbelø Ågård",
    address=CITIZEN["address"],
    language="da",
    rule="R3",
)
POSTAL_REQUEST = PostalRequest(
    cpr=CITIZEN_CPR,
    holder_name="Søren Æbelø Ågård",
    address=CITIZEN["address"],
    language="en",
    rule="R4",
)


def config_in(folder: Path, **sections: object) -> KioskConfig:
    return KioskConfig().replace(
        storage={
            "database": str(folder / "kiosk.sqlite"),
            "outbox": str(folder / "outbox"),
            "backups": str(folder / "backups"),
        },
        security={"kiosk_key_file": str(folder / "kiosk.key")},
        **{"documents": {"chip_required": False}, **sections},  # prints without chip readings
    )


@dataclass
class Stack:
    kiosk: KioskStorage
    register: RegisterStorage
    printer: PaperlessPrinter
    services: IssuanceServices

    def close(self) -> None:
        self.kiosk.close()
        self.register.close()


def open_stack(
    config: KioskConfig,
    clock: Clock,
    *,
    faults: FaultPoints | None = None,
    journal: Path | None = None,
) -> Stack:
    kiosk = open_kiosk_storage(config, clock)
    register = open_register_storage(config, clock, seed=False)
    if register.register.find(CITIZEN_CPR) is None:
        seed_register(register.db, [CITIZEN], clock.today(), register.keys)
    faults = faults if faults is not None else FaultPoints()
    printer = PaperlessPrinter(journal=journal, faults=faults)
    services = build_issuance_services(
        config, kiosk=kiosk, register=register, printer=printer, clock=clock, faults=faults
    )
    return Stack(kiosk, register, printer, services)


STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


def pdf_text(path: Path) -> str:
    """The text drawn on a PDF's pages (fpdf2 writes Flate-compressed content streams)."""
    chunks = []
    for raw in STREAM.findall(path.read_bytes()):
        try:
            chunks.append(zlib.decompress(raw).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(chunks)
