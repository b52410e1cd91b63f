"""Scripted staff and technician visits through the real UI (``staff-...`` and
``technician-...`` scripts of ``kiosk demo --headless``): the demo card comes out of the
simulated staff-card reader, the staff member's (or technician's) card goes in, the PIN is
typed on the pad, and each page is captured as the citizen scripts capture theirs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.uix.button import Button
from kivy.uix.label import Label

from screens import ui_driver as ui

STAFF_PIN = "1234"  # the demo staff card's PIN (drivers/sim/cards/staff_card.py)
TECHNICIAN_PIN = "2468"
WAIT_SECONDS = 30.0


def log_in(run: Any, role: str = "staff") -> None:
    """Card out (the kiosk notices), the ``role``'s card in, its PIN, OK."""
    mode = run.app.staff_mode
    run.on("welcome")
    run.use_language()
    run.shot("welcome")
    run.rig.remove_staff_card()
    ui.wait_for(lambda: not mode.card_seen, "the kiosk to see the card gone", WAIT_SECONDS)
    run.rig.insert_staff_card(role)
    run.on("staff_login")
    run.type(TECHNICIAN_PIN if role == "technician" else STAFF_PIN)
    run.shot("staff_login")
    run.tap("ui.staff.login.ok")
    run.on("technician_menu" if role == "technician" else "staff_menu")
    run.shot("technician_menu" if role == "technician" else "staff_menu")


def leave(run: Any) -> None:
    run.tap("ui.staff.leave")
    run.on("welcome")


def staff_login(run: Any) -> None:
    """Staff admin mode: the staff card and its PIN open the staff menu."""
    log_in(run)
    leave(run)


def staff_queue(run: Any) -> None:
    """Staff look at the queue of postal orders waiting to be sent."""
    log_in(run)
    run.tap("ui.staff.menu.orders")
    run.on("staff_orders")
    run.shot("staff_orders")
    run.tap("ui.staff.back")
    run.on("staff_menu")
    leave(run)


def staff_exemption(run: Any) -> None:
    """R11: a citizen asks for exemption from Digital Post at the kiosk; staff grant it."""
    run.start()
    run.identify("rich_register")
    run.tap("ui.path.exemption")
    run.on("exemption")
    run.shot("exemption")
    run.tap("ui.exemption.reason.disability")
    run.see("ui.exemption.sent_title")
    run.shot("exemption_requested")
    run.tap("ui.common.finish")
    log_in(run)
    run.tap("ui.staff.menu.exemptions")
    run.on("staff_exemptions")
    run.see_within("ui.staff.exemptions.reason.disability")
    run.shot("staff_exemptions")
    run.tap("ui.staff.exemptions.granted")
    run.see("ui.staff.exemptions.done")
    run.shot("staff_exemption_granted")
    run.tap("ui.staff.back")
    run.on("staff_menu")
    leave(run)


def staff_outreach(run: Any) -> None:
    """R8: a citizen asks to be identified at home; back at the office staff record the home
    visit's witness and complete the registration with the citizen's CPR number."""
    run.start()
    run.identify("home_bound")
    run.tap("ui.path.outreach")
    run.on("outreach")
    run.shot("outreach")
    run.tap("ui.outreach.request")
    run.see("ui.outreach.sent_title")
    run.shot("outreach_requested")
    run.tap("ui.common.finish")
    log_in(run)
    run.tap("ui.staff.menu.outreach")
    run.on("staff_outreach")
    run.shot("staff_outreach")
    run.tap("ui.staff.outreach.witness")
    run.on("staff_cpr")
    run.type(run.rig.personas["witness_declaration"].cpr)
    run.shot("staff_cpr_witness")
    run.tap("ui.staff.cpr.ok")
    run.on("staff_outreach")
    run.see_within("ui.staff.outreach.witness_noted")
    run.tap("ui.staff.outreach.complete")
    run.on("staff_cpr")
    run.type(run.rig.personas["home_bound"].cpr)
    run.tap("ui.staff.cpr.ok")
    run.on("staff_outreach")
    run.see("ui.staff.none")
    run.shot("staff_outreach_completed")
    run.tap("ui.staff.back")
    run.on("staff_menu")
    leave(run)


def staff_statistics(run: Any) -> None:
    """Today's statistics and the devices' state."""
    log_in(run)
    run.tap("ui.staff.menu.statistics")
    run.on("staff_stats")
    run.shot("staff_stats")
    run.tap("ui.staff.back")
    run.on("staff_menu")
    leave(run)


def technician_diagnostics(run: Any) -> None:
    """A technician's card opens diagnostics: a light per device, versions and settings."""
    log_in(run, "technician")
    run.tap("ui.technician.info")
    run.on("technician_info")
    run.shot("technician_info")
    run.tap("ui.staff.back")
    run.on("technician_menu")
    leave(run)


def technician_test_print(run: Any) -> None:
    """The printer's test page, printed from diagnostics."""
    log_in(run, "technician")
    printer = run.tr("diag.device.printer")
    line = next(
        w for w in ui.widgets() if isinstance(w, Label) and w.text.startswith(f"{printer}: ")
    )
    test = next(
        w for w in line.parent.children if isinstance(w, Button) and not isinstance(w, type(line))
    )
    ui.tap(test)
    ui.wait_for(lambda: len(run.rig.printed_files()) >= 1, "the test page", WAIT_SECONDS)
    run.shot("technician_test_print")
    leave(run)


STAFF_SCRIPTS: dict[str, Callable[[Any], None]] = {
    "staff-login": staff_login,
    "staff-queue": staff_queue,
    "staff-exemption": staff_exemption,
    "staff-outreach": staff_outreach,
    "staff-statistics": staff_statistics,
    "technician-diagnostics": technician_diagnostics,
    "technician-test-print": technician_test_print,
}
