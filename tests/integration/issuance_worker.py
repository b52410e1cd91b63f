"""A kiosk process for the crash tests: ``python -m tests.integration.issuance_worker DIR ACTION``.

It opens the storage in DIR like a kiosk starting up, runs start-up recovery, then ACTION:
``issue`` (R3 at the counter), ``r2b`` (counter and post), ``post`` (R4) or ``outreach`` (R8),
or ``recover`` (start-up only). The fault point named by ``KIOSK_CRASH_AT`` kills it with
SIGKILL. It prints one JSON line: what recovery voided and what the action produced.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

from kiosk.clock import FixedClock
from kiosk.faults import FaultPoints
from tests.integration.issuance_stack import (
    ISSUE_REQUEST,
    POSTAL_REQUEST,
    config_in,
    open_stack,
)

ACTIONS = ("issue", "r2b", "post", "outreach", "recover")
PRINTER_JOURNAL = "printer.jsonl"


def main(argv: list[str]) -> int:
    folder, action = Path(argv[0]), argv[1]
    if action not in ACTIONS:
        print(f"unknown action {action!r}", file=sys.stderr)
        return 2
    sections = {"municipality": {"standard_order": "counter_and_post"}} if action == "r2b" else {}
    stack = open_stack(
        config_in(folder, **sections),
        FixedClock(),
        faults=FaultPoints.from_environment(),
        journal=folder / PRINTER_JOURNAL,
    )
    try:
        report: dict[str, object] = {"voided": stack.services.issuance.recover_interrupted()}
        services = stack.services
        if action in ("issue", "r2b"):
            result = services.issuance.issue(ISSUE_REQUEST)
            report["nemid_number"] = result.nemid_number
        elif action == "post":
            report["nemid_number"] = services.postal.order(POSTAL_REQUEST).nemid_number
        elif action == "outreach":
            order = services.postal.complete_outreach(
                replace(POSTAL_REQUEST, rule="R8"), stack.printer
            )
            report["nemid_number"] = order.nemid_number
    finally:
        stack.close()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
