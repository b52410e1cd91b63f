"""SerialMrzReader: the DocumentReader port over a serial or USB-CDC MRZ reader (pyserial).

The transport only moves bytes: framing is :mod:`drivers.mrz_reader.framing`, and every framed
document is checked by the core MRZ parser before it is reported, so the port hands out either
a ``ScannedDocument`` whose lines parse, or a ``ReadError`` saying why not. A reader that is
unplugged makes ``read_document`` raise ``DeviceUnavailable``; later calls reopen the port with
exponential backoff, so a reader plugged back in is used again without a restart.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from types import TracebackType

import serial

from drivers.mrz_reader.framing import FramedDocument, FramingEvent, MrzFrameAssembler
from drivers.urls import DeviceUrl, parse_device_url
from kiosk.devices.health import DeviceHealth, DeviceState
from kiosk.errors import ConfigError, DeviceUnavailable, MRZError, ReadError
from kiosk.identity.mrz import parse_mrz
from kiosk.identity.readings import ScannedDocument

DEVICE_NAME = "document_reader"
DEFAULT_BAUD = 9600
POLL_SECONDS = 0.05  # serial read timeout: how often the loop looks at deadlines
# A document whose bytes stop for this long is torn (a document laid down is sent in one go).
IDLE_GAP_SECONDS = 0.5
FIRST_BACKOFF_SECONDS = 0.05
MAX_BACKOFF_SECONDS = 2.0
READ_CHUNK_BYTES = 256

Validator = Callable[[tuple[str, ...]], object]


def core_mrz_check(lines: tuple[str, ...]) -> object:
    """Check lines with the core parser; raises MRZError for bad structure or check digits.

    A check digit that does not hold is almost always an OCR misread at the reader, so the
    citizen is asked to lay the document again rather than being refused. R1: only a document
    whose MRZ holds together reaches the journey as photo ID.
    """
    mrz = parse_mrz(lines)
    if not mrz.valid:
        failed = ", ".join(mrz.failed_checks) or "a date that does not exist"
        raise MRZError(f"MRZ check failed: {failed}")
    return mrz


class SerialMrzReader:
    """An MRZ reader on a serial port. A context manager; nothing opens in ``__init__``."""

    def __init__(
        self,
        port: str,
        *,
        baud: int = DEFAULT_BAUD,
        idle_gap: float = IDLE_GAP_SECONDS,
        validate: Validator | None = core_mrz_check,
    ) -> None:
        self.port_name = port
        self.baud = baud
        self.idle_gap = idle_gap
        self._validate = validate
        self._port: serial.Serial | None = None
        self._assembler = MrzFrameAssembler()
        self._events: list[FramingEvent] = []
        self._last_byte_at = 0.0
        self._backoff = FIRST_BACKOFF_SECONDS
        self._next_attempt_at = 0.0
        self._unavailable = "not opened yet"
        self._last_fault = ""
        self.documents_read = 0
        self.faults = 0
        # The UI's reader thread reads while others ask for health: one caller at a time.
        self._lock = threading.RLock()

    @classmethod
    def from_url(cls, url: DeviceUrl | str, **options: object) -> SerialMrzReader:
        """A reader for a ``serial://`` URL (``?baud=`` optional). Raises ConfigError."""
        parsed = parse_device_url(url) if isinstance(url, str) else url
        if parsed.scheme != "serial":
            raise ConfigError(f"{parsed}: the MRZ reader needs a serial:// URL")
        baud = parsed.int_param("baud", DEFAULT_BAUD)
        return cls(parsed.location, baud=baud, **options)  # type: ignore[arg-type]

    @property
    def noise_lines(self) -> int:
        return self._assembler.noise_lines

    def open(self) -> SerialMrzReader:
        """Open the port now. Raises DeviceUnavailable when it cannot be opened."""
        self._next_attempt_at = 0.0
        self._ensure_open()
        return self

    def close(self) -> None:
        with self._lock:
            if self._port is not None:
                self._port.close()
                self._port = None
            self._unavailable = "closed"

    def __enter__(self) -> SerialMrzReader:
        return self.open()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def read_document(self, timeout: float) -> ScannedDocument | None:
        """The next document within ``timeout`` seconds, or None.

        Raises ReadError for a torn or garbled document (the next call reads on), and
        DeviceUnavailable while the reader is unplugged.
        """
        with self._lock:
            return self._read_until(time.monotonic() + timeout)

    def _read_until(self, deadline: float) -> ScannedDocument | None:
        while True:
            if self._events:
                return self._deliver(self._events.pop(0))
            port = self._ensure_open()
            now = time.monotonic()
            if self._assembler.pending and now - self._last_byte_at >= self.idle_gap:
                self._events.extend(self._assembler.flush())
                continue
            if now >= deadline:
                return None
            data = self._read_some(port)
            if data:
                self._last_byte_at = time.monotonic()
                self._events.extend(self._assembler.feed(data))

    def health(self) -> DeviceHealth:
        """ONLINE while the port is open (reopening it if needed), OFFLINE with the reason."""
        with self._lock:
            return self._health()

    def _health(self) -> DeviceHealth:
        if self._port is not None and not os.path.exists(self.port_name):
            # A USB reader pulled out takes its device node with it, before any read fails.
            self._lost("the reader was unplugged (its device node is gone)")
        try:
            self._ensure_open()
        except DeviceUnavailable as exc:
            return DeviceHealth(DEVICE_NAME, DeviceState.OFFLINE, exc.detail)
        detail = f"{self.port_name} at {self.baud} baud"
        if self._last_fault:
            detail += f"; last read failed: {self._last_fault}"
        return DeviceHealth(DEVICE_NAME, DeviceState.ONLINE, detail)

    def _deliver(self, event: FramingEvent) -> ScannedDocument:
        if not isinstance(event, FramedDocument):
            self.faults += 1
            self._last_fault = event.reason
            raise event.to_error()
        if self._validate is not None:
            try:
                self._validate(event.lines)
            except MRZError as exc:
                self.faults += 1
                self._last_fault = f"document not readable: {exc}"
                raise ReadError(self._last_fault) from exc
        self.documents_read += 1
        self._last_fault = ""
        return ScannedDocument(event.lines)

    def _read_some(self, port: serial.Serial) -> bytes:
        try:
            return bytes(port.read(max(1, min(port.in_waiting, READ_CHUNK_BYTES))))
        except (serial.SerialException, OSError) as exc:
            self._lost(f"the reader was disconnected ({exc})")
            raise DeviceUnavailable(
                f"document reader {self.port_name}: {self._unavailable}"
            ) from exc

    def _ensure_open(self) -> serial.Serial:
        if self._port is not None:
            return self._port
        now = time.monotonic()
        if now < self._next_attempt_at:
            raise DeviceUnavailable(f"document reader {self.port_name}: {self._unavailable}")
        try:
            port = serial.Serial(self.port_name, self.baud, timeout=POLL_SECONDS, exclusive=True)
        except (serial.SerialException, OSError, ValueError) as exc:
            self._unavailable = f"cannot open: {exc}"
            self._next_attempt_at = now + self._backoff
            self._backoff = min(self._backoff * 2, MAX_BACKOFF_SECONDS)
            raise DeviceUnavailable(
                f"document reader {self.port_name}: {self._unavailable}"
            ) from exc
        self._port = port
        self._backoff = FIRST_BACKOFF_SECONDS
        self._assembler = MrzFrameAssembler()
        self._unavailable = ""
        return port

    def _lost(self, reason: str) -> None:
        """The port failed: drop it and any half-received document; reopen after a backoff."""
        if self._port is not None:
            # The device is already gone; releasing the descriptor is all that matters.
            with contextlib.suppress(serial.SerialException, OSError):
                self._port.close()
            self._port = None
        self._unavailable = reason
        self._next_attempt_at = time.monotonic() + self._backoff


def open_document_reader(url: str, config: object = None) -> SerialMrzReader | None:
    """Composition-root factory (``DEVICE_FACTORIES``): the reader for a ``serial://`` URL,
    opened on first use. ``sim://`` gives None: whoever plays the documents (the demo rig,
    ``kiosk sim``) starts the simulator and hands its ``serial://`` URL in. Raises ConfigError
    for any other URL.
    """
    if parse_device_url(url).is_sim:
        return None
    return SerialMrzReader.from_url(url)
