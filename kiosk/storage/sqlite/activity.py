"""``SqliteActivityCounts``: the ActivityCounts read model over the kiosk database.

Counts rows of the issuance journal (``credential_issuances``), the postal orders, the audit log
and the exemption queue whose time falls in ``[start, end)``; times are compared as the UTC text
of :mod:`kiosk.storage.timestamps`. Every count but the exemption requests is for this kiosk.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import to_db_time


class SqliteActivityCounts:
    def __init__(self, db: Database, kiosk_id: str) -> None:
        self._db = db
        self._kiosk_id = kiosk_id

    def issuances(
        self, status: str, start: datetime, end: datetime, channels: Sequence[str] = ()
    ) -> int:
        """Credentials this kiosk began that reached ``status`` (of ``channels``, when given)."""
        sql = (
            "SELECT count(*) FROM credential_issuances WHERE kiosk_id = ? AND status = ?"
            " AND updated_at >= ? AND updated_at < ?"
        )
        if channels:
            sql += f" AND channel IN ({', '.join('?' * len(channels))})"
        return self._count(sql, self._kiosk_id, status, *_period(start, end), *channels)

    def completed_orders(self, kind: str, start: datetime, end: datetime) -> int:
        return self._count(
            "SELECT count(*) FROM postal_orders WHERE kiosk_id = ? AND status = 'completed'"
            " AND kind = ? AND created_at >= ? AND created_at < ?",
            self._kiosk_id,
            kind,
            *_period(start, end),
        )

    def audit_events(
        self, event: str, start: datetime, end: datetime, data: Mapping[str, str] | None = None
    ) -> int:
        """Audit entries of ``event`` whose data has each key of ``data`` at that value."""
        sql = (
            "SELECT count(*) FROM audit_log WHERE kiosk_id = ? AND event = ?"
            " AND time >= ? AND time < ?"
        )
        matches: list[str] = []
        for key, value in (data or {}).items():
            sql += " AND json_extract(data, ?) = ?"
            matches += [f"$.{key}", value]
        return self._count(sql, self._kiosk_id, event, *_period(start, end), *matches)

    def exemption_requests(self, start: datetime, end: datetime) -> int:
        return self._count(
            "SELECT count(*) FROM exemption_requests WHERE created_at >= ? AND created_at < ?",
            *_period(start, end),
        )

    def _count(self, sql: str, *params: object) -> int:
        row = self._db.query_one(sql, params)
        return int(row[0]) if row else 0


def _period(start: datetime, end: datetime) -> tuple[str, str]:
    return to_db_time(start), to_db_time(end)
