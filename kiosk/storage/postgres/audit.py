"""The authority's own audit: one row per state change, written in the change's transaction."""

from __future__ import annotations

from datetime import datetime

from psycopg.types.json import Jsonb

from kiosk.storage.postgres.database import Connection


def audit(connection: Connection, now: datetime, kiosk_id: str, event: str, **data: object) -> None:
    """Record ``event`` by ``kiosk_id`` (the id its certificate names) with ``data``."""
    connection.execute(
        "INSERT INTO authority_audit (time, kiosk_id, event, data) VALUES (%s, %s, %s, %s)",
        (now, kiosk_id, event, Jsonb(data)),
    )


def audit_events(
    connection: Connection, event: str | None = None
) -> list[tuple[datetime, str, str, dict[str, object]]]:
    """Every audit row (of ``event``, when given), oldest first: (time, kiosk, event, data)."""
    rows = connection.execute(
        "SELECT time, kiosk_id, event, data FROM authority_audit"
        " WHERE %s::text IS NULL OR event = %s ORDER BY id",
        (event, event),
    ).fetchall()
    return [(row[0], row[1], row[2], row[3]) for row in rows]  # type: ignore[misc]
