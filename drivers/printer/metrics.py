"""What a printout takes on a profile: columns used, text rows, bytes on the wire, paper in mm.

Pure arithmetic over blocks, as the printer moves the paper: a text line advances by the line
spacing in force (30 dots unless set) or by its characters' height if taller, a feed by its
dots, a cut by the feed to the blade (a cutterless printer: the feed, the tear-off line and the
feed to the tear bar). One motion unit is one dot at the profile's resolution.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.printer import codes
from drivers.printer.document import FONT_NUMBERS, Block, Cut, Feed, LineSpacing, TextLine
from drivers.printer.encoder import CUT_FEED_DOTS, TEAR_FEED_DOTS, encode_job
from drivers.printer.profile import PrinterProfile

SERIAL_BITS_PER_BYTE = 10  # 8N1: start bit, 8 data bits, stop bit
SLOW_PAPER_MM_PER_SECOND = 150.0  # a slow thermal printer; fast ones do 250-350 mm/s


@dataclass(frozen=True)
class PrintoutMetrics:
    """A printout on one profile: what ``kiosk print --json`` reports."""

    profile: str
    columns: int
    columns_used: int
    rows: int
    wire_bytes: int
    length_mm: float

    def to_json(self) -> dict[str, object]:
        return {
            "profile": self.profile,
            "columns": self.columns,
            "columns_used": self.columns_used,
            "rows": self.rows,
            "bytes": self.wire_bytes,
            "length_mm": self.length_mm,
        }


def length_dots(blocks: list[Block], profile: PrinterProfile) -> int:
    """Paper the blocks advance, in motion units (dots)."""
    spacing = codes.DEFAULT_LINE_SPACING_DOTS
    total = 0
    for block in blocks:
        if isinstance(block, TextLine):
            cell_height = codes.FONT_CELLS[FONT_NUMBERS[block.style.font]][1]
            total += max(spacing, cell_height * block.style.height)
        elif isinstance(block, LineSpacing):
            spacing = codes.DEFAULT_LINE_SPACING_DOTS if block.dots is None else block.dots
        elif isinstance(block, Feed):
            total += block.dots
        elif isinstance(block, Cut):
            total += CUT_FEED_DOTS
            if not profile.cutter:
                total += codes.DEFAULT_LINE_SPACING_DOTS + TEAR_FEED_DOTS
    return total


def printing_seconds(size: int, blocks: list[Block], profile: PrinterProfile, baud: int) -> float:
    """How long a job can take to reach paper: its wire time on a serial line of ``baud``
    (0: TCP or USB, no wait) plus its length at a slow printer's paper speed."""
    wire = size * SERIAL_BITS_PER_BYTE / baud if baud else 0.0
    return wire + length_dots(blocks, profile) / profile.dots_per_mm() / SLOW_PAPER_MM_PER_SECOND


def measure(blocks: list[Block], profile: PrinterProfile, language: str = "da") -> PrintoutMetrics:
    """Columns, rows, job bytes (without a confirmation trailer) and length of a printout."""
    lines = [block for block in blocks if isinstance(block, TextLine)]
    return PrintoutMetrics(
        profile=profile.name,
        columns=max((line.style.columns(profile) for line in lines), default=0),
        columns_used=max((len(line.text) for line in lines), default=0),
        rows=len(lines),
        wire_bytes=len(encode_job(blocks, profile, language)),
        length_mm=round(length_dots(blocks, profile) / profile.dots_per_mm(), 1),
    )
