"""Cold start to the first drawn frame of the real kiosk (budget 1.5 s).

``python -m benchmarks --only startup``. Each run is a new ``kiosk run`` process, headless under
SDL's offscreen driver on simulated devices (see :mod:`benchmarks.headless_kiosk`), timed from
``Popen`` to the READY=1 datagram it sends once its first screen is drawn. The first start on an
empty data folder also creates and seeds the databases; it is reported on its own, without a
budget, and the timed runs start on those databases as an installed kiosk does after a reboot.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.figures import Figure
from benchmarks.headless_kiosk import headless_kiosk

START_BUDGET_MS = 1500.0
RUNS, QUICK_RUNS = 5, 1
MS = 1000.0


def start_ms(folder: Path) -> float:
    with headless_kiosk(folder) as kiosk:
        return kiosk.ready_seconds * MS


def measure(quick: bool = False) -> list[Figure]:
    runs = QUICK_RUNS if quick else RUNS
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as name:
        folder = Path(name)
        first = start_ms(folder)
        durations = [start_ms(folder) for _ in range(runs)]
    return [
        Figure(
            "cold start to first frame",
            statistics.median(durations),
            "ms",
            START_BUDGET_MS,
            f"kiosk run, SDL offscreen, sim devices, {runs} runs, "
            f"{min(durations):.0f}-{max(durations):.0f} ms",
        ),
        Figure(
            "first start (creates databases)",
            first,
            "ms",
            None,
            "empty data folder: migrations and register seeding included",
        ),
    ]


def main() -> int:
    figures = measure()
    for figure in figures:
        print(figure.row())
    return 1 if any(figure.within_budget is False for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
