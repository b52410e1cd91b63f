"""EscposReceiptPrinter over ``serial://`` on a real pseudo-terminal to the simulated printer.

The same driver and simulator as over TCP, through python-escpos's Serial transport and
pyserial: the pty carries the raw bytes (EOT, DLE, LF untouched), as a USB-CDC or RS-232 line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.printer import EscposReceiptPrinter
from drivers.printer.samples import sample_code_card, sample_password_slip
from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice
from kiosk.devices.health import DeviceState, MediaState
from kiosk.errors import PaperOut, PrinterOffline


@pytest.fixture
def device(tmp_path: Path) -> Iterator[EscposPrinterDevice]:
    with EscposPrinterDevice(tmp_path) as simulated:
        yield simulated


@pytest.fixture
def printer(device: EscposPrinterDevice) -> Iterator[EscposReceiptPrinter]:
    url = device.attach_serial()
    with EscposReceiptPrinter(url, timeout=2, status_timeout=0.3) as driver:
        yield driver


def test_serial_url_names_the_pty(device: EscposPrinterDevice) -> None:
    assert re.fullmatch(r"serial:///dev/pts/\d+\?baud=115200", device.attach_serial())


def test_code_card_over_serial_reaches_paper_whole(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:  # R12
    card = sample_code_card("da")
    printer.print_code_card(card)
    page = device.wait_for_pages(1)[0]
    assert re.findall(r"\b(\d{4}) (\d{6})\b", page.text) == list(card.pairs)
    assert "nøglekort" in page.text


def test_health_over_serial_reports_near_end(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    device.set_fault(near_end=True)
    health = printer.health()
    assert (health.state, health.media) == (DeviceState.ONLINE, MediaState.LOW)


def test_paper_out_mid_job_over_serial_raises(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    device.set_fault(paper_out_after=700)
    with pytest.raises(PaperOut):
        printer.print_code_card(sample_code_card("da"))
    assert device.wait_for_pages(1)[0].torn


def test_switched_off_serial_printer_reads_as_offline(
    printer: EscposReceiptPrinter, device: EscposPrinterDevice
) -> None:
    device.set_fault(offline=True)
    with pytest.raises(PrinterOffline, match="did not answer"):
        printer.print_password_slip(sample_password_slip("da"))
    assert device.pages == []
