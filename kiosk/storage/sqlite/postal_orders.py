"""``SqlitePostalOrderBook``: the PostalOrderBook port over the postal orders and their letters.

Rows of ``postal_orders`` in the kiosk database, one per order, keyed to the person by
``cpr_ref`` with the masked CPR for display (see :class:`kiosk.storage.records.PostalOrder`). A new
order and each status change are audited in the same transaction. Rows of ``postal_letters``
name the outbox files, never their text.
"""

from __future__ import annotations

import secrets
import sqlite3
from datetime import date

from kiosk.clock import Clock
from kiosk.devices.printouts import PostalReceipt
from kiosk.errors import StorageError
from kiosk.identity.addresses import mask_street
from kiosk.storage.cpr_ref import CprPseudonyms
from kiosk.storage.records import Citizen, OrderListing, PostalOrder
from kiosk.storage.repositories import AuditLog
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import to_db_time

REFERENCE_PREFIX = "NP"
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
REFERENCE_LENGTH = 8
STATUS_EVENTS = {"completed": "postal.order_completed", "voided": "postal.order_voided"}
LISTING_COLUMNS = "reference, masked_cpr, holder_name, rule, language, ordered_on"


class SqlitePostalOrderBook:
    def __init__(
        self,
        db: Database,
        audit: AuditLog,
        clock: Clock,
        pseudonyms: CprPseudonyms,
        kiosk_id: str,
    ) -> None:
        self._db = db
        self._audit = audit
        self._clock = clock
        self._pseudonyms = pseudonyms
        self._kiosk_id = kiosk_id

    def new_reference(self) -> str:
        """A fresh ``NP-XXXXXXXX`` reference, unused in this database."""
        while True:
            tail = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
            reference = f"{REFERENCE_PREFIX}-{tail}"
            if self.find(reference) is None:
                return reference

    def insert(self, order: PostalOrder, request: Citizen) -> None:
        """Record a new order as ``reserved`` and audit it."""
        now = to_db_time(self._clock.now())
        masked = self._pseudonyms.masked(request.cpr)
        with self._db.transaction() as connection:
            connection.execute(
                "INSERT INTO postal_orders (reference, kiosk_id, cpr_ref, masked_cpr, holder_name,"
                " address, language, rule, kind, parts, nemid_number, status, ordered_on,"
                " earliest, latest, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'reserved', ?, ?, ?, ?, ?)",
                (
                    *(order.reference, self._kiosk_id, self._pseudonyms.ref(request.cpr)),
                    *(masked, request.holder_name, request.address, request.language),
                    *(order.rule, order.kind, ",".join(order.parts), order.nemid_number),
                    *(order.ordered_on.isoformat(), order.earliest.isoformat()),
                    *(order.latest.isoformat(), now, now),
                ),
            )
            self._audit.append(
                "postal.order_reserved",
                order_reference=order.reference,
                nemid_number=order.nemid_number,
                masked_cpr=masked,
                kind=order.kind,
                rule=order.rule,
                parts=list(order.parts),
                earliest=order.earliest,
                latest=order.latest,
            )

    def set_status(self, reference: str, status: str, reason: str | None) -> None:
        """``completed`` or ``voided`` (with ``reason``), audited in the same commit."""
        event = STATUS_EVENTS[status]
        with self._db.transaction() as connection:
            connection.execute(
                "UPDATE postal_orders SET status = ?, void_reason = ?, updated_at = ?"
                " WHERE reference = ?",
                (status, reason, to_db_time(self._clock.now()), reference),
            )
            data = {"order_reference": reference}
            if reason:
                data["reason"] = reason
            self._audit.append(event, **data)

    def find(self, reference: str) -> PostalOrder | None:
        row = self._db.query_one(
            "SELECT reference, nemid_number, kind, rule, parts, ordered_on, earliest, latest,"
            " status FROM postal_orders WHERE reference = ?",
            (reference,),
        )
        if row is None:
            return None
        return PostalOrder(
            reference=row[0],
            nemid_number=row[1],
            kind=row[2],
            rule=row[3],
            parts=tuple(row[4].split(",")),
            ordered_on=date.fromisoformat(row[5]),
            earliest=date.fromisoformat(row[6]),
            latest=date.fromisoformat(row[7]),
            status=row[8],
        )

    def receipt_for(self, reference: str) -> PostalReceipt:
        """An order's receipt (reference, masked CPR, window); StorageError if unknown."""
        row = self._db.query_one(
            "SELECT reference, holder_name, masked_cpr, ordered_on, earliest, latest, language,"
            " address, kind FROM postal_orders WHERE reference = ?",
            (reference,),
        )
        if row is None:
            raise StorageError(f"no postal order {reference}")
        return PostalReceipt(
            order_reference=row[0],
            holder_name=row[1],
            masked_cpr=row[2],
            ordered_on=date.fromisoformat(row[3]),
            earliest=date.fromisoformat(row[4]),
            latest=date.fromisoformat(row[5]),
            language=row[6],
            sent_to=mask_street(row[7] or ""),
            one_part=row[8] == "counter_and_post",
        )

    def add_letter(self, reference: str, part: str, file_name: str) -> None:
        """Record that ``part``'s letter is in the outbox as ``file_name``."""
        with self._db.transaction() as connection:
            connection.execute(
                "INSERT INTO postal_letters (order_reference, part, file_name, written_at)"
                " VALUES (?, ?, ?, ?)",
                (reference, part, file_name, to_db_time(self._clock.now())),
            )

    def open_orders(self) -> list[tuple[str, str, str | None]]:
        """This kiosk's ``reserved`` orders: (reference, NemID number, journal status)."""
        rows = self._db.query(
            "SELECT o.reference, o.nemid_number, i.status FROM postal_orders o"
            " LEFT JOIN credential_issuances i ON i.nemid_number = o.nemid_number"
            " WHERE o.kiosk_id = ? AND o.status = 'reserved' ORDER BY o.created_at",
            (self._kiosk_id,),
        )
        return [(str(row[0]), str(row[1]), row[2]) for row in rows]

    def cpr_ref_of(self, reference: str) -> str | None:
        """The ``cpr_ref`` of the person the order is for, or None for an unknown order."""
        row = self._db.query_one(
            "SELECT cpr_ref FROM postal_orders WHERE reference = ?", (reference,)
        )
        return None if row is None else str(row[0])

    def waiting_orders(self) -> list[OrderListing]:
        """Orders of both parts a fault voided with nothing posted for the person since, oldest
        first (every kiosk's: staff post them again)."""
        rows = self._db.query(
            "SELECT o.reference, o.masked_cpr, o.holder_name, o.rule, o.language, o.ordered_on,"
            " COALESCE(o.void_reason, '') FROM postal_orders o"
            " WHERE o.status = 'voided' AND o.kind = 'both_by_post' AND NOT EXISTS ("
            "  SELECT 1 FROM postal_orders p WHERE p.cpr_ref = o.cpr_ref"
            "  AND p.status != 'voided' AND p.created_at >= o.created_at)"
            " ORDER BY o.created_at"
        )
        return [_listing(row) for row in rows]

    def recent_completed(self, limit: int) -> list[OrderListing]:
        """This kiosk's ``limit`` newest completed orders, newest first."""
        rows = self._db.query(
            f"SELECT {LISTING_COLUMNS} FROM postal_orders"
            " WHERE status = 'completed' AND kiosk_id = ? ORDER BY created_at DESC LIMIT ?",
            (self._kiosk_id, limit),
        )
        return [_listing(row) for row in rows]


def _listing(row: sqlite3.Row) -> OrderListing:
    reference, masked_cpr, holder_name, rule, language, ordered_on, *reason = row
    return OrderListing(
        reference,
        masked_cpr,
        holder_name,
        rule,
        language,
        date.fromisoformat(ordered_on),
        reason[0] if reason else "",
    )
