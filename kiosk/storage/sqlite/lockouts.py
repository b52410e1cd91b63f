"""Control-question lockouts, shared by every kiosk process on one kiosk database.

A failed round of control questions locks them for that CPR number for 24 hours (the setting
``rules.questions_lockout_hours``) on every kiosk: the lock lives in the database, keyed by
``cpr_ref``, so another kiosk (another process) sees it at once (R3, R5).
"""

from __future__ import annotations

from datetime import datetime

from kiosk.clock import Clock
from kiosk.storage.cpr_ref import CprPseudonyms
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import from_db_time, to_db_time


class SqliteQuestionLockouts:
    """The QuestionLockouts port over the kiosk database's ``question_lockouts``."""

    def __init__(self, db: Database, clock: Clock, pseudonyms: CprPseudonyms) -> None:
        self._db = db
        self._clock = clock
        self._pseudonyms = pseudonyms

    def lock(self, cpr: str, until: datetime) -> None:
        """Lock control questions for ``cpr`` until ``until``; an existing later lock is kept."""
        with self._db.transaction() as connection:
            connection.execute(
                "INSERT INTO question_lockouts (cpr_ref, masked_cpr, locked_until, locked_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (cpr_ref) DO UPDATE SET"
                " locked_until = max(locked_until, excluded.locked_until),"
                " locked_at = excluded.locked_at",
                (
                    self._pseudonyms.ref(cpr),
                    self._pseudonyms.masked(cpr),
                    to_db_time(until),
                    to_db_time(self._clock.now()),
                ),
            )

    def locked_until(self, cpr: str) -> datetime | None:
        """The end of the lock on ``cpr``, or None when it is not locked (or the lock ran out)."""
        row = self._db.query_one(
            "SELECT locked_until FROM question_lockouts WHERE cpr_ref = ? AND locked_until > ?",
            (self._pseudonyms.ref(cpr), to_db_time(self._clock.now())),
        )
        return from_db_time(row[0]) if row else None

    def is_locked(self, cpr: str) -> bool:
        return self.locked_until(cpr) is not None

    def clear(self, cpr: str) -> bool:
        """Lift a lock (staff only); True when there was one."""
        with self._db.transaction() as connection:
            cursor = connection.execute(
                "DELETE FROM question_lockouts WHERE cpr_ref = ?", (self._pseudonyms.ref(cpr),)
            )
            return cursor.rowcount > 0
