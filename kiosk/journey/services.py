"""What the journey needs from the rest of the kiosk, as small Protocols and one container.

The composition root fills :class:`JourneyServices` with the SQLite register and authority,
the kiosk database's audit log, lockouts, witness ledger and staff queues, and the issuance and
postal services; unit tests fill it with in-memory fakes of the same Protocols.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kiosk.issuance.postal import PostalRequest
from kiosk.issuance.transaction import IssuanceRequest, IssuanceResult
from kiosk.ports import CprRegister, NemIdAuthority, ReceiptPrinter
from kiosk.rules.questions import LockoutStore
from kiosk.rules.witness import VouchingMethod
from kiosk.storage.records import PostalOrder


class AuditSink(Protocol):
    """The audit log; the journey does not read back the entry it appended."""

    def append(self, event: str, **data: object) -> object: ...


class Ledger(Protocol):
    """The witness ledger (R7 vouching limit)."""

    def count_since(self, witness_cpr: str, since: datetime) -> int: ...

    def record_within_limit(
        self,
        witness_cpr: str,
        applicant_cpr: str,
        method: VouchingMethod,
        declaration_version: str,
        signature_hash: str,
        *,
        since: datetime,
        limit: int,
    ) -> object:
        """Record one vouching unless the witness reached ``limit`` since ``since``; raises
        WitnessLimitReached then."""


class Exemptions(Protocol):
    """The staff queue of exemption requests (R11); the journey only files one."""

    def request(self, cpr: str, holder_name: str, reason: str, language: str) -> object: ...


class Outreach(Protocol):
    """The staff queue of home identifications (R8); the journey only files one."""

    def create(self, cpr: str, holder_name: str, contact: str, note: str = "") -> object: ...


class QueuedCall(Protocol):
    @property
    def queue_number(self) -> str: ...


class HelpCalls(Protocol):
    """The staff queue of help calls (R13); the journey only places one."""

    def call(self, screen: str) -> QueuedCall: ...


class NemIdBlocking(Protocol):
    """The authority's side of blocking (spærring) a NemID: it stops working at once (R12)."""

    def void(self, nemid_number: str) -> object: ...


class VisitClaims(Protocol):
    """Open visits across kiosks (R1: one visit per citizen at a time)."""

    def claim(self, cpr: str, visit_id: str) -> bool: ...

    def release(self, visit_id: str) -> None: ...


class Issuer(Protocol):
    def issue(self, request: IssuanceRequest) -> IssuanceResult:
        """R3: both parts printed here."""

    def counter_and_post(self, request: IssuanceRequest) -> IssuanceResult:
        """R2b: the counter part printed here, the other posted."""


class PostalOrders(Protocol):
    def order(self, request: PostalRequest) -> PostalOrder: ...


@dataclass(frozen=True)
class JourneyServices:
    register: CprRegister
    authority: NemIdAuthority
    audit: AuditSink
    lockouts: LockoutStore
    ledger: Ledger
    exemptions: Exemptions
    outreach: Outreach
    issuance: Issuer
    postal: PostalOrders
    open_visits: VisitClaims | None = None  # None: no check across kiosks
    help_calls: HelpCalls | None = None  # None: help shows the centre, no staff queue
    blocking: NemIdBlocking | None = None  # None: blocking is left to staff
    receipt_printer: ReceiptPrinter | None = None  # None: no receipt for a postal order
