"""Tesseract OCR of a straightened card, through pytesseract (Debian's ``tesseract-ocr`` with
the Danish model ``tesseract-ocr-dan``), as lines of words with their confidences.

A pass reads the card in grey, its edge trimmed off (the card's border reads as ``|`` and ``—``),
at a scale and a page segmentation mode: 4 (one column of text of varying sizes) or 6 (one
uniform block), which between them keep the card's label-value rows together. Tesseract runs
single-threaded (``OMP_THREAD_LIMIT=1`` unless set): on the kiosk's two busy cores its OpenMP
threads spin against each other, and one thread reads a card 2-3 times faster (1.1 s against
2.1-3.7 s measured under load).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import cv2
import numpy as np
import pytesseract

from kiosk.errors import DeviceUnavailable
from kiosk.identity.card_text import OcrLine, OcrWord

LANGUAGE = "dan"
WORD_LEVEL = 5  # image_to_data's level of a word
EDGE_TRIM = 0.03  # of the card's width, off every side
OMP_THREADS = "1"


@dataclass(frozen=True)
class OcrPass:
    """One way of reading the card: an enlargement factor and a page segmentation mode."""

    scale: float
    page_mode: int


# In order: the first pass reads most cards; the others only run when it leaves a field unread.
OCR_PASSES = (OcrPass(1.0, 4), OcrPass(1.4, 6), OcrPass(1.4, 4))


def read_lines(card: np.ndarray, ocr_pass: OcrPass = OCR_PASSES[0]) -> tuple[OcrLine, ...]:
    """The text lines of a BGR card image, top to bottom. Raises DeviceUnavailable when
    Tesseract or its Danish model is not installed."""
    height, width = card.shape[:2]
    trim = round(EDGE_TRIM * width)
    grey = cv2.cvtColor(card[trim : height - trim, trim : width - trim], cv2.COLOR_BGR2GRAY)
    if ocr_pass.scale != 1.0:
        grey = cv2.resize(
            grey, None, fx=ocr_pass.scale, fy=ocr_pass.scale, interpolation=cv2.INTER_CUBIC
        )
    os.environ.setdefault("OMP_THREAD_LIMIT", OMP_THREADS)  # read by the tesseract process
    try:
        data = pytesseract.image_to_data(
            grey,
            lang=LANGUAGE,
            config=f"--psm {ocr_pass.page_mode}",
            output_type=pytesseract.Output.DICT,
        )
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError) as exc:
        raise DeviceUnavailable(f"OCR unavailable: {exc}") from exc
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for index, text in enumerate(data["text"]):
        word = text.strip()
        if data["level"][index] != WORD_LEVEL or not any(char.isalnum() for char in word):
            continue
        key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
        confidence = max(0.0, float(data["conf"][index])) / 100
        lines.setdefault(key, []).append(OcrWord(word, confidence))
    return tuple(OcrLine(tuple(words)) for _, words in sorted(lines.items()))
