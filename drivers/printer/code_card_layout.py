"""The code card (R12) as blocks: 148 key/code pairs that fit any profile from 32 to 72 columns.

Printer text mode only, never raster: a raster card would be tens of KB and seconds on a serial
line. The card uses the profile's narrower font (font B where it has one) at a 20-dot line pitch.
As many ``kkkk cccccc`` pairs go on a row as the profile's columns hold (2 on a 32-column
58 mm printer, 5 on a 64-column 80 mm one), always in the same reading order: left to right,
then down. The rows go in two panels with a fold line between them and cut marks above and
below, so the cut-out folds once into a card. The whole job stays well under 4 KB.
"""

from __future__ import annotations

import dataclasses
import math

from drivers.printer.document import Block, Cut, LineSpacing, Style, TextLine
from drivers.printer.profile import FONT_A, FONT_B, PrinterProfile
from kiosk.devices.printouts import CodeCard
from kiosk.i18n import gettext

PANELS = 2
PAIR_SEPARATOR = "  "
KEY_CODE_SEPARATOR = " "
CARD_LINE_SPACING_DOTS = 20  # font B is 17 dots high: 3 dots between rows
CUT_MARK_CORNER = "+"
CUT_MARK_FILL = "-"
FOLD_MARK_FILL = "."


def card_style(profile: PrinterProfile) -> Style:
    """The card's font on ``profile``: font B when the printer has it, else font A."""
    return Style(font=FONT_B if profile.has_font(FONT_B) else FONT_A)


def pair_text(key: str, code: str) -> str:
    return f"{key}{KEY_CODE_SEPARATOR}{code}"


def pairs_per_row(pairs: tuple[tuple[str, str], ...], columns: int) -> int:
    """How many pairs fit on a line of ``columns`` characters (at least one)."""
    width = max((len(pair_text(key, code)) for key, code in pairs), default=1)
    return max(1, (columns + len(PAIR_SEPARATOR)) // (width + len(PAIR_SEPARATOR)))


def card_rows(pairs: tuple[tuple[str, str], ...], columns: int) -> list[str]:
    """The pairs as rows that fit ``columns``, in reading order."""
    cells = [pair_text(key, code) for key, code in pairs]
    per_row = pairs_per_row(pairs, columns)
    return [
        PAIR_SEPARATOR.join(cells[start : start + per_row])
        for start in range(0, len(cells), per_row)
    ]


def code_card(card: CodeCard, profile: PrinterProfile) -> list[Block]:
    """The code card's blocks: cut mark, title, numbers, two panels, fold line, cut mark."""
    lang = card.language
    style = card_style(profile)
    columns = style.columns(profile)
    title = dataclasses.replace(style, bold=True, align="center")
    rows = card_rows(card.pairs, columns)
    per_panel = math.ceil(len(rows) / PANELS)
    number = gettext(lang, "print.card.nemid_number", number=card.nemid_number)
    serial = gettext(lang, "print.card.serial", serial=card.serial)
    blocks: list[Block] = [
        LineSpacing(CARD_LINE_SPACING_DOTS),
        TextLine(_cut_mark(gettext(lang, "print.card.cut"), columns), style),
        TextLine(gettext(lang, "print.card.title")[:columns], title),
        *_spread(number, serial, columns, style),
    ]
    for panel in range(PANELS):
        if panel:
            fold = f" {gettext(lang, 'print.card.fold')} "[:columns].center(columns, FOLD_MARK_FILL)
            blocks.append(TextLine(fold, style))
        panel_rows = rows[panel * per_panel : (panel + 1) * per_panel]
        blocks += [TextLine(row, style) for row in panel_rows]
    blocks += [
        *_spread(gettext(lang, "print.card.secret"), serial, columns, style),
        TextLine(_cut_mark(gettext(lang, "print.card.cut"), columns), style),
        LineSpacing(None),
        Cut(),
    ]
    return blocks


def _cut_mark(label: str, columns: int) -> str:
    inner_width = columns - 2 * len(CUT_MARK_CORNER)
    inner = f" {label} "[:inner_width].center(inner_width, CUT_MARK_FILL)
    return f"{CUT_MARK_CORNER}{inner}{CUT_MARK_CORNER}"


def _spread(left: str, right: str, columns: int, style: Style) -> list[TextLine]:
    """``left`` and ``right`` pushed to the two ends of one line, or on two lines if too long."""
    if len(left) + len(right) + 1 <= columns:
        gap = columns - len(left) - len(right)
        return [TextLine(f"{left}{' ' * gap}{right}", style)]
    return [TextLine(text[:columns], style) for text in (left, right)]
