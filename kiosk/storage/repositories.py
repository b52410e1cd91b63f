"""The repositories of the kiosk's storage, as Protocols: one per aggregate, named by role.

The core asks these, never a database: ``NemIdHoldings`` (the authority's holdings, for issuing),
``Register`` (the CPR register), ``AuditLog``, ``IssuanceJournal``, ``PostalOrderBook``,
``WitnessLedger``, ``QuestionLockouts``, ``PinLockouts``, ``OpenVisits``, the staff queue
(``ExemptionQueue``, ``OutreachQueue``) and ``ActivityCounts`` (a read model across them for the
staff desk's statistics). ``UnitOfWork`` is the one transaction the issuance transaction commits
its journal, audit and postal-order changes through. Methods take and return domain types and
the records of :mod:`kiosk.storage.records`, raise only errors from :mod:`kiosk.errors`, and
people go in as CPR numbers and come out masked. The embedded implementations are the
``Sqlite*`` classes of :mod:`kiosk.storage.sqlite`, the only place that holds SQL; a network
authority (PostgreSQL) would implement the same Protocols beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from kiosk.devices.printouts import PostalReceipt
from kiosk.ports import CprRegister, NemIdAuthority
from kiosk.rules.witness import VouchingMethod
from kiosk.storage.audit import AuditEntry, AuditReport
from kiosk.storage.authority_keys import AuthorityKeys
from kiosk.storage.records import (
    Citizen,
    ExemptionRequest,
    HelpCall,
    HoldingRecord,
    OrderListing,
    OutreachRegistration,
    PostalOrder,
    Vouching,
)


class Register(CprRegister, Protocol):
    """The CPR register (the embedded stand-in for the national one)."""

    def count(self) -> int: ...


class NemIdHoldings(NemIdAuthority, Protocol):
    """The NemID authority's holdings: the port the journey asks, and issuing.

    A holding moves ``printing`` -> ``active`` or ``voided`` (and ``active`` -> ``voided``);
    only hashes of the password and codes are stored. Each call raises StorageError for a move
    the holding cannot make, an unknown number, or a number or serial already issued.
    """

    @property
    def keys(self) -> AuthorityKeys:
        """The authority's versioned keys for passwords and codes (never stored with them)."""

    def reserve(
        self,
        cpr: str,
        nemid_number: str,
        password_hash: str,
        card_serial: str,
        code_hmacs: Mapping[str, str] | Iterable[tuple[str, str]],
    ) -> HoldingRecord: ...

    def activate(self, nemid_number: str) -> HoldingRecord: ...

    def void(self, nemid_number: str) -> HoldingRecord: ...

    def holdings_in_status(self, status: str) -> list[HoldingRecord]: ...

    def number_exists(self, nemid_number: str) -> bool: ...

    def serial_exists(self, card_serial: str) -> bool: ...

    def record(self, nemid_number: str) -> HoldingRecord: ...


class AuditLog(Protocol):
    """The append-only, hash-chained audit log of one kiosk (entries stamped with its id)."""

    def append(self, event: str, **data: object) -> AuditEntry:
        """Add one entry; inside a unit of work it commits with the rest of the work."""

    def verify(self) -> AuditReport: ...

    def verify_or_raise(self) -> AuditReport:
        """Raises AuditChainError naming the first broken entry."""

    def entries(self, after_seq: int = 0) -> Iterator[AuditEntry]: ...

    def export(self, out: Path) -> int:
        """Every entry as JSON lines into ``out``; returns how many."""

    def latest_event(self, events: Sequence[str]) -> str | None:
        """Which of ``events`` this kiosk logged last, or None when it logged none of them."""


class IssuanceJournal(Protocol):
    """This kiosk's record of each credential it began: owner, channel, parts, outcome (R12).

    Each write joins the caller's unit of work when there is one.
    """

    def open(
        self, number: str, card_serial: str, cpr_ref: str, masked_cpr: str, channel: str
    ) -> None: ...

    def mark(self, number: str, part: str) -> None:
        """Record that ``part`` ("password" or "code_card") was delivered whole."""

    def set_status(self, number: str, status: str, reason: str | None = None) -> None: ...

    def exists(self, number: str) -> bool: ...

    def serial_exists(self, serial: str) -> bool: ...

    def owner(self, number: str) -> str | None: ...

    def unfinished(self, kiosk_id: str) -> list[str]: ...

    def delivered(self, number: str) -> tuple[bool, bool]:
        """(password delivered whole, code card delivered whole)."""


class PostalOrderBook(Protocol):
    """Postal orders and their letters (R2, R2b, R4, R8); each status change is audited."""

    def new_reference(self) -> str: ...

    def insert(self, order: PostalOrder, request: Citizen) -> None: ...

    def set_status(self, reference: str, status: str, reason: str | None) -> None: ...

    def find(self, reference: str) -> PostalOrder | None: ...

    def receipt_for(self, reference: str) -> PostalReceipt:
        """Raises StorageError for an unknown order."""

    def add_letter(self, reference: str, part: str, file_name: str) -> None: ...

    def open_orders(self) -> list[tuple[str, str, str | None]]:
        """This kiosk's ``reserved`` orders: (reference, NemID number, journal status)."""

    def cpr_ref_of(self, reference: str) -> str | None: ...

    def waiting_orders(self) -> list[OrderListing]:
        """Orders of both parts a fault voided, with nothing posted for the person since."""

    def recent_completed(self, limit: int) -> list[OrderListing]: ...


class UnitOfWork(Protocol):
    """The repositories the issuance transaction changes together, and the one transaction.

    Inside ``with work.transaction():`` every change made through ``journal``, ``audit`` and
    ``postal_orders`` commits together or not at all; a nested call joins the outer one.
    """

    @property
    def journal(self) -> IssuanceJournal: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def postal_orders(self) -> PostalOrderBook: ...

    def transaction(self) -> AbstractContextManager[None]: ...


class WitnessLedger(Protocol):
    """Every vouching of a witness for an applicant, across kiosks (R7, R7b)."""

    def record(
        self,
        witness_cpr: str,
        applicant_cpr: str,
        method: VouchingMethod,
        declaration_version: str,
        signature_hash: str,
    ) -> Vouching: ...

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
    ) -> Vouching:
        """Raises WitnessLimitReached when the witness already vouched ``limit`` times."""

    def count_since(self, witness_cpr: str, since: datetime) -> int: ...

    def vouchings_by(self, witness_cpr: str) -> list[Vouching]: ...


class QuestionLockouts(Protocol):
    """Control-question lockouts shared by every kiosk (R3, R5)."""

    def lock(self, cpr: str, until: datetime) -> None: ...

    def locked_until(self, cpr: str) -> datetime | None: ...

    def is_locked(self, cpr: str) -> bool: ...

    def clear(self, cpr: str) -> bool: ...


class PinLockouts(Protocol):
    """Wrong staff-card PIN tries per subject, and the lock after too many."""

    def locked_until(self, subject: str) -> datetime | None: ...

    def record_failure(self, subject: str, max_tries: int, lock_for: timedelta) -> bool: ...

    def clear(self, subject: str) -> None: ...


class OpenVisits(Protocol):
    """One open visit per citizen across kiosks (R1)."""

    def claim(self, cpr: str, visit_id: str) -> bool: ...

    def release(self, visit_id: str) -> None: ...

    def release_kiosk(self) -> int: ...

    def holder(self, cpr: str) -> str | None: ...


class ExemptionQueue(Protocol):
    """The staff queue of Digital Post exemption requests (R11)."""

    def request(
        self, cpr: str, holder_name: str, reason: str, language: str
    ) -> ExemptionRequest: ...

    def open_requests(self) -> list[ExemptionRequest]: ...

    def resolve(self, request_id: int, resolution: str, staff_id: str) -> ExemptionRequest: ...


class HelpCallQueue(Protocol):
    """The staff queue of help calls from the kiosks (R13)."""

    def call(self, screen: str) -> HelpCall: ...

    def open_calls(self) -> list[HelpCall]: ...

    def acknowledge(self, call_id: int, staff_id: str) -> HelpCall: ...


class OutreachQueue(Protocol):
    """The staff queue of outreach registrations (R8)."""

    def create(
        self, cpr: str, holder_name: str, contact: str, note: str = ""
    ) -> OutreachRegistration: ...

    def pending(self) -> list[OutreachRegistration]: ...

    def pending_ref(self, registration_id: int) -> str | None:
        """The ``cpr_ref`` of the pending registration ``registration_id``, or None."""

    def complete(
        self, registration_id: int, staff_id: str, nemid_number: str
    ) -> OutreachRegistration: ...

    def cancel(self, registration_id: int, staff_id: str) -> OutreachRegistration: ...


class ActivityCounts(Protocol):
    """What happened in ``[start, end)``, counted for the staff desk (a read model).

    Counts are for this kiosk, except the exemption requests of the shared staff queue.
    """

    def issuances(
        self, status: str, start: datetime, end: datetime, channels: Sequence[str] = ()
    ) -> int:
        """Credentials this kiosk began that reached ``status`` (of ``channels``, when given)."""

    def completed_orders(self, kind: str, start: datetime, end: datetime) -> int: ...

    def audit_events(
        self, event: str, start: datetime, end: datetime, data: Mapping[str, str] | None = None
    ) -> int:
        """Audit entries of ``event`` whose data has each key of ``data`` at that value."""

    def exemption_requests(self, start: datetime, end: datetime) -> int: ...
