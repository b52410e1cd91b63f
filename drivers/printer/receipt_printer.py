"""``EscposReceiptPrinter``: the kiosk's ReceiptPrinter port over an ESC/POS printer.

Every job is framed the same way: the printer's status is read before it (DLE EOT 1 and 4, and
2 and 3 when it is offline), the job is sent with ASB enabled and a print-completed request
(``GS ( H``) at its end, and the method returns only when the printer answered that request.
A paper-out, cover-open or error reported by ASB while the job runs, or no answer in time,
raises, so the issuance transaction voids a credential that did not reach paper whole (R12:
the password and the code card are the citizen's NemID). Library and socket errors leave as
:mod:`kiosk.errors` with ``raise ... from exc``.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import TypeVar

from drivers.printer import codes, layouts
from drivers.printer.code_card_layout import code_card
from drivers.printer.document import Block
from drivers.printer.encoder import encode_job
from drivers.printer.link import PRINTER_SCHEMES, PrinterLink, open_link
from drivers.printer.status import DEVICE_NAME, PrinterStatus, ReplyStream, decode_realtime
from drivers.printer.status import process_id as make_process_id
from drivers.urls import DeviceUrl, parse_device_url
from kiosk.devices.health import DeviceHealth, DeviceState, MediaState
from kiosk.devices.printouts import CodeCard, PasswordSlip, PostalReceipt, RulesLeaflet
from kiosk.errors import ConfigError, CoverOpen, PaperOut, PrinterError, PrinterOffline

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_JOB_TIMEOUT = 10.0  # seconds from the last byte sent to the print-completed answer
DEFAULT_STATUS_TIMEOUT = 1.0  # seconds to wait for one DLE EOT reply
READ_SLICE = 0.1
PROCESS_ID_SPACE = 10_000


def raise_for_status(status: PrinterStatus, *, offline_is_fault: bool = True) -> None:
    """Raise the error a status means: CoverOpen, PaperOut, PrinterError, PrinterOffline."""
    if status.cover_open:
        raise CoverOpen("printer cover is open")
    if status.paper_end:
        raise PaperOut("printer is out of paper")
    if status.hardware_error:
        raise PrinterError(f"printer reports {status.describe()}")
    if status.offline and offline_is_fault:
        raise PrinterOffline("printer reports it is offline")


class EscposReceiptPrinter:
    """ReceiptPrinter over ``tcp://host:9100``, ``serial:///dev/...?baud=`` or ``usb://vid:pid``.

    URL parameters ``timeout`` (job confirmation, s) and ``status_timeout`` (one status reply,
    s) override the constructor's defaults. The link opens on :meth:`open` or the first job and
    is dropped after any fault, so the next job reconnects.
    """

    def __init__(
        self,
        url: str | DeviceUrl,
        *,
        timeout: float = DEFAULT_JOB_TIMEOUT,
        status_timeout: float = DEFAULT_STATUS_TIMEOUT,
    ) -> None:
        self.url = url if isinstance(url, DeviceUrl) else parse_device_url(url)
        if self.url.scheme not in PRINTER_SCHEMES:
            raise ConfigError(f"{self.url}: a printer URL must be tcp://, serial:// or usb://")
        self.timeout = self.url.float_param("timeout", timeout)
        self.status_timeout = self.url.float_param("status_timeout", status_timeout)
        self.last_job_bytes = 0
        self.last_status = PrinterStatus()
        self._link: PrinterLink | None = None
        self._lock = threading.RLock()
        self._process_id = b""

    # -- lifecycle ---------------------------------------------------------------------------

    def open(self) -> EscposReceiptPrinter:
        with self._lock:
            self._connected()
        return self

    def close(self) -> None:
        with self._lock:
            link, self._link = self._link, None
            if link is not None:
                link.close()

    def __enter__(self) -> EscposReceiptPrinter:
        return self.open()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- the port ----------------------------------------------------------------------------

    def health(self) -> DeviceHealth:
        """Status as DeviceHealth; never raises (no answer reads as offline)."""
        try:
            status = self.status()
        except PrinterError as exc:
            return DeviceHealth(DEVICE_NAME, DeviceState.OFFLINE, str(exc), MediaState.UNKNOWN)
        return status.health()

    def status(self) -> PrinterStatus:
        """DLE EOT 1 and 4, and 2 and 3 when offline. Raises PrinterOffline on no answer."""
        with self._lock:
            return self._guarded(self._read_status)

    def print_password_slip(self, slip: PasswordSlip) -> None:
        self.print_blocks(layouts.password_slip(slip))

    def print_code_card(self, card: CodeCard) -> None:
        self.print_blocks(code_card(card))

    def print_postal_receipt(self, receipt: PostalReceipt) -> None:
        self.print_blocks(layouts.postal_receipt(receipt))

    def print_rules_leaflet(self, leaflet: RulesLeaflet) -> None:
        self.print_blocks(layouts.rules_leaflet(leaflet))

    def print_test_page(self, language: str = "da") -> None:
        page = layouts.technician_test_page(language, datetime.now(UTC), str(self.url))
        self.print_blocks(page)

    def print_blocks(self, blocks: list[Block]) -> int:
        """Check status, send the job, wait for it to be on paper; the job's size in bytes.

        Raises CoverOpen, PaperOut, PrinterOffline or PrinterError; returns only when the
        printer confirmed the whole job.
        """
        with self._lock:
            return self._guarded(lambda link: self._run_job(link, blocks))

    # -- internals ---------------------------------------------------------------------------

    def _guarded(self, action: Callable[[PrinterLink], T]) -> T:
        link = self._connected()
        try:
            return action(link)
        except PrinterError:
            self.close()  # a fault leaves the link in an unknown state: reconnect next time
            raise

    def _connected(self) -> PrinterLink:
        if self._link is None:
            self._link = open_link(self.url, self.timeout)
        return self._link

    def _run_job(self, link: PrinterLink, blocks: list[Block]) -> int:
        raise_for_status(self._read_status(link))  # status before every job
        number = self._next_process_number()
        job = encode_job(blocks, number)
        self._process_id = make_process_id(number)
        started = time.monotonic()
        link.write(job)
        self._await_completion(link, self._process_id)
        self.last_job_bytes = len(job)
        log.info(
            "printer job of %d bytes confirmed in %.3f s", len(job), time.monotonic() - started
        )
        return len(job)

    def _next_process_number(self) -> int:
        # A fresh random id per job, so a stale answer to an earlier job never confirms this one.
        while True:
            number = secrets.randbelow(PROCESS_ID_SPACE)
            if make_process_id(number) != self._process_id:
                return number

    def _read_status(self, link: PrinterLink) -> PrinterStatus:
        replies = {
            n: self._query(link, n) for n in (codes.STATUS_PRINTER, codes.STATUS_PAPER_SENSOR)
        }
        if replies[codes.STATUS_PRINTER] & codes.PRINTER_OFFLINE_BIT:
            for n in (codes.STATUS_OFFLINE_CAUSE, codes.STATUS_ERROR_CAUSE):
                replies[n] = self._query(link, n)
        self.last_status = decode_realtime(replies)
        if self.last_status.near_end and not self.last_status.paper_end:
            log.info("printer paper is low")  # staff see it as MediaState.LOW in health()
        return self.last_status

    def _query(self, link: PrinterLink, n: int) -> int:
        """One DLE EOT n round trip: drain, ask, keep the first byte with the fixed bits."""
        stale = link.drain()
        if stale:
            log.debug("printer: discarded %d stale bytes before status request", len(stale))
        link.write(codes.REALTIME_STATUS + bytes((n,)))
        stream = ReplyStream()
        deadline = time.monotonic() + self.status_timeout
        while (remaining := deadline - time.monotonic()) > 0:
            stream.feed(link.read(min(remaining, READ_SLICE)))
            if stream.realtime:
                return stream.realtime[0]
        raise PrinterOffline(
            f"printer did not answer a status request within {self.status_timeout} s"
        )

    def _await_completion(self, link: PrinterLink, wanted: bytes) -> None:
        stream = ReplyStream()
        deadline = time.monotonic() + self.timeout
        seen_asb = 0
        while (remaining := deadline - time.monotonic()) > 0:
            stream.feed(link.read(min(remaining, READ_SLICE)))
            for status in stream.asb[seen_asb:]:
                self.last_status = status
                raise_for_status(status, offline_is_fault=False)
            seen_asb = len(stream.asb)
            if wanted in stream.completed:
                return
        # No confirmation in time: ask why, so the citizen and the audit get the real reason.
        raise_for_status(self._read_status(link))
        raise PrinterError(f"printer did not confirm the job within {self.timeout} s")
