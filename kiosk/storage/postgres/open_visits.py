"""``PgOpenVisits``: one open visit per citizen across the fleet (R1).

A claim older than ``OPEN_VISIT_MAX_SECONDS`` is left by a kiosk that died and did not come
back; it no longer blocks anyone.
"""

from __future__ import annotations

from datetime import timedelta

from kiosk.storage.postgres.audit import audit
from kiosk.storage.postgres.context import AuthorityContext
from kiosk.storage.postgres.database import Connection, lock
from kiosk.storage.sqlite.open_visits import OPEN_VISIT_MAX_SECONDS


class PgOpenVisits:
    """The OpenVisits port over the authority's ``open_visits``."""

    def __init__(self, context: AuthorityContext) -> None:
        self._context = context

    def claim(self, cpr: str, visit_id: str) -> bool:
        """Claim ``cpr`` for ``visit_id``; False when another live visit holds it."""
        context = self._context
        ref, masked = context.pseudonyms.ref(cpr), context.pseudonyms.masked(cpr)
        now = context.clock.now()

        def work(connection: Connection) -> bool:
            lock(connection, "citizen", ref)
            connection.execute(
                "DELETE FROM open_visits WHERE cpr_ref = %s AND opened_at < %s",
                (ref, now - timedelta(seconds=OPEN_VISIT_MAX_SECONDS)),
            )
            row = connection.execute(
                "SELECT visit_id FROM open_visits WHERE cpr_ref = %s FOR UPDATE", (ref,)
            ).fetchone()
            if row is not None and row[0] != visit_id:
                return False
            connection.execute(
                "INSERT INTO open_visits (cpr_ref, masked_cpr, visit_id, opened_at, kiosk_id)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (cpr_ref) DO UPDATE SET"
                " opened_at = excluded.opened_at",
                (ref, masked, visit_id, now, context.kiosk_id),
            )
            if row is None:
                audit(connection, now, context.kiosk_id, "visit.claimed", cpr=masked)
            return True

        return context.db.run(work)

    def release(self, visit_id: str) -> None:
        self._context.db.run(
            lambda connection: connection.execute(
                "DELETE FROM open_visits WHERE visit_id = %s AND kiosk_id = %s",
                (visit_id, self._context.kiosk_id),
            )
        )

    def release_kiosk(self) -> int:
        """At a kiosk's start-up: end every claim it left when it stopped or died."""
        return self._context.db.run(
            lambda connection: (
                connection.execute(
                    "DELETE FROM open_visits WHERE kiosk_id = %s", (self._context.kiosk_id,)
                ).rowcount
            )
        )

    def holder(self, cpr: str) -> str | None:
        row = self._context.db.query_one(
            "SELECT visit_id FROM open_visits WHERE cpr_ref = %s",
            (self._context.pseudonyms.ref(cpr),),
        )
        return str(row[0]) if row else None
