"""A printout as plain data: styled text lines, spacing, feeds and cuts, before any bytes.

Layouts build these blocks with pure functions for one printer profile
(:mod:`drivers.printer.profile`); :mod:`drivers.printer.encoder` turns them into ESC/POS bytes.
Keeping the two apart lets the tests check a layout (every code present, every line within the
profile's columns of its font) without a printer or a socket.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from drivers.printer import codes
from drivers.printer.profile import PrinterProfile

Font = Literal["a", "b"]
Align = Literal["left", "center", "right"]
FONT_NUMBERS: dict[str, int] = {"a": codes.FONT_A, "b": codes.FONT_B}


@dataclass(frozen=True)
class Style:
    font: Font = "a"
    bold: bool = False
    align: Align = "left"
    width: int = 1  # character width multiplier, 1..8
    height: int = 1  # character height multiplier, 1..8
    underline: bool = False

    def columns(self, profile: PrinterProfile) -> int:
        """Characters that fit on one line of ``profile``'s paper in this style."""
        return profile.columns(self.font, self.width)


PLAIN = Style()
SMALL = Style(font="b")
HEADING = Style(bold=True, align="center", width=2, height=2)
TITLE = Style(bold=True, align="center")


@dataclass(frozen=True)
class TextLine:
    text: str
    style: Style = PLAIN


@dataclass(frozen=True)
class LineSpacing:
    """Distance between lines in dots (1/203 inch); None restores the printer default."""

    dots: int | None


@dataclass(frozen=True)
class Feed:
    """Blank paper: ``dots`` of feed (8 dots per mm)."""

    dots: int


@dataclass(frozen=True)
class Cut:
    """Feed to the cutter and cut. A partial cut leaves a hinge so the paper does not fall."""

    partial: bool = True


Block = TextLine | LineSpacing | Feed | Cut


def text_lines(blocks: list[Block]) -> list[TextLine]:
    """Only the text lines of a printout, in order."""
    return [block for block in blocks if isinstance(block, TextLine)]


def fits(line: TextLine, profile: PrinterProfile) -> bool:
    """True when the line fits the profile's columns of its style, so the printer never wraps it."""
    return len(line.text) <= line.style.columns(profile)
