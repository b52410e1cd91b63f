"""Runs the load test's kiosk processes on one database pair and sums up what they did.

``run_load(folder, workers, journeys)`` creates the kiosk and register databases in ``folder``
(migrated and seeded once, here, as an installation would), starts ``workers`` processes of
:mod:`tests.load.worker` at once and collects their JSON lines. The timed journeys give the
throughput (journeys per second across all processes, first start to last end) and the latency
of one journey (scan to outcome, issuance and postal order included). The test in this folder
checks the invariants; ``benchmarks/bench_load.py`` reports the figures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.clock import FixedClock
from kiosk.storage.sqlite.register_seed import seed_register
from kiosk.storage.stores import open_kiosk_storage, open_register_storage
from tests.load.population import TODAY, population
from tests.load.worker import config_for

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 8
JOURNEYS = 4  # per process: 32 timed journeys, well under a minute on 2 busy cores
RUN_TIMEOUT_S = 120.0
TIMED_KINDS = ("questions", "post")


@dataclass
class LoadRun:
    database: Path
    workers: int
    journeys: int
    lines: list[dict[str, Any]] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def of_kind(self, *kinds: str) -> list[dict[str, Any]]:
        return [line for line in self.lines if line["kind"] in kinds]

    @property
    def timed(self) -> list[dict[str, Any]]:
        return self.of_kind(*TIMED_KINDS)

    def latencies(self) -> list[float]:
        """Seconds from scan to outcome of every timed journey."""
        return [line["ended"] - line["started"] for line in self.timed]

    def throughput(self) -> float:
        """Timed journeys per second over all processes (first start to last end)."""
        timed = self.timed
        span = max(line["ended"] for line in timed) - min(line["started"] for line in timed)
        return len(timed) / span


def prepare_databases(database: Path, workers: int, journeys: int) -> None:
    config = config_for(database, 0)
    clock = FixedClock.on(TODAY)
    open_kiosk_storage(config, clock).close()
    with open_register_storage(config, clock) as register:  # the personas, as installed
        seed_register(
            register.db, [p.entry() for p in population(workers, journeys)], TODAY, register.keys
        )


def run_load(folder: Path, workers: int = WORKERS, journeys: int = JOURNEYS) -> LoadRun:
    """Start the processes together and wait for all of them (RuntimeError past the timeout)."""
    database = folder / "kiosk.sqlite"
    prepare_databases(database, workers, journeys)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    counts = [str(workers), str(journeys)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.load.worker", str(database), str(worker), *counts],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(workers)
    ]
    run = LoadRun(database, workers, journeys)
    deadline = time.monotonic() + RUN_TIMEOUT_S
    try:
        for process in processes:
            out, err = process.communicate(timeout=max(1.0, deadline - time.monotonic()))
            run.exit_codes.append(process.returncode)
            run.lines += [json.loads(line) for line in out.splitlines() if line.strip()]
            if process.returncode:
                run.errors.append(err[-2000:])
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"load workers still running after {RUN_TIMEOUT_S} s") from exc
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    return run
