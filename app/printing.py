"""Synthetic samples on a printer, for ``kiosk print``: the layouts and the driver, composed.

A real URL prints on that printer; ``sim://`` prints on an ESC/POS printer simulator started for
the job (the printer URL is resolved by :mod:`app.devices`), which renders the page to PNG.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.devices import is_simulated, printer_simulator

SAMPLE_NAMES = ("test-page", "code-card", "password-slip", "receipt", "leaflet")


@dataclass(frozen=True)
class PrintedSample:
    """Bytes sent for the job, and the rendered page when a simulator printed it."""

    size: int
    page: Path | None = None


def print_sample(
    printer_url: str, sample: str, language: str, timeout: float, out: Path | None = None
) -> PrintedSample:
    """Print ``sample`` (one of :data:`SAMPLE_NAMES`). Raises ConfigError for a bad URL and a
    PrinterError when the printer fails the job; ``out`` is where a simulator renders pages."""
    if not is_simulated(printer_url):
        return PrintedSample(_print_blocks(printer_url, sample, language, timeout))
    folder = out or Path(tempfile.mkdtemp(prefix="kiosk-print-"))
    device = printer_simulator(folder)
    try:
        size = _print_blocks(device.url, sample, language, timeout)
        page = device.wait_for_pages(1)[0]
    finally:
        device.stop()
    return PrintedSample(size, page.png_path)


def _print_blocks(printer_url: str, sample: str, language: str, timeout: float) -> int:
    from drivers.printer import layouts, samples
    from drivers.printer.code_card_layout import code_card
    from drivers.printer.document import Block
    from drivers.printer.receipt_printer import EscposReceiptPrinter

    builders: dict[str, Callable[[], list[Block]]] = {
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
