"""``EscposReceiptPrinter``: the kiosk's ReceiptPrinter port over any ESC/POS printer.

The printer has a profile (:mod:`drivers.printer.profile`: columns, dots, code pages, cutter),
given in the config or found by asking the printer (``GS I``) on first use, with ``default``
when it does not say. On first use it is also probed for how it can confirm a job
(:mod:`drivers.printer.confirmation`). Every job is framed the same way: real-time status
(``DLE EOT`` 1 and 4, and 2 and 3 when offline) before it, then the job with the confirmation
request that printer answers, and the method returns only when the printer confirmed it. A
paper-out, cover-open or cutter error while the job runs, or no answer in time, raises, so the
issuance transaction voids a credential that did not reach paper whole (R12). A printer that
answers nothing cannot confirm: credential jobs are refused (``unconfirmed="refuse"``), or
printed and confirmed by the citizen through ``ask_citizen`` (``"ask"``).
"""

from __future__ import annotations

import dataclasses
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
from drivers.printer.confirmation import (
    NONE,
    PROCESS_ID,
    TRANSMIT_STATUS,
    PrinterIdentity,
    ProbeResult,
    answers_status,
    probe,
    read_until,
)
from drivers.printer.document import Block
from drivers.printer.encoder import completion_request, encode_job, transmit_status_request
from drivers.printer.link import DEFAULT_BAUD, PRINTER_SCHEMES, PrinterLink, open_link
from drivers.printer.metrics import printing_seconds
from drivers.printer.profile import PrinterProfile, load_profile, profile_for_model
from drivers.printer.status import DEVICE_NAME, PrinterStatus, ReplyStream, decode_realtime
from drivers.printer.status import process_id as make_process_id
from drivers.urls import DeviceUrl, parse_device_url
from kiosk.devices.health import DeviceHealth, DeviceState, MediaState
from kiosk.devices.printouts import CodeCard, PasswordSlip, PostalReceipt, RulesLeaflet
from kiosk.errors import ConfigError, CoverOpen, PaperOut, PrinterError, PrinterOffline

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_JOB_TIMEOUT = 10.0  # seconds from the last byte sent to the printer's confirmation
DEFAULT_STATUS_TIMEOUT = 1.0  # seconds to wait for one DLE EOT reply
MAX_PROBE_SECONDS = 0.5  # each probe question; a clone costs a few of these once per link
ASB_SETTLE_SECONDS = 0.5  # ASB strategy: quiet time after the estimated printing time
READ_SLICE = 0.1
PROCESS_ID_SPACE = 10_000
UNCONFIRMED_REFUSE = "refuse"
UNCONFIRMED_ASK = "ask"


class PrinterUnconfirmed(PrinterOffline):
    """The printer answers nothing, so it cannot confirm a job: no credential is printed on it.

    Its code stays ``printer_offline``: to the citizen and the audit it is a printer that does
    not answer, and the journey offers the post (R4) as for any printer that is out.
    """


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

    URL parameters ``timeout`` (job confirmation, s), ``status_timeout`` (one status reply, s)
    and ``profile`` override the constructor's. ``profile=""`` asks the printer. The link opens
    on :meth:`open` or the first job and is dropped after any fault, so the next job reconnects
    (and probes again).
    """

    def __init__(
        self,
        url: str | DeviceUrl,
        *,
        timeout: float = DEFAULT_JOB_TIMEOUT,
        status_timeout: float = DEFAULT_STATUS_TIMEOUT,
        profile: str = "",
        unconfirmed: str = UNCONFIRMED_REFUSE,
        ask_citizen: Callable[[], bool] | None = None,
    ) -> None:
        self.url = url if isinstance(url, DeviceUrl) else parse_device_url(url)
        if self.url.scheme not in PRINTER_SCHEMES:
            raise ConfigError(f"{self.url}: a printer URL must be tcp://, serial:// or usb://")
        if unconfirmed not in (UNCONFIRMED_REFUSE, UNCONFIRMED_ASK):
            raise ConfigError(f"unconfirmed must be 'refuse' or 'ask', not {unconfirmed!r}")
        self.timeout = self.url.float_param("timeout", timeout)
        self.status_timeout = self.url.float_param("status_timeout", status_timeout)
        self.configured_profile = self.url.param("profile", profile)
        self._profile = load_profile(self.configured_profile) if self.configured_profile else None
        self.unconfirmed = unconfirmed
        self.ask_citizen = ask_citizen
        self.last_job_bytes = 0
        self.last_status = PrinterStatus()
        self.last_confirmation_seconds = 0.0
        self.probed: ProbeResult | None = None
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
            self.probed = None
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
        """Status as DeviceHealth, its detail naming the profile, model, firmware and
        confirmation strategy (what the technician page shows); never raises (no answer reads
        as offline)."""
        try:
            status = self.status()
            health = status.health()
            with self._lock:
                probed = self._guarded(self._probed) if health.usable else self.probed
        except PrinterError as exc:
            return DeviceHealth(DEVICE_NAME, DeviceState.OFFLINE, str(exc), MediaState.UNKNOWN)
        if probed is None:
            return health
        identity = probed.identity
        about = (
            f"; profile {self._profile.name if self._profile else '?'}, "
            f"model {identity.model or '?'}, firmware {identity.firmware or '?'}, "
            f"confirmation {probed.strategy}"
        )
        return dataclasses.replace(health, detail=health.detail + about)

    def status(self) -> PrinterStatus:
        """DLE EOT 1 and 4, and 2 and 3 when offline. Raises PrinterOffline on no answer."""
        with self._lock:
            return self._guarded(self._read_status)

    @property
    def profile(self) -> PrinterProfile:
        """The configured profile, else the one the printer named, else ``default``."""
        with self._lock:
            if self._profile is None:
                self._guarded(self._probed)
            return self._profile or load_profile()

    @property
    def strategy(self) -> str:
        """How this printer confirms jobs: process_id, transmit_status, asb or none."""
        with self._lock:
            return self._guarded(self._probed).strategy

    @property
    def identity(self) -> PrinterIdentity:
        with self._lock:
            return self._guarded(self._probed).identity

    def print_password_slip(self, slip: PasswordSlip) -> None:
        profile = self.profile
        self.print_blocks(layouts.password_slip(slip, profile), slip.language, credential=True)

    def print_code_card(self, card: CodeCard) -> None:
        self.print_blocks(code_card(card, self.profile), card.language, credential=True)

    def print_postal_receipt(self, receipt: PostalReceipt) -> None:
        self.print_blocks(layouts.postal_receipt(receipt, self.profile), receipt.language)

    def print_rules_leaflet(self, leaflet: RulesLeaflet) -> None:
        self.print_blocks(layouts.rules_leaflet(leaflet, self.profile), leaflet.language)

    def print_test_page(self, language: str = "da") -> None:
        page = layouts.technician_test_page(
            language, datetime.now(UTC), self.profile, str(self.url)
        )
        self.print_blocks(page, language)

    def print_blocks(
        self, blocks: list[Block], language: str = "da", *, credential: bool = False
    ) -> int:
        """Check status, send the job, wait for it to be on paper; the job's size in bytes.

        Raises CoverOpen, PaperOut, PrinterOffline or PrinterError; returns only when the
        printer confirmed the whole job. A ``credential`` job on a printer that cannot confirm
        raises PrinterUnconfirmed (or is put to the citizen with ``unconfirmed="ask"``).
        """
        with self._lock:
            return self._guarded(lambda link: self._run_job(link, blocks, language, credential))

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
            self.probed = None
        return self._link

    def _probed(self, link: PrinterLink) -> ProbeResult:
        if self.probed is None:
            seconds = min(self.status_timeout, MAX_PROBE_SECONDS)
            status = answers_status(link, seconds)
            if status:  # a printer with its cover open or out of paper answers no probe
                raise_for_status(self._read_status(link))
            self.probed = probe(link, seconds, status)
            if self._profile is None:
                self._profile = profile_for_model(self.probed.identity.model) or load_profile()
            log.info(
                "printer %r (%s) confirms jobs by %s",
                self.probed.identity.model,
                self._profile.name,
                self.probed.strategy,
            )
        return self.probed

    def _run_job(
        self, link: PrinterLink, blocks: list[Block], language: str, credential: bool
    ) -> int:
        probed = self._probed(link)
        profile = self._profile or load_profile()
        if probed.strategy == NONE:
            return self._run_unconfirmed(link, blocks, language, credential, profile)
        raise_for_status(self._read_status(link))  # status before every job
        trailer = b""
        if probed.strategy == PROCESS_ID:
            number = self._next_process_number()
            self._process_id = make_process_id(number)
            trailer = completion_request(number)
        elif probed.strategy == TRANSMIT_STATUS:
            trailer = transmit_status_request()
        job = encode_job(blocks, profile, language, asb=probed.asb, trailer=trailer)
        link.drain()
        link.write(job)
        started = time.monotonic()
        if probed.strategy == PROCESS_ID:
            self._await_completion(link, self._process_id)
        elif probed.strategy == TRANSMIT_STATUS:
            self._await_transmit_status(link)
        else:
            baud = self.url.int_param("baud", DEFAULT_BAUD) if self.url.scheme == "serial" else 0
            self._await_asb_quiet(link, printing_seconds(len(job), blocks, profile, baud))
        self.last_confirmation_seconds = time.monotonic() - started
        self.last_job_bytes = len(job)
        log.info(
            "printer job of %d bytes confirmed by %s in %.3f s",
            len(job),
            probed.strategy,
            self.last_confirmation_seconds,
        )
        return len(job)

    def _run_unconfirmed(
        self,
        link: PrinterLink,
        blocks: list[Block],
        language: str,
        credential: bool,
        profile: PrinterProfile,
    ) -> int:
        """A printer that answers nothing: no credential unless the citizen confirms it."""
        if credential and (self.unconfirmed == UNCONFIRMED_REFUSE or self.ask_citizen is None):
            raise PrinterUnconfirmed(
                "printer did not answer a status request, so it cannot confirm a credential job"
            )
        job = encode_job(blocks, profile, language, asb=False)
        link.write(job)
        self.last_job_bytes = len(job)
        if credential and self.ask_citizen is not None and not self.ask_citizen():
            raise PrinterError("the citizen did not get both papers from the printer")
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
        self._no_confirmation(link)

    def _await_transmit_status(self, link: PrinterLink) -> None:
        """GS r 1 after the cut is answered once the job is processed; then DLE EOT says how."""
        stream = ReplyStream(expect_transmit=True)
        if not read_until(link, stream, lambda s: bool(s.transmit or s.asb), self.timeout):
            self._no_confirmation(link)
        for status in [*stream.asb, *stream.transmit]:
            raise_for_status(status, offline_is_fault=False)
        raise_for_status(self._read_status(link))

    def _await_asb_quiet(self, link: PrinterLink, printing_seconds: float) -> None:
        """ASB: no error packet while the job can still be printing, then a final DLE EOT."""
        stream = ReplyStream()
        quiet = min(self.timeout, printing_seconds + ASB_SETTLE_SECONDS)
        read_until(link, stream, lambda s: any(p.hardware_error or p.paper_end or p.cover_open
                                               for p in s.asb), quiet)  # fmt: skip
        for status in stream.asb:
            raise_for_status(status, offline_is_fault=False)
        raise_for_status(self._read_status(link))

    def _no_confirmation(self, link: PrinterLink) -> None:
        """No confirmation in time: ask why, so the citizen and the audit get the real reason."""
        raise_for_status(self._read_status(link))
        raise PrinterError(f"printer did not confirm the job within {self.timeout} s")
