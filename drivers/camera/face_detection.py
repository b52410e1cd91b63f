"""Face presence in a JPEG still with the frontal-face Haar cascade bundled in OpenCV.

The cascade file ships inside the opencv-python-headless wheel (``cv2.data.haarcascades``), so no
model is downloaded. Detection works on a histogram-equalised grey image and ignores faces
smaller than a sixth of the frame's shorter side: the kiosk wants the person standing in front of
it, not a poster across the room.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.errors import DeviceError, ReadError

CASCADE_FILE = "haarcascade_frontalface_default.xml"
SCALE_FACTOR = 1.1
MIN_NEIGHBOURS = 5
MIN_FACE_FRACTION = 6  # smallest face side = shorter frame side / this
MIN_FACE_PIXELS = 40


@dataclass(frozen=True)
class FaceBox:
    """A detected face: top-left corner and size, in pixels of the still."""

    x: int
    y: int
    width: int
    height: int


@functools.cache
def frontal_face_cascade() -> cv2.CascadeClassifier:
    """The bundled cascade, loaded once. Raises DeviceError when the wheel lacks it."""
    path = cv2.data.haarcascades + CASCADE_FILE
    cascade = cv2.CascadeClassifier(path)
    if cascade.empty():
        raise DeviceError(f"face detection unavailable: cannot load {path}")
    return cascade


def decode_jpeg(jpeg: bytes) -> np.ndarray:
    """A BGR image from JPEG bytes. Raises ReadError for bytes that are not an image."""
    if not jpeg:
        raise ReadError("no image: the still is empty")
    image = cv2.imdecode(np.frombuffer(jpeg, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ReadError(f"not an image: {len(jpeg)} bytes that OpenCV cannot decode")
    return image


def find_faces(jpeg: bytes) -> tuple[FaceBox, ...]:
    """Every frontal face in a JPEG still, largest first. Raises ReadError for a bad image."""
    image = decode_jpeg(jpeg)
    grey = cv2.equalizeHist(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    side = max(MIN_FACE_PIXELS, min(grey.shape[:2]) // MIN_FACE_FRACTION)
    found = frontal_face_cascade().detectMultiScale(
        grey, scaleFactor=SCALE_FACTOR, minNeighbors=MIN_NEIGHBOURS, minSize=(side, side)
    )
    boxes = [FaceBox(int(x), int(y), int(w), int(h)) for x, y, w, h in found]
    return tuple(sorted(boxes, key=lambda box: box.width * box.height, reverse=True))
