"""``kiosk print SAMPLE --printer URL``: print a synthetic sample for technicians.

Samples: ``test-page``, ``code-card``, ``password-slip``, ``receipt``, ``leaflet``, all with
synthetic data. ``--printer sim://`` prints on an in-process simulator and names the PNG it
rendered. A printer fault (paper out, cover open, offline) exits 1 with one line on stderr; a
bad URL or sample exits 2. The composition root (:mod:`app.printing`) builds the printer.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.printing import SAMPLE_NAMES
from kiosk.i18n import gettext

DEFAULT_TIMEOUT = 10.0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("print", help="print a synthetic sample on a printer")
    parser.add_argument("sample", choices=SAMPLE_NAMES)
    parser.add_argument(
        "--printer", required=True, help="tcp://host:9100, serial://, usb://, sim://"
    )
    parser.add_argument("--language", choices=("da", "en"), default="da")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds")
    parser.add_argument("--out", type=Path, help="with sim://: folder for the rendered pages")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.printing import print_sample

    printed = print_sample(args.printer, args.sample, args.language, args.timeout, args.out)
    print(gettext(args.language, "print.cli.printed", sample=args.sample, size=printed.size))
    if printed.page is not None:
        print(printed.page)
    return 0
