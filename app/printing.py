"""Synthetic samples on a printer, for ``kiosk print``: the layouts and the driver, composed.

A real URL prints on that printer; ``sim://`` prints on an ESC/POS printer simulator started for
the job (the printer URL is resolved by :mod:`app.devices`) playing the chosen profile, which
renders the page to PNG. The result says which profile and confirmation strategy the printer
got, and what the printout takes: columns, rows, bytes on the wire and paper in mm.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.devices import is_simulated, printer_simulator

if TYPE_CHECKING:
    from drivers.printer.document import Block
    from drivers.printer.profile import PrinterProfile

SAMPLE_NAMES = ("test-page", "code-card", "password-slip", "receipt", "leaflet")
CREDENTIAL_SAMPLES = ("code-card", "password-slip")


@dataclass(frozen=True)
class PrintedSample:
    """Bytes sent for the job, the printer's profile and strategy, and the rendered page."""

    size: int
    profile: str = ""
    model: str = ""
    strategy: str = ""
    metrics: dict[str, object] = field(default_factory=dict)
    page: Path | None = None

    def to_json(self) -> dict[str, object]:
        return {
            **self.metrics,
            "bytes": self.size,
            "model": self.model,
            "strategy": self.strategy,
            "page": str(self.page) if self.page else None,
        }


def profile_names() -> list[str]:
    """The printer profiles of python-escpos's capabilities database."""
    from drivers.printer.profile import profile_names as names

    return names()


def check_profile(name: str) -> None:
    """Raise ConfigError when ``name`` is not a printer profile."""
    from drivers.printer.profile import load_profile

    load_profile(name)


def printer_settings_problems(printer: Mapping[str, object]) -> list[str]:
    """A ``[printer] profile`` that python-escpos's database does not know."""
    name = printer.get("profile", "")
    if not isinstance(name, str) or not name or name in profile_names():
        return []
    return [f"'printer.profile' {name!r} is not a printer profile; see `kiosk print --help`"]


def print_sample(
    printer_url: str,
    sample: str,
    language: str,
    timeout: float,
    out: Path | None = None,
    *,
    profile: str = "",
) -> PrintedSample:
    """Print ``sample`` (one of :data:`SAMPLE_NAMES`). Raises ConfigError for a bad URL or
    profile and a PrinterError when the printer fails the job; ``out`` is where a simulator
    renders pages."""
    from drivers.printer.profile import load_profile

    if profile:
        load_profile(profile)  # a bad name is a ConfigError before any device is touched
    if not is_simulated(printer_url):
        return _print(printer_url, sample, language, timeout, profile)
    folder = out or Path(tempfile.mkdtemp(prefix="kiosk-print-"))
    device = printer_simulator(folder, profile=profile or None)
    try:
        printed = _print(device.url, sample, language, timeout, profile)
        page = device.wait_for_pages(1)[0]
    finally:
        device.stop()
    return PrintedSample(
        printed.size,
        printed.profile,
        printed.model,
        printed.strategy,
        printed.metrics,
        Path(page.png_path) if page.png_path else None,
    )


def _print(
    printer_url: str, sample: str, language: str, timeout: float, profile: str
) -> PrintedSample:
    from drivers.printer.metrics import measure
    from drivers.printer.receipt_printer import EscposReceiptPrinter

    with EscposReceiptPrinter(printer_url, timeout=timeout, profile=profile) as printer:
        chosen = printer.profile
        blocks = _blocks(sample, language, chosen, printer_url)
        size = printer.print_blocks(blocks, language, credential=sample in CREDENTIAL_SAMPLES)
        return PrintedSample(
            size,
            chosen.name,
            printer.identity.model,
            printer.strategy,
            measure(blocks, chosen, language).to_json(),
        )


def _blocks(sample: str, language: str, profile: PrinterProfile, url: str) -> list[Block]:
    from drivers.printer import layouts, samples
    from drivers.printer.code_card_layout import code_card

    builders: dict[str, Callable[[], list[Block]]] = {
        "test-page": lambda: layouts.technician_test_page(
            language, samples.SAMPLE_TIME, profile, url
        ),
        "code-card": lambda: code_card(samples.sample_code_card(language), profile),
        "password-slip": lambda: layouts.password_slip(
            samples.sample_password_slip(language), profile
        ),
        "receipt": lambda: layouts.postal_receipt(samples.sample_postal_receipt(language), profile),
        "leaflet": lambda: layouts.rules_leaflet(samples.sample_rules_leaflet(language), profile),
    }
    return builders[sample]()
