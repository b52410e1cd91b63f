"""A measured figure with its budget, and the statistics every benchmark reports.

Each ``benchmarks/bench_<topic>.py`` has ``measure(quick: bool) -> list[Figure]``; the runner in
``__main__`` collects them into one table of medians (and p99 where it matters), each beside its
budget. ``quick`` shrinks repetitions for the smoke test in the suite; figures are never asserted
there, only produced.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    budget: float | None = None  # the figure must stay at or under this
    detail: str = ""

    @property
    def within_budget(self) -> bool | None:
        return None if self.budget is None else self.value <= self.budget

    def row(self) -> str:
        budget = "-" if self.budget is None else f"{self.budget:g} {self.unit}"
        verdict = {True: "ok", False: "OVER", None: ""}[self.within_budget]
        return (
            f"| {self.name} | {self.value:.4g} {self.unit} | {budget} | {verdict} | {self.detail} |"
        )


def timed_runs(action: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls of ``action``."""
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        durations.append(time.perf_counter() - start)
    return durations


def median_ms(durations: list[float]) -> float:
    return statistics.median(durations) * 1000


def p99_ms(durations: list[float]) -> float:
    ordered = sorted(durations)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000
