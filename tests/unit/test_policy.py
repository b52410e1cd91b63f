"""The policy decides which paths are open and why, naming the rule (R2b, R3-R13)."""

from __future__ import annotations

from datetime import date

from kiosk.config import KioskConfig
from kiosk.identity.people import NemIdHolding, Person
from kiosk.rules.policy import (
    NEMID_ALREADY_ACTIVE,
    QUESTIONS_LOCKED,
    QUESTIONS_UNAVAILABLE,
    UNDER_AGE,
    Path,
    Situation,
    notes_for,
    open_paths,
    refusal_for,
)

TODAY = date(2026, 11, 23)
ADULT = Person("0101801234", "Karen", "Jensen", address="Vestergade 1, 8000 Aarhus C")


def note_rules(choice_notes: tuple) -> set[str]:
    return {note.rule for note in choice_notes}


def test_r4_post_is_always_open_once_identified() -> None:
    choice = open_paths(ADULT, TODAY, KioskConfig(), Situation(questions_locked=True))
    assert choice.is_open(Path.POST)
    assert choice.decision(Path.POST).rule == "R4"


def test_r2b_post_names_counter_and_post_when_configured() -> None:
    config = KioskConfig().replace(municipality={"standard_order": "counter_and_post"})
    assert open_paths(ADULT, TODAY, config, Situation()).decision(Path.POST).rule == "R2b"


def test_r2b_post_after_a_printer_fault_is_both_by_post() -> None:
    """The printer just failed this visit: the kiosk does not try it again (R4)."""
    config = KioskConfig().replace(municipality={"standard_order": "counter_and_post"})
    situation = Situation(issuance_failed=True)
    assert open_paths(ADULT, TODAY, config, situation).decision(Path.POST).rule == "R4"


def test_r3_questions_and_witness_open_for_a_fresh_visit() -> None:
    choice = open_paths(ADULT, TODAY, KioskConfig(), Situation())
    assert choice.is_open(Path.QUESTIONS)
    assert choice.is_open(Path.WITNESS)


def test_r3_lockout_closes_questions_with_reason() -> None:
    decision = open_paths(ADULT, TODAY, KioskConfig(), Situation(questions_locked=True)).decision(
        Path.QUESTIONS
    )
    assert (decision.open, decision.reason, decision.rule) == (False, QUESTIONS_LOCKED, "R3")


def test_r5_too_few_data_closes_questions_and_notes_witness_needed() -> None:
    choice = open_paths(ADULT, TODAY, KioskConfig(), Situation(questions_available=False))
    decision = choice.decision(Path.QUESTIONS)
    assert (decision.open, decision.reason, decision.rule) == (False, QUESTIONS_UNAVAILABLE, "R5")
    assert choice.is_open(Path.WITNESS)
    assert "R5" in note_rules(choice.notes)


def test_r4_failed_issuance_leaves_only_post_and_the_others() -> None:
    choice = open_paths(ADULT, TODAY, KioskConfig(), Situation(issuance_failed=True))
    assert not choice.is_open(Path.QUESTIONS)
    assert not choice.is_open(Path.WITNESS)
    assert choice.is_open(Path.POST)


def test_r6_foreigner_is_advised_to_bring_a_witness() -> None:
    foreigner = Person("0101801234", "Ana", "Silva", citizenship="PRT")
    assert "R6" in note_rules(open_paths(foreigner, TODAY, KioskConfig(), Situation()).notes)
    assert "R6" not in note_rules(open_paths(ADULT, TODAY, KioskConfig(), Situation()).notes)


def test_r6_recent_arrival_is_a_newcomer_and_old_arrival_is_not() -> None:
    recent = Person("0101801234", "Bo", "Lund", in_denmark_since=date(2026, 6, 1))
    settled = Person("0101801234", "Bo", "Lund", in_denmark_since=date(2010, 6, 1))
    assert "R6" in note_rules(open_paths(recent, TODAY, KioskConfig(), Situation()).notes)
    assert "R6" not in note_rules(open_paths(settled, TODAY, KioskConfig(), Situation()).notes)


def test_r6_and_r9_shown_up_front_before_identification() -> None:
    assert {"R6", "R9", "R10", "R13"} <= note_rules(
        notes_for(None, TODAY, KioskConfig(), Situation())
    )


def test_r8_outreach_needs_the_setting_and_eligibility() -> None:
    """R8: a request for staff; no self-declared home_bound flag decides it."""
    no_papers = Person("0101401234", "Erik", "Holm")
    off = open_paths(no_papers, TODAY, KioskConfig(), Situation()).decision(Path.OUTREACH)
    assert not off.open and off.rule == "R8"
    config = KioskConfig().replace(municipality={"outreach_identification": True})
    assert open_paths(no_papers, TODAY, config, Situation()).is_open(Path.OUTREACH)
    licence = Person("0101401234", "Erik", "Holm", home_bound=True, danish_driving_licence=True)
    assert not open_paths(licence, TODAY, config, Situation()).is_open(Path.OUTREACH)


def test_r9_danish_document_holder_may_order_online() -> None:
    with_passport = open_paths(
        ADULT, TODAY, KioskConfig(), Situation(document_is_danish_passport=True)
    )
    assert "R9" in note_rules(with_passport.notes)
    assert "R9" not in note_rules(open_paths(ADULT, TODAY, KioskConfig(), Situation()).notes)


def test_r10_banks_and_r13_help_are_always_noted() -> None:
    assert {"R10", "R13"} <= note_rules(open_paths(ADULT, TODAY, KioskConfig(), Situation()).notes)


def test_r11_exemption_request_follows_the_setting() -> None:
    assert open_paths(ADULT, TODAY, KioskConfig(), Situation()).is_open(Path.EXEMPTION)
    config = KioskConfig().replace(municipality={"exemption_requests": False})
    decision = open_paths(ADULT, TODAY, config, Situation()).decision(Path.EXEMPTION)
    assert not decision.open and decision.rule == "R11"


def test_under_15_is_refused_and_15_is_not() -> None:
    fourteen = Person("2411124321", "Lea", "Berg")  # born 2012-11-24: 14 on 2026-11-23
    fifteen = Person("2311114321", "Lea", "Berg")  # born 2011-11-23: 15 today
    assert refusal_for(fourteen, TODAY, KioskConfig()).reason == UNDER_AGE
    assert refusal_for(fifteen, TODAY, KioskConfig()) is None


def test_r12_active_nemid_holder_gets_the_holder_services_not_a_second_nemid() -> None:
    holder = Person("0101801234", "Ole", "Dam", nemid=NemIdHolding("123456789", date(2020, 1, 1)))
    assert refusal_for(holder, TODAY, KioskConfig()) is None
    choice = open_paths(holder, TODAY, KioskConfig(), Situation(holds_nemid=True))
    assert set(choice.open_paths) == {
        Path.NEW_CODE_CARD,
        Path.NEW_PASSWORD,
        Path.BLOCK,
        Path.EXEMPTION,  # R11: Digital Post concerns holders too
    }
    questions = choice.decision(Path.QUESTIONS)
    assert (questions.open, questions.rule, questions.reason) == (
        False,
        "R12",
        NEMID_ALREADY_ACTIVE,
    )
    replacing = open_paths(
        holder, TODAY, KioskConfig(), Situation(holds_nemid=True, replacing="new_code_card")
    )
    assert {Path.QUESTIONS, Path.WITNESS, Path.POST} <= set(replacing.open_paths)
    assert not replacing.is_open(Path.BLOCK)
    newcomer = open_paths(ADULT, TODAY, KioskConfig(), Situation())
    assert not any(newcomer.is_open(path) for path in (Path.BLOCK, Path.NEW_PASSWORD))
