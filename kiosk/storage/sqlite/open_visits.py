"""Open visits, shared by every kiosk process on one kiosk database (R1: one visit per citizen).

When a kiosk identifies a citizen it claims the citizen's ``cpr_ref`` for its visit; a second
kiosk that identifies the same citizen (a replayed or copied document scan) while the first
visit is open is refused. The claim ends with the visit (finish, cancel, inactivity) or when
its kiosk starts again (a kiosk that died mid-visit). A claim older than
:data:`OPEN_VISIT_MAX_SECONDS` can only be left by a kiosk that died and did not come back (a
visit is wiped long before, after ``timeouts.inactivity_seconds`` without a tap), so it no
longer blocks anyone.
"""

from __future__ import annotations

from datetime import timedelta

from kiosk.clock import Clock
from kiosk.storage.cpr_ref import CprPseudonyms
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import to_db_time

OPEN_VISIT_MAX_SECONDS = 1800.0


class SqliteOpenVisits:
    """The OpenVisits port over the kiosk database's ``open_visits``."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        pseudonyms: CprPseudonyms,
        kiosk_id: str = "",
        max_age_seconds: float = OPEN_VISIT_MAX_SECONDS,
    ) -> None:
        self._db = db
        self._kiosk_id = kiosk_id
        self._clock = clock
        self._pseudonyms = pseudonyms
        self._max_age = timedelta(seconds=max_age_seconds)

    def claim(self, cpr: str, visit_id: str) -> bool:
        """Claim ``cpr`` for ``visit_id``; False when another live visit holds it (R1).

        The check and the claim share one write transaction, so two kiosks scanning the same
        citizen at once cannot both win.
        """
        ref = self._pseudonyms.ref(cpr)
        now = self._clock.now()
        with self._db.transaction() as connection:
            connection.execute(
                "DELETE FROM open_visits WHERE opened_at < ?", (to_db_time(now - self._max_age),)
            )
            row = connection.execute(
                "SELECT visit_id FROM open_visits WHERE cpr_ref = ?", (ref,)
            ).fetchone()
            if row is not None and row[0] != visit_id:
                return False
            connection.execute(
                "INSERT INTO open_visits (cpr_ref, masked_cpr, visit_id, opened_at, kiosk_id)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (cpr_ref) DO UPDATE SET"
                " opened_at = excluded.opened_at",
                (ref, self._pseudonyms.masked(cpr), visit_id, to_db_time(now), self._kiosk_id),
            )
        return True

    def release(self, visit_id: str) -> None:
        """End every claim of ``visit_id`` (its visit is over)."""
        with self._db.transaction() as connection:
            connection.execute("DELETE FROM open_visits WHERE visit_id = ?", (visit_id,))

    def release_kiosk(self) -> int:
        """At start-up: end every claim this kiosk left when it stopped or died; how many."""
        with self._db.transaction() as connection:
            cursor = connection.execute(
                "DELETE FROM open_visits WHERE kiosk_id = ?", (self._kiosk_id,)
            )
            return cursor.rowcount

    def holder(self, cpr: str) -> str | None:
        """The visit holding ``cpr``, if any (stale claims included until the next claim)."""
        row = self._db.query_one(
            "SELECT visit_id FROM open_visits WHERE cpr_ref = ?", (self._pseudonyms.ref(cpr),)
        )
        return str(row[0]) if row else None
