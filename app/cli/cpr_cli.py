"""``kiosk cpr NUMBER``: validate a CPR number (R1) and print birth date, age, sex and mask as JSON.

Exit 0 with ``valid: true``; exit 2 with one line (or a JSON error with ``--json``) for a number
that is malformed, has no real birth date, or is born after ``--today``. The full number is
never printed, only the masked ``DDMMYY-XXXX``.
"""

from __future__ import annotations

import argparse
from datetime import date

from app.cli.main import emit_json
from kiosk.clock import SystemClock
from kiosk.identity.cpr import parse_cpr


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("cpr", help="validate a CPR number")
    parser.add_argument("number", metavar="NUMBER", help="DDMMYY-SSSS or ten digits")
    parser.add_argument("--today", type=date.fromisoformat, help="date to compute the age on")
    parser.add_argument("--json", action="store_true", help="report errors as JSON too")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    today = args.today or SystemClock().today()
    cpr = parse_cpr(args.number, today=today)
    emit_json(
        {
            "valid": True,
            "birth_date": cpr.birth_date.isoformat(),
            "age": cpr.age_on(today),
            "sex": cpr.sex,
            "masked": cpr.masked,
        }
    )
    return 0
