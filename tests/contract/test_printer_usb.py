"""EscposReceiptPrinter over ``usb://``, tested at the USB endpoint boundary.

No USB printer exists on this machine (nor in CI), so pyusb's ``usb.core.find`` is given a
device whose bulk endpoints are the only stand-in: what the driver writes to bulk OUT goes to
the simulated printer over a real TCP socket, as a printer's USB interface hands it to the print
engine, and bulk IN returns what the printer answered, or raises pyusb's own
``USBTimeoutError`` when nothing came within the timeout. Everything above the endpoints is the
real code: python-escpos's ``Usb`` printer, pyusb's exceptions and ``dispose_resources``, our
``UsbLink``, probe and confirmation. The udev rule that gives the kiosk the device is checked too.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import usb.core

from drivers.printer import EscposReceiptPrinter
from drivers.printer.samples import sample_code_card
from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice
from kiosk.errors import PrinterOffline
from tests.conftest import ROOT

EPSON = (0x04B8, 0x0202)
OUT_ENDPOINT = 0x01
IN_ENDPOINT = 0x82
MS = 1000.0
ETIMEDOUT = 110


class BulkEndpoints:
    """A USB printer as pyusb sees it, at its two bulk endpoints; the engine is the simulator."""

    def __init__(self, host: str, port: int) -> None:
        self._sock = socket.create_connection((host, port))
        self.backend = self  # pyusb's backend object; not libusb1, so no kernel-driver checks
        self._ctx = self  # usb.util.dispose_resources(device) calls device._ctx.dispose(device)
        self.written: list[tuple[int, int]] = []
        self.unplugged = False

    def set_configuration(self) -> None: ...

    def reset(self) -> None: ...

    def write(self, endpoint: int, data: bytes, timeout: int) -> int:
        if self.unplugged:
            raise usb.core.USBError("No such device (it may have been disconnected)", errno=19)
        self.written.append((endpoint, len(data)))
        self._sock.sendall(bytes(data))
        return len(data)

    def read(self, endpoint: int, size: int, timeout: int) -> bytes:
        assert endpoint == IN_ENDPOINT
        self._sock.settimeout(timeout / MS)
        try:
            return self._sock.recv(size)
        except TimeoutError:
            raise usb.core.USBTimeoutError("Operation timed out", errno=ETIMEDOUT) from None

    def dispose(self, device: object) -> None:
        self._sock.close()


@pytest.fixture
def printer_device(tmp_path: Path) -> Iterator[EscposPrinterDevice]:
    with EscposPrinterDevice(tmp_path, profile="TM-T88V") as device:
        yield device


@pytest.fixture
def endpoints(
    printer_device: EscposPrinterDevice, monkeypatch: pytest.MonkeyPatch
) -> BulkEndpoints:
    bulk = BulkEndpoints(printer_device.host, printer_device.port)

    def find(idVendor: int, idProduct: int, **_: object) -> BulkEndpoints | None:
        return bulk if (idVendor, idProduct) == EPSON else None

    monkeypatch.setattr(usb.core, "find", find)
    return bulk


def test_code_card_over_usb_bulk_endpoints_reaches_paper(
    printer_device: EscposPrinterDevice, endpoints: BulkEndpoints
) -> None:
    card = sample_code_card("da")
    with EscposReceiptPrinter("usb://04b8:0202", timeout=3, status_timeout=0.3) as driver:
        driver.print_code_card(card)
        assert driver.strategy == "process_id" and driver.profile.name == "TM-T88V"
    page = printer_device.wait_for_pages(1)[0]
    assert re.findall(r"\b(\d{4}) (\d{6})\b", page.text) == list(card.pairs)
    assert {endpoint for endpoint, _ in endpoints.written} == {OUT_ENDPOINT}


def test_no_usb_printer_with_those_ids_reads_as_offline(endpoints: BulkEndpoints) -> None:
    with pytest.raises(PrinterOffline, match="04b8:0e15"):
        EscposReceiptPrinter("usb://04b8:0e15", timeout=1).open()


def test_a_printer_unplugged_mid_session_reads_as_offline(endpoints: BulkEndpoints) -> None:
    with EscposReceiptPrinter("usb://04b8:0202", timeout=1, status_timeout=0.3) as driver:
        assert driver.status().describe() == "ready"
        endpoints.unplugged = True
        with pytest.raises(PrinterOffline, match="USB printer write failed"):
            driver.print_code_card(sample_code_card("da"))


def test_the_udev_rule_gives_the_kiosk_the_epson_usb_printer() -> None:
    rules = (ROOT / "systemd" / "99-nemid-kiosk.rules").read_text(encoding="utf-8")
    usb_rules = [line for line in rules.splitlines() if line.startswith('SUBSYSTEM=="usb"')]
    vendor, product = (f"{number:04x}" for number in EPSON)
    assert any(
        f'ATTRS{{idVendor}}=="{vendor}"' in line
        and f'ATTRS{{idProduct}}=="{product}"' in line
        and 'GROUP="nemid-devices"' in line
        and 'MODE="0660"' in line
        for line in usb_rules
    ), usb_rules
