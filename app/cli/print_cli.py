"""``kiosk print SAMPLE --printer URL``: print a synthetic sample for technicians.

Samples: ``test-page``, ``code-card``, ``password-slip``, ``receipt``, ``leaflet``, all with
synthetic data. ``--printer sim://`` prints on an in-process simulator and names the PNG it
rendered. A printer fault (paper out, cover open, offline) exits 1 with one line on stderr; a
bad URL or sample exits 2. The drivers are imported only when the command runs, so the core
stays free of python-escpos.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from kiosk.i18n import gettext

SAMPLE_NAMES = ("test-page", "code-card", "password-slip", "receipt", "leaflet")
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
    from drivers.urls import parse_device_url

    url = parse_device_url(args.printer)
    if url.is_sim:
        return _print_on_simulator(args)
    size = _print_sample(args.printer, args.sample, args.language, args.timeout)
    print(gettext(args.language, "print.cli.printed", sample=args.sample, size=size))
    return 0


def _print_sample(printer_url: str, sample: str, language: str, timeout: float) -> int:
    from drivers.printer import layouts, samples
    from drivers.printer.code_card_layout import code_card
    from drivers.printer.receipt_printer import EscposReceiptPrinter

    builders = {
        "test-page": lambda: layouts.technician_test_page(
            language, samples.SAMPLE_TIME, printer_url
        ),
        "code-card": lambda: code_card(samples.sample_code_card(language)),
        "password-slip": lambda: layouts.password_slip(samples.sample_password_slip(language)),
        "receipt": lambda: layouts.postal_receipt(samples.sample_postal_receipt(language)),
        "leaflet": lambda: layouts.rules_leaflet(samples.sample_rules_leaflet(language)),
    }
    with EscposReceiptPrinter(printer_url, timeout=timeout) as printer:
        return printer.print_blocks(builders[sample]())


def _print_on_simulator(args: argparse.Namespace) -> int:
    from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice

    out = args.out or Path(tempfile.mkdtemp(prefix="kiosk-print-"))
    with EscposPrinterDevice(out) as device:
        size = _print_sample(device.url, args.sample, args.language, args.timeout)
        page = device.wait_for_pages(1)[0]
    print(gettext(args.language, "print.cli.printed", sample=args.sample, size=size))
    print(page.png_path)
    return 0
