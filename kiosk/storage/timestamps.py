"""How times are written to both databases: ISO 8601 in UTC with microseconds.

One fixed format means times compare correctly as text in SQL (``WHERE time >= ?``) and read
back as timezone-aware datetimes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def to_db_time(moment: datetime) -> str:
    """``moment`` (timezone-aware) as UTC text, e.g. ``2026-11-23T09:00:00.000000+00:00``."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime cannot be stored; give it a timezone")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_db_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def to_db_date(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def from_db_date(text: str | None) -> date | None:
    return None if not text else date.fromisoformat(text)
