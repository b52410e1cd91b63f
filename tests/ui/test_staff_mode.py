"""Staff admin mode through the real UI: the staff card and its PIN, real taps on every function,
and the ways out (card removed, idle, the button). The PIN is checked on the emulated card."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.errors import StorageError
from kiosk.issuance.postal import PostalRequest
from screens import ui_driver as ui
from tests.ui.staff_fixtures import Staff, staff_fixture  # noqa: F401 - the staff fixture

pytestmark = pytest.mark.ui
STAFF_PIN = "1234"
WRONG_PIN = "9999"
PERSONAS_OTHER_CPR = "1206953582"  # the synthetic newcomer, not the order's citizen


def test_inserting_the_staff_card_and_the_right_pin_open_admin_mode(staff: Staff) -> None:
    staff.insert()
    staff.see("ui.staff.login.insert_card")
    staff.type_pin(STAFF_PIN)
    staff.on("staff_menu")
    staff.see("ui.staff.menu.title", name="Mette Testesen", staff_id="S1001")
    assert ui.clipped() == []
    assert staff.audit_events("staff.login")[-1]["staff_id"] == "S1001"


def test_a_wrong_pin_counts_down_and_the_card_blocks_after_five(staff: Staff) -> None:
    staff.insert()
    for tries_left in (4, 3, 2, 1):
        staff.type_pin(WRONG_PIN)
        staff.see("ui.staff.login.tries_left", tries=tries_left)
    staff.type_pin(WRONG_PIN)
    staff.see("error.pin_blocked")
    staff.type_pin(STAFF_PIN)  # blocked: even the right PIN no longer opens it
    ui.pump(0.5)
    staff.see("error.pin_blocked")
    assert staff.app.manager.current == "staff_login"


def test_removing_the_card_leaves_admin_mode(staff: Staff) -> None:
    staff.log_in()
    staff.remove_card()
    staff.on("welcome")
    assert staff.audit_events("staff.logout")[-1]["reason"] == "card_removed"


def test_idle_time_leaves_admin_mode(staff: Staff) -> None:
    staff.log_in()
    staff.idle(staff.app.config_.timeouts.admin_idle_seconds / 2)
    assert staff.app.manager.current == "staff_menu"
    staff.idle(staff.app.config_.timeouts.admin_idle_seconds / 2 + 1)
    staff.on("welcome")
    assert staff.audit_events("staff.logout")[-1]["reason"] == "idle"


def test_the_hidden_corner_asks_for_the_card_and_cancel_returns(staff: Staff) -> None:
    ui.tap(next(w for w in ui.widgets() if type(w).__name__ == "CornerPress"))
    assert staff.app.manager.current == "welcome"  # a short tap is nothing
    staff.long_press_corner()
    staff.on("staff_login")
    staff.tap("ui.staff.login.ok")
    staff.see("error.no_staff_card")
    staff.tap("ui.staff.cancel")
    staff.on("welcome")


def test_r11_an_exemption_request_is_granted(staff: Staff) -> None:
    persona = staff.kiosk.rig.personas["newcomer"]
    staff.admin.core.kiosk.exemptions.request(persona.cpr, "Priya Raman", "disability", "en")
    staff.log_in()
    staff.tap("ui.staff.menu.exemptions")
    staff.on("staff_exemptions")
    staff.see("ui.staff.exemptions.reason.disability")
    assert any("Priya Raman" in text and "-XXXX" in text for text in ui.screen_texts())
    staff.tap("ui.staff.exemptions.granted")
    staff.see("ui.staff.exemptions.done")
    staff.see("ui.staff.none")
    assert staff.admin.core.kiosk.exemptions.open_requests() == []
    assert staff.audit_events("staff.exemption_resolved")[-1]["resolution"] == "granted"


def test_out_of_service_shows_the_out_of_service_screen_until_staff_put_it_back(
    staff: Staff,
) -> None:
    staff.log_in()
    staff.tap("ui.staff.menu.service")
    staff.tap("ui.staff.service.put_out")
    staff.see("ui.staff.confirm.out_of_service")  # asked first: a destructive action
    assert not staff.mode.out_of_service
    staff.tap("ui.staff.confirm.yes")
    staff.see("ui.staff.service.now_out")
    staff.tap("ui.staff.back")
    staff.tap("ui.staff.leave")
    staff.on("out_of_service")
    staff.see("ui.out_of_service.title")
    staff.remove_card()
    staff.log_in()  # the card still opens admin mode over the out-of-service screen
    staff.tap("ui.staff.menu.service")
    staff.tap("ui.staff.service.put_in")
    staff.see("ui.staff.service.now_in")
    staff.tap("ui.staff.back")
    staff.tap("ui.staff.leave")
    staff.on("welcome")


def test_audit_verification_statistics_and_device_status_are_shown(staff: Staff) -> None:
    staff.log_in()
    staff.tap("ui.staff.menu.audit")
    staff.tap("ui.staff.audit.verify")
    ui.wait_for(lambda: staff.audit_events("staff.audit_verified"), "the verification")
    [verified] = staff.audit_events("staff.audit_verified")
    assert verified["intact"] is True and verified["staff_id"] == "S1001"
    staff.see("ui.staff.audit.intact", entries=verified["entries"])
    staff.tap("ui.staff.audit.export")
    ui.wait_for(lambda: any("audit-kiosk-1-" in t for t in ui.screen_texts()), "the export")
    staff.tap("ui.staff.back")
    staff.tap("ui.staff.menu.statistics")
    staff.see("ui.staff.stats.issued_now", count=0)
    staff.see("ui.staff.stats.witnesses_used", count=0)
    staff.tap("ui.staff.back")
    staff.tap("ui.staff.menu.devices")
    staff.on("staff_devices")
    printer = staff.tr("diag.device.printer") + ": " + staff.tr("ui.staff.devices.state.online")
    ui.wait_for(lambda: any(t.startswith(printer) for t in ui.screen_texts()), printer)
    assert ui.clipped() == []


def test_r8_outreach_completed_with_the_citizens_cpr_number(staff: Staff) -> None:
    persona = staff.kiosk.rig.personas["home_bound"]
    staff.admin.core.kiosk.outreach.create(persona.cpr, persona.given_names, "tlf. 12 34 56 78")
    staff.log_in()
    staff.tap("ui.staff.menu.outreach")
    staff.tap("ui.staff.outreach.witness")  # R8: the witness of the home visit first
    staff.on("staff_cpr")
    ui.type_digits(staff.kiosk.rig.personas["witness_declaration"].cpr)
    staff.tap("ui.staff.cpr.ok")
    staff.on("staff_outreach")
    staff.see("ui.staff.outreach.witness_noted")
    staff.tap("ui.staff.outreach.complete")
    staff.on("staff_cpr")
    ui.type_digits(persona.cpr)
    assert not any(persona.cpr[6:] in text for text in ui.screen_texts())  # masked as typed
    staff.tap("ui.staff.cpr.ok")
    staff.on("staff_outreach")
    staff.see("ui.staff.none")
    [entry] = staff.audit_events("staff.outreach_completed")
    staff.see(
        "ui.staff.outreach.done",
        nemid_number=entry["nemid_number"],
        reference=entry["order_reference"],
    )
    ui.wait_for(lambda: len(staff.kiosk.rig.printed_files()) == 2, "the slip and the rules")


def test_void_a_nemid_and_reprint_a_postal_receipt(staff: Staff) -> None:
    core = staff.admin.core
    holder = staff.kiosk.rig.personas["has_nemid"]
    number = core.register.authority.holding(holder.cpr).number
    posted = staff.kiosk.rig.personas["rich_register"]
    order = core.issuing.postal.order(
        PostalRequest(posted.cpr, posted.given_names, posted.entry["address"])
    )
    staff.log_in()
    staff.tap("ui.staff.menu.void")
    staff.on("staff_void")
    ui.type_digits(number)
    staff.tap("ui.staff.void.look_up")
    staff.see("ui.staff.void.status.active")
    staff.tap("ui.staff.void.reason.lost")
    staff.see("ui.staff.confirm.void", number=number)
    staff.tap("ui.staff.confirm.no")  # not yet: the NemID stays active
    staff.see("ui.staff.void.status.active")
    assert core.register.authority.holding(holder.cpr) is not None
    staff.tap("ui.staff.void.reason.lost")
    staff.tap("ui.staff.confirm.yes")
    staff.see("ui.staff.void.done", nemid_number=number)
    staff.see("ui.staff.void.status.voided")
    assert core.register.authority.holding(holder.cpr) is None
    staff.tap("ui.staff.back")
    staff.tap("ui.staff.menu.receipts")
    staff.tap("ui.staff.receipts.reprint")
    staff.see("ui.staff.receipts.done", order_reference=order.reference)
    ui.wait_for(lambda: len(staff.kiosk.rig.printed_files()) == 1, "the receipt printout")
    printed = staff.kiosk.rig.printouts.glob("*.txt")
    assert any(order.reference in path.read_text(encoding="utf-8") for path in printed)


def test_admin_mode_speaks_english_too_in_large_text(staff: Staff) -> None:
    staff.log_in()
    ui.tap_text("English")
    staff.see("ui.staff.menu.statistics")
    assert staff.tr("ui.staff.menu.statistics") == "Today's statistics"
    staff.tap("ui.top.large_text")
    for menu, page in (
        ("ui.staff.menu.statistics", "staff_stats"),
        ("ui.staff.menu.audit", "staff_audit"),
        ("ui.staff.menu.devices", "staff_devices"),
        ("ui.staff.menu.service", "staff_service"),
    ):
        staff.tap(menu)
        staff.on(page)  # nothing clipped, in English and in large text
        staff.tap("ui.staff.back")
        staff.on("staff_menu")
    staff.tap("ui.staff.leave")
    staff.on("welcome")
    staff.tap("ui.top.large_text")


def test_r4_a_postal_order_a_fault_voided_is_posted_again(staff: Staff) -> None:
    postal = staff.admin.core.issuing.postal
    good_outbox = postal.outbox
    postal.outbox = Path(str(good_outbox) + "-blocked")
    postal.outbox.write_text("a file where the outbox folder should be")
    persona = staff.kiosk.rig.personas["rich_register"]
    request = PostalRequest(persona.cpr, persona.given_names, persona.entry["address"])
    with pytest.raises(StorageError):
        postal.order(request)
    postal.outbox = good_outbox
    staff.log_in()
    staff.tap("ui.staff.menu.orders")
    staff.on("staff_orders")
    staff.tap("ui.staff.orders.repost")
    staff.on("staff_cpr")
    ui.type_digits(PERSONAS_OTHER_CPR)
    staff.tap("ui.staff.cpr.ok")
    staff.see("error.cpr_does_not_match")  # someone else's number posts nothing
    ui.tap_text(staff.tr("ui.pad.clear"))
    ui.type_digits(persona.cpr)
    staff.tap("ui.staff.cpr.ok")
    staff.on("staff_orders")
    [reposted] = staff.audit_events("staff.order_reposted")
    staff.see("ui.staff.orders.done", reference=reposted["order_reference"])
    staff.see("ui.staff.none")
