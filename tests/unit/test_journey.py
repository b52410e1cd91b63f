"""The journey machine and its session over the real SQLite storage built by ``build_app``."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from statemachine.exceptions import TransitionNotAllowed

from app.bootstrap import PAPERLESS_PRINTER, App, build_app
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.errors import BadInputError, ConfigError
from kiosk.journey import JourneySession, JourneyStateError, PathClosed
from kiosk.journey.context import JourneyContext
from kiosk.journey.machine import CitizenJourney
from kiosk.rules.declaration import CURRENT_VERSION
from kiosk.rules.questions import truthful_choice
from kiosk.storage.personas import Persona, persona

TODAY = date(2026, 11, 23)
RICH = persona("rich_register")
NEWCOMER = persona("newcomer")
WITNESS = persona("witness_declaration")
WITNESS_NEMID = persona("witness_nemid_40_days")


@pytest.fixture
def config(config: KioskConfig) -> KioskConfig:
    """The journey on no hardware: the paperless printer and no other device."""
    none = dict.fromkeys(("document_reader", "card_reader", "chip_reader", "camera"), "")
    return config.replace(devices={"printer": PAPERLESS_PRINTER, **none})


@pytest.fixture
def app(config: KioskConfig) -> Iterator[App]:
    with build_app(config, clock=FixedClock.on(TODAY), rng=random.Random(5)) as built:
        yield built


def arrive(session: JourneySession, who: Persona) -> None:
    session.start()
    session.scan_document(who.mrz_lines(), who.document_cpr)
    if session.state == "health_card":
        session.scan_health_card(who.cpr)
    session.confirm()


def answer_all(session: JourneySession, app: App, who: Persona, right: bool = True) -> None:
    person = app.services.register.find(who.cpr)
    assert person is not None
    while session.state == "questions":
        question = session.view.question
        assert question is not None
        truth = truthful_choice(person, question.kind, question.choices)
        session.answer(truth if right else (truth + 1) % len(question.choices))


def test_unknown_or_misplaced_events_raise() -> None:
    machine = CitizenJourney(JourneyContext())
    with pytest.raises(TransitionNotAllowed):
        machine.send("confirm")
    with pytest.raises(TransitionNotAllowed):
        machine.send("no_such_event")


def test_r13_help_is_allowed_in_every_state() -> None:
    for state in CitizenJourney.states:
        assert "help" in {event.id for t in state.transitions for event in t.events}, state.id


def test_session_refuses_actions_out_of_order(app: App) -> None:
    session = app.new_session()
    with pytest.raises(JourneyStateError):
        session.confirm()
    with pytest.raises(JourneyStateError):
        session.scan_document(RICH.mrz_lines(), RICH.document_cpr)
    assert session.state == "welcome"


def test_r3_questions_issue_and_view_never_shows_secrets(app: App) -> None:
    session = app.new_session()
    arrive(session, RICH)
    assert session.view.masked_cpr == "150368-XXXX"
    session.choose("questions")
    answer_all(session, app, RICH)
    assert session.state == "issued"
    outcome = session.outcome
    assert outcome is not None and outcome.outcome == "issued" and outcome.rule == "R3"
    printer = app.devices.printer
    slip = next(job.document for job in printer.jobs if job.kind == "password_slip")
    rendered = repr(session.view) + json.dumps(session.view.to_json())
    assert slip.temporary_password not in rendered
    assert RICH.cpr not in rendered


def test_answer_out_of_range_is_bad_input(app: App) -> None:
    session = app.new_session()
    arrive(session, RICH)
    session.choose("questions")
    with pytest.raises(BadInputError):
        session.answer(9)
    assert session.view.question is not None and session.view.question.number == 1


def test_r3_failed_round_locks_questions_on_every_kiosk(app: App) -> None:
    first = app.new_session()
    arrive(first, RICH)
    first.choose("questions")
    answer_all(first, app, RICH, right=False)
    assert first.state == "choosing"
    assert first.view.notice is not None and first.view.notice.reason == "questions_failed"
    first.cancel()  # R1: the citizen leaves this kiosk before trying the next one
    other_kiosk = app.new_session()  # a second session on the same kiosk database
    arrive(other_kiosk, RICH)
    with pytest.raises(PathClosed) as refused:
        other_kiosk.choose("questions")
    assert refused.value.code == "questions_locked"
    other_kiosk.choose("post")
    assert other_kiosk.outcome is not None and other_kiosk.outcome.rule == "R4"


def test_r7_declaration_signature_stored_with_version_and_hash(app: App) -> None:
    session = app.new_session()
    arrive(session, NEWCOMER)
    session.choose("witness")
    session.witness_scan(WITNESS.mrz_lines(), WITNESS.cpr)
    view = session.view.witness
    assert view is not None and view.signing == "declaration"
    assert "Anders Bach" in view.declaration_text and "Priya Raman" in view.declaration_text
    session.witness_sign_declaration(b"strokes")
    assert session.state == "issued"
    (vouching,) = app.kiosk.witnesses.vouchings_by(WITNESS.cpr)
    assert vouching.method == "declaration"
    assert vouching.declaration_version == CURRENT_VERSION
    assert len(vouching.signature_hash) == 64


def test_r7b_nemid_witness_is_asked_for_a_key_of_their_card(app: App) -> None:
    session = app.new_session()
    arrive(session, NEWCOMER)
    session.choose("witness")
    session.witness_scan(WITNESS_NEMID.mrz_lines(), WITNESS_NEMID.cpr)
    witness = session.view.witness
    assert witness is not None and witness.card_key in WITNESS_NEMID.code_card
    number = WITNESS_NEMID.entry["nemid"]["number"]
    password = WITNESS_NEMID.nemid_password or ""
    session.witness_sign_nemid(number, password, WITNESS_NEMID.code_card[witness.card_key])
    assert session.state == "issued"
    assert app.kiosk.witnesses.vouchings_by(WITNESS_NEMID.cpr)[0].method == "nemid"


def test_r7_a_nemid_witness_sees_and_signs_the_declaration_too(app: App) -> None:
    """R7: the solemn declaration is shown to a NemID witness, and its version audited."""
    session = app.new_session()
    arrive(session, NEWCOMER)
    session.choose("witness")
    session.witness_scan(WITNESS_NEMID.mrz_lines(), WITNESS_NEMID.cpr)
    witness = session.view.witness
    assert witness is not None and witness.signing == "nemid"
    assert "Priya Raman" in witness.declaration_text  # the applicant, in the text shown
    number = WITNESS_NEMID.entry["nemid"]["number"]
    password = WITNESS_NEMID.nemid_password or ""
    session.witness_sign_nemid(number, password, WITNESS_NEMID.code_card[witness.card_key])
    (vouching,) = app.kiosk.witnesses.vouchings_by(WITNESS_NEMID.cpr)
    assert vouching.declaration_version == CURRENT_VERSION
    (entry,) = [e.data for e in app.kiosk.audit.entries() if e.event == "witness.vouched"]
    assert entry["method"] == "nemid" and entry["declaration_version"] == CURRENT_VERSION


def test_r7_a_witness_nemid_password_is_any_text_its_holder_chose(app: App) -> None:
    """A NemID password is chosen by its holder: letters, digits and signs, any length."""
    password = WITNESS_NEMID.nemid_password or ""
    assert not password.isdigit()
    session = app.new_session()
    arrive(session, NEWCOMER)
    session.choose("witness")
    session.witness_scan(WITNESS_NEMID.mrz_lines(), WITNESS_NEMID.cpr)
    witness = session.view.witness
    assert witness is not None
    number = WITNESS_NEMID.entry["nemid"]["number"]
    code = WITNESS_NEMID.code_card[witness.card_key]
    session.witness_sign_nemid(number, password.upper(), code)  # not the holder's password
    assert session.state == "choosing"
    session.choose("witness")
    session.witness_scan(WITNESS_NEMID.mrz_lines(), WITNESS_NEMID.cpr)
    witness = session.view.witness
    assert witness is not None
    session.witness_sign_nemid(number, password, WITNESS_NEMID.code_card[witness.card_key])
    assert session.state == "issued"


def test_timeout_wipes_the_visit(app: App) -> None:
    session = app.new_session()
    arrive(session, RICH)
    assert not session.tick()
    app.clock.advance(app.config.timeouts.inactivity_seconds - app.config.timeouts.warning_seconds)
    assert session.view.timeout_warning
    app.clock.advance(app.config.timeouts.warning_seconds)
    assert session.tick()
    assert session.state == "welcome"
    view = session.view
    assert view.citizen_name == "" and view.masked_cpr == "" and view.paths == ()
    assert session.outcome is not None and session.outcome.reason == "inactivity_timeout"


def test_still_here_restarts_the_idle_time_and_clears_the_warning(app: App) -> None:
    timeouts = app.config.timeouts
    session = app.new_session()
    session.still_here()  # allowed on the welcome screen too
    arrive(session, RICH)
    session.help()
    app.clock.advance(timeouts.inactivity_seconds - timeouts.warning_seconds)
    assert session.view.timeout_warning
    session.still_here()
    view = session.view
    assert not view.timeout_warning
    assert session.state == "choosing" and view.help is not None  # nothing else changed
    app.clock.advance(timeouts.inactivity_seconds - 1)
    assert not session.tick() and session.state == "choosing"
    app.clock.advance(1)
    assert session.tick() and session.state == "welcome"


def test_audit_records_every_transition_with_masked_cpr_only(app: App) -> None:
    session = app.new_session()
    arrive(session, RICH)
    session.cancel()
    entries = [e for e in app.kiosk.audit.entries() if e.event == "journey.transition"]
    assert [e.data["trigger"] for e in entries] == [
        "start",
        "document_scanned",
        "confirm",
        "cancel",
    ]
    text = json.dumps([e.data for e in entries])
    assert RICH.cpr not in text and "150368-XXXX" in text
    assert app.kiosk.audit.verify().intact


def outcome_entries(app: App) -> list[dict[str, object]]:
    return [e.data for e in app.kiosk.audit.entries() if e.event == "journey.outcome"]


def test_audit_says_what_the_citizen_got_r3(app: App) -> None:
    session = app.new_session()
    arrive(session, RICH)
    session.choose("questions")
    answer_all(session, app, RICH)
    (entry,) = outcome_entries(app)
    assert entry["outcome"] == "issued" and entry["rule"] == "R3"
    assert entry["handed_out"] == ["password", "code_card"] and entry["posted"] == []
    assert entry["masked_cpr"] == "150368-XXXX"


def test_audit_says_what_the_citizen_got_r2b(config: KioskConfig) -> None:
    """R2b in place of R2: one part printed, one posted, and the order's receipt printed."""
    counter = config.replace(municipality={"standard_order": "counter_and_post"})
    with build_app(counter, clock=FixedClock.on(TODAY), rng=random.Random(5)) as app:
        session = app.new_session()
        arrive(session, RICH)
        session.choose("post")
        (entry,) = outcome_entries(app)
        assert entry["rule"] == "R2b"
        assert entry["handed_out"] == ["password"] and entry["posted"] == ["code_card"]
        jobs = app.devices.printer.jobs
        assert [job.kind for job in jobs] == ["password_slip", "postal_receipt"]
        receipt = jobs[1].document
        assert receipt.order_reference == entry["order_reference"] and receipt.one_part
        assert receipt.sent_to.endswith("1260 København K") and "Bredgade" not in receipt.sent_to


def test_privacy_notice_before_the_scan_and_rules_accepted_before_issuance(app: App) -> None:
    session = app.new_session()
    assert session.view.privacy_notice == "2026.1"  # on the welcome screen, before any scan
    arrive(session, RICH)
    assert session.view.nemid_rules and not session.view.rules_accepted
    session.choose("exemption")  # a request to staff accepts nothing
    assert not session.view.rules_accepted
    session.back()
    session.choose("questions")
    answer_all(session, app, RICH)
    events = [e.event for e in app.kiosk.audit.entries()]
    shown = events.index("journey.privacy_notice_shown")
    accepted = events.index("nemid.rules_accepted")
    assert shown < events.index("journey.transition", shown)  # before the first scan
    assert accepted < events.index("credential.reserved")  # before anything is issued
    assert session.outcome is not None and session.outcome.outcome == "issued"


def test_audit_of_a_cancelled_visit_says_nothing_was_issued(app: App) -> None:
    session = app.new_session()
    arrive(session, RICH)
    session.cancel()
    (entry,) = outcome_entries(app)
    assert entry["outcome"] == "cancelled"
    assert entry["handed_out"] == [] and entry["posted"] == []


def test_r11_exemption_request_reaches_the_staff_queue(app: App) -> None:
    session = app.new_session()
    arrive(session, NEWCOMER)
    session.choose("exemption")
    session.request_exemption("language_difficulties")
    assert session.state == "exemption_requested"
    (request,) = app.kiosk.exemptions.open_requests()
    assert request.masked_cpr == "120695-XXXX" and request.reason == "language_difficulties"


def test_r8_outreach_request_reaches_the_staff_queue(tmp_path: Path, config: KioskConfig) -> None:
    offered = config.replace(municipality={"outreach_identification": True})
    with build_app(offered, clock=FixedClock.on(TODAY)) as app:
        session = app.new_session()
        arrive(session, persona("home_bound"))
        session.choose("outreach")
        session.request_outreach(contact="98 12 34 56")
        assert session.outcome is not None and session.outcome.rule == "R8"
        assert len(app.kiosk.outreach.pending()) == 1


def test_r4_printer_fault_voids_and_leaves_post_open(app: App) -> None:
    app.devices.printer.fail_on_job(1)
    session = app.new_session()
    arrive(session, RICH)
    session.choose("questions")
    answer_all(session, app, RICH)
    assert session.state == "choosing"
    open_paths = {d.path.value for d in session.view.paths if d.open}
    assert "post" in open_paths and "questions" not in open_paths
    assert app.services.authority.holding(RICH.cpr) is None  # voided, never active


def test_r13_help_shows_the_nearest_centre_and_closes(app: App) -> None:
    session = app.new_session()
    session.help()
    shown = session.view.help
    assert shown is not None and shown.service_centre == app.config.municipality.service_centre
    session.close_help()
    assert session.view.help is None
    assert session.state == "welcome"


def test_language_choice_and_bad_language(app: App) -> None:
    session = app.new_session()
    session.choose_language("en")
    assert session.view.language == "en"
    with pytest.raises(BadInputError):
        session.choose_language("xx")


def test_build_app_refuses_unknown_override(config: KioskConfig) -> None:
    with pytest.raises(ConfigError):
        build_app(config, scanner=object())


def test_r6_r9_advice_is_shown_up_front_on_the_welcome_screen(app: App) -> None:
    rules = {note.rule for note in app.new_session().view.notes}
    assert {"R6", "R9", "R10", "R13"} <= rules


def test_r9_danish_passport_holder_is_told_to_order_online(app: App) -> None:
    session = app.new_session()
    arrive(session, RICH)
    assert "R9" in {note.rule for note in session.view.notes}
    other = app.new_session()
    arrive(other, NEWCOMER)
    notes = {note.rule for note in other.view.notes}
    assert "R9" not in notes and {"R5", "R6"} <= notes


@pytest.mark.parametrize("switch_on", ["confirming", "choosing"])
def test_issue5_language_switched_mid_visit_reaches_the_printouts(app: App, switch_on: str) -> None:
    session = app.new_session()
    session.start()
    session.scan_document(RICH.mrz_lines(), RICH.document_cpr)
    if switch_on == "choosing":
        session.confirm()
    session.choose_language("en")
    assert session.state == switch_on and session.view.language == "en"
    if switch_on == "confirming":
        session.confirm()
    session.choose("questions")
    answer_all(session, app, RICH)
    assert session.state == "issued"
    jobs = app.devices.printer.jobs
    assert {job.kind for job in jobs} >= {"password_slip", "code_card"}
    assert {job.document.language for job in jobs} == {"en"}


def test_issue5_language_switched_mid_visit_reaches_the_postal_order(app: App) -> None:
    session = app.new_session()
    arrive(session, RICH)
    session.help()
    session.choose_language("en")
    assert session.view.help is not None  # the help panel stays open, now in English
    session.close_help()
    session.choose("post")
    outcome = session.outcome
    assert session.state == "ordered" and outcome is not None
    assert app.services.postal.receipt_for(outcome.order_reference).language == "en"
    session.finish()
    assert session.view.language == app.config.languages.default  # the next citizen's default


def test_issue5_language_switch_is_allowed_in_every_state() -> None:
    for state in CitizenJourney.states:
        events = {event.id for t in state.transitions for event in t.events}
        assert "choose_language" in events, state.id


def test_r1_a_mistyped_health_card_cpr_number_is_typed_again_then_refused(app: App) -> None:
    """A CPR number with another birth date than the document's is a typing slip: the visit
    stays on the health card twice; a third wrong number refuses it, as before."""
    from kiosk.errors import DomainError

    wrong = "0101801234"  # another birth date than the document's
    session = app.new_session()
    session.start()
    session.scan_document(NEWCOMER.mrz_lines(), NEWCOMER.document_cpr)
    assert session.state == "health_card"
    for _ in range(2):
        with pytest.raises(DomainError) as slip:
            session.scan_health_card(wrong)
        assert slip.value.code == "cpr_mismatch"
        assert session.state == "health_card"
    session.scan_health_card(NEWCOMER.cpr)  # typed right on the third try
    assert session.state == "confirming"
    again = app.new_session()
    again.start()
    again.scan_document(NEWCOMER.mrz_lines(), NEWCOMER.document_cpr)
    for _ in range(2):
        with pytest.raises(DomainError):
            again.scan_health_card(wrong)
    again.scan_health_card(wrong)  # the third slip: refused, as a wrong number always was
    assert again.state == "refused"
    assert again.view.refusal is not None  # R9: no one in the register has that number
