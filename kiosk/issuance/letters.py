"""The posted letters of a NemID order as PDF files (fpdf2), one file per envelope (R2, R2b, R8).

Posting a NemID means sending its secrets: the password letter carries the temporary password and
the code-card letter the 148 codes, in plain text on the page, because that is what the citizen
opens. So these PDFs are written only into the outbox folder (``config.storage.outbox``, mode
0700) as files of mode 0600, atomically (a temporary name, fsync, rename), and their contents are
never logged, hashed into a database or kept after the file is closed. Text is in the citizen's
language through :mod:`kiosk.i18n`; fpdf2's core Helvetica (latin-1) covers æ, ø and å.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import gettext

if TYPE_CHECKING:
    from fpdf import FPDF

OUTBOX_MODE = 0o700
LETTER_MODE = 0o600
PDF_SUFFIX = ".pdf"
TEMPORARY_PREFIX = ".tmp-"
FONT = "Helvetica"
TITLE_SIZE = 16
BODY_SIZE = 11
LINE_HEIGHT = 6
CODE_COLUMNS = 4
CODE_CELL_WIDTH = 45
CODE_LINE_HEIGHT = 4.5
CODE_SIZE = 8
LETTER_PARTS = ("password", "code_card", "welcome")
COMPANIONS = ("post", "counter", "visit")


@dataclass(frozen=True)
class Addressee:
    name: str
    address: str
    language: str = "da"


@dataclass(frozen=True)
class LetterContent:
    """What goes on one letter; ``password`` and ``code_pairs`` only on the part that posts them."""

    part: str  # one of LETTER_PARTS
    order_reference: str
    nemid_number: str
    written_on: date
    sender: str
    card_serial: str = ""
    password: str = field(default="", repr=False)
    code_pairs: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    # How the citizen gets the other part: one of COMPANIONS (R2 post, R2b counter, R8 visit).
    companion: str = "post"


def _latin1(text: str) -> str:
    """Core PDF fonts are latin-1: keep æøå, replace what it cannot draw."""
    return text.encode("latin-1", "replace").decode("latin-1")


def render_letter(addressee: Addressee, content: LetterContent) -> bytes:
    """The PDF bytes of one letter. Raises ValueError for an unknown part."""
    if content.part not in LETTER_PARTS:
        raise ValueError(f"unknown letter part {content.part!r}")
    if content.companion not in COMPANIONS:
        raise ValueError(f"unknown companion {content.companion!r}")
    # fpdf2 (with numpy and Pillow) takes most of a second to import: load it when a letter is
    # written, not when the kiosk starts (issue 7's start-up budget).
    from fpdf import FPDF

    language = addressee.language

    def say(key: str, **values: object) -> str:
        return _latin1(gettext(language, f"letter.{key}", **values))

    pdf = FPDF(format="A4")
    pdf.set_creator("NemID kiosk")
    pdf.add_page()
    pdf.set_font(FONT, size=BODY_SIZE)
    pdf.multi_cell(0, LINE_HEIGHT, _latin1(content.sender), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(LINE_HEIGHT)
    for line in (addressee.name, *addressee.address.split("\n")):
        pdf.cell(0, LINE_HEIGHT, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(LINE_HEIGHT)
    pdf.cell(0, LINE_HEIGHT, say("date", date=content.written_on.isoformat()), new_x="LMARGIN")
    pdf.ln(LINE_HEIGHT * 2)
    pdf.set_font(FONT, style="B", size=TITLE_SIZE)
    pdf.multi_cell(0, LINE_HEIGHT * 1.5, say(f"{content.part}.title"), new_x="LMARGIN")
    pdf.ln(LINE_HEIGHT)
    pdf.set_font(FONT, size=BODY_SIZE)
    body = "body" if content.companion == "post" else f"body_{content.companion}"
    pdf.multi_cell(0, LINE_HEIGHT, say(f"{content.part}.{body}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(LINE_HEIGHT)
    fields = [
        (say("field.order_reference"), content.order_reference),
        (say("field.nemid_number"), content.nemid_number),
    ]
    if content.card_serial:
        fields.append((say("field.card_serial"), content.card_serial))
    if content.password:
        fields.append((say("field.temporary_password"), content.password))
    for label, value in fields:
        pdf.cell(70, LINE_HEIGHT, label)
        pdf.set_font(FONT, style="B", size=BODY_SIZE)
        pdf.cell(0, LINE_HEIGHT, value, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=BODY_SIZE)
    if content.code_pairs:
        _code_table(pdf, content.code_pairs)
    return bytes(pdf.output())


def _code_table(pdf: FPDF, pairs: tuple[tuple[str, str], ...]) -> None:
    """The card's key/code pairs in columns, keys ascending down each column (R12)."""
    pdf.ln(LINE_HEIGHT)
    pdf.set_font("Courier", size=CODE_SIZE)
    rows = -(-len(pairs) // CODE_COLUMNS)
    for row in range(rows):
        for column in range(CODE_COLUMNS):
            index = column * rows + row
            if index < len(pairs):
                key, code = pairs[index]
                pdf.cell(CODE_CELL_WIDTH, CODE_LINE_HEIGHT, f"{key}  {code}")
        pdf.ln(CODE_LINE_HEIGHT)


def letter_path(outbox: Path, order_reference: str, part: str) -> Path:
    return outbox / f"{order_reference}-{part}{PDF_SUFFIX}"


def write_letter(outbox: Path, addressee: Addressee, content: LetterContent) -> Path:
    """Render and write one letter into ``outbox`` (0600, atomically); returns its path.

    Raises OSError when the outbox cannot be written.
    """
    outbox.mkdir(mode=OUTBOX_MODE, parents=True, exist_ok=True)
    target = letter_path(outbox, content.order_reference, content.part)
    temporary = outbox / f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}-{target.name}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, LETTER_MODE)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(render_letter(addressee, content))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def remove_letters(outbox: Path, order_reference: str) -> list[Path]:
    """Delete every letter (and half-written temporary file) of an order; returns what went."""
    if not outbox.is_dir():
        return []
    removed = []
    for path in outbox.iterdir():
        name = path.name.removeprefix(TEMPORARY_PREFIX)
        if name.startswith(f"{order_reference}-") or f"-{order_reference}-" in name:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
