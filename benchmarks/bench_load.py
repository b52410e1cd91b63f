"""Load: eight kiosk processes on one database pair; journeys per second and p99 latency.

``python -m benchmarks --only load``. Runs the load test's processes (:mod:`tests.load.harness`:
each a kiosk built through the composition root, on the same kiosk and register SQLite files,
with the paperless printer) and reports the timed journeys, alternately questions-and-print (R3)
and both-by-post (R2), each from the passport scan to the outcome. The invariants of that run
(no duplicate numbers, no lost order, lockouts and witness limits across processes, the audit
chain) are asserted by tests/load/test_load.py, not here.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.figures import Figure, p99_ms
from tests.load.harness import WORKERS, run_load

JOURNEYS, QUICK_JOURNEYS = 6, 1
QUICK_WORKERS = 2


def measure(quick: bool = False) -> list[Figure]:
    workers, journeys = (QUICK_WORKERS, QUICK_JOURNEYS) if quick else (WORKERS, JOURNEYS)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        run = run_load(Path(folder), workers, journeys)
    if run.errors:
        raise RuntimeError(f"load worker failed: {run.errors[0]}")
    latencies = run.latencies()
    detail = (
        f"{workers} kiosk processes, one database, {len(latencies)} journeys (R3 print, R2 post)"
    )
    return [
        Figure("load throughput", run.throughput(), "journeys/s", None, detail),
        Figure(
            "load journey latency, p99",
            p99_ms(latencies),
            "ms",
            None,
            f"scan to outcome, median {statistics.median(latencies) * 1000:.0f} ms; {detail}",
        ),
    ]


def main() -> int:
    for figure in measure():
        print(figure.row())
    return 0


if __name__ == "__main__":
    sys.exit(main())
