"""Outreach identification registrations waiting for staff (R8).

Where the municipality offers it, a citizen with neither a valid Danish passport nor a valid
Danish driving licence who cannot come in is identified at home by staff with a witness. The
kiosk (or staff on its admin mode) creates the pending registration; back at the office staff
complete it with the NemID number issued, and the welcome letter and code card go by post.
"""

from __future__ import annotations

from sqlite3 import Row

from kiosk.clock import Clock
from kiosk.errors import StorageError
from kiosk.storage.cpr_ref import CprPseudonyms
from kiosk.storage.records import OutreachRegistration
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import from_db_time, to_db_time

_COLUMNS = (
    "id, masked_cpr, holder_name, contact, note, status, created_at,"
    " completed_at, completed_by, nemid_number"
)


class SqliteOutreachQueue:
    """The OutreachQueue port over the kiosk database's ``outreach_registrations``."""

    def __init__(self, db: Database, clock: Clock, pseudonyms: CprPseudonyms) -> None:
        self._db = db
        self._clock = clock
        self._pseudonyms = pseudonyms

    def create(
        self, cpr: str, holder_name: str, contact: str, note: str = ""
    ) -> OutreachRegistration:
        """A pending registration (R8); a second one for the same person returns the first."""
        ref = self._pseudonyms.ref(cpr)
        with self._db.transaction() as connection:
            existing = connection.execute(
                f"SELECT {_COLUMNS} FROM outreach_registrations"
                " WHERE cpr_ref = ? AND status = 'pending'",
                (ref,),
            ).fetchone()
            if existing:
                return _registration(existing)
            cursor = connection.execute(
                "INSERT INTO outreach_registrations (cpr_ref, masked_cpr, holder_name, contact,"
                " note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    ref,
                    self._pseudonyms.masked(cpr),
                    holder_name,
                    contact,
                    note,
                    to_db_time(self._clock.now()),
                ),
            )
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM outreach_registrations WHERE id = ?",
                (cursor.lastrowid,),
            ).fetchone()
        return _registration(row)

    def pending(self) -> list[OutreachRegistration]:
        rows = self._db.query(
            f"SELECT {_COLUMNS} FROM outreach_registrations WHERE status = 'pending'"
            " ORDER BY created_at, id"
        )
        return [_registration(row) for row in rows]

    def pending_ref(self, registration_id: int) -> str | None:
        """The ``cpr_ref`` of the pending registration ``registration_id``, or None."""
        row = self._db.query_one(
            "SELECT cpr_ref FROM outreach_registrations WHERE id = ? AND status = 'pending'",
            (registration_id,),
        )
        return None if row is None else str(row[0])

    def complete(
        self, registration_id: int, staff_id: str, nemid_number: str
    ) -> OutreachRegistration:
        """Mark a pending registration done with the NemID issued. Raises StorageError."""
        return self._close(registration_id, "completed", staff_id, nemid_number)

    def cancel(self, registration_id: int, staff_id: str) -> OutreachRegistration:
        return self._close(registration_id, "cancelled", staff_id, None)

    def _close(
        self, registration_id: int, status: str, staff_id: str, nemid_number: str | None
    ) -> OutreachRegistration:
        with self._db.transaction() as connection:
            cursor = connection.execute(
                "UPDATE outreach_registrations SET status = ?, completed_at = ?,"
                " completed_by = ?, nemid_number = ? WHERE id = ? AND status = 'pending'",
                (status, to_db_time(self._clock.now()), staff_id, nemid_number, registration_id),
            )
            if cursor.rowcount != 1:
                raise StorageError(f"no pending outreach registration {registration_id}")
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM outreach_registrations WHERE id = ?",
                (registration_id,),
            ).fetchone()
        return _registration(row)


def _registration(row: Row) -> OutreachRegistration:
    return OutreachRegistration(
        id=row[0],
        masked_cpr=row[1],
        holder_name=row[2],
        contact=row[3],
        note=row[4],
        status=row[5],
        created_at=from_db_time(row[6]),
        completed_at=from_db_time(row[7]) if row[7] else None,
        completed_by=row[8],
        nemid_number=row[9],
    )
