"""The faults the simulated ESC/POS printer can be told to have, and the status bytes they give.

:class:`PrinterFaults` is the device's state as the status channel sees it; the functions below
encode it as the DLE EOT n = 1..4 replies, the 4-byte ASB packet and the GS r 1 reply of an
Epson TM-class printer. ``FAULT_NAMES`` are the names the control channel accepts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from drivers.printer import codes

GARBAGE = b"\xff\x00\x7f\x80\x41"  # none of these has the fixed bits of a status reply
CORRUPT_STATUS = 0xFF  # fails 0xx1xx10: what a line-noise "reply" looks like
TRANSMIT_NEAR_END = 0x03
TRANSMIT_PAPER_END = 0x0C


@dataclass
class PrinterFaults:
    near_end: bool = False  # paper near-end sensor
    paper_end: bool = False  # no paper
    paper_out_after: int | None = None  # paper runs out after this many more bytes
    cover_open: bool = False
    offline: bool = False  # refuses connections, like a printer switched off
    no_answer: bool = False  # takes bytes and never answers or prints, like a hung printer
    garbage: bool = False  # noise before every status reply
    corrupt_status: bool = False  # status replies with wrong fixed bits
    asb: bool = True  # whether the printer supports ASB at all
    cutter_error: bool = False

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def stopped(self) -> bool:
        """The print engine cannot print: offline by paper end, cover or error."""
        return self.paper_end or self.cover_open or self.cutter_error


FAULT_NAMES = tuple(PrinterFaults.__dataclass_fields__)


def realtime_reply(faults: PrinterFaults, n: int) -> int:
    """The byte a TM-class printer sends for DLE EOT ``n``."""
    if faults.corrupt_status:
        return CORRUPT_STATUS
    value = codes.REALTIME_FIXED_VALUE
    if n == codes.STATUS_PRINTER and faults.stopped:
        value |= codes.PRINTER_OFFLINE_BIT
    elif n == codes.STATUS_OFFLINE_CAUSE:
        value |= codes.COVER_OPEN_BIT if faults.cover_open else 0
        value |= codes.PAPER_END_STOP_BIT if faults.paper_end else 0
        value |= codes.ERROR_OCCURRED_BIT if faults.cutter_error else 0
    elif n == codes.STATUS_ERROR_CAUSE:
        value |= codes.CUTTER_ERROR_BIT if faults.cutter_error else 0
    elif n == codes.STATUS_PAPER_SENSOR:
        value |= codes.NEAR_END_BITS if faults.near_end or faults.paper_end else 0
        value |= codes.PAPER_END_BITS if faults.paper_end else 0
    return value


def asb_packet(faults: PrinterFaults) -> bytes:
    """The 4-byte Automatic Status Back packet for the current state."""
    first = codes.ASB_FIRST_FIXED_VALUE
    first |= codes.ASB_OFFLINE_BIT if faults.stopped else 0
    first |= codes.ASB_COVER_OPEN_BIT if faults.cover_open else 0
    errors = codes.ASB_CUTTER_ERROR_BIT if faults.cutter_error else 0
    paper = codes.ASB_NEAR_END_BITS if faults.near_end or faults.paper_end else 0
    paper |= codes.ASB_PAPER_END_BITS if faults.paper_end else 0
    return bytes((first, errors, paper, codes.ASB_OTHER_FIXED_VALUE))


def transmit_status_reply(faults: PrinterFaults) -> int:
    """GS r 1: the paper sensor byte (0xx0xxxx)."""
    value = TRANSMIT_NEAR_END if faults.near_end or faults.paper_end else 0
    return value | (TRANSMIT_PAPER_END if faults.paper_end else 0)
