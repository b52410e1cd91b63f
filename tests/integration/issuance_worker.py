"""A kiosk process for the crash tests: ``python -m tests.integration.issuance_worker DIR ACTION``.

It starts like the kiosk does, through the composition root (``build_app``: open the storage in
DIR, recover what a crash left half done), on the paperless printer journaling to DIR, then runs
ACTION: ``issue`` (R3 at the counter), ``r2b`` (counter and post), ``post`` (R4), ``outreach``
(R8) or ``recover`` (start-up only). The fault point named by ``KIOSK_CRASH_AT`` kills it with
SIGKILL. It prints one JSON line: what start-up recovery voided and the NemID the action made.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

from app.bootstrap import build_app
from drivers.sim.printer.paper_printer import PaperlessPrinter
from kiosk.clock import FixedClock
from kiosk.harness import arm
from kiosk.issuance.faults import FaultPoints
from kiosk.storage.sqlite.register_seed import seed_register
from tests.integration.issuance_stack import (
    CITIZEN,
    CITIZEN_CPR,
    ISSUE_REQUEST,
    POSTAL_REQUEST,
    config_in,
)

ACTIONS = ("issue", "r2b", "post", "outreach", "recover")
PRINTER_JOURNAL = "printer.jsonl"


def main(argv: list[str]) -> int:
    folder, action = Path(argv[0]), argv[1]
    if action not in ACTIONS:
        print(f"unknown action {action!r}", file=sys.stderr)
        return 2
    sections = {"municipality": {"standard_order": "counter_and_post"}} if action == "r2b" else {}
    clock = FixedClock()
    arm()  # this worker is the test harness: KIOSK_CRASH_AT is honoured
    faults = FaultPoints.from_environment()
    printer = PaperlessPrinter(journal=folder / PRINTER_JOURNAL, faults=faults)
    with build_app(
        config_in(folder, **sections), clock=clock, printer=printer, faults=faults
    ) as app:
        if app.register.register.find(CITIZEN_CPR) is None:
            seed_register(app.register.db, [CITIZEN], clock.today(), app.register.keys)
        report: dict[str, object] = {"voided": app.recovered}
        issuing = app.issuing
        if action == "issue":
            report["nemid_number"] = issuing.issuance.issue(ISSUE_REQUEST).nemid_number
        elif action == "r2b":
            report["nemid_number"] = issuing.issuance.counter_and_post(ISSUE_REQUEST).nemid_number
        elif action == "post":
            report["nemid_number"] = issuing.postal.order(POSTAL_REQUEST).nemid_number
        elif action == "outreach":
            order = issuing.postal.complete_outreach(replace(POSTAL_REQUEST, rule="R8"), printer)
            report["nemid_number"] = order.nemid_number
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
