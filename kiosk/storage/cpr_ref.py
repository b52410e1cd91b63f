"""Pseudonyms for CPR numbers in the kiosk database: ``cpr_ref`` and the masked form.

``cpr_ref`` is HMAC-SHA256 under the kiosk key of the 10 CPR digits, as 64 hex characters: the
same person always gets the same reference (so lockouts and the witness ledger work across
kiosks sharing a key), and without the key the reference cannot be turned back into a number
by trying every birth date. The masked form DDMMYY-XXXX is what logs and screens show.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field

from kiosk.errors import CprError

CPR_DIGITS = 10
BIRTH_DATE_DIGITS = 6
_SEPARATORS = re.compile(r"[\s-]")


def cpr_digits(cpr: str) -> str:
    """The 10 digits of ``cpr`` ("DDMMYY-SSSS" or "DDMMYYSSSS"); raises CprError otherwise."""
    digits = _SEPARATORS.sub("", cpr)
    if len(digits) != CPR_DIGITS or not digits.isdigit():
        raise CprError(f"a CPR number has {CPR_DIGITS} digits: {mask_cpr(cpr)!r}")
    return digits


def mask_cpr(cpr: str) -> str:
    """DDMMYY-XXXX: the birth date stays readable, the serial never leaves the kiosk."""
    digits = _SEPARATORS.sub("", cpr)
    return f"{digits[:BIRTH_DATE_DIGITS]}-XXXX"


def cpr_ref(key: bytes, cpr: str) -> str:
    """HMAC-SHA256(key, the 10 CPR digits) as lower-case hex (64 characters)."""
    return hmac.new(key, cpr_digits(cpr).encode("ascii"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class CprPseudonyms:
    """The kiosk key bound to the two functions the repositories need."""

    key: bytes = field(repr=False)

    def ref(self, cpr: str) -> str:
        return cpr_ref(self.key, cpr)

    def masked(self, cpr: str) -> str:
        return mask_cpr(cpr_digits(cpr))
