"""The command interpreter of the simulated ESC/POS printer: bytes in, paper and replies out.

Incremental: :meth:`EscposInterpreter.feed` takes any slice of the stream and keeps an
incomplete command until the rest arrives. It understands what the kiosk and python-escpos send
(ESC @, ESC t, ESC E/-/M/a/!, GS !, GS B, ESC 2/3, ESC d/J, LF, CR, HT, GS V, GS a, GS ( H,
GS r, GS I, DLE EOT, DLE ENQ) and skips raster images, 2D codes and unknown commands by their
length. ESC t n picks from the simulated profile's code page table (``code_pages``).
Real-time commands (DLE) are answered by the device on receipt, so here they are skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from drivers.printer import codes
from drivers.sim.printer.escpos_paper import Page, Paper, TextStyle

PRINTABLE_FROM = 0x20
TAB_COLUMNS = 8
RASTER_HEADER = 8  # GS v 0 m xL xH yL yH
MAX_SIZE_MULTIPLIER = 8
NIBBLE = 4
LOW_NIBBLE = 0x0F
IMAGE_PLACEHOLDER = "[image]"
QR_PLACEHOLDER = "[2D code]"
QR_PRINT_FUNCTION = 81
# ESC / GS commands with a fixed number of parameter bytes, so unknown ones are skipped whole.
ESC_PARAMETERS = {b"E": 1, b"-": 1, b"M": 1, b"a": 1, b"!": 1, b"3": 1, b"d": 1, b"J": 1,
                  b"t": 1, b"2": 0, b"@": 0, b"G": 1, b"V": 1, b"{": 1, b"p": 3, b"c": 2,
                  b"=": 1, b"R": 1, b" ": 1, b"e": 1, b"r": 1, b"B": 2, b"D": 0}  # fmt: skip
GS_PARAMETERS = {b"!": 1, b"B": 1, b"a": 1, b"r": 1, b"H": 1, b"f": 1, b"h": 1, b"w": 1,
                 b"L": 2, b"W": 2, b"b": 1, b"|": 1, b"I": 1}  # fmt: skip
DLE_PARAMETERS = {b"\x04": 1, b"\x05": 1, b"\x14": 3}


@dataclass
class EscposInterpreter:
    """Turns the byte stream into pages; calls back for cuts and status requests."""

    on_page: Callable[[Page], None] = lambda page: None
    on_process_id: Callable[[bytes], None] = lambda ident: None
    on_asb: Callable[[int], None] = lambda flags: None
    on_transmit_status: Callable[[int], None] = lambda n: None
    on_printer_id: Callable[[int], None] = lambda n: None
    paper: Paper = field(default_factory=Paper)
    code_pages: dict[int, str] = field(default_factory=lambda: {codes.CODE_PAGE_PC437: "cp437"})
    codec: str = "cp437"
    raster_lines: int = 0
    cutter: bool = True
    ignored_cuts: int = 0
    bytes_on_page: int = 0
    unknown_commands: int = 0
    _buffer: bytearray = field(default_factory=bytearray)

    def feed(self, data: bytes) -> None:
        self._buffer += data
        while self._buffer:
            used = self._step(bytes(self._buffer[:2]), self._buffer)
            if used == 0:
                return
            self.bytes_on_page += used
            del self._buffer[:used]

    def tear_off(self) -> Page:
        """No cutter: the citizen tears the printed page off at the tear bar."""
        page = self.paper.cut(self.bytes_on_page)
        self.bytes_on_page = 0
        return page

    def tear(self) -> Page:
        """Paper out: finish the page being printed as torn and forget unprocessed bytes."""
        self._buffer.clear()
        page = self.paper.tear(self.bytes_on_page)
        self.bytes_on_page = 0
        return page

    def _step(self, head: bytes, buffer: bytearray) -> int:
        first = buffer[0]
        if first >= PRINTABLE_FROM:
            end = 1
            while end < len(buffer) and buffer[end] >= PRINTABLE_FROM:
                end += 1
            self.paper.put(bytes(buffer[:end]).decode(self.codec, errors="replace"))
            return end
        if head[:1] == codes.LF:
            self.paper.newline()
            return 1
        if head[:1] == codes.CR:
            return 1
        if head[:1] == codes.HT:
            filled = len("".join(run.text for run in self.paper.line.runs))
            self.paper.put(" " * (TAB_COLUMNS - filled % TAB_COLUMNS))
            return 1
        if head[:1] == codes.ESC:
            return self._esc(buffer)
        if head[:1] == codes.GS:
            return self._gs(buffer)
        if head[:1] == codes.DLE:
            return self._fixed(buffer, DLE_PARAMETERS)
        self.unknown_commands += 1
        return 1

    def _fixed(self, buffer: bytearray, table: dict[bytes, int]) -> int:
        if len(buffer) < 2:
            return 0
        size = table.get(bytes(buffer[1:2]))
        if size is None:
            self.unknown_commands += 1
            return 2
        return 2 + size if len(buffer) >= 2 + size else 0

    def _esc(self, buffer: bytearray) -> int:
        used = self._fixed(buffer, ESC_PARAMETERS)
        if used == 0 or bytes(buffer[1:2]) not in ESC_PARAMETERS:
            return used
        command, value = bytes(buffer[1:2]), buffer[2] if used > 2 else 0
        paper = self.paper
        if command == b"@":
            paper.reset_modes()
            self.codec = self.code_pages.get(codes.CODE_PAGE_PC437, "cp437")
        elif command == b"t":
            self.codec = self.code_pages.get(value, self.codec)
        elif command == b"E":
            paper.style = _with(paper.style, bold=bool(value & 1))
        elif command == b"-":
            paper.style = _with(paper.style, underline=bool(value & 3))
        elif command == b"M":
            paper.style = _with(paper.style, font=value & 1)
        elif command == b"a":
            paper.align = value % 48 if value >= 48 else value
        elif command == b"!":
            paper.style = TextStyle(
                font=value & codes.PRINT_MODE_FONT_B,
                bold=bool(value & codes.PRINT_MODE_BOLD),
                underline=bool(value & codes.PRINT_MODE_UNDERLINE),
                width=2 if value & codes.PRINT_MODE_DOUBLE_WIDTH else 1,
                height=2 if value & codes.PRINT_MODE_DOUBLE_HEIGHT else 1,
            )
        elif command == b"2":
            paper.spacing = codes.DEFAULT_LINE_SPACING_DOTS
        elif command == b"3":
            paper.spacing = value
        elif command == b"d":
            for _ in range(max(value, 1 if paper.line.runs else 0)):
                paper.newline()
        elif command == b"J":
            paper.feed_dots(value)
        return used

    def _gs(self, buffer: bytearray) -> int:
        if len(buffer) < 2:
            return 0
        command = bytes(buffer[1:2])
        if command == b"V":
            return self._cut(buffer)
        if command == b"(":
            return self._function(buffer)
        if bytes(buffer[:3]) == codes.RASTER_IMAGE:
            return self._raster(buffer)
        used = self._fixed(buffer, GS_PARAMETERS)
        if used == 0 or command not in GS_PARAMETERS:
            return used
        value = buffer[2]
        if command == b"!":
            width = min((value >> NIBBLE) + 1, MAX_SIZE_MULTIPLIER)
            height = min((value & LOW_NIBBLE) + 1, MAX_SIZE_MULTIPLIER)
            self.paper.style = _with(self.paper.style, width=width, height=height)
        elif command == b"a":
            self.on_asb(value)
        elif command == b"r":
            self.on_transmit_status(value)
        elif command == b"I":
            self.on_printer_id(value)
        return used

    def _cut(self, buffer: bytearray) -> int:
        if len(buffer) < 3:
            return 0
        mode = buffer[2]
        size = 4 if mode in (codes.CUT_FEED_FULL, codes.CUT_FEED_PARTIAL) else 3
        if len(buffer) < size:
            return 0
        if size == 4:
            self.paper.feed_dots(buffer[3])
        if not self.cutter:
            self.ignored_cuts += 1
            return size
        self.on_page(self.paper.cut(self.bytes_on_page + size))
        self.bytes_on_page = -size  # feed() adds the cut's own bytes back after this step
        return size

    def _function(self, buffer: bytearray) -> int:
        """GS ( fn pL pH data: print-completed requests (H) and 2D codes (k); others skipped."""
        if len(buffer) < 5:
            return 0
        size = 5 + buffer[3] + (buffer[4] << 8)
        if len(buffer) < size:
            return 0
        block, data = bytes(buffer[2:3]), bytes(buffer[5:size])
        if block == codes.PAREN_RESPONSE and data[:2] == bytes((codes.PROCESS_ID_FUNCTION,) * 2):
            self.on_process_id(data[2:6])
        elif block == codes.PAREN_2D_CODE and len(data) > 1 and data[1] == QR_PRINT_FUNCTION:
            self.paper.put(QR_PLACEHOLDER)
            self.paper.newline()
        return size

    def _raster(self, buffer: bytearray) -> int:
        if len(buffer) < RASTER_HEADER:
            return 0
        width_bytes = buffer[4] + (buffer[5] << 8)
        rows = buffer[6] + (buffer[7] << 8)
        size = RASTER_HEADER + width_bytes * rows
        if len(buffer) < size:
            return 0
        self.raster_lines += 1
        self.paper.put(IMAGE_PLACEHOLDER)
        self.paper.newline()
        return size


def _with(style: TextStyle, **changes: object) -> TextStyle:
    values = {**style.__dict__, **changes}
    return TextStyle(**values)  # type: ignore[arg-type]
