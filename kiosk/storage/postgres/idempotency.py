"""Idempotency keys: a state-changing call carries one, and a retry gets the first answer.

The answer is stored in the same transaction as the change it answers, so a retry after a
timeout either finds it (the change was made) or makes the change itself (it was not).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from psycopg.types.json import Jsonb

from kiosk.clock import Clock
from kiosk.storage.postgres.database import Connection, PgDatabase, lock

Answer = tuple[int, dict[str, object]]
KEEP_KEYS = timedelta(days=7)


def once(
    db: PgDatabase, clock: Clock, kiosk_id: str, key: str, work: Callable[[], Answer]
) -> tuple[Answer, bool]:
    """``work``'s answer (status, JSON body) for ``key`` of ``kiosk_id``, made at most once;
    the flag is True when the answer is a replay."""

    def attempt(connection: Connection) -> tuple[Answer, bool]:
        lock(connection, "idempotency", f"{kiosk_id}:{key}")
        row = connection.execute(
            "SELECT status, body FROM idempotency_keys WHERE kiosk_id = %s AND key = %s",
            (kiosk_id, key),
        ).fetchone()
        if row is not None and isinstance(row[1], dict):
            return (int(str(row[0])), row[1]), True
        status, body = work()
        connection.execute(
            "INSERT INTO idempotency_keys (kiosk_id, key, status, body, created_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            (kiosk_id, key, status, Jsonb(body), clock.now()),
        )
        return (status, body), False

    return db.run(attempt)


def touch_kiosk(db: PgDatabase, clock: Clock, kiosk_id: str) -> None:
    """Record that ``kiosk_id`` was heard from now."""
    now = clock.now()
    db.run(
        lambda connection: connection.execute(
            "INSERT INTO kiosks (kiosk_id, first_contact, last_contact) VALUES (%s, %s, %s)"
            " ON CONFLICT (kiosk_id) DO UPDATE SET last_contact = excluded.last_contact",
            (kiosk_id, now, now),
        )
    )


def forget_old_keys(db: PgDatabase, clock: Clock, keep: timedelta = KEEP_KEYS) -> int:
    """Drop answers older than ``keep`` (a retry comes within minutes); how many."""
    return db.run(
        lambda connection: (
            connection.execute(
                "DELETE FROM idempotency_keys WHERE created_at < %s", (clock.now() - keep,)
            ).rowcount
        )
    )
