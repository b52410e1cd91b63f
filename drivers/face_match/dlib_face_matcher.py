"""DlibFaceMatcher: the FaceMatcher port over dlib (the ``dlib-bin`` wheel) on the CPU.

Each photo (JPEG, PNG or JPEG 2000, as bytes) is decoded with OpenCV, scaled so its longer side
is at most MAX_SIDE pixels (a face of a passport photo stays well over the detector's 80 pixels,
and the network runs in well under a second), searched for its largest frontal face (a small
photo such as a chip's DG2 again at twice its size when none is found), aligned on
5 landmarks and described by dlib's ResNet; the distance between the two descriptors decides
under the threshold (dlib's documented 0.6 by default).
"""

from __future__ import annotations

import cv2
import numpy as np

from drivers.face_match.dlib_models import load_models
from kiosk.identity.faces import FaceComparison, NoFace

DEFAULT_THRESHOLD = 0.6
MAX_SIDE = 640
SMALL_SIDE = 320  # a photo this narrow (a chip's DG2) is searched again at twice its size
JITTERS = 1  # descriptor passes per face; more is steadier and slower


class DlibFaceMatcher:
    """Compares two photos' faces; loads dlib's models on first use (DeviceUnavailable)."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold

    def compare(self, live: bytes, document: bytes) -> FaceComparison:
        """The distance between the face of ``live`` (the camera's frame) and of ``document``.
        Raises NoFace naming the photo without a face, DeviceUnavailable without dlib."""
        first = self.descriptor(live, "live")
        second = self.descriptor(document, "document")
        return FaceComparison(float(np.linalg.norm(first - second)), self.threshold)

    def descriptor(self, photo: bytes, which: str = "photo") -> np.ndarray:
        """The 128-number descriptor of the largest face in ``photo``. Raises NoFace."""
        models = load_models()
        image = _decode(photo, which)
        faces = models.detector(image, 0)
        if len(faces) == 0 and min(image.shape[:2]) <= SMALL_SIDE:
            faces = models.detector(image, 1)  # a small photo: look again, twice the size
        if len(faces) == 0:
            raise NoFace(f"no face in the {which} photo", photo=which)
        face = max(faces, key=lambda box: box.width() * box.height())
        shape = models.shape_predictor(image, face)
        return np.array(models.recogniser.compute_face_descriptor(image, shape, JITTERS))


def _decode(photo: bytes, which: str) -> np.ndarray:
    """An RGB image, its longer side at most MAX_SIDE. Raises NoFace for bytes that are no image."""
    image = cv2.imdecode(np.frombuffer(photo, dtype=np.uint8), cv2.IMREAD_COLOR) if photo else None
    if image is None:
        raise NoFace(
            f"the {which} photo is not an image OpenCV can decode", photo=which, code="not_an_image"
        )
    scale = MAX_SIDE / max(image.shape[:2])
    if scale < 1:
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
