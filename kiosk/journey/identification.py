"""Identify a person from what the readers delivered: the R1 checks in the order a clerk does them.

The MRZ is parsed once, as the scan enters the journey (:func:`read_document`), and the parsed
document is passed on. It must parse and pass the document rules (valid, not expired); the CPR
number is taken from the document when it carries one, else from the yellow health card shown
with it (R1, R9); the number must be in the register, and the document's birth date and name
must match the register entry. The same function identifies the citizen and the witness (R7:
the witness shows their own valid photo ID under the same rules). Pure apart from the register
look-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kiosk.errors import CprError, MRZError
from kiosk.identity import documents
from kiosk.identity.camera_documents import CameraDocument
from kiosk.identity.cpr import parse_cpr
from kiosk.identity.mrz import Mrz, parse_mrz
from kiosk.identity.people import Person
from kiosk.ports import CprRegister

DOCUMENT_INVALID = documents.DOCUMENT_INVALID
CPR_MISSING = "cpr_missing"
CPR_INVALID = "cpr_invalid"
NOT_IN_REGISTER = "not_in_register"
DANISH_STATE = "DNK"
PASSPORT_TYPE = "P"


@dataclass(frozen=True)
class Identification:
    """The verdict on one document (plus health card). ``reason`` empty means identified."""

    mrz: Mrz | None = None
    cpr: str = ""
    card: CameraDocument | None = None  # the Danish driving licence, read by the camera
    person: Person | None = None
    reason: str = ""
    rule: str = "R1"
    needs_health_card: bool = False

    @property
    def identified(self) -> bool:
        return not self.reason and not self.needs_health_card and self.person is not None

    @property
    def danish_passport(self) -> bool:
        """R9: a Danish passport holder may order online instead."""
        mrz = self.mrz
        return (
            mrz is not None
            and mrz.issuing_state == DANISH_STATE
            and mrz.document_type.startswith(PASSPORT_TYPE)
        )


def read_document(lines: Sequence[str], today: date) -> Mrz | None:
    """The MRZ ``lines`` a reader delivered, parsed; None when they do not parse (R1: refused
    as ``document_invalid`` by :func:`identify`). ``today`` decides the birth-date century."""
    try:
        return parse_mrz(list(lines), today=today)
    except MRZError:
        return None


def identify(
    mrz: Mrz | None,
    printed_cpr: str | None,
    health_card_cpr: str | None,
    register: CprRegister,
    today: date,
) -> Identification:
    """R1: every document rule on the parsed document (None: it did not parse), first failure
    wins; never raises for bad input."""
    if mrz is None:
        return Identification(reason=DOCUMENT_INVALID)
    problem = documents.document_problem(mrz, today)
    if problem:
        return Identification(mrz=mrz, reason=problem)
    try:
        cpr = documents.cpr_on_document(mrz, printed_cpr, today=today)
    except CprError:
        return Identification(mrz=mrz, reason=CPR_INVALID)
    if cpr is None and health_card_cpr is None:
        # R1/R9: no CPR number on the document; the yellow health card must show it.
        return Identification(mrz=mrz, needs_health_card=True)
    if cpr is None:
        try:
            cpr = parse_cpr(str(health_card_cpr), today=today).number
        except CprError:
            return Identification(mrz=mrz, reason=CPR_INVALID)
    person = register.find(cpr)
    if person is None:
        # R9: a newcomer needs a CPR number in the register before ordering.
        return Identification(mrz=mrz, cpr=cpr, reason=NOT_IN_REGISTER, rule="R9")
    mismatch = documents.identity_problem(mrz, person)
    if mismatch:
        return Identification(mrz=mrz, cpr=cpr, person=person, reason=mismatch)
    return Identification(mrz=mrz, cpr=cpr, person=person)


def identify_licence(card: CameraDocument, register: CprRegister, today: date) -> Identification:
    """R1 for the Danish driving licence: valid and unexpired (4b), the CPR number from field
    4d, in the register, with the birth date (3) and names (1, 2) of the register entry."""
    problem = documents.licence_problem(card, today)
    if problem:
        return Identification(card=card, reason=problem)
    try:
        cpr = parse_cpr(card.cpr, today=today).number
    except CprError:
        return Identification(card=card, reason=CPR_INVALID)
    person = register.find(cpr)
    if person is None:
        return Identification(card=card, cpr=cpr, reason=NOT_IN_REGISTER, rule="R9")
    mismatch = documents.card_identity_problem(card, person)
    return Identification(card=card, cpr=cpr, person=person, reason=mismatch or "")


def missing_cpr(mrz: Mrz | None) -> Identification:
    """R1: the citizen could not show a CPR number at all."""
    return Identification(mrz=mrz, reason=CPR_MISSING)
