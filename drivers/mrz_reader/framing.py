"""Reassembly of MRZ documents from the byte stream of a serial OCR reader, with no I/O.

Access-IS / Thales class readers send each MRZ line of a document as ASCII text ended by CR, LF or
CR LF, sometimes with the whole document wrapped in STX ... ETX. Bytes arrive in arbitrary pieces,
so :class:`MrzFrameAssembler` is a byte-at-a-time state machine: the same stream yields the same
events however it is chunked. A document is complete when its lines fill an ICAO 9303 shape
(3 x 30 for TD1, 2 x 36 for TD2/MRV-B, 2 x 44 for TD3/MRV-A) or, inside STX/ETX, at ETX.
Short noise lines between documents (reader banners, line noise) are skipped and counted; a
document cut short (ETX, a new STX, a line out of place, or the line going quiet) or with a
garbled line becomes a :class:`FramingFault`. Nothing here raises: the driver turns faults
into ReadError.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.errors import ReadError

STX = 0x02
ETX = 0x03
CR = 0x0D
LF = 0x0A
MRZ_CHARSET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
# ICAO 9303 shapes: line length -> number of lines in the document.
LINES_PER_DOCUMENT: dict[int, int] = {30: 3, 36: 2, 44: 2}
# A line longer than this is not MRZ; stop buffering it (a stuck or noisy line never grows memory).
MAX_LINE_BYTES = 128
# A line at least this long and mostly MRZ characters was meant as MRZ: garbled, not noise.
MIN_MRZ_LIKE_LENGTH = 20
MRZ_LIKE_RATIO = 0.8
# First character of a document's first line (A, C, I: ID cards; P: passport; V: visa).
DOCUMENT_CODES = frozenset("ACIPV")


@dataclass(frozen=True)
class FramedDocument:
    """The MRZ lines of one document, and whether it came wrapped in STX/ETX."""

    lines: tuple[str, ...]
    framed: bool = False


@dataclass(frozen=True)
class FramingFault:
    """A torn or garbled document; ``reason`` is a sentence for the log and the technician."""

    reason: str

    def to_error(self) -> ReadError:
        return ReadError(self.reason)


FramingEvent = FramedDocument | FramingFault


def is_mrz_line(line: str) -> bool:
    """Whether ``line`` is a complete MRZ line: only [A-Z0-9<], 30, 36 or 44 characters."""
    return len(line) in LINES_PER_DOCUMENT and set(line) <= MRZ_CHARSET


def looks_like_mrz(line: str) -> bool:
    """Whether ``line`` was probably meant as an MRZ line (so it is garbled, not noise)."""
    if len(line) < MIN_MRZ_LIKE_LENGTH or "<" not in line:
        return False
    return sum(char in MRZ_CHARSET for char in line) >= MRZ_LIKE_RATIO * len(line)


class MrzFrameAssembler:
    """Feed bytes in any pieces; get back complete documents and faults in stream order."""

    def __init__(self) -> None:
        self._line = bytearray()
        self._line_overflow = False
        self._after_cr = False
        self._in_frame = False
        self._spoiled = ""  # why the open STX frame is already lost; reported at its end
        self._lines: list[str] = []
        self._events: list[FramingEvent] = []
        self.noise_lines = 0

    @property
    def pending(self) -> bool:
        """Whether a document (or a line of one) has started and not yet ended."""
        return bool(self._lines or self._line or self._line_overflow or self._in_frame)

    def feed(self, data: bytes) -> list[FramingEvent]:
        """Consume ``data`` and return the events it completed (possibly none)."""
        for byte in data:
            self._feed_byte(byte)
        return self._take()

    def flush(self) -> list[FramingEvent]:
        """The stream went quiet or ended: finish the open line; a partial document is a fault."""
        self._after_cr = False
        self._end_open_line()
        if self._in_frame:
            self._in_frame = False
            self._lines = []
            self._fault(self._spoiled or "torn document: the reader went quiet before the ETX")
            self._spoiled = ""
        elif self._lines:
            self._lines = []
            self._fault("torn document: the reader went quiet in the middle of a document")
        return self._take()

    def _take(self) -> list[FramingEvent]:
        events, self._events = self._events, []
        return events

    def _fault(self, reason: str) -> None:
        self._events.append(FramingFault(reason))

    def _feed_byte(self, byte: int) -> None:
        after_cr, self._after_cr = self._after_cr, False
        if byte == LF and after_cr:
            return  # the LF of a CR LF pair
        if byte in (CR, LF):
            self._after_cr = byte == CR
            self._end_line()
        elif byte == STX:
            self._start_frame()
        elif byte == ETX:
            self._end_frame()
        elif self._line_overflow:
            return
        elif len(self._line) >= MAX_LINE_BYTES:
            self._line_overflow = True
            self._line.clear()
        else:
            self._line.append(byte)

    def _end_open_line(self) -> None:
        if self._line or self._line_overflow:
            self._end_line()

    def _start_frame(self) -> None:
        self._end_open_line()
        if self._in_frame:
            self._fault("torn document: a new document (STX) began before the last one ended")
        elif self._lines:
            self._fault("torn document: a framed document (STX) began in the middle of another")
        self._lines = []
        self._in_frame = True
        self._spoiled = ""

    def _end_frame(self) -> None:
        self._end_open_line()
        if not self._in_frame:
            if self._lines:
                self._lines = []
                self._fault("torn document: the document ended (ETX) before all its lines")
            else:
                self.noise_lines += 1
            return
        self._in_frame = False
        lines, self._lines = tuple(self._lines), []
        spoiled, self._spoiled = self._spoiled, ""
        if spoiled:
            self._fault(spoiled)
        elif not lines:
            self._fault("torn document: STX and ETX with no MRZ lines between them")
        elif len(lines) != LINES_PER_DOCUMENT[len(lines[0])]:
            self._fault(
                f"torn document: {len(lines)} line(s) of {len(lines[0])} characters "
                "do not make an ICAO 9303 document"
            )
        else:
            self._events.append(FramedDocument(lines, framed=True))

    def _end_line(self) -> None:
        raw, overflow = bytes(self._line), self._line_overflow
        self._line.clear()
        self._line_overflow = False
        text = raw.decode("latin-1").strip(" \t")
        if overflow:
            self._bad_line(f"a line longer than {MAX_LINE_BYTES} bytes", mrz_like=False)
        elif not text:
            return  # readers differ in line endings (LF CR, CR CR LF): blank lines carry nothing
        elif is_mrz_line(text):
            self._add_line(text)
        else:
            self._bad_line(_describe_bad_line(text), mrz_like=looks_like_mrz(text))

    def _add_line(self, line: str) -> None:
        if self._spoiled:
            return
        if self._lines and len(line) != len(self._lines[0]):
            reason = (
                f"garbled document: a line of {len(line)} characters after "
                f"{len(self._lines[0])}-character lines"
            )
            self._lines = []
            if self._in_frame:
                self._spoiled = reason
                return
            self._fault(reason)
        if not self._lines and line[0] not in DOCUMENT_CODES:
            self._spoil_or_fault("torn document: a later MRZ line arrived without the first line")
            return
        self._lines.append(line)
        expected = LINES_PER_DOCUMENT[len(line)]
        if self._in_frame:
            if len(self._lines) > expected:
                self._spoil_or_fault(f"garbled document: more than {expected} lines in one frame")
        elif len(self._lines) == expected:
            self._events.append(FramedDocument(tuple(self._lines), framed=False))
            self._lines = []

    def _bad_line(self, description: str, *, mrz_like: bool) -> None:
        if self._in_frame or self._lines or mrz_like:
            self._spoil_or_fault(f"garbled document: {description}")
        else:
            self.noise_lines += 1

    def _spoil_or_fault(self, reason: str) -> None:
        self._lines = []
        if self._in_frame:
            self._spoiled = self._spoiled or reason
        else:
            self._fault(reason)


def _describe_bad_line(text: str) -> str:
    bad = sorted({char for char in text if char not in MRZ_CHARSET})
    if bad:
        shown = ", ".join(repr(char) for char in bad[:5])
        return f"a line of {len(text)} characters with characters an MRZ cannot hold ({shown})"
    return f"a line of {len(text)} characters (an MRZ line has 30, 36 or 44)"


def reassemble(stream: bytes) -> list[FramingEvent]:
    """Every event of a whole stream, as if it arrived at once and then went quiet."""
    assembler = MrzFrameAssembler()
    return assembler.feed(stream) + assembler.flush()
