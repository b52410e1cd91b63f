"""The records the repositories return: small frozen rows, with no SQL and no secret in them.

Each names a person only by the masked CPR (DDMMYY-XXXX); the ``cpr_ref`` a repository keys
people by stays inside the repository. Audit entries are in :mod:`kiosk.storage.audit` and
postal orders, a domain type of issuance, in :mod:`kiosk.issuance.postal_orders`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

VouchingMethod = Literal["declaration", "nemid"]
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
