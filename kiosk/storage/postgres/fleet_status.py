"""What ``kiosk authority status`` reads: kiosks heard from, and the fleet's open work."""

from __future__ import annotations

from kiosk.storage.postgres.database import PgDatabase


def kiosk_contacts(db: PgDatabase) -> list[tuple[str, object, object]]:
    """Every kiosk heard from: (id, first contact, last contact), by id."""
    rows = db.query("SELECT kiosk_id, first_contact, last_contact FROM kiosks ORDER BY kiosk_id")
    return [(str(row[0]), row[1], row[2]) for row in rows]


def open_work(db: PgDatabase) -> dict[str, int]:
    """NemIDs in the printer, open visits and active lockouts across the fleet."""
    row = db.query_one(
        "SELECT (SELECT count(*) FROM nemid_holdings WHERE status = 'printing'),"
        " (SELECT count(*) FROM open_visits),"
        " (SELECT count(*) FROM question_lockouts WHERE locked_until > now())"
    )
    values = [int(str(value)) for value in row] if row else [0, 0, 0]
    return dict(zip(("printing", "open_visits", "locked_cprs"), values, strict=True))
