"""The face in front of the kiosk against the document's photo, in the journey (R1).

The UI takes a still from the camera and the photo the document gave (the chip's DG2, or the
licence's printed photo) and asks the face matcher (:func:`check_face`); the verdict goes into
the scan. A face that is not the document's, or no face at all, sends the citizen to the staff
at the counter, politely. Only the decision and the distance are audited; no image is kept.
"""

from __future__ import annotations

from kiosk.identity.faces import FACE_MISMATCH, FACE_NONE, FaceVerdict, NoFace
from kiosk.ports import FaceMatcher

FACE_AUDIT_EVENT = "journey.face_checked"
FACE_REFUSALS = {FACE_MISMATCH: "face_mismatch", FACE_NONE: "face_not_found"}
DISTANCE_DIGITS = 3


def check_face(matcher: FaceMatcher, live: bytes, document_photo: bytes) -> FaceVerdict:
    """The verdict on the live still against the document's photo; no face on either is
    ``none``. Raises DeviceUnavailable when the matcher's model is not installed."""
    try:
        return FaceVerdict.of(matcher.compare(live, document_photo))
    except NoFace:
        return FaceVerdict(FACE_NONE)


def face_refusal(verdict: FaceVerdict) -> str | None:
    """The reason code a verdict refuses the document with (None: the faces match)."""
    return FACE_REFUSALS.get(verdict.decision)


def audit_fields(verdict: FaceVerdict) -> dict[str, object]:
    """What the audit keeps of a face check: the decision and the distance, nothing else."""
    distance = None if verdict.distance is None else round(verdict.distance, DISTANCE_DIGITS)
    return {"decision": verdict.decision, "distance": distance}
