"""The records the repositories return: small frozen rows, with no SQL and no secret in them.

Each names a person only by the masked CPR (DDMMYY-XXXX); the ``cpr_ref`` a repository keys
people by stays inside the repository. A postal order (R2, R2b, R4, R8) moves ``reserved`` ->
``completed`` or ``voided``; :class:`Citizen` is whom an order is for, as a request gives it.
Audit entries are in :mod:`kiosk.storage.audit`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

VOUCHING_METHODS: tuple[str, ...] = ("declaration", "nemid")
# R11: the grounds the seed names; "other" lets staff hear the rest.
EXEMPTION_REASONS: tuple[str, ...] = ("language_difficulties", "disability", "other")
EXEMPTION_RESOLUTIONS: tuple[str, ...] = ("granted", "refused", "withdrawn")
HOLDING_STATUSES: tuple[str, ...] = ("active", "printing", "voided")


@dataclass(frozen=True)
class HoldingRecord:
    """A holding as the authority keeps it (no secrets), for recovery and staff views."""

    number: str
    masked_cpr: str
    status: str
    card_serial: str
    active_since: date | None
    created_at: datetime
    status_changed_at: datetime


@dataclass(frozen=True)
class Vouching:
    """One vouching of the witness ledger (R7); the signature only as a hash."""

    id: int
    witness_masked: str
    applicant_masked: str
    method: str
    declaration_version: str
    signature_hash: str
    time: datetime


@dataclass(frozen=True)
class ExemptionRequest:
    """A request for exemption from Digital Post in the staff queue (R11)."""

    id: int
    masked_cpr: str
    holder_name: str
    reason: str
    language: str
    status: str
    created_at: datetime
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    resolution: str | None = None


@dataclass(frozen=True)
class HelpCall:
    """A citizen's call for staff help (R13): which kiosk, which screen, since when."""

    id: int
    queue_number: str  # what the citizen is shown, e.g. "H-007"
    kiosk_id: str
    screen: str
    status: str  # open | acknowledged
    called_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None

    def waiting_seconds(self, now: datetime) -> int:
        """How long the citizen has waited (until ``now``, or until staff acknowledged)."""
        end = self.acknowledged_at or now
        return max(0, int((end - self.called_at).total_seconds()))


@dataclass(frozen=True)
class OutreachRegistration:
    """An outreach identification waiting for staff, or done with (R8)."""

    id: int
    masked_cpr: str
    holder_name: str
    contact: str
    note: str
    status: str  # pending | completed | cancelled
    created_at: datetime
    completed_at: datetime | None = None
    completed_by: str | None = None
    nemid_number: str | None = None


class Citizen(Protocol):
    """Who a posted NemID is for: the fields of a postal or issuance request."""

    @property
    def cpr(self) -> str: ...

    @property
    def holder_name(self) -> str: ...

    @property
    def address(self) -> str: ...

    @property
    def language(self) -> str: ...

    @property
    def rule(self) -> str: ...


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
