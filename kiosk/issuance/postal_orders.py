"""Postal orders as issuance sees them: the order, whom it is for, and its reference.

One order per NemID sent by post (R2, R2b, R4, R8) with its reference, kind, rule, posted parts,
delivery window and status (``reserved`` -> ``completed`` or ``voided``). The orders are kept by
the :class:`kiosk.storage.repositories.PostalOrderBook` repository, keyed to the person by
``cpr_ref`` and shown with the masked CPR only; the name, address and language are kept so an
order voided by a crash can be posted again without the citizen repeating anything.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Protocol

REFERENCE_PREFIX = "NP"
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
REFERENCE_LENGTH = 8


class Citizen(Protocol):
    """Who a posted NemID is for: the fields of a postal or issuance request."""

    cpr: str
    holder_name: str
    address: str
    language: str
    rule: str


@dataclass(frozen=True)
class PostalOrder:
    """A postal order as the citizen's receipt and the outcome line show it; no secrets."""

    reference: str
    nemid_number: str
    kind: str
    rule: str
    parts: tuple[str, ...]
    ordered_on: date
    earliest: date
    latest: date
    status: str = "reserved"


@dataclass(frozen=True)
class OrderListing:
    """A postal order as staff lists show it: for whom (masked), when, and why it was voided."""

    reference: str
    masked_cpr: str
    holder_name: str
    rule: str
    language: str
    ordered_on: date
    void_reason: str = ""


def random_reference() -> str:
    """A fresh ``NP-XXXXXXXX`` reference (the book checks that it is unused)."""
    tail = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{REFERENCE_PREFIX}-{tail}"
