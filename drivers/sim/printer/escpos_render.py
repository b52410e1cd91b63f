"""Render a simulated printer page to a PNG, one dot per pixel, as the thermal head would.

Characters are drawn cell by cell on the printer's grid (12 x 24 dots for font A, 9 x 17 for
font B, scaled by the size multipliers), with a monospace TrueType font that has æøå: DejaVu
Sans Mono shipped inside python-barcode (a python-escpos dependency), Kivy's Roboto Mono, the
system DejaVu, and Pillow's built-in font last.
Bold is a second strike one dot to the right, like the printer's double strike. A torn page
ends in a zigzag edge.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from drivers.printer import codes
from drivers.sim.printer.escpos_paper import Page, PaperGeometry, TextStyle

MARGIN = 16
PAPER = 255
INK = 0
TORN_SHADE = 200
TORN_TOOTH = 12
BASELINE_RATIO = 0.8
FONT_SIZE_RATIO = 0.83  # TrueType size that makes a mono glyph fill a 12 x 24 / 9 x 17 cell
SYSTEM_MONO = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")

FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont


def monospace_font_path() -> Path | None:
    """The first monospace TTF with Danish letters found, or None (then Pillow's default)."""
    candidates: list[Path] = []
    for package, relative in (("barcode", "fonts/DejaVuSansMono.ttf"),
                              ("kivy", "data/fonts/RobotoMono-Regular.ttf")):  # fmt: skip
        spec = importlib.util.find_spec(package)
        if spec and spec.origin:
            candidates.append(Path(spec.origin).parent / relative)
    candidates.append(SYSTEM_MONO)
    return next((path for path in candidates if path.is_file()), None)


@functools.cache
def _font(cell_height: int) -> FontType:
    path = monospace_font_path()
    if path is None:
        return ImageFont.load_default()
    return ImageFont.truetype(str(path), round(cell_height * FONT_SIZE_RATIO))


@functools.cache
def _glyph(char: str, style: TextStyle, cell_width: int) -> Image.Image:
    """The ink mask of one character cell in ``style``, ``cell_width`` dots wide."""
    base_width, base_height = codes.FONT_CELLS.get(style.font, codes.FONT_CELLS[codes.FONT_A])
    cell = Image.new("L", (base_width, base_height), 0)
    draw = ImageDraw.Draw(cell)
    baseline = round(base_height * BASELINE_RATIO)
    font = _font(base_height)
    draw.text((0, baseline), char, fill=255, font=font, anchor="ls")
    if style.bold:
        draw.text((1, baseline), char, fill=255, font=font, anchor="ls")
    if style.underline:
        draw.line((0, base_height - 1, base_width, base_height - 1), fill=255)
    width, height = cell_width, style.cell[1]
    return cell if (width, height) == cell.size else cell.resize((width, height))


def render_page(page: Page) -> Image.Image:
    """The page as a greyscale image, the printer's dots wide plus margins."""
    torn_height = TORN_TOOTH * 2 if page.torn else 0
    height = page.height_dots + 2 * MARGIN + torn_height
    width = max((line.geometry.dots for line in page.lines), default=PaperGeometry().dots)
    image = Image.new("L", (width + 2 * MARGIN, height), PAPER)
    y = MARGIN
    for line in page.lines:
        x = MARGIN + line.offset
        line_height = line.height
        for run in line.runs:
            cell_width, cell_height = line.geometry.cell_width(run.style), run.style.cell[1]
            top = y + line_height - cell_height
            for char in run.text:
                if not char.isspace():
                    image.paste(INK, (x, top), _glyph(char, run.style, cell_width))
                x += cell_width
        y += line_height
    if page.torn:
        _tear(image, y)
    return image


def save_page(page: Page, folder: Path) -> tuple[Path, Path]:
    """Write ``page-NNNN.png`` and ``page-NNNN.txt`` into ``folder``; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"page-{page.number:04d}{'-torn' if page.torn else ''}"
    png, text = stem.with_suffix(".png"), stem.with_suffix(".txt")
    render_page(page).save(png)
    text.write_text(page.text + "\n", encoding="utf-8")
    return png, text


def _tear(image: Image.Image, top: int) -> None:
    """A zigzag edge below the last line, the paper beyond it shaded away."""
    draw = ImageDraw.Draw(image)
    width = image.width
    points = [(x, top + (TORN_TOOTH if (x // TORN_TOOTH) % 2 else 0))
              for x in range(0, width + TORN_TOOTH, TORN_TOOTH)]  # fmt: skip
    draw.polygon([*points, (width, image.height), (0, image.height)], fill=TORN_SHADE)
    draw.line(points, fill=INK, width=2)
