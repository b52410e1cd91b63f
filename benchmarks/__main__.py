"""``python -m benchmarks [--quick] [--only TOPIC] [--markdown FILE]``: every benchmark, one table.

Runs each ``bench_<topic>.measure`` in turn and prints a Markdown table of the figures with
their budgets; exit 1 when a figure is over its budget. ``--markdown`` also writes the table, with
the command and the machine, to a file (BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.figures import Figure

HERE = Path(__file__).resolve().parent
HEADER = "| figure | median | budget | verdict | detail |\n|---|---|---|---|---|"
NOTES = "## Notes"


def topics() -> list[str]:
    return sorted(path.stem.removeprefix("bench_") for path in HERE.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="few repetitions (smoke test)")
    parser.add_argument("--only", action="append", choices=topics(), help="run only these")
    parser.add_argument("--markdown", type=Path, help="write the table to this file too")
    args = parser.parse_args(argv)
    figures: list[Figure] = []
    print(HEADER, flush=True)
    for topic in args.only or topics():
        module = importlib.import_module(f"benchmarks.bench_{topic}")
        for figure in module.measure(quick=args.quick):
            figures.append(figure)
            print(figure.row(), flush=True)
    if args.markdown:
        write_markdown(args.markdown, figures, argv if argv is not None else sys.argv[1:])
    return 1 if any(figure.within_budget is False for figure in figures) else 0


def write_markdown(path: Path, figures: list[Figure], argv: list[str]) -> None:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [
        "# Benchmarks",
        "",
        f"Produced by `.venv/bin/python -m benchmarks {' '.join(argv)}` on "
        f"{datetime.now(UTC):%Y-%m-%d} ({machine}). Medians unless the name says otherwise.",
        "",
        HEADER,
        *(figure.row() for figure in figures),
        "",
    ]
    # Hand-written notes below the table (why a figure is what it is) survive a re-run.
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    notes = old[old.index(NOTES) :] if NOTES in old else ""
    path.write_text("\n".join(lines) + ("\n" + notes if notes else ""), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
