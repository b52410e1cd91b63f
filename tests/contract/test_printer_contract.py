"""EscposReceiptPrinter against the simulated device over a real TCP socket (ReceiptPrinter port).

Each print method returns only when the page is on paper; the page is read back as text from the
simulator's rendering, so what the citizen takes away is what is checked (R12).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from drivers.printer import EscposReceiptPrinter
from drivers.printer.profile import load_profile
from drivers.printer.samples import (
    sample_code_card,
    sample_password_slip,
    sample_postal_receipt,
    sample_rules_leaflet,
)
from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice
from kiosk.devices.health import DeviceState, MediaState
from kiosk.ports import ReceiptPrinter

PAYMENT_CARD_MM = (85.6, 54.0)  # ISO/IEC 7810 ID-1, what a wallet holds
DOTS_PER_MM = load_profile("TM-T20II").dots_per_mm()  # the simulator's default profile


@pytest.fixture
def device(tmp_path: Path) -> Iterator[EscposPrinterDevice]:
    with EscposPrinterDevice(tmp_path / "paper") as simulated:
        yield simulated


@pytest.fixture
def printer(device: EscposPrinterDevice) -> Iterator[EscposReceiptPrinter]:
    with EscposReceiptPrinter(device.url, timeout=5, status_timeout=1) as driver:
        yield driver


def test_driver_is_a_receipt_printer(printer: EscposReceiptPrinter) -> None:
    port: ReceiptPrinter = printer
    assert callable(port.print_code_card) and callable(port.health)


def test_health_of_a_ready_printer(printer: EscposReceiptPrinter) -> None:
    health = printer.health()
    assert (health.state, health.media, health.usable) == (DeviceState.ONLINE, MediaState.OK, True)


def test_code_card_on_paper_holds_all_148_pairs(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:  # R12
    card = sample_code_card("da")
    printer.print_code_card(card)
    page = device.wait_for_pages(1)[0]
    assert not page.torn
    assert re.findall(r"\b(\d{4}) (\d{6})\b", page.text) == list(card.pairs)
    assert "NemID nøglekort" in page.text and card.serial in page.text


def test_code_card_between_its_cut_marks_folds_to_wallet_size(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    printer.print_code_card(sample_code_card("da"))
    lines = device.wait_for_pages(1)[0].lines
    marks = [index for index, line in enumerate(lines) if "klip her" in line.text()]
    card = lines[marks[0] : marks[-1] + 1]
    height_mm = sum(line.height for line in card) / DOTS_PER_MM
    width_mm = max(line.used_dots for line in card) / DOTS_PER_MM
    assert height_mm / 2 <= PAYMENT_CARD_MM[1] and width_mm <= PAYMENT_CARD_MM[0]


def test_code_card_renders_to_a_png_the_width_of_80_mm_paper(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    printer.print_code_card(sample_code_card("en"))
    page = device.wait_for_pages(1)[0]
    with Image.open(page.png_path) as image:
        assert image.width >= 576 and image.getextrema()[0] == 0  # black ink on the page
    assert Path(page.text_path).read_text(encoding="utf-8").startswith("+")


def test_password_slip_on_paper_keeps_danish_letters(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    slip = sample_password_slip("da")
    printer.print_password_slip(slip)
    text = device.wait_for_pages(1)[0].text
    assert "Søren Ærø Åkjær" in text and "Første" in text and "vælge" in text
    assert slip.temporary_password in text and slip.nemid_number in text


def test_postal_receipt_on_paper(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:  # R2
    printer.print_postal_receipt(sample_postal_receipt("en"))
    text = device.wait_for_pages(1)[0].text
    assert "NK-2026-000042" in text and "26.11.2026 - 08.12.2026" in text


def test_rules_leaflet_on_paper(printer: EscposReceiptPrinter, device: EscposPrinterDevice) -> None:
    printer.print_rules_leaflet(sample_rules_leaflet("da"))  # R12
    assert "Sådan bruger du NemID" in device.wait_for_pages(1)[0].text


def test_test_page_on_paper(printer: EscposReceiptPrinter, device: EscposPrinterDevice) -> None:
    printer.print_test_page("en")
    text = device.wait_for_pages(1)[0].text
    assert "Danish letters: æøå ÆØÅ" in text and device.url in text


def test_jobs_in_a_row_are_separate_pages(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    printer.print_password_slip(sample_password_slip("da"))
    printer.print_code_card(sample_code_card("da"))
    first, second = device.wait_for_pages(2)
    assert "adgangskode" in first.text and "nøglekort" in second.text


def test_print_returns_only_after_the_page_is_cut(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    device.bytes_per_second = 20_000
    printer.print_code_card(sample_code_card("da"))
    assert len(device.pages) == 1  # no waiting: the confirmation came after the cut


def test_printer_reconnects_after_the_simulator_restarts(tmp_path: Path) -> None:
    with EscposPrinterDevice(tmp_path) as first:
        port = first.port
        driver = EscposReceiptPrinter(first.url, timeout=5, status_timeout=1)
        driver.print_rules_leaflet(sample_rules_leaflet("en"))
    with EscposPrinterDevice(tmp_path, port=port) as second:
        driver.close()
        driver.print_rules_leaflet(sample_rules_leaflet("en"))
        assert len(second.wait_for_pages(1)) == 1
    driver.close()
