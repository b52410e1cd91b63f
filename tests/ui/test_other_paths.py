"""The rest of the citizen's ways through the real UI: requests to staff (R8, R11), a refused
witness (R7), failed control questions (R3, R4), the counter-and-post order (R2b) and no CPR
number at all (R1). Real taps; assertions on what the screen shows and what reached staff."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from screens import ui_driver as ui
from screens.demo.scripts import register_facts
from screens.widgets import BigButton
from tests.ui.conftest import Kiosk

pytestmark = pytest.mark.ui


def to_choice(kiosk: Kiosk, persona: str) -> None:
    kiosk.run.start()
    kiosk.run.identify(persona)
    kiosk.run.on("choosing")


def shows(kiosk: Kiosk, key: str, **values: object) -> bool:
    return kiosk.run.tr(key, **values) in kiosk.texts()


def test_r11_an_exemption_request_goes_to_the_staff_queue(kiosk: Kiosk) -> None:
    to_choice(kiosk, "rich_register")
    kiosk.run.tap("ui.path.exemption")
    kiosk.run.on("exemption")
    assert shows(kiosk, "ui.exemption.intro")
    kiosk.run.tap("ui.exemption.reason.disability")
    kiosk.run.see("ui.exemption.sent_title")
    requests = kiosk.rig.app.kiosk.exemptions.open_requests()
    assert [request.reason for request in requests] == ["disability"]
    assert ui.clipped() == []


def test_r12_a_holder_blocks_their_nemid_and_r11_stays_open(kiosk: Kiosk) -> None:
    to_choice(kiosk, "has_nemid")
    assert shows(kiosk, "ui.paths.holder")
    assert shows(kiosk, "ui.path.exemption")  # R11: holders too
    assert not shows(kiosk, "ui.path.questions")  # R12: no second NemID
    kiosk.run.tap("ui.path.block")
    kiosk.run.on("blocking")
    kiosk.run.tap("ui.block.confirm")
    kiosk.run.see("ui.block.done_title")
    number = kiosk.rig.personas["has_nemid"].entry["nemid"]["number"]
    assert kiosk.rig.app.register.authority.record(number).status == "voided"
    assert ui.clipped() == []


def test_r8_outreach_for_a_home_bound_citizen(make_kiosk: Callable[..., Kiosk]) -> None:
    kiosk = make_kiosk(municipality={"outreach_identification": True})
    to_choice(kiosk, "home_bound")
    kiosk.run.tap("ui.path.outreach")
    kiosk.run.on("outreach")
    kiosk.run.tap("ui.outreach.request")
    kiosk.run.see("ui.outreach.sent_title")
    assert len(kiosk.rig.app.kiosk.outreach.pending()) == 1


def test_r7_a_witness_under_18_is_refused_and_the_choice_returns(kiosk: Kiosk) -> None:
    to_choice(kiosk, "newcomer")
    kiosk.run.tap("ui.path.witness")
    kiosk.run.on("witness")
    kiosk.run.lay("witness_aged_17")
    kiosk.run.on("choosing")
    assert kiosk.run.tr("reason.witness_under_18") in kiosk.texts()
    assert shows(kiosk, "ui.path.post")  # R4: the post stays open


def test_r3_wrong_answers_lock_the_questions_and_leave_the_post(kiosk: Kiosk) -> None:
    to_choice(kiosk, "rich_register")
    kiosk.run.tap("ui.path.questions")
    kiosk.run.on("questions")
    facts = register_facts(kiosk.rig.personas["rich_register"].entry)
    while kiosk.app.manager.current == "questions":
        wrong = [
            w
            for w in kiosk.app.screen.content.children
            if isinstance(w, BigButton) and w.text not in facts
        ]
        before = kiosk.texts()
        ui.tap(wrong[0])
        ui.wait_for(lambda before=before: kiosk.texts() != before, "the next screen")
    kiosk.run.on("choosing")
    assert kiosk.run.tr("reason.questions_failed") in kiosk.texts()
    assert not shows(kiosk, "ui.path.questions")  # locked for 24 hours (R3)
    assert shows(kiosk, "ui.path.questions.closed")
    kiosk.run.tap("ui.path.post")
    kiosk.run.see("ui.post.title")
    assert shows(kiosk, "ui.post.fallback")  # R4: nobody leaves empty-handed


def test_r2b_one_part_printed_the_other_posted(make_kiosk: Callable[..., Kiosk]) -> None:
    kiosk = make_kiosk(municipality={"standard_order": "counter_and_post"})
    to_choice(kiosk, "rich_register")
    days = kiosk.app.config_.rules.counter_and_post_days
    assert shows(kiosk, "ui.path.post.counter_and_post.password", days=days)
    kiosk.run.tap("ui.path.post")
    kiosk.run.see("ui.post.title")
    assert shows(kiosk, "ui.post.take_password")  # the counter part is in the printer
    assert not shows(kiosk, "ui.post.separately")
    assert shows(kiosk, "ui.post.receipt")
    assert len(kiosk.rig.printed_files()) == 2  # the counter part and the order's receipt


def test_r1_without_a_health_card_there_is_no_cpr_number(kiosk: Kiosk) -> None:
    kiosk.run.start()
    kiosk.run.lay("newcomer")
    kiosk.run.on("health_card")
    kiosk.run.tap("ui.health_card.no_card")
    kiosk.run.on("refused")
    assert kiosk.run.tr("reason.cpr_missing") in kiosk.texts()


def test_r1_a_mistyped_cpr_number_is_typed_again_not_the_end_of_the_visit(kiosk: Kiosk) -> None:
    kiosk.run.start()
    kiosk.run.lay("newcomer")  # no CPR number on the document: typed from the health card
    kiosk.run.on("health_card")
    kiosk.run.type("0101801234")  # another birth date than the passport's
    kiosk.run.tap("ui.common.continue")
    kiosk.run.see("reason.cpr_mismatch")
    assert kiosk.app.manager.current == "health_card"
    kiosk.run.type(kiosk.rig.personas["newcomer"].cpr)
    kiosk.run.tap("ui.common.continue")
    kiosk.run.on("confirming")
