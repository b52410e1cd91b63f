"""The staff desk and admin access on real SQLite (tmp_path), built through build_app.

Staff cards are the emulated card in the in-process reader (the same PcscStaffCardReader code
that runs over pcscd in tests/integration and tests/ui); PINs are verified on the card.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.bootstrap import build_app
from drivers.sim.cards.inprocess_reader import InProcessCardReader
from drivers.sim.cards.staff_card import (
    DEFAULT_STAFF_AID,
    DEMO_STAFF,
    DEMO_TECHNICIAN,
    demo_staff_card,
    demo_technician_card,
)
from drivers.sim.cards.staff_pki import StaffCardPki
from drivers.sim.printer.paper_printer import PaperlessPrinter
from drivers.staff_card.reader import PcscStaffCardReader
from kiosk.admin.access import (
    LEFT_CARD_REMOVED,
    LEFT_IDLE,
    MODE_STAFF,
    MODE_TECHNICIAN,
    AdminLocked,
)
from kiosk.admin.build import Admin, build_admin
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.errors import BadInputError, DomainError, PinBlocked, StaffCardError, WrongPin
from kiosk.issuance.postal import PostalRequest
from kiosk.ports import Devices
from kiosk.rules.declaration import CURRENT_VERSION
from kiosk.storage.personas import load_personas
from kiosk.storage.secret_hashes import hash_password

STAFF_PIN = DEMO_STAFF[3]
TECHNICIAN_PIN = DEMO_TECHNICIAN[3]
WRONG_PIN = "0000"
PERSONAS = {p.id: p for p in load_personas()}


@dataclass
class Desk:
    admin: Admin
    slot: InProcessCardReader
    pki: StaffCardPki
    clock: FixedClock
    printer: PaperlessPrinter

    def login(self) -> None:
        self.admin.access.unlock_with_card(STAFF_PIN)

    def events(self, prefix: str) -> list[dict]:
        return [
            {"event": e.event, **e.data}
            for e in self.admin.core.kiosk.audit.entries()
            if e.event.startswith(prefix)
        ]


@pytest.fixture
def desk(config: KioskConfig, clock: FixedClock) -> Iterator[Desk]:
    pki = StaffCardPki()
    slot = InProcessCardReader(demo_staff_card(pki))
    reader = PcscStaffCardReader(slot, [pki.ca_certificate], DEFAULT_STAFF_AID, clock)
    printer = PaperlessPrinter()
    config = config.replace(timeouts={"admin_idle_seconds": 60.0})
    core = build_app(
        config, clock=clock, devices=Devices(printer=printer, card_reader=reader, camera=None)
    )
    admin = build_admin(core)
    yield Desk(admin, slot, pki, clock, printer)
    admin.close()
    core.close()


# R13: a help call reaches the staff queue at once.
def test_r13_help_call_reaches_the_staff_with_kiosk_screen_and_waiting_time(desk: Desk) -> None:
    session = desk.admin.core.new_session()
    session.start()
    session.help()
    number = session.view.help.queue_number if session.view.help else ""
    assert number == "H-001"
    session.close_help()
    session.help()  # a second tap in the same visit is the same call
    desk.clock.advance(90)
    desk.login()
    (call,) = desk.admin.desk.open_help_calls()
    assert (call.queue_number, call.screen) == ("H-001", "document")
    assert call.kiosk_id == desk.admin.core.config.kiosk_id
    assert call.waiting_seconds(desk.clock.now()) == 90
    done = desk.admin.desk.acknowledge_help_call(call.id)
    assert done.status == "acknowledged" and done.acknowledged_by == "S1001"
    assert desk.admin.desk.open_help_calls() == []
    assert desk.events("staff.help_acknowledged")[-1]["waited_seconds"] == 90
    with pytest.raises(DomainError):
        desk.admin.desk.acknowledge_help_call(call.id)
    session.cancel()
    session.start()
    session.help()  # the next citizen's call gets the next number
    assert session.view.help is not None and session.view.help.queue_number == "H-002"


# Access: card and PIN, verified on the card.
def test_right_pin_unlocks_staff_mode_and_audits_the_staff_id(desk: Desk) -> None:
    session = desk.admin.access.unlock_with_card(STAFF_PIN)
    assert (session.mode, session.identity.staff_id) == (MODE_STAFF, "S1001")
    assert desk.events("staff.login")[-1]["staff_id"] == "S1001"


def test_wrong_pin_counts_down_then_the_card_blocks_after_five(desk: Desk) -> None:
    tries = []
    for _ in range(4):
        with pytest.raises(WrongPin) as wrong:
            desk.admin.access.unlock_with_card(WRONG_PIN)
        tries.append(wrong.value.tries_left)
    with pytest.raises(PinBlocked):
        desk.admin.access.unlock_with_card(WRONG_PIN)
    with pytest.raises(PinBlocked):
        desk.admin.access.unlock_with_card(STAFF_PIN)
    assert tries == [4, 3, 2, 1]
    assert desk.admin.access.session is None
    refused = desk.events("staff.login_refused")
    assert [e["reason"] for e in refused] == ["wrong_pin"] * 4 + ["pin_blocked"] * 2
    assert all("pin" not in key for e in refused for key in e if key != "event")


def test_no_card_in_the_reader_is_refused(desk: Desk) -> None:
    desk.slot.remove()
    with pytest.raises(StaffCardError) as refused:
        desk.admin.access.unlock_with_card(STAFF_PIN)
    assert refused.value.code == "no_staff_card"


def test_a_technician_card_opens_technician_mode_not_staff_mode(desk: Desk) -> None:
    desk.slot.insert(demo_technician_card(desk.pki))
    session = desk.admin.access.unlock_with_card(TECHNICIAN_PIN)
    assert session.mode == MODE_TECHNICIAN
    with pytest.raises(AdminLocked):
        desk.admin.desk.open_exemptions()


def test_removing_the_card_leaves_admin_mode(desk: Desk) -> None:
    desk.login()
    assert desk.admin.access.check() is None
    desk.slot.remove()
    assert desk.admin.access.check() == LEFT_CARD_REMOVED
    assert desk.admin.access.session is None
    assert desk.events("staff.logout")[-1]["reason"] == LEFT_CARD_REMOVED


def test_idle_time_leaves_admin_mode_and_a_tap_restarts_it(desk: Desk) -> None:
    desk.login()
    desk.clock.advance(50)
    desk.admin.desk.open_exemptions()  # a function used: activity
    desk.clock.advance(50)
    assert desk.admin.access.check() is None
    desk.clock.advance(11)
    assert desk.admin.access.check() == LEFT_IDLE
    with pytest.raises(AdminLocked):
        desk.admin.desk.open_exemptions()


def test_staff_functions_refuse_without_login(desk: Desk) -> None:
    with pytest.raises(AdminLocked):
        desk.admin.desk.today_statistics()


def test_technician_pin_unlocks_diagnostics_and_blocks_after_five_wrong(
    config: KioskConfig, clock: FixedClock
) -> None:
    config = config.replace(security={"technician_pin_hash": hash_password("86420")})
    with build_app(config, clock=clock, printer=PaperlessPrinter()) as core:
        admin = build_admin(core)
        codes = []
        for _ in range(5):
            with pytest.raises(DomainError) as wrong:
                admin.access.unlock_technician_pin("11111")
            codes.append(wrong.value.code)
        assert codes == ["technician_pin_wrong"] * 4 + ["technician_pin_locked"]
        with pytest.raises(DomainError, match="locked"):
            admin.access.unlock_technician_pin("86420")
        clock.advance(301)
        assert admin.access.unlock_technician_pin("86420").mode == MODE_TECHNICIAN
        admin.close()


def test_technician_pin_lockout_is_shared_by_kiosks_and_survives_a_restart(
    config: KioskConfig, clock: FixedClock
) -> None:
    """Two kiosk processes' cores on one database: the lock set on one holds on the other and
    after a restart, until 5 minutes have passed; every refusal is audited without the PIN."""
    config = config.replace(security={"technician_pin_hash": hash_password("86420")})
    other_config = config.replace(kiosk_id="kiosk-2")
    with build_app(config, clock=clock, printer=PaperlessPrinter()) as first:
        admin = build_admin(first)
        for _ in range(4):
            with pytest.raises(DomainError, match="wrong"):
                admin.access.unlock_technician_pin("11111")
        admin.close()
    with (
        build_app(config, clock=clock, printer=PaperlessPrinter()) as restarted,
        build_app(other_config, clock=clock, printer=PaperlessPrinter()) as second,
    ):
        admin, other = build_admin(restarted), build_admin(second)
        with pytest.raises(DomainError) as fifth:  # the count survived the restart
            admin.access.unlock_technician_pin("11111")
        assert fifth.value.code == "technician_pin_locked"
        with pytest.raises(DomainError) as refused:
            other.access.unlock_technician_pin("86420")  # the right PIN, on the other kiosk
        assert refused.value.code == "technician_pin_locked"
        assert other.access.session is None
        clock.advance(4 * 60)
        with pytest.raises(DomainError, match="locked"):
            other.access.unlock_technician_pin("86420")
        clock.advance(61)
        assert other.access.unlock_technician_pin("86420").mode == MODE_TECHNICIAN
        entries = [e for e in second.kiosk.audit.entries() if e.event.startswith("technician.")]
        assert [(e.event, e.data.get("reason")) for e in entries] == [
            ("technician.login_refused", "technician_pin_wrong"),
        ] * 4 + [("technician.login_refused", "technician_pin_locked")] * 3 + [
            ("technician.login", None)
        ]
        assert "86420" not in repr([e.data for e in entries])
        assert "11111" not in repr([e.data for e in entries])
        admin.close()
        other.close()


def test_technician_pin_is_refused_when_none_is_configured(desk: Desk) -> None:
    with pytest.raises(DomainError) as refused:
        desk.admin.access.unlock_technician_pin("86420")
    assert refused.value.code == "technician_pin_disabled"


# R11: exemption requests.
def test_r11_staff_resolve_an_exemption_request(desk: Desk) -> None:
    persona = PERSONAS["newcomer"]
    queue = desk.admin.core.kiosk.exemptions
    queue.request(persona.cpr, "Priya Raman", "language_difficulties", "en")
    desk.login()
    [request] = desk.admin.desk.open_exemptions()
    resolved = desk.admin.desk.resolve_exemption(request.id, "granted")
    assert (resolved.resolution, resolved.resolved_by) == ("granted", "S1001")
    assert desk.admin.desk.open_exemptions() == []
    assert desk.events("staff.exemption_resolved")[-1]["staff_id"] == "S1001"
    with pytest.raises(DomainError):
        desk.admin.desk.resolve_exemption(request.id, "refused")


# R8: outreach registrations.
def test_r8_completing_outreach_prints_the_password_and_posts_the_card(desk: Desk) -> None:
    persona = PERSONAS["home_bound"]
    desk.admin.core.kiosk.outreach.create(persona.cpr, "Grethe", "phone 12345678")
    desk.login()
    [registration] = desk.admin.desk.pending_outreach()
    witness = PERSONAS["witness_declaration"]
    with pytest.raises(DomainError) as missing:
        desk.admin.desk.complete_outreach(registration.id, persona.cpr)
    assert missing.value.code == "outreach_witness_missing"
    masked = desk.admin.desk.note_outreach_witness(registration.id, witness.cpr)
    assert masked.endswith("-XXXX")
    order = desk.admin.desk.complete_outreach(registration.id, persona.cpr)
    assert order.kind == "outreach" and order.parts == ("welcome", "code_card")
    # R8: the password and the rules for NemID, for staff to hand over at the home visit.
    assert [job.kind for job in desk.printer.completed_jobs] == ["password_slip", "rules_leaflet"]
    assert desk.admin.desk.pending_outreach() == []
    entry = desk.events("staff.outreach_completed")[-1]
    assert entry["staff_id"] == "S1001" and entry["masked_cpr"].endswith("-XXXX")
    assert entry["witness"] == masked
    assert desk.admin.core.register.authority.holding(persona.cpr).number == order.nemid_number
    (vouching,) = desk.admin.core.kiosk.witnesses.vouchings_by(witness.cpr)  # R7: counted
    assert vouching.declaration_version == CURRENT_VERSION


def test_r8_the_citizen_cannot_be_their_own_witness(desk: Desk) -> None:
    persona = PERSONAS["home_bound"]
    desk.admin.core.kiosk.outreach.create(persona.cpr, "Grethe", "phone")
    desk.login()
    [registration] = desk.admin.desk.pending_outreach()
    with pytest.raises(DomainError) as refused:
        desk.admin.desk.complete_outreach(registration.id, persona.cpr, persona.cpr)
    assert refused.value.code == "witness_is_applicant"
    assert desk.printer.completed_jobs == []


def test_r8_a_cpr_number_of_someone_else_is_refused_and_nothing_is_issued(desk: Desk) -> None:
    persona = PERSONAS["home_bound"]
    desk.admin.core.kiosk.outreach.create(persona.cpr, "Grethe", "phone")
    desk.login()
    [registration] = desk.admin.desk.pending_outreach()
    with pytest.raises(DomainError) as refused:
        desk.admin.desk.complete_outreach(registration.id, PERSONAS["newcomer"].cpr)
    assert refused.value.code == "cpr_does_not_match"
    with pytest.raises(BadInputError):
        desk.admin.desk.complete_outreach(registration.id, "12")
    assert desk.printer.completed_jobs == []
    assert len(desk.admin.desk.pending_outreach()) == 1


# Other pending orders: a postal order a fault voided is posted again.
def test_r4_a_voided_postal_order_waits_for_staff_and_is_posted_again(
    desk: Desk, tmp_path: Path
) -> None:
    persona = PERSONAS["rich_register"]
    postal = desk.admin.core.issuing.postal
    postal.outbox = tmp_path / "not-a-folder"
    postal.outbox.write_text("a file where the outbox should be")
    request = PostalRequest(persona.cpr, "Karen", persona.entry["address"], "da", "R4")
    with pytest.raises(Exception, match="outbox"):
        postal.order(request)
    postal.outbox = tmp_path / "outbox-fixed"
    desk.login()
    [pending] = desk.admin.desk.pending_orders()
    assert pending.reason == "outbox_unwritable" and pending.masked_cpr.endswith("XXXX")
    order = desk.admin.desk.repost_order(pending.reference, persona.cpr)
    assert order.status == "completed"
    assert desk.admin.desk.pending_orders() == []
    assert desk.events("staff.order_reposted")[-1]["replaces"] == pending.reference


# Credentials and receipts.
def test_staff_void_an_active_credential_with_a_reason(desk: Desk) -> None:
    persona = PERSONAS["has_nemid"]
    number = desk.admin.core.register.authority.holding(persona.cpr).number
    desk.login()
    assert desk.admin.desk.credential(number).status == "active"
    desk.admin.desk.void_credential(number, "lost")
    assert desk.admin.core.register.authority.holding(persona.cpr) is None
    with pytest.raises(DomainError) as again:
        desk.admin.desk.void_credential(number, "lost")
    assert again.value.code == "already_void"
    assert desk.events("staff.credential_voided")[-1]["reason"] == "lost"


def test_voiding_an_unknown_or_malformed_number_is_refused(desk: Desk) -> None:
    desk.login()
    with pytest.raises(DomainError) as unknown:
        desk.admin.desk.void_credential("999999999", "lost")
    assert unknown.value.code == "credential_unknown"
    with pytest.raises(BadInputError):
        desk.admin.desk.void_credential("12ab", "lost")


def test_reprinting_a_postal_receipt_prints_the_receipt_and_never_a_credential(
    desk: Desk,
) -> None:
    persona = PERSONAS["rich_register"]
    order = desk.admin.core.issuing.postal.order(
        PostalRequest(persona.cpr, "Karen", persona.entry["address"])
    )
    desk.login()
    [line] = desk.admin.desk.recent_receipts()
    receipt = desk.admin.desk.reprint_receipt(line.reference)
    assert receipt.order_reference == order.reference
    assert [job.kind for job in desk.printer.completed_jobs] == ["postal_receipt"]
    with pytest.raises(DomainError):
        desk.admin.desk.reprint_receipt("NP-NOSUCH00")


# Service state, devices, audit, statistics.
def test_out_of_service_is_remembered_across_a_restart(desk: Desk, config: KioskConfig) -> None:
    desk.login()
    desk.admin.desk.set_out_of_service(True)
    assert desk.admin.desk.out_of_service
    config = config.replace(timeouts={"admin_idle_seconds": 60.0})
    with build_app(config, clock=desk.clock, printer=PaperlessPrinter()) as again:
        assert build_admin(again).desk.out_of_service
    desk.admin.desk.set_out_of_service(False)
    assert not desk.admin.desk.out_of_service
    assert [e["event"] for e in desk.events("staff.")][-2:] == [
        "staff.out_of_service",
        "staff.back_in_service",
    ]


def test_device_status_lists_each_device(desk: Desk) -> None:
    desk.login()
    lines = {line.device: line for line in desk.admin.desk.device_status()}
    assert lines["printer"].usable and lines["card_reader"].state == "online"
    assert lines["camera"].state == "not_fitted"


def test_audit_verification_and_export(desk: Desk, tmp_path: Path) -> None:
    desk.login()
    report = desk.admin.desk.verify_audit()
    assert report.intact and report.entries >= 1
    path = desk.admin.desk.export_audit(tmp_path / "usb")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == report.entries + 1  # the verification itself was audited
    assert desk.events("staff.audit_exported")[-1]["entries"] == len(lines)


def test_today_statistics_count_issued_posted_failed_and_witnesses(desk: Desk) -> None:
    core = desk.admin.core
    persona = PERSONAS["rich_register"]
    core.issuing.postal.order(PostalRequest(persona.cpr, "Karen", persona.entry["address"]))
    core.kiosk.audit.append("witness.vouched", witness="140579-XXXX", method="declaration")
    core.kiosk.audit.append(
        "journey.transition",
        trigger="answered",
        source="questions",
        target="choosing",
        reason="questions_failed",
    )
    desk.login()
    stats = desk.admin.desk.today_statistics()
    assert (stats.by_post, stats.witnesses_used, stats.failed_questions) == (1, 1, 1)
    assert stats.issued_now == 0
    desk.clock.advance(24 * 3600)
    desk.admin.access.touch()
    assert desk.admin.desk.today_statistics().by_post == 0
