"""One kiosk process of the load test: ``python -m tests.load.worker DB WORKER WORKERS JOURNEYS``.

It starts like a kiosk, through the composition root (``build_app``) on the shared kiosk database
DB and the register beside it, with the paperless printer, and plays its citizens through the
same journey session the screens drive. Phases, each behind a file barrier in DB's folder so all
processes meet there: worker 0 fails the control questions of the shared citizen (R3 lockout);
then every worker in turn tries that citizen's questions (in turn: one open visit per citizen
across kiosks, R1); then every worker's applicant brings the same witness (R7), all scanning the
witness before any signs, so the vouching limit is tested under a real race; then JOURNEYS
timed journeys, alternately questions-and-print (R3) and post (R2). One JSON line per journey
on stdout: kind, outcome, reason, numbers, start and end times.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.bootstrap import build_app
from drivers.sim.printer.paper_printer import PaperlessPrinter
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.errors import DomainError
from kiosk.journey.session import JourneySession
from kiosk.rules.questions import truthful_choice
from tests.load.population import (
    LOCKOUT_CITIZEN,
    TODAY,
    WITNESS,
    WITNESS_INDEX,
    Citizen,
    citizen,
)

BARRIER_TIMEOUT_S = 60.0
BARRIER_POLL_S = 0.01
TERMINAL = frozenset({"issued", "ordered", "refused", "exemption_requested", "outreach_requested"})
TOUCH_SIGNATURE = b"load-test witness signature strokes"


def config_for(database: Path, worker: int) -> KioskConfig:
    folder = database.parent
    return KioskConfig().replace(
        kiosk_id=f"load-kiosk-{worker}",
        storage={
            "database": str(database),
            "outbox": str(folder / "outbox"),
            "backups": str(folder / "backups"),
        },
        security={"kiosk_key_file": str(folder / "kiosk.key")},
        documents={"chip_required": False},  # prints scanned without a chip reading
    )


def barrier(folder: Path, name: str, worker: int, workers: int) -> None:
    """Wait until every worker reached ``name`` (one marker file each)."""
    (folder / f"{name}.{worker}").touch()
    deadline = time.monotonic() + BARRIER_TIMEOUT_S
    while len(list(folder.glob(f"{name}.*"))) < workers:
        if time.monotonic() > deadline:
            raise TimeoutError(f"barrier {name}: not every worker arrived")
        time.sleep(BARRIER_POLL_S)


def in_turn(folder: Path, name: str, worker: int, action: Callable[[], None]) -> None:
    """Run ``action`` after every lower-numbered worker ran theirs (marker files)."""
    deadline = time.monotonic() + BARRIER_TIMEOUT_S
    while not all((folder / f"{name}.{before}").exists() for before in range(worker)):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{name}: worker {worker} never got its turn")
        time.sleep(BARRIER_POLL_S)
    action()
    (folder / f"{name}.{worker}").touch()


class LoadKiosk:
    def __init__(self, session: JourneySession, register: Any) -> None:
        self.session = session
        self._register = register

    def identify(self, person: Citizen) -> None:
        """Start a visit, scan the passport, confirm: the paths are on screen."""
        session = self.session
        session.start()
        session.scan_document(person.mrz(), person.cpr)
        session.confirm()

    def answer_questions(self, person: Citizen, truthfully: bool) -> None:
        session = self.session
        session.choose("questions")
        known = self._register.find(person.cpr)
        while session.state == "questions" and session.view.question is not None:
            question = session.view.question
            truth = truthful_choice(known, question.kind, question.choices)
            wrong = next(i for i in range(len(question.choices)) if i != truth)
            session.answer(truth if truthfully else wrong)

    def end_visit(self) -> None:
        if self.session.state in TERMINAL:
            self.session.finish()
        elif self.session.state != "welcome":
            self.session.cancel()

    def result(self, kind: str, started: float) -> dict[str, Any]:
        session = self.session
        outcome = session.outcome.to_json() if session.outcome is not None else {}
        view = session.view
        notice = view.notice or view.refusal
        line = {
            "kind": kind,
            "state": session.state,
            "outcome": outcome.get("outcome", "incomplete"),
            "reason": outcome.get("reason") or (notice.reason if notice else ""),
            "nemid_number": outcome.get("nemid_number", ""),
            "card_serial": outcome.get("code_card_serial", ""),
            "order_reference": outcome.get("order_reference", ""),
            "started": started,
            "ended": time.monotonic(),
        }
        self.end_visit()
        return line


def lockout_round(kiosk: LoadKiosk) -> dict[str, Any]:
    """R3: two wrong answers fail the round and lock questions on every kiosk."""
    started = time.monotonic()
    kiosk.identify(LOCKOUT_CITIZEN)
    kiosk.answer_questions(LOCKOUT_CITIZEN, truthfully=False)
    return kiosk.result("lockout_fail", started)


def lockout_probe(kiosk: LoadKiosk) -> dict[str, Any]:
    """R3: after the lock, no kiosk may open the questions for that citizen."""
    started = time.monotonic()
    kiosk.identify(LOCKOUT_CITIZEN)
    reason = ""
    try:
        kiosk.session.choose("questions")
    except DomainError as exc:
        reason = exc.code
    line = kiosk.result("lockout_probe", started)
    line["reason"] = reason or f"questions opened ({kiosk.session.state})"
    return line


def witness_visit(
    kiosk: LoadKiosk, applicant: Citizen, folder: Path, worker: int, workers: int
) -> dict[str, Any]:
    """R7: every worker's applicant brings the same witness; the limit holds across kiosks."""
    session = kiosk.session
    started = time.monotonic()
    kiosk.identify(applicant)
    session.choose("witness")
    session.witness_scan(WITNESS.mrz(), WITNESS.cpr)
    barrier(folder, "witness-scanned", worker, workers)  # everyone saw the same count
    if session.state == "witness_signing":
        session.witness_sign_declaration(TOUCH_SIGNATURE)
    return kiosk.result("witness", started)


def regular_visit(kiosk: LoadKiosk, person: Citizen, index: int) -> dict[str, Any]:
    """Alternately R3 (questions answered, NemID printed) and R2 (both parts by post)."""
    started = time.monotonic()
    kiosk.identify(person)
    if index % 2 == 0:
        kiosk.answer_questions(person, truthfully=True)
        return kiosk.result("questions", started)
    kiosk.session.choose("post")
    return kiosk.result("post", started)


def emit(line: dict[str, Any]) -> None:
    print(json.dumps(line), flush=True)


def main(argv: list[str]) -> int:
    database, worker, workers, journeys = Path(argv[0]), int(argv[1]), int(argv[2]), int(argv[3])
    folder = database.parent
    app = build_app(
        config_for(database, worker),
        clock=FixedClock.on(TODAY),
        rng=random.Random(worker),
        printer=PaperlessPrinter(),
    )
    with app:
        kiosk = LoadKiosk(app.new_session(), app.services.register)
        barrier(folder, "started", worker, workers)
        if worker == 0:
            emit(lockout_round(kiosk))
        barrier(folder, "locked", worker, workers)
        in_turn(folder, "probe", worker, lambda: emit(lockout_probe(kiosk)))
        emit(witness_visit(kiosk, citizen(worker, WITNESS_INDEX), folder, worker, workers))
        barrier(folder, "timed", worker, workers)
        for index in range(journeys):
            emit(regular_visit(kiosk, citizen(worker, index), index))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
