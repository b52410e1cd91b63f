"""``PgQuestionLockouts``: control-question lockouts held on every kiosk of the fleet (R3, R5).

The service decides how long a lock lasts (``rules.questions_lockout_hours`` from its own clock);
a kiosk asking for a lock names the person, not the time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.storage.postgres.audit import audit
from kiosk.storage.postgres.context import AuthorityContext
from kiosk.storage.postgres.database import Connection


class PgQuestionLockouts:
    """The QuestionLockouts port over the authority's ``question_lockouts``."""

    def __init__(self, context: AuthorityContext) -> None:
        self._context = context

    def lock(self, cpr: str, until: datetime | None = None) -> None:
        """Lock questions for ``cpr`` for the service's lockout time (``until`` is ignored)."""
        self.lock_now(cpr)

    def lock_now(self, cpr: str) -> datetime:
        """Lock from now for ``rules.questions_lockout_hours``; a later lock is kept. Returns
        the end of the lock."""
        context = self._context
        now = context.clock.now()
        until = now + timedelta(hours=context.rules.questions_lockout_hours)
        masked = context.pseudonyms.masked(cpr)

        def work(connection: Connection) -> datetime:
            row = connection.execute(
                "INSERT INTO question_lockouts (cpr_ref, masked_cpr, locked_until, locked_at,"
                " kiosk_id) VALUES (%s, %s, %s, %s, %s) ON CONFLICT (cpr_ref) DO UPDATE SET"
                " locked_until = greatest(question_lockouts.locked_until, excluded.locked_until),"
                " locked_at = excluded.locked_at, kiosk_id = excluded.kiosk_id"
                " RETURNING locked_until",
                (context.pseudonyms.ref(cpr), masked, until, now, context.kiosk_id),
            ).fetchone()
            audit(connection, now, context.kiosk_id, "questions.locked", cpr=masked)
            end = row[0] if row else until
            return end if isinstance(end, datetime) else until

        return context.db.run(work)

    def locked_until(self, cpr: str) -> datetime | None:
        row = self._context.db.query_one(
            "SELECT locked_until FROM question_lockouts WHERE cpr_ref = %s AND locked_until > %s",
            (self._context.pseudonyms.ref(cpr), self._context.clock.now()),
        )
        return row[0] if row and isinstance(row[0], datetime) else None

    def is_locked(self, cpr: str) -> bool:
        return self.locked_until(cpr) is not None

    def clear(self, cpr: str) -> bool:
        """Lift a lock (staff only); True when there was one."""
        context = self._context
        masked = context.pseudonyms.masked(cpr)

        def work(connection: Connection) -> bool:
            cursor = connection.execute(
                "DELETE FROM question_lockouts WHERE cpr_ref = %s", (context.pseudonyms.ref(cpr),)
            )
            if cursor.rowcount > 0:
                audit(
                    connection,
                    context.clock.now(),
                    context.kiosk_id,
                    "questions.cleared",
                    cpr=masked,
                )
            return cursor.rowcount > 0

        return context.db.run(work)
