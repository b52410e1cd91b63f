"""How a printer can confirm that a job is on paper, found by asking it (Epson ESC/POS reference).

In order of preference: ``process_id`` (``GS ( H`` fn 48: the printer answers the request's ID
once everything before it is printed), ``transmit_status`` (``GS r 1`` sent after the cut is
answered only when the printer has processed all before it; a final ``DLE EOT`` then tells
whether it printed), ``asb`` (Automatic Status Back: no error while the job runs, then a final
``DLE EOT``) and ``none`` (a printer that answers nothing cannot confirm). :func:`probe` asks
the printer its model, maker and firmware (``GS I`` 67, 66, 65) and tries each request once,
with a short deadline each, so a clone that ignores ``GS ( H`` costs one deadline, not a job.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.printer import codes
from drivers.printer.encoder import completion_request, transmit_status_request
from drivers.printer.link import PrinterLink
from drivers.printer.status import ReplyStream

PROCESS_ID = "process_id"
TRANSMIT_STATUS = "transmit_status"
ASB = "asb"
NONE = "none"
STRATEGIES = (PROCESS_ID, TRANSMIT_STATUS, ASB, NONE)
PROBE_JOB_NUMBER = 9999
READ_SLICE = 0.05
PRINTER_ID_REQUESTS = (codes.PRINTER_ID_MODEL, codes.PRINTER_ID_MAKER, codes.PRINTER_ID_FIRMWARE)
ASB_OFF = codes.ASB_ENABLE + b"\x00"


@dataclass(frozen=True)
class PrinterIdentity:
    """What the printer says it is (``GS I``); empty strings when it did not say."""

    model: str = ""
    maker: str = ""
    firmware: str = ""


@dataclass(frozen=True)
class ProbeResult:
    """The printer's identity, how it can confirm a job, and whether it sends ASB."""

    identity: PrinterIdentity
    strategy: str
    asb: bool
    answers_status: bool


def read_until(
    link: PrinterLink, stream: ReplyStream, done: Callable[[ReplyStream], bool], seconds: float
) -> bool:
    """Feed what arrives into ``stream`` until ``done`` holds or ``seconds`` pass; whether done."""
    deadline = time.monotonic() + seconds
    while not done(stream):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        stream.feed(link.read(min(remaining, READ_SLICE)))
    return True


def identify(link: PrinterLink, seconds: float) -> PrinterIdentity:
    """Ask ``GS I`` 67, 66 and 65; what came back within ``seconds``."""
    link.drain()
    link.write(b"".join(codes.PRINTER_ID + bytes((n,)) for n in PRINTER_ID_REQUESTS))
    stream = ReplyStream()
    read_until(link, stream, lambda s: len(s.printer_id) >= len(PRINTER_ID_REQUESTS), seconds)
    model, maker, firmware = [*stream.printer_id, "", "", ""][: len(PRINTER_ID_REQUESTS)]
    return PrinterIdentity(model=model.strip(), maker=maker.strip(), firmware=firmware.strip())


def answers_status(link: PrinterLink, seconds: float) -> bool:
    """Whether the printer answers ``DLE EOT 1`` within ``seconds``."""
    link.drain()
    link.write(codes.REALTIME_STATUS + bytes((codes.STATUS_PRINTER,)))
    return read_until(link, ReplyStream(), lambda s: bool(s.realtime), seconds)


def supports_process_id(link: PrinterLink, seconds: float) -> bool:
    link.drain()
    wanted = completion_request(PROBE_JOB_NUMBER)
    link.write(wanted)
    return read_until(link, ReplyStream(), lambda s: wanted[-4:] in s.completed, seconds)


def supports_transmit_status(link: PrinterLink, seconds: float) -> bool:
    link.drain()
    link.write(transmit_status_request())
    stream = ReplyStream(expect_transmit=True)
    return read_until(link, stream, lambda s: bool(s.transmit), seconds)


def supports_asb(link: PrinterLink, seconds: float) -> bool:
    """Turn ASB on: a printer that has it sends one packet at once. Left off afterwards."""
    link.drain()
    link.write(codes.ASB_ENABLE + bytes((codes.ASB_KIOSK_FLAGS,)))
    seen = read_until(link, ReplyStream(), lambda s: bool(s.asb), seconds)
    link.write(ASB_OFF)
    return seen


def probe(link: PrinterLink, seconds: float, status: bool | None = None) -> ProbeResult:
    """Identity and the best confirmation strategy; each question waits at most ``seconds``.
    ``status`` is whether the printer answered DLE EOT, when the caller already asked."""
    if status is None:
        status = answers_status(link, seconds)
    identity = identify(link, seconds) if status else PrinterIdentity()
    asb = status and supports_asb(link, seconds)
    if status and supports_process_id(link, seconds):
        strategy = PROCESS_ID
    elif status and supports_transmit_status(link, seconds):
        strategy = TRANSMIT_STATUS
    elif asb:
        strategy = ASB
    else:
        strategy = NONE
    link.drain()
    return ProbeResult(identity, strategy, asb, status)
