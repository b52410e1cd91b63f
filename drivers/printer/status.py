"""Decoding of the bytes an ESC/POS printer sends back: DLE EOT, ASB, GS ( H, GS r and GS I.

Pure code over bytes, no I/O. A reply byte is trusted only when its fixed bits match (DLE EOT
replies are ``0xx1xx10``, the first ASB byte ``0xx1xx00``), because python-escpos reads the first
byte of whatever is buffered and so mistakes stale or garbled bytes for a status.
:class:`ReplyStream` splits a byte stream into the kinds of reply and drops everything else, so
garbage in the status channel can never read as "paper OK". A ``GS r`` reply (``0xx0xxxx``) is
taken only by a stream told to expect one, since a stray NUL has the same bits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drivers.printer import codes
from kiosk.devices.health import DeviceHealth, DeviceState, MediaState

DEVICE_NAME = "printer"


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer reported, merged from DLE EOT 1..4 or one ASB packet."""

    offline: bool = False
    cover_open: bool = False
    paper_end: bool = False
    near_end: bool = False
    cutter_error: bool = False
    unrecoverable_error: bool = False
    recoverable_error: bool = False

    @property
    def hardware_error(self) -> bool:
        return self.cutter_error or self.unrecoverable_error or self.recoverable_error

    def health(self) -> DeviceHealth:
        """This status in the CUSS / XFS4IoT vocabulary of :mod:`kiosk.devices.health`."""
        media = MediaState.OUT if self.paper_end else MediaState.OK
        if self.near_end and not self.paper_end:
            media = MediaState.LOW
        if self.cutter_error:
            media = MediaState.JAMMED
        if self.hardware_error:
            return DeviceHealth(DEVICE_NAME, DeviceState.HARDWARE_ERROR, self.describe(), media)
        if self.cover_open or self.paper_end:
            return DeviceHealth(DEVICE_NAME, DeviceState.USER_ERROR, self.describe(), media)
        if self.offline:
            return DeviceHealth(DEVICE_NAME, DeviceState.OFFLINE, self.describe(), media)
        return DeviceHealth(DEVICE_NAME, DeviceState.ONLINE, self.describe(), media)

    def describe(self) -> str:
        """A short technician's summary, e.g. ``"offline, cover open"`` or ``"ready"``."""
        names = [
            ("offline", self.offline),
            ("cover open", self.cover_open),
            ("paper out", self.paper_end),
            ("paper low", self.near_end and not self.paper_end),
            ("cutter error", self.cutter_error),
            ("unrecoverable error", self.unrecoverable_error),
            ("recoverable error", self.recoverable_error),
        ]
        return ", ".join(name for name, on in names if on) or "ready"


def is_realtime_reply(byte: int) -> bool:
    """True when ``byte`` has the fixed bits ``0xx1xx10`` of a DLE EOT reply."""
    return byte & codes.REALTIME_FIXED_MASK == codes.REALTIME_FIXED_VALUE


def decode_realtime(replies: dict[int, int]) -> PrinterStatus:
    """Merge DLE EOT replies, keyed by n (1..4), into one status. Missing n count as clear."""
    printer = replies.get(codes.STATUS_PRINTER, codes.REALTIME_FIXED_VALUE)
    offline_cause = replies.get(codes.STATUS_OFFLINE_CAUSE, codes.REALTIME_FIXED_VALUE)
    error_cause = replies.get(codes.STATUS_ERROR_CAUSE, codes.REALTIME_FIXED_VALUE)
    paper = replies.get(codes.STATUS_PAPER_SENSOR, codes.REALTIME_FIXED_VALUE)
    for n, byte in replies.items():
        if not is_realtime_reply(byte):
            raise ValueError(f"DLE EOT {n} reply {byte:#04x} does not match 0xx1xx10")
    return PrinterStatus(
        offline=bool(printer & codes.PRINTER_OFFLINE_BIT),
        cover_open=bool(offline_cause & codes.COVER_OPEN_BIT),
        paper_end=bool(offline_cause & codes.PAPER_END_STOP_BIT)
        or _all_bits(paper, codes.PAPER_END_BITS),
        near_end=_all_bits(paper, codes.NEAR_END_BITS),
        cutter_error=bool(error_cause & codes.CUTTER_ERROR_BIT),
        unrecoverable_error=bool(error_cause & codes.UNRECOVERABLE_ERROR_BIT),
        recoverable_error=bool(error_cause & codes.AUTO_RECOVERABLE_ERROR_BIT),
    )


def is_asb_packet(packet: bytes) -> bool:
    """True when four bytes carry the fixed bits of an Automatic Status Back packet."""
    if len(packet) != codes.ASB_LENGTH:
        return False
    if packet[0] & codes.ASB_FIRST_FIXED_MASK != codes.ASB_FIRST_FIXED_VALUE:
        return False
    return all(b & codes.ASB_OTHER_FIXED_MASK == codes.ASB_OTHER_FIXED_VALUE for b in packet[1:])


def decode_asb(packet: bytes) -> PrinterStatus:
    """Decode a 4-byte ASB packet. Raises ValueError when its fixed bits are wrong."""
    if not is_asb_packet(packet):
        raise ValueError(f"not an ASB packet: {packet.hex(' ')}")
    first, errors, paper = packet[0], packet[1], packet[2]
    return PrinterStatus(
        offline=bool(first & codes.ASB_OFFLINE_BIT),
        cover_open=bool(first & codes.ASB_COVER_OPEN_BIT),
        paper_end=_all_bits(paper, codes.ASB_PAPER_END_BITS),
        near_end=_all_bits(paper, codes.ASB_NEAR_END_BITS),
        cutter_error=bool(errors & codes.ASB_CUTTER_ERROR_BIT),
        unrecoverable_error=bool(errors & codes.ASB_UNRECOVERABLE_BIT),
        recoverable_error=bool(errors & codes.ASB_AUTO_RECOVERABLE_BIT),
    )


def decode_transmit(byte: int) -> PrinterStatus:
    """The paper sensor byte of ``GS r 1`` (near-end bits 0-1, end bits 2-3)."""
    return PrinterStatus(
        paper_end=_all_bits(byte, codes.TRANSMIT_PAPER_END_BITS),
        near_end=_all_bits(byte, codes.TRANSMIT_NEAR_END_BITS),
    )


def process_id(number: int) -> bytes:
    """The 4 ASCII digits (30h..39h) of a print-completed request for job ``number``."""
    return f"{number % 10_000:04d}".encode("ascii")


@dataclass
class ReplyStream:
    """Splits received bytes into DLE EOT replies, ASB packets and process ID responses.

    Feed it whatever arrived; read the three lists; bytes that fit none are counted in
    ``dropped`` and otherwise ignored. A partial ASB packet or process ID response at the end
    of one chunk is kept until the next.
    """

    expect_transmit: bool = False
    realtime: list[int] = field(default_factory=list)
    asb: list[PrinterStatus] = field(default_factory=list)
    completed: list[bytes] = field(default_factory=list)
    transmit: list[PrinterStatus] = field(default_factory=list)
    printer_id: list[str] = field(default_factory=list)
    dropped: int = 0
    _pending: bytearray = field(default_factory=bytearray)

    def feed(self, data: bytes) -> None:
        self._pending += data
        while self._pending:
            consumed = self._take_one()
            if consumed == 0:
                return  # wait for more bytes
            del self._pending[:consumed]

    def _take_one(self) -> int:
        buffer = self._pending
        first = buffer[0]
        if is_realtime_reply(first):
            self.realtime.append(first)
            return 1
        if first & codes.ASB_FIRST_FIXED_MASK == codes.ASB_FIRST_FIXED_VALUE:
            if len(buffer) < codes.ASB_LENGTH:
                return 0
            packet = bytes(buffer[: codes.ASB_LENGTH])
            if is_asb_packet(packet):
                self.asb.append(decode_asb(packet))
                return codes.ASB_LENGTH
        if first == codes.PROCESS_ID_HEADER[0]:
            size = codes.PROCESS_ID_RESPONSE_LENGTH
            if len(buffer) < size and bytes(buffer[:2]) in (codes.PROCESS_ID_HEADER, b"\x37"):
                return 0
            response = bytes(buffer[:size])
            if _is_process_id_response(response):
                self.completed.append(response[2:6])
                return size
        if first == codes.PRINTER_ID_HEADER:
            end = buffer.find(codes.NUL)
            if end < 0:
                return 0 if len(buffer) <= codes.PRINTER_ID_MAX_TEXT else self._drop()
            self.printer_id.append(bytes(buffer[1:end]).decode("ascii", errors="replace"))
            return end + 1
        if self.expect_transmit and first & codes.TRANSMIT_FIXED_MASK == codes.TRANSMIT_FIXED_VALUE:
            self.transmit.append(decode_transmit(first))
            return 1
        return self._drop()

    def _drop(self) -> int:
        self.dropped += 1
        return 1


def _is_process_id_response(response: bytes) -> bool:
    return (
        len(response) == codes.PROCESS_ID_RESPONSE_LENGTH
        and response.startswith(codes.PROCESS_ID_HEADER)
        and response[-1:] == codes.NUL
        and all(
            codes.PROCESS_ID_DIGIT_LOW <= b <= codes.PROCESS_ID_DIGIT_HIGH for b in response[2:6]
        )
    )


def _all_bits(value: int, bits: int) -> bool:
    return value & bits == bits
