"""ICAO 9303 part 3 section 4.9 check digits: the 7-3-1 weighted sum modulo 10.

Digits count as themselves, the letters A-Z as 10-35 and the filler ``<`` as 0. Every MRZ
check digit (document number, dates, personal number, composite) uses this one algorithm.
"""

from __future__ import annotations

from itertools import cycle

from kiosk.errors import MRZError

WEIGHTS = (7, 3, 1)
MODULUS = 10
FILLER = "<"
LETTER_OFFSET = 10  # "A" counts as 10, "B" as 11, ... "Z" as 35.


def char_value(char: str) -> int:
    """The numeric value of one MRZ character; raises MRZError for anything outside [0-9A-Z<]."""
    if char == FILLER:
        return 0
    if "0" <= char <= "9":
        return ord(char) - ord("0")
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + LETTER_OFFSET
    raise MRZError(f"character {char!r} cannot appear in an MRZ")


def check_digit(data: str) -> str:
    """The check digit ("0"-"9") of ``data`` (MRZ characters only)."""
    total = sum(char_value(char) * weight for char, weight in zip(data, cycle(WEIGHTS)))
    return str(total % MODULUS)


def is_valid_check_digit(data: str, digit: str, *, filler_allowed: bool = False) -> bool:
    """Whether ``digit`` is the check digit of ``data``.

    With ``filler_allowed`` a ``<`` check digit is accepted for a field that is all fillers
    (ICAO 9303 part 4: an empty TD3 personal-number field may carry ``<`` as its check digit).
    """
    if filler_allowed and digit == FILLER and set(data) <= {FILLER}:
        return True
    return digit == check_digit(data)
