"""Self-test of the receipt printer: status, identity and confirmation, then a test page.

The printer is asked what it is (``GS I``: model, firmware), which profile it gets and how it
can confirm a job (``process_id``, ``transmit_status``, ``asb`` or ``none``); all four are in
the result's facts and detail.

The status comes from DLE EOT before the job; the test page is a real job that returns only
when the printer confirmed it on paper, so a printer that is online but cannot print fails
here too. With ``sim://`` the caller's simulated ESC/POS printer runs in-process and must
render one page.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from drivers.diagnostics.outcome import DiagContext, Outcome
from drivers.printer.receipt_printer import EscposReceiptPrinter, raise_for_status
from drivers.urls import DeviceUrl
from kiosk.errors import PrinterError

TEST_PAGES = 1


def self_test(url: DeviceUrl, context: DiagContext) -> Outcome:
    if url.is_sim:
        return _simulated(context)
    with EscposReceiptPrinter(
        url, timeout=context.timeout, profile=context.printer_profile
    ) as printer:
        return _status_and_page(printer, context)


def _simulated(context: DiagContext) -> Outcome:
    simulators = context.require_simulators()
    with tempfile.TemporaryDirectory(dir=context.work_dir) as folder:
        with (
            simulators.printer(Path(folder)) as device,
            EscposReceiptPrinter(
                device.url, timeout=context.timeout, profile=context.printer_profile
            ) as printer,
        ):
            outcome = _status_and_page(printer, context)
            if context.print_test_page:
                try:
                    device.wait_for_pages(TEST_PAGES, timeout=context.timeout)
                except TimeoutError as exc:
                    raise PrinterError("the simulator rendered no page") from exc
        return Outcome("ESC/POS simulator: " + outcome.detail, outcome.facts)


def _status_and_page(printer: EscposReceiptPrinter, context: DiagContext) -> Outcome:
    status = printer.status()
    raise_for_status(status)
    profile, identity, strategy = printer.profile, printer.identity, printer.strategy
    facts: dict[str, object] = {
        "status": status.describe(),
        "paper_low": status.near_end,
        "profile": profile.name,
        "model": identity.model,
        "firmware": identity.firmware,
        "strategy": strategy,
    }
    detail = (
        f"status {status.describe()}; profile {profile.name}, model {identity.model or '?'}, "
        f"firmware {identity.firmware or '?'}, confirmation {strategy}"
    )
    if context.print_test_page:
        printer.print_test_page(context.language)
        facts["test_page_bytes"] = printer.last_job_bytes
        detail += f"; test page printed ({printer.last_job_bytes} bytes)"
    return Outcome(detail, facts)
