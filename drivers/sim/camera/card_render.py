"""Synthetic Danish cards drawn with Pillow: the driving licence (EU model) and the yellow health
card, from the printed fields of a :class:`CameraDocument`, in a chosen font.

Only fonts that install from packages are used: DejaVu (Debian's ``fonts-dejavu-core``) and the
Roboto faces shipped inside the Kivy wheel. A card is drawn at 1000 x 631 pixels (ID-1, 85.6 x
54 mm, about 11.7 pixels a millimetre); :mod:`drivers.sim.camera.card_photo` lays it on the
reader's glass and photographs it.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from kiosk.identity.camera_documents import (
    DK_DRIVING_LICENCE,
    DK_HEALTH_CARD,
    MRZ_DOCUMENT,
    CameraDocument,
)

CARD_SIZE = (1000, 631)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
LICENCE_PINK = (244, 214, 224)
LICENCE_PATTERN = (232, 196, 210)
HEALTH_YELLOW = (246, 208, 30)
INK = (25, 25, 35)
LABEL_INK = (70, 60, 70)
EU_BLUE = (0, 51, 153)
EU_GOLD = (255, 204, 0)
PHOTO_BOX = (30, 130, 270, 450)
ID_CARD_BLUE = (225, 232, 240)


@dataclass(frozen=True)
class CardFont:
    """A regular and a bold face, and the text size in pixels on the 1000-pixel card."""

    regular: Path
    bold: Path
    size: int = 30

    def load(self, *, bold: bool = False, scale: float = 1.0) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(
            str(self.bold if bold else self.regular), round(self.size * scale)
        )


def kivy_fonts() -> Path | None:
    """The folder of fonts inside the Kivy wheel, found without importing Kivy."""
    spec = importlib.util.find_spec("kivy")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data" / "fonts"
    return folder if folder.is_dir() else None


def available_fonts() -> dict[str, CardFont]:
    """Every card font installed here, by name (DejaVu's and Kivy's Roboto faces)."""
    candidates = {
        "dejavu-sans": (DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"),
        "dejavu-serif": (DEJAVU / "DejaVuSerif.ttf", DEJAVU / "DejaVuSerif-Bold.ttf"),
        "dejavu-mono": (DEJAVU / "DejaVuSansMono.ttf", DEJAVU / "DejaVuSansMono-Bold.ttf"),
    }
    kivy = kivy_fonts()
    if kivy is not None:
        candidates["roboto"] = (kivy / "Roboto-Regular.ttf", kivy / "Roboto-Bold.ttf")
        candidates["roboto-italic"] = (kivy / "Roboto-Italic.ttf", kivy / "Roboto-BoldItalic.ttf")
        candidates["roboto-mono"] = (kivy / "RobotoMono-Regular.ttf", kivy / "Roboto-Bold.ttf")
    return {
        name: CardFont(regular, bold)
        for name, (regular, bold) in candidates.items()
        if regular.exists() and bold.exists()
    }


def render_card(
    document: CameraDocument, font: CardFont, portrait: Image.Image | None = None
) -> Image.Image:
    """The card face of ``document`` (licence or health card) as an RGB image of CARD_SIZE."""
    if document.type == DK_DRIVING_LICENCE:
        return render_licence(document, font, portrait)
    if document.type == DK_HEALTH_CARD:
        return render_health_card(document, font)
    if document.type == MRZ_DOCUMENT:
        return render_mrz_card(document, font)
    raise ValueError(f"no card face for a {document.type}")


def render_licence(
    document: CameraDocument, font: CardFont, portrait: Image.Image | None = None
) -> Image.Image:
    """The front of a Danish driving licence: fields 1-5 and 9 beside the photo."""
    card = Image.new("RGB", CARD_SIZE, LICENCE_PINK)
    draw = ImageDraw.Draw(card)
    for x in range(-CARD_SIZE[1], CARD_SIZE[0], 28):  # the guilloche's stand-in: faint diagonals
        draw.line([(x, CARD_SIZE[1]), (x + CARD_SIZE[1], 0)], fill=LICENCE_PATTERN, width=2)
    draw.rectangle((24, 24, 124, 94), fill=EU_BLUE)
    draw.text((74, 59), "DK", font=font.load(bold=True, scale=1.1), fill=EU_GOLD, anchor="mm")
    draw.text((320, 28), "KØREKORT", font=font.load(bold=True, scale=1.5), fill=INK)
    draw.text((640, 44), "DANMARK", font=font.load(scale=0.8), fill=LABEL_INK)
    _draw_portrait(card, portrait)
    regular = font.load()
    lines = [
        [("1.", document.surname.upper())],
        [("2.", document.given_names.upper())],
        [("3.", f"{_dotted(document.birth_date)} {document.birth_place}".strip())],
        [("4a.", _dotted(document.issue_date)), ("4c.", document.authority)],
        [("4b.", _dotted(document.expiry_date)), ("4d.", _cpr(document.cpr))],
        [("5.", document.document_number)],
        [("9.", document.categories)],
    ]
    line_height = round(font.size * 1.72)
    for row, line in enumerate(lines):
        y = 130 + row * line_height
        for column, (label, value) in enumerate(line):
            x = 310 + column * 300
            draw.text((x, y), label, font=regular, fill=LABEL_INK)
            draw.text((x + round(font.size * 1.7), y), value, font=regular, fill=INK)
    return card


def render_health_card(document: CameraDocument, font: CardFont) -> Image.Image:
    """The front of the yellow health card: title, CPR number, name and address."""
    card = Image.new("RGB", CARD_SIZE, HEALTH_YELLOW)
    draw = ImageDraw.Draw(card)
    draw.text((40, 32), "SUNDHEDSKORT", font=font.load(bold=True, scale=1.4), fill=INK)
    draw.text((40, 92), "Det gule sygesikringskort", font=font.load(scale=0.75), fill=LABEL_INK)
    regular = font.load()
    rows = [("CPR-nr.", _cpr(document.cpr)), ("Navn", document.full_name)]
    rows += [("Adresse" if index == 0 else "", line) for index, line in enumerate(document.address)]
    line_height = round(font.size * 1.65)
    for row, (label, value) in enumerate(rows):
        y = 190 + row * line_height
        draw.text((40, y), label, font=regular, fill=LABEL_INK)
        draw.text((40 + round(font.size * 6.5), y), value, font=regular, fill=INK)
    return card


def render_mrz_card(document: CameraDocument, font: CardFont) -> Image.Image:
    """An ID card's back (TD1) or a passport-sized card with its MRZ lines along the bottom, in
    the font's monospaced stand-in for OCR-B (DejaVu Sans Mono)."""
    card = Image.new("RGB", CARD_SIZE, ID_CARD_BLUE)
    draw = ImageDraw.Draw(card)
    draw.text((40, 30), document.authority or "IDENTITY CARD", font=font.load(bold=True), fill=INK)
    mono = CardFont(DEJAVU / "DejaVuSansMono.ttf", DEJAVU / "DejaVuSansMono-Bold.ttf", font.size)
    width = max(len(line) for line in document.mrz_lines)
    scale = 1.05 * 30 / width  # the MRZ fills the card's width, as ICAO 9303 lays it out
    lines = document.mrz_lines
    for row, line in enumerate(lines):
        y = CARD_SIZE[1] - 20 - round(60 * scale) * (len(lines) - row)
        draw.text((28, y), line, font=mono.load(scale=scale * 1.0), fill=INK)
    return card


def _draw_portrait(card: Image.Image, portrait: Image.Image | None) -> None:
    left, top, right, bottom = PHOTO_BOX
    if portrait is not None:
        card.paste(portrait.convert("RGB").resize((right - left, bottom - top)), (left, top))
        return
    draw = ImageDraw.Draw(card)
    draw.rectangle(PHOTO_BOX, fill=(205, 205, 210))
    draw.ellipse((left + 60, top + 50, right - 60, bottom - 110), fill=(170, 150, 140))
    draw.ellipse((left + 20, bottom - 120, right - 20, bottom + 80), fill=(90, 90, 110))


def _dotted(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day is not None else ""


def _cpr(number: str) -> str:
    return f"{number[:6]}-{number[6:]}" if len(number) == 10 else number
