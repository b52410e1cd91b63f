"""The Clock port and its two implementations: the system clock and a fixed one for tests."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""

    def today(self) -> date:
        """Today's date in Copenhagen."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back, for timeouts."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return datetime.now(COPENHAGEN).date()

    def monotonic(self) -> float:
        return time.monotonic()


@dataclass
class FixedClock:
    """A clock that moves only when told; ``advance`` moves both wall and monotonic time."""

    current: datetime = field(default_factory=lambda: datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    ticks: float = 0.0

    @classmethod
    def on(cls, day: date) -> FixedClock:
        return cls(datetime(day.year, day.month, day.day, 10, 0, tzinfo=COPENHAGEN))

    def now(self) -> datetime:
        return self.current

    def today(self) -> date:
        return self.current.astimezone(COPENHAGEN).date()

    def monotonic(self) -> float:
        return self.ticks

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)
        self.ticks += seconds
