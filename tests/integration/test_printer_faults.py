"""Printer faults over a real TCP socket: each ends in the right kiosk error, never in silence.

A code card torn by paper-out must raise PaperOut (so the issuance transaction voids the
credential, R12); a printer that does not answer must read as offline within the timeout, never
as "paper OK" (the python-escpos default for an empty read).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from drivers.printer import EscposReceiptPrinter
from drivers.printer.code_card_layout import code_card
from drivers.printer.encoder import encode_job
from drivers.printer.profile import load_profile
from drivers.printer.samples import sample_code_card, sample_password_slip
from drivers.printer.status import PrinterStatus
from drivers.sim.printer.escpos_paper import TORN_MARK
from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice
from kiosk.devices.health import DeviceState, MediaState
from kiosk.errors import CoverOpen, PaperOut, PrinterError, PrinterOffline

STATUS_TIMEOUT = 0.3


@pytest.fixture
def device(tmp_path: Path) -> Iterator[EscposPrinterDevice]:
    with EscposPrinterDevice(tmp_path / "paper") as simulated:
        yield simulated


@pytest.fixture
def printer(device: EscposPrinterDevice) -> Iterator[EscposReceiptPrinter]:
    with EscposReceiptPrinter(device.url, timeout=2, status_timeout=STATUS_TIMEOUT) as driver:
        yield driver


def test_paper_out_mid_code_card_raises_paper_out_and_tears_the_page(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:  # R12: a torn card is never activated
    card = sample_code_card("da")
    profile = load_profile(device.model.profile)
    device.set_fault(paper_out_after=len(encode_job(code_card(card, profile), profile)) // 2)
    with pytest.raises(PaperOut):
        printer.print_code_card(card)
    page = device.wait_for_pages(1)[0]
    assert page.torn and page.text.endswith(TORN_MARK)
    assert card.pairs[0][1] in page.text and card.pairs[-1][1] not in page.text
    assert "-torn" in page.png_path


def test_torn_page_png_shows_the_torn_edge(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    device.set_fault(paper_out_after=600)
    with pytest.raises(PaperOut):
        printer.print_code_card(sample_code_card("da"))
    with Image.open(device.wait_for_pages(1)[0].png_path) as image:
        bottom = image.crop((0, image.height - 8, image.width, image.height))
        assert set(bottom.getdata()) != {255}  # shaded beyond the zigzag, not blank paper


def test_paper_out_is_detected_without_asb_by_the_status_after_the_job(
    device: EscposPrinterDevice,
) -> None:
    device.set_fault(asb=False, paper_out_after=500)
    driver = EscposReceiptPrinter(device.url, timeout=0.5, status_timeout=STATUS_TIMEOUT)
    with driver, pytest.raises(PaperOut):
        driver.print_code_card(sample_code_card("da"))


def test_paper_out_before_the_job_prints_nothing(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    device.set_fault(paper_end=True)
    with pytest.raises(PaperOut):
        printer.print_password_slip(sample_password_slip("da"))
    assert device.pages == []


def test_after_new_paper_the_next_job_prints_whole(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    device.set_fault(paper_out_after=300)
    with pytest.raises(PaperOut):
        printer.print_code_card(sample_code_card("da"))
    device.reload_paper()
    printer.print_code_card(sample_code_card("da"))
    assert [page.torn for page in device.wait_for_pages(2)] == [True, False]


def test_cover_open_raises_cover_open(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    device.set_fault(cover_open=True)
    with pytest.raises(CoverOpen):
        printer.print_code_card(sample_code_card("da"))
    assert printer.health().state == DeviceState.USER_ERROR


def test_cutter_error_raises_printer_error(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    device.set_fault(cutter_error=True)
    with pytest.raises(PrinterError) as caught:
        printer.print_password_slip(sample_password_slip("da"))
    assert type(caught.value) is PrinterError and "cutter" in str(caught.value)


def test_offline_printer_refuses_the_connection(device: EscposPrinterDevice) -> None:
    device.set_fault(offline=True)
    driver = EscposReceiptPrinter(device.url, timeout=1, status_timeout=STATUS_TIMEOUT)
    with pytest.raises(PrinterOffline) as caught:
        driver.print_password_slip(sample_password_slip("da"))
    assert isinstance(caught.value.__cause__, Exception)  # raised from the socket error
    assert driver.health().state == DeviceState.OFFLINE


def test_printer_going_offline_mid_session_raises_offline_then_recovers(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    printer.open()
    device.set_fault(offline=True)
    with pytest.raises(PrinterOffline):
        printer.print_password_slip(sample_password_slip("da"))
    device.set_fault(offline=False)
    printer.print_password_slip(sample_password_slip("da"))
    assert len(device.wait_for_pages(1)) == 1


def test_no_answer_reads_as_offline_within_the_timeout(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    device.set_fault(no_answer=True)
    started = time.monotonic()
    with pytest.raises(PrinterOffline, match="did not answer"):
        printer.print_code_card(sample_code_card("da"))
    assert time.monotonic() - started < STATUS_TIMEOUT * 4
    assert device.pages == []


def test_no_answer_health_is_offline_not_paper_ok(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    device.set_fault(no_answer=True)
    health = printer.health()
    assert health.state == DeviceState.OFFLINE and not health.usable


def test_near_end_is_media_low_and_still_prints(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    device.set_fault(near_end=True)
    health = printer.health()
    assert health.media == MediaState.LOW and health.usable
    printer.print_password_slip(sample_password_slip("da"))
    assert len(device.wait_for_pages(1)) == 1


def test_garbage_in_the_status_channel_is_skipped(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    device.set_fault(garbage=True, near_end=True)
    assert printer.health().media == MediaState.LOW
    printer.print_password_slip(sample_password_slip("da"))
    assert len(device.wait_for_pages(1)) == 1


def test_status_replies_with_wrong_fixed_bits_read_as_offline(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    device.set_fault(corrupt_status=True)
    with pytest.raises(PrinterOffline):
        printer.print_password_slip(sample_password_slip("da"))


def test_stale_bytes_before_a_query_are_drained(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    """A stale "ready" byte must not answer a later query (the python-escpos trap)."""
    assert printer.status().paper_end is False
    device.set_fault(paper_end=True)
    device.inject(bytes((0x12,)))  # an unasked "ready, online" byte
    time.sleep(0.1)  # let it reach the driver's socket buffer
    assert printer.status() == PrinterStatus(offline=True, paper_end=True, near_end=True)


def test_connection_refused_on_a_closed_port() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    driver = EscposReceiptPrinter(f"tcp://127.0.0.1:{port}", status_timeout=STATUS_TIMEOUT)
    with pytest.raises(PrinterOffline, match="cannot connect"):
        driver.open()
