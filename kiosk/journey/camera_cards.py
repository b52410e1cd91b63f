"""Cards the document camera read, as the journey takes them (R1): the Danish driving licence
as the citizen's photo ID, the yellow health card for the CPR number a document lacks.

A reading the camera is unsure of is not taken: the citizen lays the card again, or types the
health card's number (the fallback). A card printed for a scenario carries no confidence and
counts as sure.
"""

from __future__ import annotations

from kiosk.errors import DomainError
from kiosk.identity.camera_documents import DK_DRIVING_LICENCE, DK_HEALTH_CARD, CameraDocument

MIN_CONFIDENCE = 0.6  # below this the camera's reading of a needed field is not taken
LICENCE_FIELDS = ("surname", "given_names", "birth_date", "cpr", "expiry_date")
HEALTH_CARD_FIELDS = ("cpr",)


class CardNotRead(DomainError):
    """The camera read another card than the one asked for, or is unsure of a needed field."""

    code = "card_unreadable"


def sure_licence(card: CameraDocument) -> CameraDocument:
    """``card`` when it is a licence read surely enough. Raises CardNotRead."""
    return _sure(card, DK_DRIVING_LICENCE, LICENCE_FIELDS)


def health_card_cpr(card: CameraDocument) -> str:
    """The CPR number of a health card read surely enough. Raises CardNotRead."""
    return _sure(card, DK_HEALTH_CARD, HEALTH_CARD_FIELDS).cpr


def _sure(card: CameraDocument, wanted: str, needed: tuple[str, ...]) -> CameraDocument:
    if card.type != wanted:
        raise CardNotRead(f"the camera read a {card.type}, not a {wanted}")
    unsure = [name for name in needed if card.confidence.get(name, 1.0) < MIN_CONFIDENCE]
    if unsure:
        raise CardNotRead(f"the camera is unsure of {', '.join(unsure)}")
    return card
