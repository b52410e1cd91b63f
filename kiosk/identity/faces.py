"""The face in front of the kiosk against the photo on the document (the chip's DG2 or the
licence's printed photo): the comparison a face matcher makes, and the verdict the journey takes.

Only the decision and the distance ever leave the comparison; no face image is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.errors import BadInputError

FACE_MATCH = "match"
FACE_MISMATCH = "mismatch"
FACE_NONE = "none"  # no face in the live frame or on the document
FACE_DECISIONS = (FACE_MATCH, FACE_MISMATCH, FACE_NONE)


class NoFace(BadInputError):
    """A photo in which the matcher finds no face (or no image); ``photo`` says which one."""

    code = "no_face"

    def __init__(self, detail: str = "", *, photo: str = "", code: str | None = None) -> None:
        super().__init__(detail, code=code)
        self.photo = photo  # "live" | "document"


@dataclass(frozen=True)
class FaceComparison:
    """Two faces compared: ``distance`` between their descriptors, a match under ``threshold``."""

    distance: float
    threshold: float

    @property
    def match(self) -> bool:
        return self.distance < self.threshold

    def to_json(self) -> dict[str, object]:
        return {
            "match": self.match,
            "distance": round(self.distance, 4),
            "threshold": self.threshold,
        }


@dataclass(frozen=True)
class FaceVerdict:
    """What the journey learns: ``decision`` (match, mismatch, none) and the distance, if any."""

    decision: str
    distance: float | None = None

    @classmethod
    def of(cls, comparison: FaceComparison) -> FaceVerdict:
        return cls(FACE_MATCH if comparison.match else FACE_MISMATCH, comparison.distance)

    @property
    def matched(self) -> bool:
        return self.decision == FACE_MATCH
