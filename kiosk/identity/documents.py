"""The document rules of R1 as small pure functions, each returning a reason code or ``None``.

R1: ordering needs valid photo ID that confirms identity, and the CPR number must appear on what
the citizen presents, on the ID itself or on the yellow health card shown with it. The reason
codes are those of the journey's outcome line (``document_invalid``, ``document_expired``,
``cpr_mismatch``, ``name_mismatch``); the journey and the policy decide what follows from them.
"""

from __future__ import annotations

from datetime import date

from kiosk.errors import CprError
from kiosk.identity.camera_documents import DK_DRIVING_LICENCE, CameraDocument
from kiosk.identity.cpr import CPR_IN_TEXT, Cpr, is_cpr, parse_cpr
from kiosk.identity.mrz import Mrz
from kiosk.identity.people import Person
from kiosk.identity.transliteration import SINGLE_LETTER, names_match, transliterate

DOCUMENT_INVALID = "document_invalid"
DOCUMENT_EXPIRED = "document_expired"
CPR_MISMATCH = "cpr_mismatch"
NAME_MISMATCH = "name_mismatch"


def document_problem(mrz: Mrz, today: date) -> str | None:
    """R1: ``document_invalid`` if a check digit fails or a date is unparseable,
    ``document_expired`` if it expired before ``today`` (it is valid on its expiry day)."""
    if not mrz.valid or mrz.expiry_date is None:
        return DOCUMENT_INVALID
    if mrz.expiry_date < today:
        return DOCUMENT_EXPIRED
    return None


def cpr_on_document(
    mrz: Mrz, printed_cpr: str | None = None, *, today: date | None = None
) -> str | None:
    """R1: the CPR number (10 digits) the document carries, or ``None`` (then the health card).

    ``printed_cpr`` is the number printed on the document (read by the scanner's OCR of the
    visual zone); it wins when given and must be valid, else CprError. Otherwise the first valid
    CPR number in the MRZ optional-data (personal-number) fields is taken.
    """
    if printed_cpr is not None and printed_cpr.strip():
        return parse_cpr(printed_cpr, today=today).number
    for field in (mrz.optional_data, mrz.optional_data_2):
        for match in CPR_IN_TEXT.finditer(field):
            candidate = match.group(0).replace(" ", "")
            if is_cpr(candidate, today=today):
                return parse_cpr(candidate).number
    return None


def identity_problem(mrz: Mrz, person: Person) -> str | None:
    """R1: ``cpr_mismatch`` if the document's birth date is not the CPR birth date of ``person``,
    ``name_mismatch`` if the names differ after ICAO transliteration; else ``None``."""
    try:
        cpr = parse_cpr(person.cpr)
    except CprError:
        return CPR_MISMATCH
    if mrz.birth_date != cpr.birth_date:
        return CPR_MISMATCH
    if not names_match(mrz, person.given_names, person.surname):
        return NAME_MISMATCH
    return None


def licence_problem(card: CameraDocument, today: date) -> str | None:
    """R1 for the Danish driving licence read by the camera: ``document_invalid`` for another
    card or one without an expiry date (4b), ``document_expired`` once 4b is past."""
    if card.type != DK_DRIVING_LICENCE or card.expiry_date is None:
        return DOCUMENT_INVALID
    if card.expiry_date < today:
        return DOCUMENT_EXPIRED
    return None


def card_identity_problem(card: CameraDocument, person: Person) -> str | None:
    """R1 for a card read by the camera: ``cpr_mismatch`` if its birth date (field 3) is not the
    CPR birth date of ``person``, ``name_mismatch`` if fields 1 and 2 are not the register's
    names after transliteration (upper case, æøå as ICAO or as single letters); else ``None``."""
    try:
        cpr = parse_cpr(person.cpr)
    except CprError:
        return CPR_MISMATCH
    if card.birth_date != cpr.birth_date:
        return CPR_MISMATCH
    for table in (None, SINGLE_LETTER):
        same_surname = transliterate(card.surname, table=table) == transliterate(
            person.surname, table=table
        )
        same_given = transliterate(card.given_names, table=table) == transliterate(
            person.given_names, table=table
        )
        if same_surname and same_given:
            return None
    return NAME_MISMATCH


def under_age(cpr: Cpr | str, today: date, minimum_age: int) -> bool:
    """Whether the holder of ``cpr`` is younger than ``minimum_age`` on ``today`` (15 for NemID)."""
    holder = cpr if isinstance(cpr, Cpr) else parse_cpr(cpr)
    return holder.age_on(today) < minimum_age
