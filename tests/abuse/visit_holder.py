"""A kiosk process holding a visit open: ``python -m tests.abuse.visit_holder DIR KIOSK_ID``.

It builds the app on DIR like ``kiosk journey --db DIR/kiosk.sqlite`` does (but as kiosk
KIOSK_ID, so another kiosk's start-up leaves its claim alone), scans Karen's
passport, confirms, prints ``{"state": ...}`` and waits. A line ``cancel`` on stdin ends the
visit like the citizen's cancel tap; end of input leaves it open (as a kiosk that died would).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from app.bootstrap import build_app
from drivers.sim.printer.paper_printer import PaperlessPrinter
from kiosk.clock import FixedClock
from kiosk.ports import Devices
from tests.abuse.kiosk_processes import KAREN, TODAY
from tests.integration.issuance_stack import config_in


def main(argv: list[str]) -> int:
    folder, kiosk_id = Path(argv[0]), argv[1]
    clock = FixedClock.on(date.fromisoformat(TODAY))
    config = config_in(folder).replace(kiosk_id=kiosk_id)
    with build_app(config, clock=clock, devices=Devices(printer=PaperlessPrinter())) as app:
        session = app.new_session()
        session.start()
        session.scan_document(KAREN["mrz"], KAREN["cpr"])
        if session.state == "confirming":
            session.confirm()
        print(json.dumps({"state": session.state}), flush=True)
        if sys.stdin.readline().strip() == "cancel":
            session.cancel()
            print(json.dumps({"state": session.state}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
