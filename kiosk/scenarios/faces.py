"""The face check in scenario files: ``scan.face`` is ``"match"`` (when absent), ``"mismatch"``
or ``"none"`` (no face on the camera or on the document's photo).

The runner plays the verdict the face matcher would give, with distances typical of dlib's
descriptors on the kiosk's benchmark photos (benchmarks/bench_faces.py); the matcher itself is
tested on real photos.
"""

from __future__ import annotations

from kiosk.errors import ScenarioError
from kiosk.identity.faces import FACE_DECISIONS, FACE_MATCH, FACE_MISMATCH, FaceVerdict

FACE = "face"
PLAYED_DISTANCES = {FACE_MATCH: 0.36, FACE_MISMATCH: 0.82}


def check_face(value: object, where: str) -> None:
    if value not in FACE_DECISIONS:
        raise ScenarioError(f"{where}: must be one of {', '.join(FACE_DECISIONS)}, not {value!r}")


def scenario_face(value: object) -> FaceVerdict:
    """The verdict a scan's ``face`` plays (checked by :func:`check_face`; absent: a match)."""
    decision = value if isinstance(value, str) else FACE_MATCH
    return FaceVerdict(decision, PLAYED_DISTANCES.get(decision))
