"""Which printer URLs EscposReceiptPrinter takes, and the clear errors for the others."""

from __future__ import annotations

import pytest

from drivers.printer import EscposReceiptPrinter
from kiosk.devices.health import DeviceState
from kiosk.errors import ConfigError, PrinterOffline


@pytest.mark.parametrize("url", ["pcsc://Reader 0", "camera:///dev/video0", "sim://"])
def test_non_printer_schemes_are_a_config_error(url: str) -> None:
    with pytest.raises(ConfigError, match="printer URL"):
        EscposReceiptPrinter(url)


def test_malformed_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        EscposReceiptPrinter("tcp://:9100")


def test_timeouts_come_from_the_url() -> None:
    printer = EscposReceiptPrinter("tcp://127.0.0.1:9100?timeout=3&status_timeout=0.25")
    assert (printer.timeout, printer.status_timeout) == (3.0, 0.25)


def test_bad_timeout_in_the_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="timeout"):
        EscposReceiptPrinter("tcp://127.0.0.1:9100?timeout=soon")


def test_constructing_opens_nothing() -> None:
    printer = EscposReceiptPrinter("serial:///dev/does-not-exist?baud=115200")
    with pytest.raises(PrinterOffline, match="serial"):
        printer.open()


def test_usb_printer_that_is_not_there_is_offline() -> None:
    printer = EscposReceiptPrinter("usb://04b8:0e28")
    with pytest.raises(PrinterOffline, match="USB"):
        printer.open()
    assert printer.health().state == DeviceState.OFFLINE
