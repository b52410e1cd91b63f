"""The byte link to an ESC/POS printer over python-escpos's transports: TCP, serial or USB.

python-escpos opens the transport and writes; reading is done here, because its ``_read`` takes
the first 16 bytes of whatever is buffered with no way to drain or to wait a bounded time. Each
link can ``drain`` stale bytes before a query and ``read`` with a timeout, returning ``b""``
when nothing came. Every library or OS error leaves as :class:`kiosk.errors.PrinterOffline`.
"""

from __future__ import annotations

import socket
import time
from typing import Any, Protocol

from drivers.printer.escpos_cache import prepare_capabilities_cache
from drivers.urls import DeviceUrl
from kiosk.errors import ConfigError, PrinterOffline

prepare_capabilities_cache()  # before python-escpos loads: see drivers/printer/escpos_cache.py
from escpos import printer as escpos_printer  # noqa: E402
from escpos.exceptions import Error as EscposError  # noqa: E402

READ_CHUNK = 256
DEFAULT_BAUD = 115200
USB_MS_PER_SECOND = 1000
USB_DRAIN_SECONDS = 0.05
USB_POLL_SECONDS = 0.01
PRINTER_SCHEMES = ("tcp", "serial", "usb")


class PrinterLink(Protocol):
    def write(self, data: bytes) -> None:
        """Send bytes. Raises PrinterOffline."""

    def read(self, timeout: float) -> bytes:
        """What arrives within ``timeout`` seconds, or b"". Raises PrinterOffline."""

    def drain(self) -> bytes:
        """Discard and return the bytes already waiting."""

    def close(self) -> None: ...


class NetworkLink:
    """``tcp://host:port``: a raw-printing socket (port 9100)."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self._printer = escpos_printer.Network(host, port, timeout=timeout)
        try:
            self._printer.open()
        except (EscposError, OSError) as exc:
            raise PrinterOffline(f"cannot connect to printer at {host}:{port}") from exc
        self._socket: socket.socket = self._printer.device
        self._timeout = timeout

    def write(self, data: bytes) -> None:
        try:
            self._socket.settimeout(self._timeout)
            self._printer._raw(data)
        except OSError as exc:
            raise PrinterOffline("printer connection lost while sending") from exc

    def read(self, timeout: float) -> bytes:
        try:
            self._socket.settimeout(max(timeout, 0.001))
            data = self._socket.recv(READ_CHUNK)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise PrinterOffline("printer connection lost while reading") from exc
        if not data:
            raise PrinterOffline("printer closed the connection")
        return data

    def drain(self) -> bytes:
        stale = bytearray()
        try:
            self._socket.setblocking(False)
            while chunk := self._socket.recv(READ_CHUNK):
                stale += chunk
        except (BlockingIOError, InterruptedError):
            pass
        except OSError as exc:
            raise PrinterOffline("printer connection lost") from exc
        finally:
            self._socket.settimeout(self._timeout)
        return bytes(stale)

    def close(self) -> None:
        self._printer.close()


class SerialLink:
    """``serial:///dev/ttyUSB0?baud=115200``: RS-232 or USB-CDC."""

    def __init__(self, path: str, baud: int, timeout: float) -> None:
        self._printer = escpos_printer.Serial(path, baudrate=baud, timeout=timeout, dsrdtr=False)
        try:
            self._printer.open()
        except (EscposError, OSError) as exc:
            raise PrinterOffline(f"cannot open serial printer {path}") from exc
        self._port: Any = self._printer.device
        self._timeout = timeout

    def write(self, data: bytes) -> None:
        try:
            self._port.write_timeout = self._timeout
            self._printer._raw(data)
            self._port.flush()
        except Exception as exc:  # pyserial raises SerialException, OSError or its timeouts
            raise PrinterOffline("serial printer write failed") from exc

    def read(self, timeout: float) -> bytes:
        try:
            self._port.timeout = timeout
            first = self._port.read(1)
            return first + (self._port.read(self._port.in_waiting) if first else b"")
        except Exception as exc:
            raise PrinterOffline("serial printer read failed") from exc

    def drain(self) -> bytes:
        try:
            waiting = self._port.in_waiting
            return self._port.read(waiting) if waiting else b""
        except Exception as exc:
            raise PrinterOffline("serial printer read failed") from exc

    def close(self) -> None:
        self._printer.close()


class UsbLink:
    """``usb://04b8:0202``: a USB printer-class device through pyusb (libusb-1.0), bulk OUT for
    the job and bulk IN for the replies; the udev rule in ``systemd/`` gives the kiosk access."""

    def __init__(self, vendor: int, product: int, timeout: float) -> None:
        self._timeout_ms = int(timeout * USB_MS_PER_SECOND)
        if not escpos_printer.Usb.is_usable():
            raise PrinterOffline("USB printing needs pyusb, which is not installed")
        try:
            self._printer = escpos_printer.Usb(vendor, product, timeout=self._timeout_ms)
            self._printer.open()
        except Exception as exc:  # pyusb missing (RuntimeError) or no such device
            raise PrinterOffline(f"cannot open USB printer {vendor:04x}:{product:04x}") from exc

    def write(self, data: bytes) -> None:
        try:
            self._printer._raw(data)
        except Exception as exc:
            raise PrinterOffline("USB printer write failed") from exc

    def read(self, timeout: float) -> bytes:
        from usb.core import USBTimeoutError

        device = self._printer.device
        milliseconds = max(1, int(timeout * USB_MS_PER_SECOND))
        try:
            return bytes(device.read(self._printer.in_ep, READ_CHUNK, milliseconds))
        except USBTimeoutError:
            return b""  # nothing came on the bulk IN endpoint in time
        except Exception as exc:
            raise PrinterOffline("USB printer read failed") from exc

    def drain(self) -> bytes:
        stale = bytearray()
        deadline = time.monotonic() + USB_DRAIN_SECONDS
        while time.monotonic() < deadline and (chunk := self.read(USB_POLL_SECONDS)):
            stale += chunk
        return bytes(stale)

    def close(self) -> None:
        self._printer.close()


def open_link(url: DeviceUrl, timeout: float) -> PrinterLink:
    """Open the link a printer URL names. Raises ConfigError or PrinterOffline."""
    if url.scheme == "tcp":
        return NetworkLink(url.host, url.port, timeout)
    if url.scheme == "serial":
        return SerialLink(url.location, url.int_param("baud", DEFAULT_BAUD), timeout)
    if url.scheme == "usb":
        vendor, product = url.usb_ids()
        return UsbLink(vendor, product, timeout)
    raise ConfigError(f"{url}: a printer URL must be one of {', '.join(PRINTER_SCHEMES)}")
