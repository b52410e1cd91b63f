"""PIN lockouts kept in the kiosk database, so every kiosk process on it shares them.

A PIN the kiosk itself checks (the technician PIN of ``security.technician_pin_hash``) counts its
wrong tries here under a subject name (never the PIN): after ``max_tries`` wrong tries in a row
the subject is locked until a moment, and a restart or another kiosk on the same database sees
the count and the lock. Counting and locking happen in one ``BEGIN IMMEDIATE`` transaction, so
two kiosks trying at once cannot both slip under the limit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.clock import Clock
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import from_db_time, to_db_time


class SqlitePinLockouts:
    """The PinLockouts port over the kiosk database's ``pin_lockouts``."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def locked_until(self, subject: str) -> datetime | None:
        """The end of the lock on ``subject``, or None when it is not locked (or it ran out)."""
        row = self._db.query_one(
            "SELECT locked_until FROM pin_lockouts WHERE subject = ? AND locked_until > ?",
            (subject, to_db_time(self._clock.now())),
        )
        return from_db_time(row[0]) if row else None

    def record_failure(self, subject: str, max_tries: int, lock_for: timedelta) -> bool:
        """One wrong try; True when it was the ``max_tries``-th in a row and locked ``subject``
        for ``lock_for`` (the count then starts again)."""
        now = self._clock.now()
        with self._db.transaction() as connection:
            row = connection.execute(
                "SELECT failures FROM pin_lockouts WHERE subject = ?", (subject,)
            ).fetchone()
            failures = (row[0] if row else 0) + 1
            locked = failures >= max_tries
            connection.execute(
                "INSERT INTO pin_lockouts (subject, failures, locked_until, changed_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (subject) DO UPDATE SET"
                " failures = excluded.failures,"
                " locked_until = coalesce(excluded.locked_until, locked_until),"
                " changed_at = excluded.changed_at",
                (
                    subject,
                    0 if locked else failures,
                    to_db_time(now + lock_for) if locked else None,
                    to_db_time(now),
                ),
            )
        return locked

    def clear(self, subject: str) -> None:
        """The right PIN: the count of wrong tries starts again."""
        with self._db.transaction() as connection:
            connection.execute("DELETE FROM pin_lockouts WHERE subject = ?", (subject,))
