"""One line of text as an ESC/POS raster image (``GS v 0``), for text no code page can encode.

A name like ``Łukasz`` on a printer whose profile has only CP437 and CP865 is drawn with
Pillow in a monospace TrueType font (DejaVu Sans Mono, shipped in python-barcode, a
python-escpos dependency; the system's copy next; Pillow's own font last) at the height of a
font A line, and sent as a 1-bit image no wider than the profile's dots. It is never printed
with ``?`` in place of a letter.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from drivers.printer import codes

LINE_HEIGHT_DOTS = 24  # font A is 12 x 24 dots
FONT_SIZE_RATIO = 0.83
BASELINE_RATIO = 0.8
BITS_PER_BYTE = 8
RASTER_NORMAL = 0  # GS v 0 m: m = 0, normal density
INK = 255
SYSTEM_MONO = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")

FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont


@functools.cache
def _font(height: int) -> FontType:
    candidates: list[Path] = []
    spec = importlib.util.find_spec("barcode")
    if spec and spec.origin:
        candidates.append(Path(spec.origin).parent / "fonts" / "DejaVuSansMono.ttf")
    candidates.append(SYSTEM_MONO)
    for path in candidates:
        if path.is_file():
            return ImageFont.truetype(str(path), round(height * FONT_SIZE_RATIO))
    return ImageFont.load_default()


def render_line(text: str, max_dots: int, scale: int = 1) -> Image.Image:
    """``text`` drawn on one line, at most ``max_dots`` wide (a multiple of 8), 1 bit a dot."""
    height = LINE_HEIGHT_DOTS * scale
    font = _font(height)
    width = int(font.getlength(text)) + 1 if isinstance(font, ImageFont.FreeTypeFont) else 0
    width = min(max(width, len(text) * 12 * scale), max_dots)
    width = max(BITS_PER_BYTE, width - width % BITS_PER_BYTE)
    image = Image.new("L", (width, height), 0)
    ImageDraw.Draw(image).text(
        (0, round(height * BASELINE_RATIO)), text, fill=INK, font=font, anchor="ls"
    )
    return image.point(lambda value: INK if value >= INK // 2 else 0).convert("1")


def raster_command(image: Image.Image) -> bytes:
    """``GS v 0`` with the image's rows, a set bit for each inked dot."""
    width_bytes = image.width // BITS_PER_BYTE
    size = (width_bytes & 0xFF, width_bytes >> 8, image.height & 0xFF, image.height >> 8)
    header = codes.RASTER_IMAGE + bytes((RASTER_NORMAL, *size))
    return header + image.tobytes()


def raster_line(text: str, max_dots: int, scale: int = 1) -> bytes:
    """The bytes that print ``text`` as an image line (the image advances the paper itself)."""
    return raster_command(render_line(text, max_dots, scale))
