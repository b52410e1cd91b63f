"""What the kiosk asks the printer to print. Secrets live here only on their way to paper."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class PasswordSlip:
    nemid_number: str
    temporary_password: str = field(repr=False)
    holder_name: str
    issued_at: datetime
    language: str = "da"


@dataclass(frozen=True)
class CodeCard:
    """A code card: ``pairs`` are (4-digit key, 6-digit code), in print order (R12)."""

    serial: str
    nemid_number: str
    pairs: tuple[tuple[str, str], ...] = field(repr=False)
    language: str = "da"


@dataclass(frozen=True)
class PostalReceipt:
    order_reference: str
    holder_name: str
    masked_cpr: str
    ordered_on: date
    earliest: date
    latest: date
    language: str = "da"
    sent_to: str = ""  # the folkeregister address with its street masked
    one_part: bool = False  # R2b: one part was handed out, the other is posted


@dataclass(frozen=True)
class RulesLeaflet:
    language: str = "da"
