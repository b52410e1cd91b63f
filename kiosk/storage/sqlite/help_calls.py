"""The staff queue of help calls (R13): a citizen's tap on "help" reaches the staff at once.

Each call names the kiosk, the screen the citizen was on and when they called, and gets a queue
number for the day ("H-001", "H-002" ...) that the citizen is shown. Staff acknowledge a call
from the admin mode; the waiting time runs from the call to the acknowledgement. No CPR number
or name is kept: the staff walk over to the kiosk.
"""

from __future__ import annotations

from datetime import datetime, time
from sqlite3 import Row

from kiosk.clock import Clock
from kiosk.errors import StorageError
from kiosk.storage.records import HelpCall
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import from_db_time, to_db_time

QUEUE_PREFIX = "H"
_COLUMNS = "id, queue_number, kiosk_id, screen, status, called_at, acknowledged_at, acknowledged_by"


class SqliteHelpCallQueue:
    """The HelpCallQueue port over the kiosk database's ``help_calls``."""

    def __init__(self, db: Database, clock: Clock, kiosk_id: str) -> None:
        self._db = db
        self._clock = clock
        self._kiosk_id = kiosk_id

    def call(self, screen: str) -> HelpCall:
        """Queue a call from this kiosk's ``screen``; the number counts the day's calls."""
        now = self._clock.now()
        midnight = datetime.combine(now.date(), time(), now.tzinfo)
        with self._db.transaction() as connection:
            (today,) = connection.execute(
                "SELECT COUNT(*) FROM help_calls WHERE called_at >= ?", (to_db_time(midnight),)
            ).fetchone()
            number = f"{QUEUE_PREFIX}-{today + 1:03d}"
            cursor = connection.execute(
                "INSERT INTO help_calls (queue_number, kiosk_id, screen, called_at)"
                " VALUES (?, ?, ?, ?)",
                (number, self._kiosk_id, screen, to_db_time(now)),
            )
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM help_calls WHERE id = ?", (cursor.lastrowid,)
            ).fetchone()
        return _call(row)

    def open_calls(self) -> list[HelpCall]:
        """Calls no one has acknowledged yet, longest waiting first."""
        rows = self._db.query(
            f"SELECT {_COLUMNS} FROM help_calls WHERE status = 'open' ORDER BY called_at, id"
        )
        return [_call(row) for row in rows]

    def acknowledge(self, call_id: int, staff_id: str) -> HelpCall:
        """Staff are on their way. Raises StorageError for an unknown or acknowledged call."""
        with self._db.transaction() as connection:
            cursor = connection.execute(
                "UPDATE help_calls SET status = 'acknowledged', acknowledged_at = ?,"
                " acknowledged_by = ? WHERE id = ? AND status = 'open'",
                (to_db_time(self._clock.now()), staff_id, call_id),
            )
            if cursor.rowcount != 1:
                raise StorageError(f"no open help call {call_id}")
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM help_calls WHERE id = ?", (call_id,)
            ).fetchone()
        return _call(row)


def _call(row: Row) -> HelpCall:
    return HelpCall(
        id=row[0],
        queue_number=row[1],
        kiosk_id=row[2],
        screen=row[3],
        status=row[4],
        called_at=from_db_time(row[5]),
        acknowledged_at=from_db_time(row[6]) if row[6] else None,
        acknowledged_by=row[7],
    )
