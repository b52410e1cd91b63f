"""``kiosk print SAMPLE --printer URL [--profile P] [--json]``: a synthetic sample for technicians.

Samples: ``test-page``, ``code-card``, ``password-slip``, ``receipt``, ``leaflet``, all with
synthetic data. ``--profile`` names the printer's profile in python-escpos's capabilities
database (without it the printer is asked, ``default`` when it does not say). The command says
which profile and confirmation strategy (``process_id``, ``transmit_status``, ``asb``, ``none``)
the printer got; ``--json`` adds columns used, rows, bytes on the wire and printed length in mm.
``--printer sim://`` prints on an in-process simulator and names the PNG it rendered. A printer
fault exits 1 with one line on stderr; a bad URL, profile or sample exits 2. The composition
root (:mod:`app.printing`) builds the printer.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.main import emit_json
from app.printing import SAMPLE_NAMES
from kiosk.i18n import gettext
from kiosk.input_limits import positive_seconds

DEFAULT_TIMEOUT = 10.0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("print", help="print a synthetic sample on a printer")
    parser.add_argument("sample", choices=SAMPLE_NAMES)
    parser.add_argument(
        "--printer", required=True, help="tcp://host:9100, serial://, usb://, sim://"
    )
    parser.add_argument(
        "--profile",
        default="",
        help="printer profile of python-escpos (TM-T88V, TM-T20II, POS-5890, TSP600, default...)",
    )
    parser.add_argument("--language", choices=("da", "en"), default="da")
    parser.add_argument("--timeout", type=positive_seconds, default=DEFAULT_TIMEOUT, help="seconds")
    parser.add_argument("--out", type=Path, help="with sim://: folder for the rendered pages")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.printing import print_sample

    printed = print_sample(
        args.printer, args.sample, args.language, args.timeout, args.out, profile=args.profile
    )
    if args.json:
        emit_json({"sample": args.sample, "profile": printed.profile, **printed.to_json()})
        return 0
    print(gettext(args.language, "print.cli.printed", sample=args.sample, size=printed.size))
    print(
        gettext(
            args.language,
            "print.cli.printer",
            profile=printed.profile,
            model=printed.model or "?",
            strategy=printed.strategy,
        )
    )
    if printed.page is not None:
        print(printed.page)
    return 0
