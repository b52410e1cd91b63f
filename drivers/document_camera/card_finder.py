"""Find the card lying on the document camera's glass, then crop and straighten it with OpenCV.

The glass is dark and a card is light, so Otsu's threshold separates them; the largest outline
whose minimum-area rectangle has the ID-1 proportions (85.6 x 54 mm, 1.585:1, within a margin for
perspective) is the card, and a perspective warp turns it into an upright image of CARD_SIZE.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.identity.card_text import CardUnreadable

CARD_SIZE = (1000, 631)  # width, height: ID-1 at about 11.7 pixels a millimetre
ID1_ASPECT = 85.6 / 54.0
ASPECT_TOLERANCE = 0.18
MIN_CARD_FRACTION = 0.12  # of the photo's area
SMOOTHING = (7, 7)


def find_card(image: np.ndarray) -> np.ndarray:
    """The card in a BGR photo, cropped and upright (CARD_SIZE, BGR). Raises CardUnreadable when no
    card-shaped light area fills at least MIN_CARD_FRACTION of the photo."""
    grey = cv2.GaussianBlur(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), SMOOTHING, 0)
    _, mask = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    area = image.shape[0] * image.shape[1]
    for contour in sorted(contours, key=cv2.contourArea, reverse=True):
        if cv2.contourArea(contour) < MIN_CARD_FRACTION * area:
            break
        corners = _card_corners(contour)
        if corners is not None:
            return _straighten(image, corners)
    raise CardUnreadable("no card: nothing card-shaped lies on the document camera", code="no_card")


def _card_corners(contour: np.ndarray) -> np.ndarray | None:
    """The four corners (top-left, top-right, bottom-right, bottom-left) of an ID-1 shape."""
    (_, _), (width, height), _ = cv2.minAreaRect(contour)
    long_side, short_side = max(width, height), min(width, height)
    if short_side == 0 or abs(long_side / short_side - ID1_ASPECT) > ASPECT_TOLERANCE * ID1_ASPECT:
        return None
    box = cv2.boxPoints(cv2.minAreaRect(contour)).astype(np.float32)
    by_sum = box.sum(axis=1)
    by_diff = np.diff(box, axis=1).ravel()
    corners = np.array(
        [box[by_sum.argmin()], box[by_diff.argmin()], box[by_sum.argmax()], box[by_diff.argmax()]]
    )
    if np.linalg.norm(corners[1] - corners[0]) < np.linalg.norm(corners[3] - corners[0]):
        corners = np.roll(corners, -1, axis=0)  # lying on its long side: turn it upright
    return corners


def _straighten(image: np.ndarray, corners: np.ndarray) -> np.ndarray:
    width, height = CARD_SIZE
    target = np.array(
        [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32
    )
    matrix = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(image, matrix, CARD_SIZE, flags=cv2.INTER_CUBIC)
