"""Our own ICAO 9303 machine-readable-zone parser for TD1 (3x30), TD2 (2x36) and TD3 (2x44).

The layouts follow ICAO 9303 parts 4 (TD3), 5 (TD1) and 6 (TD2). Structural problems (line count,
line length, characters outside ``[0-9A-Z<]``, an unknown sex code) raise ``MRZError``; everything
else is reported, not raised: each check digit by name in ``Mrz.checks`` and an unparseable date
as ``None``. OCR confusions are repaired by field type before checking (``O`` -> ``0`` only in
numeric fields, ``0`` -> ``O`` only in alphabetic ones); document numbers and optional data are
alphanumeric and left alone. R1 rests on this: a document is valid photo ID only when it parses
and every check holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from kiosk.errors import MRZError
from kiosk.identity.check_digit import FILLER, is_valid_check_digit
from kiosk.identity.mrz_layout import (
    ALPHA,
    COMPOSITE_RANGES,
    FORMATS,
    LAYOUTS,
    MRZ_ALPHABET,
    NUMERIC,
    Field,
)

NAME_SEPARATOR = FILLER * 2  # "<<" separates the primary (surname) and secondary identifiers.
SEX_CODES = {"M": "M", "F": "F", FILLER: "X", "X": "X"}
_TO_DIGIT = str.maketrans("OQDILZSGB", "000112568")
_TO_LETTER = str.maketrans("012568", "OIZSGB")
_REPAIRS = {NUMERIC: _TO_DIGIT, ALPHA: _TO_LETTER}
_MIN_OVERFLOW = 2  # At least one more document-number character plus its check digit.


@dataclass(frozen=True)
class Mrz:
    """A parsed MRZ. ``checks`` holds every check digit by name, ``lines`` the repaired lines.

    Check names: ``document_number``, ``birth_date``, ``expiry_date``, ``composite`` and, in TD3
    only, ``personal_number``. ``optional_data`` is the TD2/TD3 optional (personal-number)
    field or the TD1 line-1 optional data after any document-number overflow;
    ``optional_data_2`` is the TD1 line-2 optional data. ``name_truncated`` is true when the
    name field is full to its last character (ICAO: the name may have been cut to fit).
    """

    format: str
    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: date | None
    expiry_date: date | None
    sex: str
    optional_data: str
    checks: dict[str, bool]
    lines: tuple[str, ...]
    optional_data_2: str = ""
    name_truncated: bool = field(default=False, compare=False)

    @property
    def valid(self) -> bool:
        """R1: every check digit holds and both dates are real dates."""
        return (
            all(self.checks.values())
            and self.birth_date is not None
            and self.expiry_date is not None
        )

    @property
    def failed_checks(self) -> tuple[str, ...]:
        return tuple(name for name, ok in self.checks.items() if not ok)

    def to_json(self) -> dict[str, object]:
        """The ``kiosk mrz`` contract of issue 2 (dates as ISO strings or null)."""
        payload: dict[str, object] = {
            "format": self.format,
            "document_type": self.document_type,
            "issuing_state": self.issuing_state,
            "surname": self.surname,
            "given_names": self.given_names,
            "document_number": self.document_number,
            "nationality": self.nationality,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "sex": self.sex,
            "optional_data": self.optional_data,
            "checks": dict(self.checks),
            "valid": self.valid,
        }
        if self.format == "TD1":
            payload["optional_data_2"] = self.optional_data_2
        return payload


def parse_mrz(lines: Sequence[str] | str, *, today: date | None = None) -> Mrz:
    """Parse the MRZ ``lines`` (or one string with newlines); raise MRZError for bad structure.

    ``today`` decides the birth-date century (the latest one not in the future); it defaults to
    the system date.
    """
    rows = _normalise(lines)
    fmt = _detect_format(rows)
    layout = LAYOUTS[fmt]
    grid = [list(row) for row in rows]
    for spec in layout.values():
        table = _REPAIRS.get(spec.kind)
        if table is not None:
            text = _slice(grid, spec).translate(table)
            grid[spec.line][spec.start : spec.end] = list(text)
    document_number, number_check, overflow_end = _document_number(grid, layout)
    repaired = tuple("".join(row) for row in grid)

    def raw(name: str) -> str:
        return _slice(grid, layout[name])

    checks = {
        "document_number": number_check,
        "birth_date": is_valid_check_digit(raw("birth_date"), raw("birth_date_check")),
        "expiry_date": is_valid_check_digit(raw("expiry_date"), raw("expiry_date_check")),
    }
    if "optional_data_check" in layout:
        checks["personal_number"] = is_valid_check_digit(
            raw("optional_data"), raw("optional_data_check"), filler_allowed=True
        )
    composite = "".join(repaired[line][start:end] for line, start, end in COMPOSITE_RANGES[fmt])
    checks["composite"] = is_valid_check_digit(composite, raw("composite_check"))
    sex = raw("sex")
    if sex not in SEX_CODES:
        raise MRZError(f"sex code {sex!r} is not M, F, X or <")
    name = raw("name")
    surname, given_names = split_name(name)
    optional = raw("optional_data")[overflow_end:]
    return Mrz(
        format=fmt,
        document_type=_words(raw("document_type")),
        issuing_state=_words(raw("issuing_state")),
        surname=surname,
        given_names=given_names,
        document_number=document_number,
        nationality=_words(raw("nationality")),
        birth_date=_birth_date(raw("birth_date"), today or date.today()),
        expiry_date=_expiry_date(raw("expiry_date")),
        sex=SEX_CODES[sex],
        optional_data=_words(optional),
        checks=checks,
        lines=repaired,
        optional_data_2=_words(raw("optional_data_2")) if "optional_data_2" in layout else "",
        name_truncated=not name.endswith(FILLER),
    )


def split_name(name_field: str) -> tuple[str, str]:
    """(surname, given names) from an MRZ name field: ``<<`` splits them, ``<`` is a space."""
    primary, _, secondary = name_field.partition(NAME_SEPARATOR)
    return _words(primary), _words(secondary)


def _normalise(lines: Sequence[str] | str) -> list[str]:
    if isinstance(lines, str):
        lines = lines.splitlines()
    if not isinstance(lines, Sequence):
        raise MRZError("an MRZ is a list of lines")
    rows: list[str] = []
    for line in lines:
        if not isinstance(line, str):
            raise MRZError(f"MRZ line {line!r} is not text")
        stripped = line.strip().upper()
        if stripped:
            rows.append(stripped)
    for number, row in enumerate(rows, start=1):
        for position, char in enumerate(row, start=1):
            if char not in MRZ_ALPHABET:
                raise MRZError(
                    f"line {number} position {position}: {char!r} is not an MRZ character"
                )
    return rows


def _detect_format(rows: list[str]) -> str:
    lengths = {len(row) for row in rows}
    if len(lengths) == 1:
        fmt = FORMATS.get((len(rows), lengths.pop()))
        if fmt is not None:
            return fmt
    shape = ", ".join(str(len(row)) for row in rows) or "none"
    raise MRZError(
        "expected 3 lines of 30 (TD1), 2 of 36 (TD2) or 2 of 44 (TD3) characters; "
        f"got {len(rows)} line(s) of length {shape}"
    )


def _slice(grid: list[list[str]], spec: Field) -> str:
    return "".join(grid[spec.line][spec.start : spec.end])


def _document_number(grid: list[list[str]], layout: dict[str, Field]) -> tuple[str, bool, int]:
    """(document number, its check, where optional data starts after any overflow).

    TD1 and TD2: a number longer than 9 characters has ``<`` at the check-digit position; the
    rest of the number follows in the optional data, ended by its check digit and a filler.
    """
    number_spec, check_spec = layout["document_number"], layout["document_number_check"]
    principal, check = _slice(grid, number_spec), _slice(grid, check_spec)
    overflow_spec = layout["optional_data"]
    overflow = _slice(grid, overflow_spec).split(FILLER, 1)[0]
    if check == FILLER and "optional_data_check" not in layout and len(overflow) >= _MIN_OVERFLOW:
        digit = overflow[-1].translate(_TO_DIGIT)
        grid[overflow_spec.line][overflow_spec.start + len(overflow) - 1] = digit
        number = principal + overflow[:-1]
        return number, is_valid_check_digit(number, digit), len(overflow) + 1
    return principal.rstrip(FILLER), is_valid_check_digit(principal, check), 0


def _words(text: str) -> str:
    return " ".join(part for part in text.split(FILLER) if part)


def _ymd(text: str, century: int) -> date | None:
    if not text.isdigit():
        return None
    try:
        return date(century + int(text[:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def _birth_date(text: str, today: date) -> date | None:
    """The latest century that does not put the birth date in the future."""
    for century in (2000, 1900):
        born = _ymd(text, century)
        if born is not None and born <= today:
            return born
    return None


def _expiry_date(text: str) -> date | None:
    return _ymd(text, 2000)
