"""The issuance transaction on the real printer driver and the TCP simulator, end to end (R12, R4).

What counts is what reached paper: the codes are read back from the simulator's rendered page
and checked against the authority, and a code card torn by paper-out never becomes an active
NemID.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from drivers.printer import EscposReceiptPrinter
from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice
from kiosk.clock import FixedClock
from kiosk.errors import PaperOut, PrinterOffline
from kiosk.issuance.transaction import IssuanceService, build_issuance_services
from kiosk.storage.sqlite.authority import SqliteNemIdAuthority
from kiosk.storage.sqlite.register_seed import seed_register
from kiosk.storage.stores import open_kiosk_storage, open_register_storage
from tests.integration.issuance_stack import CITIZEN, CITIZEN_CPR, ISSUE_REQUEST, config_in

PAIR = re.compile(r"\b(\d{4}) (\d{6})\b")
SLIP_AND_HALF_A_CARD = 1800  # bytes: the slip (~600) and part of the code card (~2300)


@pytest.fixture
def device(tmp_path: Path) -> Iterator[EscposPrinterDevice]:
    with EscposPrinterDevice(tmp_path / "paper") as simulated:
        yield simulated


@dataclass
class Kiosk:
    issuance: IssuanceService
    authority: SqliteNemIdAuthority


@pytest.fixture
def kiosk(tmp_path: Path, device: EscposPrinterDevice) -> Iterator[Kiosk]:
    clock = FixedClock()
    config = config_in(tmp_path)
    storage = open_kiosk_storage(config, clock)
    register = open_register_storage(config, clock, seed=False)
    seed_register(register.db, [CITIZEN], clock.today(), register.keys)
    printer = EscposReceiptPrinter(device.url, timeout=2, status_timeout=0.5)
    built = build_issuance_services(
        config, kiosk=storage, register=register, printer=printer, clock=clock
    )
    yield Kiosk(built.issuance, register.authority)
    printer.close()
    storage.close()
    register.close()


def test_r12_issued_codes_on_paper_verify_against_the_authority(
    kiosk: Kiosk, device: EscposPrinterDevice
) -> None:
    result = kiosk.issuance.issue(ISSUE_REQUEST)
    slip, card = device.wait_for_pages(2)
    authority = kiosk.authority
    password = next(
        line.strip() for line in slip.text.splitlines() if re.fullmatch(r"\s*\d{6}", line)
    )
    assert authority.verify_password(result.nemid_number, password)
    pairs = PAIR.findall(card.text)
    assert len(pairs) == 148
    key, code = pairs[99]
    assert authority.verify_code(result.nemid_number, key, code)
    assert authority.holding(CITIZEN_CPR).number == result.nemid_number


def test_r12_paper_out_mid_code_card_voids_the_credential(
    kiosk: Kiosk, device: EscposPrinterDevice
) -> None:
    device.set_fault(paper_out_after=SLIP_AND_HALF_A_CARD)
    with pytest.raises(PaperOut):
        kiosk.issuance.issue(ISSUE_REQUEST)
    slip, card = device.wait_for_pages(2)
    assert not slip.torn and card.torn
    authority = kiosk.authority
    assert authority.holding(CITIZEN_CPR) is None
    assert authority.holdings_in_status("printing") == []
    assert len(authority.holdings_in_status("voided")) == 1


def test_r4_printer_offline_voids_before_anything_prints(
    kiosk: Kiosk, device: EscposPrinterDevice
) -> None:
    device.set_fault(offline=True)
    with pytest.raises(PrinterOffline):
        kiosk.issuance.issue(ISSUE_REQUEST)
    assert device.pages == []
    authority = kiosk.authority
    assert authority.holding(CITIZEN_CPR) is None
