"""Scan-to-decision latency: document read to the paths offered, devices excluded (budget 50 ms).

``python -m benchmarks --only journey``. The app is built through the composition root on real
SQLite files in a temporary folder (the register seeded with the personas) with the paperless
printer. One sample is what the kiosk does between the reader delivering the MRZ lines and the
screen offering the paths: ``scan_document`` (MRZ parse and checks, register look-up, R1 checks,
audit entry) and ``confirm`` (control questions prepared from the register, lockout look-up,
policy, audit entry) for the rich-register persona (R1, R3, R5), and for the newcomer, whose CPR
comes from the health card (R1, R9) and who is advised to bring a witness (R5, R6).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.bootstrap import build_app
from benchmarks.figures import Figure, median_ms, p99_ms
from drivers.sim.printer.paper_printer import PaperlessPrinter
from drivers.sim.rig.demo_rig import document_lines
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.journey.session import JourneySession
from kiosk.storage.personas import Persona, persona

DECISION_BUDGET_MS = 50.0
RUNS, QUICK_RUNS = 200, 20
WARM_UP = 3
CHOOSING = "choosing"


def _scan_and_confirm(session: JourneySession, citizen: Persona) -> Callable[[], None]:
    lines = document_lines(citizen)

    def visit() -> None:
        session.scan_document(lines, citizen.document_cpr)
        if session.state == "health_card":
            session.scan_health_card(citizen.cpr)
        session.confirm()
        if session.state != CHOOSING:
            raise RuntimeError(f"{citizen.id}: ended in {session.state}, not {CHOOSING}")

    return visit


def decision_seconds(session: JourneySession, citizen: Persona, runs: int) -> list[float]:
    """Wall seconds of scan-to-paths, the visit started and cancelled outside the timing."""
    visit = _scan_and_confirm(session, citizen)
    durations = []
    for index in range(WARM_UP + runs):
        session.start()
        started = time.perf_counter()
        visit()
        elapsed = time.perf_counter() - started
        session.cancel()
        if index >= WARM_UP:
            durations.append(elapsed)
    return durations


def measure(quick: bool = False) -> list[Figure]:
    runs = QUICK_RUNS if quick else RUNS
    figures = []
    with tempfile.TemporaryDirectory(prefix="bench-journey-") as name:
        folder = Path(name)
        config = KioskConfig().replace(
            storage={"database": str(folder / "kiosk.sqlite"), "outbox": str(folder / "outbox")},
            security={"kiosk_key_file": str(folder / "kiosk.key")},
            documents={"chip_required": False},  # the print alone: bench_chip times the chip
        )
        with build_app(config, clock=FixedClock(), printer=PaperlessPrinter()) as app:
            session = app.new_session()
            for persona_id, label in (("rich_register", "passport"), ("newcomer", "health card")):
                durations = decision_seconds(session, persona(persona_id), runs)
                figures.append(
                    Figure(
                        f"scan-to-decision, {label}",
                        median_ms(durations),
                        "ms",
                        DECISION_BUDGET_MS,
                        f"{persona_id}: MRZ to paths offered, p99 {p99_ms(durations):.1f} ms, "
                        f"{runs} runs, audited, no devices",
                    )
                )
    return figures


def main() -> int:
    figures = measure()
    for figure in figures:
        print(figure.row())
    return 1 if any(figure.within_budget is False for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
