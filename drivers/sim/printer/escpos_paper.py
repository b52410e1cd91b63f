"""The paper inside the simulated ESC/POS printer: printed lines of styled runs, pages at cuts.

A page is what lies between two cuts, or between a cut and the point where the paper ran out
(``torn``). Lines wrap at the columns of the simulated printer's profile (:class:`PaperGeometry`:
its dot width and the columns of each font), like the real printer, so a layout that is too
wide shows up wrapped in the text and the PNG. :meth:`Page.text` gives the page as plain text,
aligned as printed, with a torn page ending in :data:`TORN_MARK`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drivers.printer import codes

TORN_MARK = "~~~~~~~~~~ paper ran out here: page torn ~~~~~~~~~~"


@dataclass(frozen=True)
class PaperGeometry:
    """The printable width in dots and the columns of each font (0 = A, 1 = B)."""

    dots: int = 576
    columns: tuple[int, int] = (48, 64)

    def cell_width(self, style: TextStyle) -> int:
        """Dots one character takes in ``style``: the width divided by its font's columns."""
        font = style.font if style.font < len(self.columns) else codes.FONT_A
        return self.dots // self.columns[font] * style.width

    def fits(self, used: int, style: TextStyle) -> bool:
        return used + self.cell_width(style) <= self.dots


@dataclass(frozen=True)
class TextStyle:
    font: int = codes.FONT_A
    bold: bool = False
    underline: bool = False
    width: int = 1
    height: int = 1

    @property
    def cell(self) -> tuple[int, int]:
        """Width and height in dots of one character in this style."""
        cell_width, cell_height = codes.FONT_CELLS.get(self.font, codes.FONT_CELLS[codes.FONT_A])
        return cell_width * self.width, cell_height * self.height


@dataclass
class Run:
    """Characters printed in one style."""

    text: str
    style: TextStyle


@dataclass
class PrintedLine:
    geometry: PaperGeometry = field(default_factory=PaperGeometry)
    runs: list[Run] = field(default_factory=list)
    align: int = codes.ALIGN_LEFT
    spacing: int = codes.DEFAULT_LINE_SPACING_DOTS
    feed_dots: int = 0  # a line of blank feed (ESC J) has no runs and this height

    @property
    def used_dots(self) -> int:
        return sum(len(run.text) * self.geometry.cell_width(run.style) for run in self.runs)

    @property
    def height(self) -> int:
        """Dots of paper this line takes: its spacing, or its tallest character if taller."""
        if not self.runs:
            return self.feed_dots or self.spacing
        return max(self.spacing, *(run.style.cell[1] for run in self.runs))

    @property
    def offset(self) -> int:
        """Dots from the left margin where the line starts, from its alignment."""
        free = max(0, self.geometry.dots - self.used_dots)
        if self.align == codes.ALIGN_CENTER:
            return free // 2
        if self.align == codes.ALIGN_RIGHT:
            return free
        return 0

    def text(self) -> str:
        content = "".join(run.text for run in self.runs)
        if not self.runs:
            return ""
        pad_cell = self.geometry.cell_width(self.runs[0].style)
        return " " * (self.offset // pad_cell) + content


@dataclass
class Page:
    number: int
    lines: list[PrintedLine] = field(default_factory=list)
    torn: bool = False
    byte_count: int = 0
    png_path: str = ""
    text_path: str = ""

    @property
    def text(self) -> str:
        lines = [line.text() for line in self.lines if line.runs or not line.feed_dots]
        if self.torn:
            lines.append(TORN_MARK)
        return "\n".join(lines)

    @property
    def height_dots(self) -> int:
        return sum(line.height for line in self.lines)


@dataclass
class Paper:
    """The page being printed and the line being filled; the interpreter writes into it."""

    geometry: PaperGeometry = field(default_factory=PaperGeometry)
    style: TextStyle = field(default_factory=TextStyle)
    align: int = codes.ALIGN_LEFT
    spacing: int = codes.DEFAULT_LINE_SPACING_DOTS
    page_count: int = 0
    current: Page = field(default_factory=lambda: Page(1))
    line: PrintedLine = field(default_factory=PrintedLine)

    def __post_init__(self) -> None:
        self.line = PrintedLine(self.geometry)

    def reset_modes(self) -> None:
        """ESC @: styles, alignment and line spacing back to their defaults."""
        self.style = TextStyle()
        self.align = codes.ALIGN_LEFT
        self.spacing = codes.DEFAULT_LINE_SPACING_DOTS

    def put(self, text: str) -> None:
        for char in text:
            if not self.geometry.fits(self.line.used_dots, self.style):
                self.newline()  # the printer wraps what does not fit
            if not self.line.runs:
                self.line.align = self.align
            if self.line.runs and self.line.runs[-1].style == self.style:
                self.line.runs[-1].text += char
            else:
                self.line.runs.append(Run(char, self.style))

    def newline(self) -> None:
        self.line.spacing = self.spacing
        if not self.line.runs:
            self.line.align = self.align
        self.current.lines.append(self.line)
        self.line = PrintedLine(self.geometry)

    def feed_dots(self, dots: int) -> None:
        if self.line.runs:
            self.newline()
        self.current.lines.append(PrintedLine(self.geometry, feed_dots=dots))

    def has_content(self) -> bool:
        return bool(self.line.runs) or any(line.runs for line in self.current.lines)

    def cut(self, byte_count: int) -> Page:
        """End the page at the cutter and start the next; returns the finished page."""
        if self.line.runs:
            self.newline()
        page = self.current
        page.byte_count = byte_count
        self.page_count += 1
        self.current = Page(page.number + 1)
        return page

    def tear(self, byte_count: int) -> Page:
        """The paper ran out: what is printed so far is a torn page."""
        if self.line.runs:
            self.newline()
        page = self.cut(byte_count)
        page.torn = True
        return page
