"""Printer profiles and confirmation strategies: the code card per profile, and confirmation time.

``python -m benchmarks.bench_profiles [--runs N]`` (or ``python -m benchmarks --only profiles``).
Per profile of python-escpos's capabilities database (TM-T88V, TM-T20II, POS-5890, TSP600,
default): the code card's whole ESC/POS job in bytes (budget 4 KB), its wire time computed at
9600 and 115200 baud (8N1, 10 bits a byte), and the measured wall time of printing it over a
real TCP socket to the simulator playing that profile (status check to confirmation). Per
confirmation strategy (``process_id`` on the Epson behaviour, ``transmit_status`` on the clone,
``asb`` on the ASB-only behaviour): the time from the last byte of the job written
to the confirmation, on a simulator consuming 11 520 bytes per second (a 115200-baud line), so
the figure includes the printer working through what is still buffered. Medians over the runs.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.figures import Figure
from drivers.printer import EscposReceiptPrinter
from drivers.printer.code_card_layout import code_card
from drivers.printer.encoder import completion_request, encode_job
from drivers.printer.profile import load_profile
from drivers.printer.samples import sample_code_card
from drivers.sim.printer.escpos_printer_device import (
    SERIAL_115200_BYTES_PER_SECOND,
    EscposPrinterDevice,
)

PROFILES = ("TM-T88V", "TM-T20II", "POS-5890", "TSP600", "default")
BAUDS = (9600, 115_200)
BITS_PER_BYTE = 10
CODE_CARD_BUDGET_BYTES = 4096
WIRE_BUDGET_MS = {9600: 3000.0, 115_200: 1000.0}
TCP_BUDGET_MS = 1000.0
# ASB has no completion signal: it waits out the job's printing time (length at 150 mm/s).
CONFIRMATION_BUDGET_MS = {"process_id": 1000.0, "transmit_status": 1000.0, "asb": 3000.0}
STRATEGIES = (("process_id", "epson"), ("transmit_status", "clone"), ("asb", "asb"))
RUNS = 7
QUICK_RUNS = 2
MS = 1000.0


def code_card_bytes(profile: str) -> int:
    printer = load_profile(profile)
    blocks = code_card(sample_code_card("da"), printer)
    return len(encode_job(blocks, printer, "da", trailer=completion_request(1)))


def wire_ms(size: int, baud: int) -> float:
    return size * BITS_PER_BYTE / baud * MS


def tcp_print_ms(profile: str, runs: int) -> list[float]:
    """Wall times of printing the code card over TCP on the simulator playing ``profile``."""
    durations = []
    with (
        tempfile.TemporaryDirectory() as folder,
        EscposPrinterDevice(Path(folder), profile=profile) as device,
        EscposReceiptPrinter(device.url, profile=profile) as printer,
    ):
        card = sample_code_card("da")
        printer.print_code_card(card)  # warm-up: connection, probe, glyph cache
        for _ in range(runs):
            started = time.perf_counter()
            printer.print_code_card(card)
            durations.append((time.perf_counter() - started) * MS)
    return durations


def confirmation_ms(strategy: str, behaviour: str, runs: int) -> list[float]:
    """Last byte written to confirmation, per job, on a 115200-baud-speed simulator."""
    durations = []
    with (
        tempfile.TemporaryDirectory() as folder,
        EscposPrinterDevice(
            Path(folder), behaviour=behaviour, bytes_per_second=SERIAL_115200_BYTES_PER_SECOND
        ) as device,
        EscposReceiptPrinter(device.url, profile="TM-T20II") as printer,
    ):
        card = sample_code_card("da")
        printer.print_code_card(card)  # probes the printer
        if printer.strategy != strategy:
            raise RuntimeError(f"{behaviour}: confirms by {printer.strategy}, not {strategy}")
        for _ in range(runs):
            printer.print_code_card(card)
            durations.append(printer.last_confirmation_seconds * MS)
    return durations


def measure(quick: bool = False, runs: int | None = None) -> list[Figure]:
    runs = runs or (QUICK_RUNS if quick else RUNS)
    figures = []
    for profile in PROFILES:
        size = code_card_bytes(profile)
        columns = load_profile(profile).columns("b")
        figures.append(
            Figure(
                f"code card bytes, {profile}",
                size,
                "bytes",
                CODE_CARD_BUDGET_BYTES,
                f"{columns} columns",
            )
        )
        for baud in BAUDS:
            figures.append(
                Figure(
                    f"code card wire time at {baud} baud, {profile}",
                    wire_ms(size, baud),
                    "ms",
                    WIRE_BUDGET_MS[baud],
                    f"{size} bytes, 8N1",
                )
            )
        figures.append(
            Figure(
                f"code card over TCP, {profile}",
                statistics.median(tcp_print_ms(profile, runs)),
                "ms",
                TCP_BUDGET_MS,
                f"status check to confirmation, simulator at full speed, {runs} runs",
            )
        )
    for strategy, behaviour in STRATEGIES:
        figures.append(
            Figure(
                f"last byte to confirmation, {strategy}",
                statistics.median(confirmation_ms(strategy, behaviour, runs)),
                "ms",
                CONFIRMATION_BUDGET_MS[strategy],
                f"{behaviour} simulator at {SERIAL_115200_BYTES_PER_SECOND} B/s, {runs} runs",
            )
        )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    print("| figure | median | budget | verdict | detail |\n|---|---|---|---|---|")
    for figure in measure(runs=args.runs):
        print(figure.row(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
