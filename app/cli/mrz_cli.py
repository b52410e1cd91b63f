"""``kiosk mrz LINE...``: parse and check an ICAO 9303 MRZ (R1) and print the result as JSON.

Exit 0 with the parsed fields, every check digit by name and ``valid`` (a parseable MRZ whose
checks fail is reported, not refused); exit 2 with one line (or a JSON error with ``--json``)
when the lines are not an MRZ at all. MRZ lines never hold spaces, so one argument holding all
the lines separated by newlines or spaces works as well as one argument per line.
"""

from __future__ import annotations

import argparse
from datetime import date

from app.cli.main import emit_json
from kiosk.clock import SystemClock
from kiosk.identity.mrz import parse_mrz


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("mrz", help="parse and check an MRZ (TD1, TD2, TD3)")
    parser.add_argument("lines", nargs="+", metavar="LINE", help="the MRZ lines, top first")
    parser.add_argument("--today", type=date.fromisoformat, help="date for the birth century")
    parser.add_argument("--json", action="store_true", help="report errors as JSON too")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    lines = [row for arg in args.lines for row in arg.split()]
    mrz = parse_mrz(lines, today=args.today or SystemClock().today())
    emit_json(mrz.to_json())
    return 0
