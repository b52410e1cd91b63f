"""Field positions of the three ICAO 9303 MRZ formats (parts 4, 5 and 6), as named slices.

Each field has a kind: ``ALPHA`` fields (document type, states, names) hold letters and fillers,
``NUMERIC`` fields (dates, check digits) digits only, ``FREE`` fields (document number, optional
data, sex) anything; the parser repairs OCR confusions by kind.
"""

from __future__ import annotations

from dataclasses import dataclass

ALPHA = "alpha"
NUMERIC = "numeric"
FREE = "free"
MRZ_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")


@dataclass(frozen=True)
class Field:
    line: int
    start: int
    end: int
    kind: str

    @property
    def width(self) -> int:
        return self.end - self.start


TD1 = "TD1"
TD2 = "TD2"
TD3 = "TD3"
# (line count, line length) -> format.
FORMATS: dict[tuple[int, int], str] = {(3, 30): TD1, (2, 36): TD2, (2, 44): TD3}
LINE_LENGTH = {TD1: 30, TD2: 36, TD3: 44}


def _two_line(width: int, with_personal_number: bool) -> dict[str, Field]:
    """TD2 and TD3 differ only in width and TD3's checked personal-number field."""
    optional_end = width - 2 if with_personal_number else width - 1
    layout = {
        "document_type": Field(0, 0, 2, ALPHA),
        "issuing_state": Field(0, 2, 5, ALPHA),
        "name": Field(0, 5, width, ALPHA),
        "document_number": Field(1, 0, 9, FREE),
        "document_number_check": Field(1, 9, 10, NUMERIC),
        "nationality": Field(1, 10, 13, ALPHA),
        "birth_date": Field(1, 13, 19, NUMERIC),
        "birth_date_check": Field(1, 19, 20, NUMERIC),
        "sex": Field(1, 20, 21, FREE),
        "expiry_date": Field(1, 21, 27, NUMERIC),
        "expiry_date_check": Field(1, 27, 28, NUMERIC),
        "optional_data": Field(1, 28, optional_end, FREE),
        "composite_check": Field(1, width - 1, width, NUMERIC),
    }
    if with_personal_number:
        layout["optional_data_check"] = Field(1, width - 2, width - 1, NUMERIC)
    return layout


LAYOUTS: dict[str, dict[str, Field]] = {
    TD1: {
        "document_type": Field(0, 0, 2, ALPHA),
        "issuing_state": Field(0, 2, 5, ALPHA),
        "document_number": Field(0, 5, 14, FREE),
        "document_number_check": Field(0, 14, 15, NUMERIC),
        "optional_data": Field(0, 15, 30, FREE),
        "birth_date": Field(1, 0, 6, NUMERIC),
        "birth_date_check": Field(1, 6, 7, NUMERIC),
        "sex": Field(1, 7, 8, FREE),
        "expiry_date": Field(1, 8, 14, NUMERIC),
        "expiry_date_check": Field(1, 14, 15, NUMERIC),
        "nationality": Field(1, 15, 18, ALPHA),
        "optional_data_2": Field(1, 18, 29, FREE),
        "composite_check": Field(1, 29, 30, NUMERIC),
        "name": Field(2, 0, 30, ALPHA),
    },
    TD2: _two_line(36, with_personal_number=False),
    TD3: _two_line(44, with_personal_number=True),
}

# The characters the composite check digit covers, as (line, start, end) ranges.
COMPOSITE_RANGES: dict[str, tuple[tuple[int, int, int], ...]] = {
    TD1: ((0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)),
    TD2: ((1, 0, 10), (1, 13, 20), (1, 21, 35)),
    TD3: ((1, 0, 10), (1, 13, 20), (1, 21, 43)),
}
