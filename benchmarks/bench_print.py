"""Printing: the byte size of each print job and its time-to-paper at 115200 baud (R12).

``python -m benchmarks.bench_print [--runs N]`` (or ``python -m benchmarks --only print``).
Job size is the whole ESC/POS job as the driver sends it to the simulator's default profile,
TM-T20II (init, ASB, code page, text, cut, print-completed request); the code card must stay
under 4 KB on every profile (``bench_profiles`` has the figures per profile). Time-to-paper is
given twice: computed from the bytes (10 bits a byte on a 115200 baud 8N1 line), and measured
as the wall time of the driver's print call, status check to print-completed answer, against
the simulator consuming 11 520 bytes per second over a real TCP socket. Medians over the runs.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.figures import Figure
from drivers.printer import EscposReceiptPrinter, layouts
from drivers.printer.code_card_layout import code_card
from drivers.printer.document import Block
from drivers.printer.encoder import completion_request, encode_job
from drivers.printer.profile import load_profile
from drivers.printer.samples import (
    SAMPLE_TIME,
    sample_code_card,
    sample_password_slip,
    sample_postal_receipt,
    sample_rules_leaflet,
)
from drivers.sim.printer.escpos_model import DEFAULT_SIM_PROFILE
from drivers.sim.printer.escpos_printer_device import (
    SERIAL_115200_BYTES_PER_SECOND,
    EscposPrinterDevice,
)

BAUD = 115_200
BITS_PER_BYTE = 10  # 8N1: start bit, 8 data bits, stop bit
CODE_CARD_BUDGET_BYTES = 4096
TIME_TO_PAPER_BUDGET_MS = 1000.0
RUNS = 7
QUICK_RUNS = 2
JOB_NUMBER = 1
MS = 1000.0

PROFILE = load_profile(DEFAULT_SIM_PROFILE)
JOBS: dict[str, Callable[[], list[Block]]] = {
    "password slip": lambda: layouts.password_slip(sample_password_slip("da"), PROFILE),
    "code card": lambda: code_card(sample_code_card("da"), PROFILE),
    "postal receipt": lambda: layouts.postal_receipt(sample_postal_receipt("da"), PROFILE),
    "rules leaflet": lambda: layouts.rules_leaflet(sample_rules_leaflet("da"), PROFILE),
    "test page": lambda: layouts.technician_test_page(
        "da", SAMPLE_TIME, PROFILE, "tcp://printer:9100"
    ),
}
TIMED_JOBS = ("password slip", "code card")


def job_bytes(name: str) -> int:
    return len(encode_job(JOBS[name](), PROFILE, trailer=completion_request(JOB_NUMBER)))


def wire_ms(size: int, baud: int = BAUD) -> float:
    """Milliseconds to move ``size`` bytes over a serial line at ``baud`` (8N1)."""
    return size * BITS_PER_BYTE / baud * MS


def measured_ms(name: str, runs: int) -> list[float]:
    """Wall times of the driver printing job ``name`` on the simulator at 115200-baud speed."""
    durations = []
    with (
        tempfile.TemporaryDirectory() as folder,
        EscposPrinterDevice(
            Path(folder), bytes_per_second=SERIAL_115200_BYTES_PER_SECOND
        ) as device,
        EscposReceiptPrinter(device.url) as printer,
    ):
        blocks = JOBS[name]()
        printer.print_blocks(blocks)  # warm-up: connection, glyph cache
        for _ in range(runs):
            started = time.perf_counter()
            printer.print_blocks(blocks)
            durations.append((time.perf_counter() - started) * MS)
    return durations


def measure(quick: bool = False, runs: int | None = None) -> list[Figure]:
    runs = runs or (QUICK_RUNS if quick else RUNS)
    figures = []
    for name in JOBS:
        size = job_bytes(name)
        budget = CODE_CARD_BUDGET_BYTES if name == "code card" else None
        figures.append(Figure(f"print job: {name}", size, "bytes", budget, "whole ESC/POS job"))
    for name in TIMED_JOBS:
        size = job_bytes(name)
        figures.append(
            Figure(
                f"time-to-paper {name}, from bytes",
                wire_ms(size),
                "ms",
                TIME_TO_PAPER_BUDGET_MS,
                f"{size} bytes at {BAUD} baud 8N1",
            )
        )
        durations = measured_ms(name, runs)
        figures.append(
            Figure(
                f"time-to-paper {name}, measured",
                statistics.median(durations),
                "ms",
                TIME_TO_PAPER_BUDGET_MS,
                f"simulator at {SERIAL_115200_BYTES_PER_SECOND} B/s, {runs} runs",
            )
        )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    figures = measure(runs=args.runs)
    print("| figure | median | budget | verdict | detail |\n|---|---|---|---|---|")
    for figure in figures:
        print(figure.row())
    return 1 if any(figure.within_budget is False for figure in figures) else 0


if __name__ == "__main__":
    raise SystemExit(main())
