"""EscposReceiptPrinter against printer families: profiles of python-escpos's capabilities
database, each in three behaviours, over real TCP sockets and real pseudo-terminals.

``epson`` answers everything (``GS ( H``, ASB, ``GS r``, ``GS I``), ``clone`` only ``DLE EOT``
and ``GS r`` (ignoring the rest, like the cheap 58 mm printers), ``silent`` nothing. Every code
card is read back from the simulator's rendered page: all 148 pairs in order, and no line wider
than the profile's columns (the simulator wraps at them, like the printer).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.printer import EscposReceiptPrinter
from drivers.printer.profile import load_profile
from drivers.printer.receipt_printer import PrinterUnconfirmed
from drivers.printer.samples import sample_code_card, sample_postal_receipt
from drivers.sim.printer.escpos_paper import Page
from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice
from kiosk.errors import CoverOpen, PaperOut, PrinterError

PROFILES = ("TM-T88V", "TM-T20II", "POS-5890", "TSP600", "default")
PAIR = re.compile(r"\b(\d{4}) (\d{6})\b")
TIMEOUT = 3.0
STATUS_TIMEOUT = 0.3


def _device(tmp_path: Path, profile: str, behaviour: str, **options: float) -> EscposPrinterDevice:
    return EscposPrinterDevice(tmp_path, profile=profile, behaviour=behaviour, **options)


def _assert_whole_card(page: Page, profile: str) -> None:
    card = sample_code_card("da")
    assert PAIR.findall(page.text) == list(card.pairs)
    assert card.serial in page.text and card.nemid_number in page.text
    printer = load_profile(profile)
    for line in page.lines:
        for run in line.runs:
            font = "b" if run.style.font else "a"
            assert len(run.text) <= printer.columns(font, run.style.width), line.text()
    assert len(page.lines) <= 100  # one card, not a wrapped mess


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "paper"


@pytest.mark.parametrize("profile", PROFILES)
def test_epson_names_its_model_and_confirms_by_process_id(folder: Path, profile: str) -> None:
    with (
        _device(folder, profile, "epson") as device,
        EscposReceiptPrinter(device.url, timeout=TIMEOUT, status_timeout=STATUS_TIMEOUT) as driver,
    ):
        driver.print_code_card(sample_code_card("da"))
        assert driver.profile.name == profile  # found by GS I, not configured
        assert driver.strategy == "process_id" and driver.identity.firmware == "SIM 1.00"
        _assert_whole_card(device.wait_for_pages(1)[0], profile)


@pytest.mark.parametrize("profile", PROFILES)
def test_a_clone_that_ignores_gs_paren_h_is_confirmed_by_gs_r(folder: Path, profile: str) -> None:
    with (
        _device(folder, profile, "clone") as device,
        EscposReceiptPrinter(
            device.url, timeout=TIMEOUT, status_timeout=STATUS_TIMEOUT, profile=profile
        ) as driver,
    ):
        driver.print_code_card(sample_code_card("da"))
        assert driver.strategy == "transmit_status" and driver.identity.model == ""
        _assert_whole_card(device.wait_for_pages(1)[0], profile)


def test_a_clone_without_a_configured_profile_falls_back_to_default(folder: Path) -> None:
    with (
        _device(folder, "TM-T88V", "clone") as device,
        EscposReceiptPrinter(device.url, timeout=TIMEOUT, status_timeout=STATUS_TIMEOUT) as driver,
    ):
        assert driver.profile.name == "default"


def test_a_clone_confirms_only_after_the_whole_job_is_processed(folder: Path) -> None:
    with (
        _device(folder, "POS-5890", "clone", bytes_per_second=11_520) as device,
        EscposReceiptPrinter(
            device.url, timeout=TIMEOUT, status_timeout=STATUS_TIMEOUT, profile="POS-5890"
        ) as driver,
    ):
        driver.print_code_card(sample_code_card("da"))
        assert device.received_bytes >= driver.last_job_bytes
        assert driver.last_confirmation_seconds >= driver.last_job_bytes / 11_520 * 0.8


def test_paper_out_mid_job_on_a_clone_voids_and_says_why(folder: Path) -> None:
    with (
        _device(folder, "TM-T20II", "clone") as device,
        EscposReceiptPrinter(
            device.url, timeout=1.0, status_timeout=STATUS_TIMEOUT, profile="TM-T20II"
        ) as driver,
    ):
        driver.print_postal_receipt(sample_postal_receipt("da"))  # probed while the paper is in
        device.set_fault(paper_out_after=900)
        with pytest.raises(PaperOut, match="out of paper"):
            driver.print_code_card(sample_code_card("da"))


def test_cover_open_on_a_clone_is_refused_before_the_job(folder: Path) -> None:
    with (
        _device(folder, "POS-5890", "clone") as device,
        EscposReceiptPrinter(
            device.url, timeout=1.0, status_timeout=STATUS_TIMEOUT, profile="POS-5890"
        ) as driver,
    ):
        device.set_fault(cover_open=True)
        with pytest.raises(CoverOpen):
            driver.print_code_card(sample_code_card("da"))
        assert device.pages == []


def test_a_silent_printer_refuses_a_credential_within_the_timeout(folder: Path) -> None:
    with (
        _device(folder, "TM-T20II", "silent") as device,
        EscposReceiptPrinter(device.url, timeout=TIMEOUT, status_timeout=STATUS_TIMEOUT) as driver,
    ):
        started = time.monotonic()
        with pytest.raises(PrinterUnconfirmed, match="cannot confirm"):
            driver.print_code_card(sample_code_card("da"))
        assert time.monotonic() - started < TIMEOUT
        assert driver.probed is None  # the link was dropped: nothing left active
        time.sleep(0.5)
        assert device.pages == []  # not a byte of the credential was sent


def test_a_silent_printer_still_prints_the_postal_receipt(folder: Path) -> None:
    with (
        _device(folder, "TM-T20II", "silent") as device,
        EscposReceiptPrinter(device.url, timeout=TIMEOUT, status_timeout=STATUS_TIMEOUT) as driver,
    ):
        driver.print_postal_receipt(sample_postal_receipt("da"))
        assert driver.strategy == "none"
        assert "NK-2026-000042" in device.wait_for_pages(1)[0].text


@pytest.mark.parametrize(("answer", "voided"), [(True, False), (False, True)])
def test_ask_puts_a_silent_printers_credential_to_the_citizen(
    folder: Path, answer: bool, voided: bool
) -> None:
    asked: list[bool] = []

    def citizen() -> bool:
        asked.append(answer)
        return answer

    with (
        _device(folder, "TM-T20II", "silent") as device,
        EscposReceiptPrinter(
            device.url, timeout=TIMEOUT, status_timeout=STATUS_TIMEOUT, unconfirmed="ask",
            ask_citizen=citizen,
        ) as driver,
    ):  # fmt: skip
        if voided:
            with pytest.raises(PrinterError, match="citizen"):
                driver.print_code_card(sample_code_card("da"))
        else:
            driver.print_code_card(sample_code_card("da"))
        assert asked == [answer]
        _assert_whole_card(device.wait_for_pages(1)[0], "TM-T20II")


@pytest.mark.parametrize("baud", [9600, 115_200])
@pytest.mark.parametrize(("profile", "behaviour"), [("POS-5890", "clone"), ("TM-T88V", "epson")])
def test_code_card_over_a_serial_line(
    folder: Path, baud: int, profile: str, behaviour: str
) -> None:
    with _device(folder, profile, behaviour, bytes_per_second=baud / 10) as device:
        url = device.attach_serial(baud)
        assert url.endswith(f"baud={baud}")
        with EscposReceiptPrinter(
            url, timeout=10, status_timeout=STATUS_TIMEOUT, profile=profile
        ) as driver:
            driver.print_code_card(sample_code_card("da"))
            assert driver.strategy == ("process_id" if behaviour == "epson" else "transmit_status")
        _assert_whole_card(device.wait_for_pages(1)[0], profile)


@pytest.mark.parametrize(
    ("behaviour", "strategy"), [("epson", "process_id"), ("clone", "transmit_status")]
)
def test_health_names_profile_model_firmware_and_strategy(
    folder: Path, behaviour: str, strategy: str
) -> None:  # what the technician page shows for the printer
    with (
        _device(folder, "TM-T88V", behaviour) as device,
        EscposReceiptPrinter(device.url, timeout=TIMEOUT, status_timeout=STATUS_TIMEOUT) as driver,
    ):
        detail = driver.health().detail
    assert detail.startswith("ready; ") and f"confirmation {strategy}" in detail
    if behaviour == "epson":
        assert "profile TM-T88V, model TM-T88V, firmware SIM 1.00" in detail
    else:
        assert "profile default, model ?, firmware ?" in detail


def test_a_printer_with_only_asb_is_confirmed_by_asb(folder: Path) -> None:
    with (
        _device(folder, "TM-T88V", "asb") as device,
        EscposReceiptPrinter(device.url, timeout=TIMEOUT, status_timeout=STATUS_TIMEOUT) as driver,
    ):
        driver.print_code_card(sample_code_card("da"))
        assert driver.strategy == "asb" and driver.profile.name == "TM-T88V"
        _assert_whole_card(device.wait_for_pages(1)[0], "TM-T88V")


def test_paper_out_mid_job_under_asb_voids(folder: Path) -> None:
    with (
        _device(folder, "TM-T88V", "asb", bytes_per_second=11_520) as device,
        EscposReceiptPrinter(device.url, timeout=TIMEOUT, status_timeout=STATUS_TIMEOUT) as driver,
    ):
        driver.print_postal_receipt(sample_postal_receipt("da"))
        device.set_fault(paper_out_after=900)
        with pytest.raises(PaperOut):
            driver.print_code_card(sample_code_card("da"))
        assert device.wait_for_pages(2)[1].torn


def test_the_technician_page_line_names_the_printers_profile_and_strategy(folder: Path) -> None:
    from kiosk.admin.lines import device_lines
    from kiosk.ports import Devices

    with (
        _device(folder, "POS-5890", "epson") as device,
        EscposReceiptPrinter(device.url, timeout=TIMEOUT, status_timeout=STATUS_TIMEOUT) as driver,
    ):
        lines = {line.device: line for line in device_lines(Devices(printer=driver))}
    printer = lines["printer"]
    assert printer.usable and printer.state == "online"
    assert "profile POS-5890, model POS5890 Series, firmware SIM 1.00" in printer.detail
    assert printer.detail.endswith("confirmation process_id")
