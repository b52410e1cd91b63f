"""ICAO 9303 part 3 section 6 transliteration of Latin names to MRZ form, and name matching (R1).

Letters with their own ICAO transliteration (Æ -> AE, Ø -> OE, Å -> AA, Ä -> AE, Ö -> OE,
Ü -> UE, ß -> SS, Þ -> TH, ...) come from a table; every other accented Latin letter becomes its
base letter. Spaces and hyphens become the filler ``<``; apostrophes and other punctuation are
dropped. ``names_match`` compares a register name to the name on a document the way a clerk
would: through that transliteration, tolerating the older single-letter forms (Ä -> A) and the
truncation an MRZ name field may have undergone.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from kiosk.identity.check_digit import FILLER
from kiosk.identity.mrz_layout import LAYOUTS

if TYPE_CHECKING:
    from kiosk.identity.mrz import Mrz

# ICAO 9303 part 3, table of recommended transliterations of Latin multi-letter forms.
ICAO_LATIN: dict[str, str] = {
    "Æ": "AE",
    "Ø": "OE",
    "Å": "AA",
    "Ä": "AE",
    "Ö": "OE",
    "Ü": "UE",
    "ß": "SS",
    "Þ": "TH",
    "Œ": "OE",
    "Ĳ": "IJ",
    "Ð": "D",
    "Đ": "D",
    "Ħ": "H",
    "Ł": "L",
    "Ŀ": "L",
    "ı": "I",
    "Ŋ": "N",
    "Ŧ": "T",
}
# The older single-letter forms some issuers print instead (tolerated when matching names).
SINGLE_LETTER: dict[str, str] = {"Å": "A", "Ä": "A", "Ö": "O", "Ü": "U", "Ø": "O"}
SEPARATORS = re.compile(r"[\s\-‐‑–]+")
_NAME_SEPARATOR = FILLER * 2


def transliterate(name: str, *, table: dict[str, str] | None = None) -> str:
    """``name`` in MRZ characters: upper case A-Z with ``<`` between words, no fillers at the ends.

    Digits and punctuation (apostrophes, commas, dots) are dropped, as ICAO 9303 part 3 says.
    ``table`` overrides entries of ``ICAO_LATIN`` (used for the single-letter variants).
    """
    mapping = ICAO_LATIN if table is None else {**ICAO_LATIN, **table}
    words = []
    for word in SEPARATORS.split(name.strip()):
        letters = []
        for char in word.upper():
            if char in mapping:
                letters.append(mapping[char])
                continue
            base = unicodedata.normalize("NFKD", char)
            letters.append("".join(c for c in base if "A" <= c <= "Z"))
        if "".join(letters):
            words.append("".join(letters))
    return FILLER.join(words)


def name_field(surname: str, given_names: str, *, table: dict[str, str] | None = None) -> str:
    """The untruncated MRZ name ``SURNAME<<GIVEN<NAMES`` (no padding)."""
    primary = transliterate(surname, table=table)
    secondary = transliterate(given_names, table=table)
    return f"{primary}{_NAME_SEPARATOR}{secondary}" if secondary else primary


def fit_name(surname: str, given_names: str, width: int) -> str:
    """The name field of ``width`` characters, padded with fillers or truncated to fit.

    When too long, given names are cut first (keeping the surname whole) and the surname only
    when it alone does not fit; a cut never leaves a filler as the last character.
    """
    full = name_field(surname, given_names)
    if len(full) <= width:
        return full.ljust(width, FILLER)
    primary = transliterate(surname)
    given_fit = len(primary) + len(_NAME_SEPARATOR) < width
    cut = full[:width] if given_fit else primary[:width]
    return cut.rstrip(FILLER).ljust(width, FILLER)


def names_match(mrz: Mrz, given_names: str, surname: str) -> bool:
    """R1: whether the register name (``given_names``, ``surname``, with æøå) is the document's.

    Exact after transliteration (ICAO or single-letter variants), or, when the register name is
    too long for the document's name field, the document name is a truncation of it: the same
    surname (or a cut of it) and each given name the start of the register's given name in the
    same place.
    """
    width = LAYOUTS[mrz.format]["name"].width
    doc_surname = transliterate(mrz.surname)
    doc_given = [word for word in transliterate(mrz.given_names).split(FILLER) if word]
    for table in (None, SINGLE_LETTER):
        reg_surname = transliterate(surname, table=table)
        reg_given = [word for word in transliterate(given_names, table=table).split(FILLER) if word]
        if doc_surname == reg_surname and doc_given == reg_given:
            return True
        too_long = len(name_field(surname, given_names, table=table)) > width
        if too_long and _is_truncation(doc_surname, doc_given, reg_surname, reg_given):
            return True
    return False


def _is_truncation(
    doc_surname: str, doc_given: list[str], reg_surname: str, reg_given: list[str]
) -> bool:
    if not doc_given:
        return bool(doc_surname) and reg_surname.startswith(doc_surname)
    if doc_surname != reg_surname or len(doc_given) > len(reg_given):
        return False
    return all(reg.startswith(doc) for doc, reg in zip(doc_given, reg_given, strict=False))
