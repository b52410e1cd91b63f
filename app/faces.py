"""The face matcher the kiosk compares faces with, and photo files compared (``kiosk face``).

dlib through the ``dlib-bin`` wheel and the ``face-recognition-models`` weights, installed with
the kiosk's ``face`` extra; imported on first use, so a command that compares no face pays
nothing for it.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.errors import BadInputError
from kiosk.identity.faces import FaceComparison
from kiosk.ports import FaceMatcher

DEFAULT_THRESHOLD = 0.6  # dlib's documented threshold for its face descriptors


def face_matcher(threshold: float = DEFAULT_THRESHOLD) -> FaceMatcher:
    """The dlib face matcher (its models load on the first comparison)."""
    from drivers.face_match.dlib_face_matcher import DlibFaceMatcher

    return DlibFaceMatcher(threshold)


def compare_photo_files(live: Path, document: Path, threshold: float) -> FaceComparison:
    """The faces of two photo files compared. Raises BadInputError (no file), NoFace and
    DeviceUnavailable (no dlib)."""
    photos = []
    for path in (live, document):
        try:
            photos.append(path.read_bytes())
        except OSError as exc:
            raise BadInputError(str(path), code="no_such_file") from exc
    return face_matcher(threshold).compare(photos[0], photos[1])
