"""Read a card from a photo of it: find and straighten it (OpenCV), OCR it (Tesseract), and make
sense of the text (:func:`kiosk.identity.card_text.read_card_text`).

The OCR passes of :data:`drivers.document_camera.ocr.OCR_PASSES` run in turn until one gives a
complete reading (every field the card has, the CPR number agreeing with the birth date); when
none does, the most complete reading is returned, its doubtful fields with a low confidence.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import cv2
import numpy as np

from drivers.document_camera.card_finder import find_card
from drivers.document_camera.ocr import OCR_PASSES, read_lines
from kiosk.identity.camera_documents import DK_DRIVING_LICENCE, CameraDocument
from kiosk.identity.card_text import CardUnreadable, read_card_text

# The photo box of the EU model licence, as fractions of the card: left, top, right, bottom.
PHOTO_BOX = (0.02, 0.18, 0.29, 0.74)
SURE = 0.6  # a field read with less confidence than this sends the reading to another pass


def read_card_photo(image: np.ndarray, *, today: date | None = None) -> CameraDocument:
    """The card in a BGR photo. Raises CardUnreadable (no card, or its fields unreadable) and
    DeviceUnavailable (no OCR engine)."""
    card = find_card(image)
    best: CameraDocument | None = None
    problem: CardUnreadable | None = None
    for ocr_pass in OCR_PASSES:
        try:
            reading = read_card_text(read_lines(card, ocr_pass), today=today)
        except CardUnreadable as exc:
            problem = problem or exc
            continue
        if best is None or _completeness(reading) > _completeness(best):
            best = reading
        if _complete(reading):
            break
    if best is None:
        raise problem or CardUnreadable("the card on the camera cannot be read")
    if best.type == DK_DRIVING_LICENCE:
        return replace(best, portrait=printed_photo(card))
    return best


def printed_photo(card: np.ndarray) -> bytes:
    """The licence's printed photo (the EU model's left-hand box) as JPEG, for the face check."""
    height, width = card.shape[:2]
    left, top, right, bottom = (
        round(edge * size) for edge, size in zip(PHOTO_BOX, (width, height) * 2, strict=True)
    )
    ok, encoded = cv2.imencode(".jpg", card[top:bottom, left:right], [cv2.IMWRITE_JPEG_QUALITY, 90])
    return encoded.tobytes() if ok else b""


def _complete(reading: CameraDocument) -> bool:
    needed = ["surname", "given_names", "birth_date", "cpr"]
    if reading.type == DK_DRIVING_LICENCE:
        needed.append("expiry_date")
    return all(reading.confidence.get(name, 0.0) >= SURE for name in needed)


def _completeness(reading: CameraDocument) -> float:
    return sum(reading.confidence.values())


def decode_photo(data: bytes) -> np.ndarray:
    """A BGR image from JPEG or PNG bytes. Raises CardUnreadable for bytes that are no image."""
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise CardUnreadable(
            f"not an image: {len(data)} bytes OpenCV cannot decode", code="not_an_image"
        )
    return image
