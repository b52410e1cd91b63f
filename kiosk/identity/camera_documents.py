"""What the document camera reads from a card lying on it: the Danish driving licence, the yellow
health card, or the visual zone of an MRZ document, as one small frozen result.

The Danish licence is the EU model card (Directive 2006/126/EC, annex I): field 1 surname, 2 given
names, 3 birth date and place, 4a issue date, 4b expiry date, 4c authority, 4d the CPR number,
5 licence number, 9 categories. The health card (sundhedskort) prints the CPR number, the name
and the address, and has no expiry date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

DK_DRIVING_LICENCE = "dk_driving_licence"
DK_HEALTH_CARD = "dk_health_card"
MRZ_DOCUMENT = "mrz_document"
CAMERA_DOCUMENT_TYPES = (DK_DRIVING_LICENCE, DK_HEALTH_CARD, MRZ_DOCUMENT)
# The fields every reading reports a confidence for (0..1), where the card has them.
CONFIDENCE_FIELDS = ("surname", "given_names", "birth_date", "cpr", "expiry_date")


@dataclass(frozen=True)
class CameraDocument:
    """A card as the camera read it (or as a scenario prints it): dates ISO, ``cpr`` 10 digits.

    ``confidence`` maps a field name to how sure the reading is (0..1); a printed card made for a
    simulator or a scenario has none.
    """

    type: str
    surname: str
    given_names: str
    birth_date: date | None
    cpr: str
    expiry_date: date | None = None
    issue_date: date | None = None
    document_number: str = ""
    birth_place: str = ""
    authority: str = ""
    categories: str = ""
    address: tuple[str, ...] = ()
    mrz_lines: tuple[str, ...] = ()
    confidence: Mapping[str, float] = field(default_factory=dict)
    # The licence's printed photo as JPEG, for the face check; never printed, logged or stored.
    portrait: bytes = field(default=b"", repr=False, compare=False)

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surname}".strip()

    def to_json(self) -> dict[str, object]:
        """The reading as ``kiosk document read --json`` prints it (dates ISO, empty as null)."""
        return {
            "type": self.type,
            "surname": self.surname,
            "given_names": self.given_names,
            "birth_date": _iso(self.birth_date),
            "cpr": self.cpr or None,
            "expiry_date": _iso(self.expiry_date),
            "issue_date": _iso(self.issue_date),
            "document_number": self.document_number or None,
            "address": list(self.address),
            "confidence": {name: round(value, 2) for name, value in self.confidence.items()},
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
