"""Danish CPR numbers (DDMMYY-SSSS) through python-stdnum's ``stdnum.dk.cpr`` (R1, R7, R9).

The birth date and its century come from the first six digits and the seventh (stdnum's table).
No modulus-11 check: CPR numbers issued since 2007 need not pass it. Sex is the parity of the
last digit (odd: male). A CPR number is personal data, so logs and screens show it masked as
``DDMMYY-XXXX`` (``Cpr.masked``, ``mask_cpr``), and ``repr`` of a ``Cpr`` never shows it whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError

from kiosk.errors import CprError

CPR_FORMAT = re.compile(r"(\d{6})-?(\d{4})", re.ASCII)
# Anything CPR-shaped inside a longer text: 6 digits, an optional hyphen or space, 4 digits
# (any Unicode digits: masking too much is safer than too little).
CPR_IN_TEXT = re.compile(r"(?<!\d)(\d{6})[- ]?\d{4}(?!\d)")
MASK = "XXXX"


@dataclass(frozen=True, repr=False)
class Cpr:
    """A valid CPR number: ``number`` is the 10 digits without hyphen."""

    number: str
    birth_date: date

    @property
    def sex(self) -> str:
        """``"M"`` when the last digit is odd, ``"F"`` when even."""
        return "M" if int(self.number[-1]) % 2 else "F"

    @property
    def masked(self) -> str:
        """``DDMMYY-XXXX``: the only form a CPR number takes in logs and on screen."""
        return f"{self.number[:6]}-{MASK}"

    @property
    def formatted(self) -> str:
        """``DDMMYY-SSSS``, for the register and the printed letters only."""
        return f"{self.number[:6]}-{self.number[6:]}"

    def age_on(self, day: date) -> int:
        """Whole years of age on ``day`` (a 29 February birthday counts from 1 March)."""
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    def __repr__(self) -> str:
        return f"Cpr({self.masked})"

    __str__ = __repr__


def parse_cpr(text: str, *, today: date | None = None) -> Cpr:
    """Parse ``DDMMYY-SSSS`` or ten digits (surrounding space ignored); raise CprError if invalid.

    The date must exist in the century the seventh digit gives. With ``today``, a birth date
    after it is refused too (nobody not yet born has a CPR number).
    """
    if not isinstance(text, str):
        raise CprError("a CPR number is text of the form DDMMYY-SSSS")
    match = CPR_FORMAT.fullmatch(text.strip())
    if match is None:
        raise CprError(f"{mask_cpr(text.strip())!r} is not of the form DDMMYY-SSSS")
    number = match.group(1) + match.group(2)
    masked = f"{number[:6]}-{MASK}"
    try:
        born = stdnum_cpr.get_birth_date(number)
    except ValidationError as exc:
        raise CprError(f"{masked} does not hold a valid birth date") from exc
    if today is not None and born > today:
        raise CprError(f"{masked} has a birth date in the future")
    return Cpr(number=number, birth_date=born)


def is_cpr(text: str, *, today: date | None = None) -> bool:
    try:
        parse_cpr(text, today=today)
    except CprError:
        return False
    return True


def mask_cpr(text: str) -> str:
    """``text`` with every CPR-shaped number (ten digits, optionally ``DDMMYY-SSSS``) masked."""
    return CPR_IN_TEXT.sub(lambda match: f"{match.group(1)}-{MASK}", text)
