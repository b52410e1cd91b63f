"""The scenario runner: plays a citizen through the journey with no UI and no hardware.

It drives the same :class:`~kiosk.journey.session.JourneySession` the screens drive. Like a
citizen it starts the visit, keeps the default language, confirms what the screen shows, answers
"correct" from its own register data, types the code for the key the kiosk asked a witness for
("from_card", looked up on the card of the scenario or persona data), says it has no health card
when it shows none, and files an exemption or outreach request it chose. Each transition becomes
one JSON-ready line, a refused action a line with its reason, and the outcome comes last. A
holder who chose to block their NemID confirms it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sized
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from kiosk.clock import FixedClock
from kiosk.composed import App
from kiosk.errors import CoverOpen, DomainError, KioskError, PaperOut, PrinterError, PrinterOffline
from kiosk.identity import documents
from kiosk.identity.mrz import Mrz
from kiosk.identity.people import Person
from kiosk.journey.context import Outcome
from kiosk.journey.identification import read_document
from kiosk.journey.session import JourneySession
from kiosk.journey.view import JourneyView
from kiosk.rules.questions import truthful_choice
from kiosk.scenarios.camera_cards import (
    HEALTH_CARD,
    LICENCE,
    printed_health_card,
    printed_licence,
)
from kiosk.scenarios.chips import CHIP_VALID, scenario_chip
from kiosk.scenarios.faces import FACE, scenario_face
from kiosk.scenarios.scenario import FROM_CARD, NemIdSignature, Scenario, Step
from kiosk.storage.personas import load_personas

Emit = Callable[[dict[str, object]], None]
TERMINAL_STATES = frozenset(
    {"issued", "ordered", "refused", "exemption_requested", "outreach_requested", "blocked"}
)
# Steps that need no citizen on the screen first.
PASSIVE_STEPS = frozenset({"timeout", "cancel", "help", "language", "printer_fault"})
TOUCH_SIGNATURE = b"scenario-runner touch signature strokes"
DEFAULT_EXEMPTION_REASON = "language_difficulties"
NO_SUCH_CODE = "000000"
_FAULTS: dict[str, type[PrinterError]] = {
    "paper_out": PaperOut,
    "offline": PrinterOffline,
    "cover_open": CoverOpen,
}


@runtime_checkable
class FaultyPrinter(Protocol):
    """A simulated printer that can be told to fail a job (``printer_fault`` steps)."""

    @property
    def jobs(self) -> Sized: ...

    def fail_on_job(self, number: int, error: PrinterError | None = None) -> None: ...


@dataclass
class _Citizen:
    """What the played citizen knows about themself."""

    cpr: str = ""


def own_cpr(document: Mrz | None, printed_cpr: str | None) -> str:
    """The CPR number the played citizen knows as their own, from their document."""
    if document is None:
        return ""
    try:
        return documents.cpr_on_document(document, printed_cpr) or ""
    except KioskError:
        return ""


def code_cards(scenario: Scenario) -> dict[str, dict[str, str]]:
    """NemID number -> its code card (test data), from the personas and the scenario."""
    cards = {
        str(p.entry["nemid"]["number"]): p.code_card
        for p in load_personas()
        if p.entry.get("nemid")
    }
    for entry in scenario.register:
        nemid = entry.get("nemid") if isinstance(entry, dict) else None
        if isinstance(nemid, dict) and "number" in nemid:
            cards[str(nemid["number"])] = dict(nemid.get("code_card") or {})
    return cards


class ScenarioRunner:
    def __init__(self, app: App, scenario: Scenario, emit: Emit) -> None:
        if not isinstance(app.clock, FixedClock):
            raise KioskError("the scenario runner needs a FixedClock", code="runner_clock")
        self._app = app
        self._clock: FixedClock = app.clock
        self._scenario = scenario
        self._emit = emit
        self._cards = code_cards(scenario)
        self._citizen = _Citizen()
        self.session: JourneySession = app.new_session()
        self.session.add_observer(self._on_transition)

    def run(self) -> Outcome:
        try:
            for step in self._scenario.steps:
                self._settle(step.kind)
                try:
                    self._play(step)
                except DomainError as exc:
                    self._emit(
                        {"state": self.session.state, "step": step.kind, "refused": exc.code}
                    )
            self._settle(None)
            outcome = final_outcome(self.session)
        finally:
            # The run is over, finished or not: the citizen is free at other kiosks (R1).
            with contextlib.suppress(KioskError):
                self.session.close()
        self._emit(outcome.to_json())
        return outcome

    def _on_transition(self, event: str, source: str, target: str, view: JourneyView) -> None:
        self._emit(view.to_json() | {"event": event})

    def _settle(self, next_kind: str | None) -> None:
        """Play the taps a citizen makes without thinking before the next step."""
        session = self.session
        if next_kind in PASSIVE_STEPS:
            return
        if session.state in TERMINAL_STATES and next_kind == "scan":
            session.finish()
        if session.state == "welcome" and next_kind is not None:
            session.start()
        if session.state == "health_card" and next_kind not in ("scan_health_card", "back"):
            session.no_health_card()  # R1/R9: nothing else to show
        if session.state == "confirming":
            session.confirm()
        if session.state == "exemption" and next_kind != "request_exemption":
            session.request_exemption(DEFAULT_EXEMPTION_REASON)
        if session.state == "outreach" and next_kind != "request_outreach":
            session.request_outreach()
        if session.state == "blocking" and next_kind != "back":
            session.block_nemid()  # R12: the holder confirms what they chose

    def _play(self, step: Step) -> None:
        session = self.session
        licence, health_card = step.card(LICENCE), step.card(HEALTH_CARD)
        if step.kind == "scan" and licence is not None:
            card = printed_licence(licence)  # laid on the document camera
            self._citizen.cpr = card.cpr
            session.scan_licence(card, scenario_face(step.field(FACE)))
        elif step.kind == "scan_health_card" and health_card is not None:
            card = printed_health_card(health_card)
            self._citizen.cpr = card.cpr
            session.scan_health_card(card)
        elif step.kind == "scan":
            document = read_document(step.mrz, self._clock.today())  # parsed once per scan
            self._citizen.cpr = own_cpr(document, step.field("cpr"))
            chip = scenario_chip(step.field("chip") or CHIP_VALID, step.mrz)
            face = scenario_face(step.field(FACE))
            session.scan_parsed_document(document, step.field("cpr"), chip, face)
        elif step.kind == "scan_health_card":
            self._citizen.cpr = step.field("cpr") or ""
            session.scan_health_card(step.field("cpr") or "")
        elif step.kind == "choose":
            session.choose(step.text)
        elif step.kind == "answer":
            session.answer(self._answer(step.text))
        elif step.kind == "witness_scan":
            session.witness_scan(step.mrz, step.field("cpr"))
        elif step.kind == "witness_sign":
            self._sign(step.nemid)
        elif step.kind == "request_exemption":
            session.request_exemption(step.text)
        elif step.kind == "request_outreach":
            session.request_outreach(step.field("contact") or "", step.field("note") or "")
        elif step.kind == "language":
            session.choose_language(step.text)
        elif step.kind == "printer_fault":
            self._printer_fault(step.text)
        elif step.kind == "timeout":
            self._clock.advance(self._app.config.timeouts.inactivity_seconds)
            session.tick()
        else:
            getattr(session, step.kind)()  # help, back, cancel

    def _answer(self, answer: str) -> int:
        question = self.session.view.question
        person = self._person()
        if question is None or person is None:
            return 0
        truth = truthful_choice(person, question.kind, question.choices)
        if answer == "correct":
            return truth
        return next(i for i in range(len(question.choices)) if i != truth)

    def _person(self) -> Person | None:
        return self._app.services.register.find(self._citizen.cpr) if self._citizen.cpr else None

    def _sign(self, nemid: NemIdSignature | None) -> None:
        """The witness signs: the declaration, or NemID (None: the declaration)."""
        if nemid is None:
            self.session.witness_sign_declaration(TOUCH_SIGNATURE)
            return
        code = nemid.code
        if code == FROM_CARD:
            witness = self.session.view.witness
            key = witness.card_key if witness is not None else ""
            code = self._cards.get(nemid.number, {}).get(key, NO_SUCH_CODE)
        self.session.witness_sign_nemid(nemid.number, nemid.password, code)

    def _printer_fault(self, fault: str) -> None:
        printer: object = self._app.devices.printer  # the port says nothing of fault injection
        if not isinstance(printer, FaultyPrinter):
            raise KioskError("this printer cannot simulate faults", code="printer_not_simulated")
        printer.fail_on_job(len(printer.jobs) + 1, _FAULTS[fault](f"simulated {fault}"))


def final_outcome(session: JourneySession) -> Outcome:
    """The visit's outcome; a visit still under way is ``incomplete`` with its last notice."""
    ended = session.state in TERMINAL_STATES or session.state == "welcome"
    if ended and session.outcome is not None:
        return session.outcome
    context_view = session.view
    notice = context_view.notice or context_view.refusal
    if notice is not None:
        return Outcome("incomplete", notice.rule, notice.reason)
    return Outcome("incomplete")
