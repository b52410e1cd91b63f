"""A synthetic passport face for the ePassport emulator: a drawn, deterministic head-and-
shoulders picture encoded as JPEG (or JPEG 2000) with Pillow, sized like a real DG2 image
(about 20 KB). No photograph of any real person is used or downloaded.
"""

from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from drivers.emrtd.lds.dg2 import FaceImage

WIDTH, HEIGHT = 240, 320  # ICAO 9303 part 10 suggests about 420x525 or smaller for DG2
TARGET_BYTES = 20 * 1024
QUALITIES = range(95, 9, -1)
SKIN_TONES = ((224, 189, 160), (198, 150, 120), (141, 98, 70), (241, 210, 180))
BACKGROUND = (214, 220, 226)
NOISE_LEVEL = 22
RGB_BYTES = 3


def _draw(seed: int) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    skin = SKIN_TONES[rng.randrange(len(SKIN_TONES))]
    hair = tuple(rng.randrange(20, 120) for _ in range(3))
    shirt = tuple(rng.randrange(40, 200) for _ in range(3))
    draw.ellipse((20, 250, 220, 420), fill=shirt)  # shoulders
    draw.rectangle((100, 200, 140, 260), fill=skin)  # neck
    draw.ellipse((60, 40, 180, 215), fill=hair)  # hair behind the face
    draw.ellipse((70, 65, 170, 225), fill=skin)  # face
    for eye_x in (98, 142):
        draw.ellipse((eye_x - 10, 122, eye_x + 10, 134), fill=(250, 250, 250))
        draw.ellipse((eye_x - 4, 124, eye_x + 4, 132), fill=(60, 40, 30))
    draw.line((120, 135, 116, 165, 124, 167), fill=tuple(c - 40 for c in skin), width=2)
    draw.arc((100, 170, 140, 195), 20, 160, fill=(150, 60, 60), width=3)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    grain = np.random.default_rng(seed).normal(128, NOISE_LEVEL * 4, (HEIGHT, WIDTH, 3))
    noise = Image.fromarray(np.clip(grain, 0, 255).astype(np.uint8))
    return Image.blend(image, noise, 0.12)


def synthetic_face(seed: int, image_format: str = "jpeg", target: int = TARGET_BYTES) -> FaceImage:
    """A face image of at most about ``target`` bytes; the same seed gives the same bytes."""
    image = _draw(seed)
    if image_format == "jpeg2000":
        # JPEG 2000 takes a compression ratio: raw RGB bytes over the target size.
        buffer = io.BytesIO()
        ratio = WIDTH * HEIGHT * RGB_BYTES / target
        image.save(buffer, "JPEG2000", quality_mode="rates", quality_layers=[ratio])
        return FaceImage(buffer.getvalue(), image_format, WIDTH, HEIGHT)
    encoded = b""
    for quality in QUALITIES:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        encoded = buffer.getvalue()
        if len(encoded) <= target:
            break
    return FaceImage(encoded, image_format, WIDTH, HEIGHT)
