"""``python -m benchmarks --quick`` runs on this machine and produces every figure, each finite.

Budgets are not asserted here (speed is measured in benchmarks/, not in timed tests); the smoke
test only proves the one command works end to end: real headless kiosk starts, the journey,
the chip read, print jobs, audit verification, issuance, memory and the eight-process load
harness, each giving a number.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

from benchmarks.__main__ import topics

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 240
EXPECTED = (
    "cold start to first frame",
    "scan-to-decision, passport",
    "chip read, in-process, bac-aa",
    "DG2 READ BINARY, in-process, pace-ca",
    "print job: code card",
    "time-to-paper code card, measured",
    "code card bytes, POS-5890",
    "code card wire time at 9600 baud, TM-T88V",
    "last byte to confirmation, transmit_status",
    "kiosk resident memory (VmRSS)",
    "audit verify, per 100 000 entries",
    "issuance transactions",
    "load throughput",
    "load journey latency, p99",
)


def table(output: str) -> dict[str, float]:
    """Figure name -> value, from the Markdown rows ``| name | value unit | ...``."""
    rows = [line for line in output.splitlines() if line.startswith("| ")]
    figures = {}
    for row in rows[1:]:  # the header row names the columns
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        figures[cells[0]] = float(cells[1].split()[0])
    return figures


def test_the_quick_benchmark_run_gives_every_figure_finite(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--markdown", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr[-3000:]  # 1: a figure over budget
    figures = table(done.stdout)
    for name in EXPECTED:
        assert name in figures, (name, sorted(figures))
    assert all(math.isfinite(value) and value >= 0 for value in figures.values()), figures
    assert {"startup", "journey", "memory", "audit", "issuance", "load"} <= set(topics())
    written = out.read_text(encoding="utf-8")
    assert "python -m benchmarks --quick" in written
    assert table(written) == figures
