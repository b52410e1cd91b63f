"""A card lying on the document camera's glass, photographed: the card drawn by
:mod:`drivers.sim.camera.card_render` turned a few degrees, off centre, under a soft glare, out
of focus a little, with sensor noise and JPEG compression, seeded so a scene repeats exactly.

``python -m drivers.sim.camera.card_photo OUT.jpg`` writes one such photo of a specimen licence.
"""

from __future__ import annotations

import argparse
import io
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from drivers.sim.camera.card_render import available_fonts, render_card
from kiosk.identity.camera_documents import DK_DRIVING_LICENCE, CameraDocument

PHOTO_SIZE = (1600, 1200)
GLASS = (48, 52, 58)


@dataclass(frozen=True)
class Scene:
    """How the card lies and how the camera sees it."""

    rotation: float = 0.0  # degrees, anticlockwise
    blur: float = 0.0  # Gaussian radius in photo pixels
    glare: float = 0.0  # 0..1, the brightest point of the glare above the card
    card_width: int = 1150  # the card's width in the photo, pixels
    offset: tuple[int, int] = (0, 0)  # from the centre of the glass, pixels
    noise: float = 3.0  # sensor noise, standard deviation in grey levels
    jpeg_quality: int = 88
    seed: int = 0


def photograph(card: Image.Image, scene: Scene) -> Image.Image:
    """The photo of ``card`` on the glass under ``scene``, as an RGB image of PHOTO_SIZE."""
    rng = random.Random(scene.seed)
    height = round(card.height * scene.card_width / card.width)
    placed = card.convert("RGBA").resize((scene.card_width, height), Image.Resampling.LANCZOS)
    placed = placed.rotate(scene.rotation, resample=Image.Resampling.BICUBIC, expand=True)
    photo = Image.new("RGB", PHOTO_SIZE, GLASS)
    x = (PHOTO_SIZE[0] - placed.width) // 2 + scene.offset[0]
    y = (PHOTO_SIZE[1] - placed.height) // 2 + scene.offset[1]
    photo.paste(placed, (x, y), placed)
    if scene.glare > 0:
        photo = _glare(photo, scene.glare, rng)
    if scene.blur > 0:
        photo = photo.filter(ImageFilter.GaussianBlur(scene.blur))
    pixels = np.asarray(photo, dtype=np.float32)
    noise = np.random.default_rng(scene.seed).normal(0.0, scene.noise, pixels.shape)
    photo = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=scene.jpeg_quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def photo_jpeg(card: Image.Image, scene: Scene) -> bytes:
    """The photo of ``card`` under ``scene`` as JPEG bytes."""
    buffer = io.BytesIO()
    photograph(card, scene).save(buffer, "JPEG", quality=scene.jpeg_quality)
    return buffer.getvalue()


def _glare(photo: Image.Image, strength: float, rng: random.Random) -> Image.Image:
    """A soft white ellipse, as a ceiling light reflected in the card's laminate."""
    mask = Image.new("L", PHOTO_SIZE, 0)
    centre_x = rng.randint(PHOTO_SIZE[0] // 4, 3 * PHOTO_SIZE[0] // 4)
    centre_y = rng.randint(PHOTO_SIZE[1] // 4, 3 * PHOTO_SIZE[1] // 4)
    radius_x, radius_y = rng.randint(160, 260), rng.randint(90, 150)
    box = (centre_x - radius_x, centre_y - radius_y, centre_x + radius_x, centre_y + radius_y)
    ImageDraw.Draw(mask).ellipse(box, fill=round(255 * strength))
    mask = mask.filter(ImageFilter.GaussianBlur(radius_y * 0.6))
    return Image.composite(Image.new("RGB", PHOTO_SIZE, (255, 255, 255)), photo, mask)


SPECIMEN_LICENCE = CameraDocument(
    type=DK_DRIVING_LICENCE,
    surname="Jensen",
    given_names="Anne Marie",
    birth_date=date(1985, 5, 12),
    cpr="1205851234",
    expiry_date=date(2033, 3, 1),
    issue_date=date(2018, 3, 1),
    document_number="31234567",
    birth_place="Danmark",
    authority="Politiet",
    categories="B",
)


def main() -> None:
    parser = argparse.ArgumentParser(description="photograph a specimen Danish driving licence")
    parser.add_argument("output", type=Path)
    parser.add_argument("--font", default="dejavu-sans", choices=sorted(available_fonts()))
    parser.add_argument("--rotation", type=float, default=3.0)
    parser.add_argument("--blur", type=float, default=1.0)
    parser.add_argument("--glare", type=float, default=0.3)
    args = parser.parse_args()
    card = render_card(SPECIMEN_LICENCE, available_fonts()[args.font])
    scene = Scene(rotation=args.rotation, blur=args.blur, glare=args.glare)
    photograph(card, scene).save(args.output, quality=scene.jpeg_quality)


if __name__ == "__main__":
    main()
