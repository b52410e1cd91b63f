"""Compose valid ICAO 9303 MRZ lines for synthetic persona documents, emulated chips and scenarios.

``build_td3`` (passport, 2x44), ``build_td1`` (ID card, 3x30) and ``build_td2`` (2x36) take
keyword arguments in domain words and return the MRZ lines with correct check digits. Names are
transliterated (Æ -> AE, Ø -> OE, Å -> AA, ...) and truncated to fit; a document number longer
than 9 characters overflows into the optional data (TD1 and TD2 only), as ICAO 9303 parts 5 and 6
describe. Bad values raise ``MRZError``. Synthetic data only.
"""

from __future__ import annotations

from datetime import date

from kiosk.errors import MRZError
from kiosk.identity.check_digit import FILLER, check_digit
from kiosk.identity.mrz_layout import COMPOSITE_RANGES, LAYOUTS, MRZ_ALPHABET, TD1, TD2, TD3
from kiosk.identity.transliteration import fit_name

DOCUMENT_NUMBER_WIDTH = 9
SEX_CHARS = {"M": "M", "F": "F", "X": FILLER, FILLER: FILLER, "": FILLER}


def build_td3(
    *,
    surname: str,
    given_names: str,
    document_number: str,
    birth_date: date,
    expiry_date: date,
    sex: str = "X",
    issuing_state: str = "DNK",
    nationality: str = "DNK",
    document_type: str = "P",
    optional_data: str = "",
) -> list[str]:
    """Two 44-character passport lines; ``optional_data`` is the personal number (<= 14 chars)."""
    layout = LAYOUTS[TD3]
    number = _code(document_number, DOCUMENT_NUMBER_WIDTH, "document_number")
    personal = _code(optional_data, layout["optional_data"].width, "optional_data")
    line1 = _header(document_type, issuing_state) + _name(TD3, surname, given_names)
    line2 = (
        number
        + check_digit(number)
        + _code(nationality, 3, "nationality")
        + _dated(birth_date)
        + _sex(sex)
        + _dated(expiry_date)
        + personal
        + (FILLER if set(personal) == {FILLER} else check_digit(personal))
    )
    return [line1, line2 + _composite(TD3, line1, line2)]


def build_td2(
    *,
    surname: str,
    given_names: str,
    document_number: str,
    birth_date: date,
    expiry_date: date,
    sex: str = "X",
    issuing_state: str = "DNK",
    nationality: str = "DNK",
    document_type: str = "I",
    optional_data: str = "",
) -> list[str]:
    """Two 36-character lines; a document number over 9 characters overflows (see module doc)."""
    number, optional = _number_and_optional(document_number, optional_data, width=7)
    line1 = _header(document_type, issuing_state) + _name(TD2, surname, given_names)
    line2 = (
        number
        + _code(nationality, 3, "nationality")
        + _dated(birth_date)
        + _sex(sex)
        + _dated(expiry_date)
        + optional
    )
    return [line1, line2 + _composite(TD2, line1, line2)]


def build_td1(
    *,
    surname: str,
    given_names: str,
    document_number: str,
    birth_date: date,
    expiry_date: date,
    sex: str = "X",
    issuing_state: str = "DNK",
    nationality: str = "DNK",
    document_type: str = "I",
    optional_data: str = "",
    optional_data_2: str = "",
) -> list[str]:
    """Three 30-character ID-card lines; ``optional_data`` on line 1, ``optional_data_2`` line 2."""
    number, optional = _number_and_optional(document_number, optional_data, width=15)
    line1 = _header(document_type, issuing_state) + number + optional
    line2 = (
        _dated(birth_date)
        + _sex(sex)
        + _dated(expiry_date)
        + _code(nationality, 3, "nationality")
        + _code(optional_data_2, 11, "optional_data_2")
    )
    line2 += _composite(TD1, line1, line2)
    return [line1, line2, _name(TD1, surname, given_names)]


def _number_and_optional(document_number: str, optional_data: str, width: int) -> tuple[str, str]:
    """Document number with its check digit (10 chars) and the optional data of ``width``."""
    raw = document_number.strip().upper()
    if len(raw) <= DOCUMENT_NUMBER_WIDTH:
        number = _code(raw, DOCUMENT_NUMBER_WIDTH, "document_number")
        return number + check_digit(number), _code(optional_data, width, "optional_data")
    overflow = raw[DOCUMENT_NUMBER_WIDTH:] + check_digit(_code(raw, len(raw), "document_number"))
    rest = overflow + FILLER + optional_data.strip().upper()
    return raw[:DOCUMENT_NUMBER_WIDTH] + FILLER, _code(rest, width, "document_number")


def _name(fmt: str, surname: str, given_names: str) -> str:
    return fit_name(surname, given_names, LAYOUTS[fmt]["name"].width)


def _composite(fmt: str, *lines: str) -> str:
    """The composite check digit over the ranges of ``fmt`` (the last line still without it)."""
    return check_digit(
        "".join(lines[line][start:end] for line, start, end in COMPOSITE_RANGES[fmt])
    )


def _header(document_type: str, issuing_state: str) -> str:
    return _code(document_type, 2, "document_type") + _code(issuing_state, 3, "issuing_state")


def _code(value: str, width: int, what: str) -> str:
    """``value`` in MRZ characters, padded with fillers to ``width``; MRZError if it cannot be."""
    text = value.strip().upper().replace(" ", FILLER)
    if len(text) > width or not set(text) <= MRZ_ALPHABET:
        raise MRZError(f"{what} {value!r} does not fit {width} MRZ characters")
    return text.ljust(width, FILLER)


def _dated(day: date) -> str:
    return day.strftime("%y%m%d") + check_digit(day.strftime("%y%m%d"))


def _sex(sex: str) -> str:
    if sex.upper() not in SEX_CHARS:
        raise MRZError(f"sex {sex!r} is not M, F or X")
    return SEX_CHARS[sex.upper()]
