"""The code card (R12) as blocks: 148 key/code pairs in font B, folded to wallet size.

Printer text mode only, never raster: a raster card would be 72 bytes per dot row, tens of KB
and seconds on a serial line. Font B (9 x 17 dots, 64 columns) at a 20-dot line pitch keeps the
digits legible and the card small. The pairs go in two panels of up to 15 rows of 5 pairs
(``kkkk cccccc``), with a fold line between them and cut marks above and below, so the cut-out
folds once into a card of about 72 x 45 mm (a payment card is 85.6 x 54 mm). The whole job
stays well under 4 KB.
"""

from __future__ import annotations

import math

from drivers.printer.document import SMALL, Block, Cut, LineSpacing, Style, TextLine
from kiosk.devices.printouts import CodeCard
from kiosk.i18n import gettext

PAIRS_PER_ROW = 5
PANELS = 2
PAIR_SEPARATOR = "  "
KEY_CODE_SEPARATOR = " "
CARD_LINE_SPACING_DOTS = 20  # font B is 17 dots high: 3 dots between rows
CARD_STYLE = SMALL
CARD_TITLE = Style(font="b", bold=True, align="center")
CUT_MARK_CORNER = "+"
CUT_MARK_FILL = "-"
FOLD_MARK_FILL = "."


def pair_text(key: str, code: str) -> str:
    return f"{key}{KEY_CODE_SEPARATOR}{code}"


def card_rows(pairs: tuple[tuple[str, str], ...]) -> list[str]:
    """The pairs as rows of up to five, in print order."""
    cells = [pair_text(key, code) for key, code in pairs]
    return [
        PAIR_SEPARATOR.join(cells[start : start + PAIRS_PER_ROW])
        for start in range(0, len(cells), PAIRS_PER_ROW)
    ]


def code_card(card: CodeCard) -> list[Block]:
    """The code card's blocks: cut mark, title, numbers, two panels, fold line, cut mark."""
    lang = card.language
    columns = CARD_STYLE.columns
    rows = card_rows(card.pairs)
    per_panel = math.ceil(len(rows) / PANELS)
    numbers = _spread(
        gettext(lang, "print.card.nemid_number", number=card.nemid_number),
        gettext(lang, "print.card.serial", serial=card.serial),
        columns,
    )
    blocks: list[Block] = [
        LineSpacing(CARD_LINE_SPACING_DOTS),
        TextLine(_cut_mark(gettext(lang, "print.card.cut"), columns), CARD_STYLE),
        TextLine(gettext(lang, "print.card.title"), CARD_TITLE),
        TextLine(numbers, CARD_STYLE),
    ]
    for panel in range(PANELS):
        if panel:
            fold = f" {gettext(lang, 'print.card.fold')} ".center(columns, FOLD_MARK_FILL)
            blocks.append(TextLine(fold, CARD_STYLE))
        panel_rows = rows[panel * per_panel : (panel + 1) * per_panel]
        blocks += [TextLine(row, CARD_STYLE) for row in panel_rows]
    blocks += [
        TextLine(
            _spread(
                gettext(lang, "print.card.secret"),
                gettext(lang, "print.card.serial", serial=card.serial),
                columns,
            ),
            CARD_STYLE,
        ),
        TextLine(_cut_mark(gettext(lang, "print.card.cut"), columns), CARD_STYLE),
        LineSpacing(None),
        Cut(),
    ]
    return blocks


def _cut_mark(label: str, columns: int) -> str:
    inner = f" {label} ".center(columns - 2 * len(CUT_MARK_CORNER), CUT_MARK_FILL)
    return f"{CUT_MARK_CORNER}{inner}{CUT_MARK_CORNER}"


def _spread(left: str, right: str, columns: int) -> str:
    """``left`` and ``right`` on one line, pushed to its two ends."""
    gap = max(1, columns - len(left) - len(right))
    return f"{left}{' ' * gap}{right}"
