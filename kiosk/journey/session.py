"""``JourneySession``: the one facade the UI, the scenario runner and the tests drive.

Each method is a citizen's action with what a reader delivered (MRZ lines, a CPR number, a tap);
the session asks the register, the policy, the question and witness rules and the issuance and
postal services, then sends the result into the :class:`~kiosk.journey.machine.CitizenJourney`
as an event. :attr:`JourneySession.view` is the read-only picture of what the screen shows,
never a password or a code. A method called in a state that does not allow it raises
``JourneyStateError``; a path the policy keeps closed raises ``PathClosed`` with its reason.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from statemachine import State
from statemachine.exceptions import TransitionNotAllowed

from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.errors import BadInputError, DomainError, KioskError
from kiosk.identity.camera_documents import CameraDocument
from kiosk.identity.faces import FaceVerdict
from kiosk.identity.mrz import Mrz
from kiosk.identity.people import Person
from kiosk.identity.readings import ChipReading
from kiosk.issuance.postal import PostalRequest
from kiosk.issuance.transaction import IssuanceRequest
from kiosk.journey.admission import VISIT_ALREADY_OPEN, Admission, typing_slip
from kiosk.journey.audit_listener import AuditListener, TransitionNotifier, audit_outcome
from kiosk.journey.context import JourneyContext, Outcome
from kiosk.journey.holder_steps import HolderSteps
from kiosk.journey.identification import missing_cpr, read_document
from kiosk.journey.machine import CitizenJourney
from kiosk.journey.post_path import order_by_post
from kiosk.journey.services import JourneyServices
from kiosk.journey.view import JourneyView, build_view
from kiosk.journey.witness_steps import WitnessSteps
from kiosk.journey.witnessing import WitnessDesk
from kiosk.rules import notices
from kiosk.rules.policy import (
    QUESTIONS_LOCKED,
    REPLACEMENTS,
    PathChoice,
    Refusal,
    Situation,
    holds_nemid,
    open_paths,
)
from kiosk.rules.questions import ControlQuestions, QuestionRound, RoundStatus

__all__ = ["QUESTIONS_FAILED", "VISIT_ALREADY_OPEN", "JourneySession", "JourneyStateError"]

QUESTIONS_FAILED = "questions_failed"
INACTIVITY_TIMEOUT = "inactivity_timeout"
# Events that keep the help panel as it is: help itself and a language switch (issue 5).
HELP_EVENTS = frozenset({"help", "close_help", "choose_language"})
Observer = Callable[[str, str, str, JourneyView], None]


class JourneyStateError(DomainError):
    """The citizen's action is not possible on the current screen."""

    code = "event_not_allowed"


class JourneySession(WitnessSteps, HolderSteps):
    """One kiosk's journey; lives as long as the kiosk, one visit after the other."""

    def __init__(
        self,
        services: JourneyServices,
        config: KioskConfig,
        clock: Clock,
        rng: random.Random | None = None,
    ) -> None:
        self._services = services
        self._config = config
        self._clock = clock
        self._rng = rng if rng is not None else random.SystemRandom()
        self._questions = ControlQuestions(
            services.register.others, services.lockouts, config.rules, self._rng
        )
        self._admission = Admission(services, config)
        self._witnesses = WitnessDesk(services, config.rules, self._rng)
        self._observers: list[Observer] = []
        self._last_outcome: Outcome | None = None
        self._last_activity = clock.monotonic()
        self._visit_id = uuid.uuid4().hex
        default = config.languages.default
        self._context = JourneyContext(language=default, default_language=default)
        self._machine = CitizenJourney(
            self._context,
            listeners=[
                AuditListener(services.audit, self._context),
                TransitionNotifier(self._notify),
            ],
        )

    # Read-only state for the UI and the runner.
    @property
    def state(self) -> str:
        return str(self._context.state)

    @property
    def view(self) -> JourneyView:
        idle = self._clock.monotonic() - self._last_activity
        return build_view(self._context, self._config, self._today(), idle)

    @property
    def outcome(self) -> Outcome | None:
        """How the current (or, back on the welcome screen, the last) visit ended."""
        return self._context.outcome or self._last_outcome

    def add_observer(self, observer: Observer) -> None:
        """``observer(event, source, target, view)`` after every transition."""
        self._observers.append(observer)

    def _notify(self, event: str, source: State, target: State) -> None:
        view = self.view
        for observer in self._observers:
            observer(event, source.id, target.id, view)

    # The citizen's actions.
    def choose_language(self, language: str) -> None:
        """Issue 5: on every screen; the printouts and letters use the language chosen last."""
        if language not in self._config.languages.available:
            raise BadInputError(f"language must be one of {self._config.languages.available}")
        self._send("choose_language", language=language)

    def start(self) -> None:
        """The visit starts; the privacy notice on the welcome screen came before any scan."""
        self._last_outcome = None
        self._visit_id = uuid.uuid4().hex
        self._send("start")
        notices.privacy_notice_shown(self._services.audit)

    def scan_document(
        self,
        lines: Sequence[str],
        printed_cpr: str | None = None,
        chip: ChipReading | None = None,
        face: FaceVerdict | None = None,
    ) -> None:
        """R1: the MRZ lines the reader delivered, the CPR printed on the document, if any, and
        the chip's reading when the document's chip was read (:mod:`kiosk.journey.chip_step`),
        and the face check against its photo (:mod:`kiosk.journey.face_step`; None: not made).
        The MRZ is parsed here, once, and the parsed document passed on."""
        self._require("document")
        self.scan_parsed_document(read_document(lines, self._today()), printed_cpr, chip, face)

    def scan_parsed_document(
        self,
        document: Mrz | None,
        printed_cpr: str | None = None,
        chip: ChipReading | None = None,
        face: FaceVerdict | None = None,
    ) -> None:
        """:meth:`scan_document` for a caller that parsed the MRZ itself with
        :func:`~kiosk.journey.identification.read_document` (None: it does not parse)."""
        self._require("document")
        document, found = self._admission.scan(
            document, printed_cpr, chip, self._today(), self._visit_id, face
        )
        self._context.document = document
        self._context.printed_cpr = printed_cpr
        self._send("document_scanned", identification=found)

    def scan_licence(self, card: CameraDocument, face: FaceVerdict | None = None) -> None:
        """R1: the Danish driving licence the document camera read (the CPR number from 4d),
        and the face check against its printed photo (None: not made)."""
        self._require("document")
        found = self._admission.licence(card, self._today(), self._visit_id, face)
        self._context.document, self._context.printed_cpr = None, None
        self._send("document_scanned", identification=found)

    def scan_health_card(self, cpr: str | CameraDocument) -> None:
        """R1: the health card's CPR number (typed or read); a typing slip raises DomainError."""
        self._require("health_card")
        context = self._context
        found = self._admission.health_card(
            context.document, context.printed_cpr, cpr, self._today(), self._visit_id
        )
        if slip := typing_slip(found, cpr if isinstance(cpr, str) else None, context.cpr_tries):
            context.cpr_tries += 1
            raise DomainError(f"CPR number typed wrong ({slip})", code=slip)
        self._send("health_card_scanned", identification=found)

    def no_health_card(self) -> None:
        """R1/R9: the citizen has no health card: without a CPR number nothing can be ordered."""
        self._require("health_card")
        mrz = self._context.identification.mrz if self._context.identification else None
        self._send("health_card_scanned", identification=missing_cpr(mrz))

    def confirm(self) -> None:
        """The citizen confirms the name and masked CPR on screen; the paths open (R2-R13)."""
        self._require("confirming")
        person = self._person()
        self._context.prepared_questions = self._questions.questions_for(person)
        self._send("confirm", paths=self._paths(person))

    def choose(self, path: str) -> None:
        if path in {p.value for p in REPLACEMENTS}:
            # R12: a new code card or password is got the ways a new NemID is (R2-R7).
            self._send("choose", path=path, paths=self._paths(self._person(), replacing=path))
            self._accept_nemid_rules()
            return
        self._send("choose", path=path)
        if self.state in ("questions", "witness", "posting"):
            self._accept_nemid_rules()
        if self.state == "questions":
            rules = self._config.rules
            self._send(
                "questions_ready",
                round=QuestionRound.start(self._context.prepared_questions, rules),
            )
        elif self.state == "posting":
            self._order_by_post()

    def answer(self, choice_index: int) -> None:
        """R3: one answer; a failed round locks questions for 24 h on every kiosk."""
        self._require("questions")
        current = self._context.round
        assert current is not None
        if self._questions.is_locked(self._person().cpr, self._clock.now()):
            self._end_round_locked(current)
            return
        try:
            after = current.answer(choice_index)
        except ValueError as exc:
            raise BadInputError(str(exc)) from exc
        paths, notice = self._context.paths, None
        if after.status is RoundStatus.FAILED:
            person = self._person()
            self._questions.lock_after_failure(person.cpr, self._clock.now())
            paths = self._paths(person)
            notice = Refusal(QUESTIONS_FAILED, "R3")
        self._send("answered", round=after, paths=paths, refusal=notice)
        if self.state == "issuing":
            self._issue("R3")

    def _end_round_locked(self, current: QuestionRound) -> None:
        """R3: another kiosk failed a round for this CPR number while this round was open; the
        lock holds here too, so no more answers are taken and the round cannot pass."""
        paths, notice = self._paths(self._person()), Refusal(QUESTIONS_LOCKED, "R3")
        self._send("answered", round=current.failed_by_lock(), paths=paths, refusal=notice)

    def request_exemption(self, reason: str) -> None:
        """R11: the request goes to the staff queue; staff assess it."""
        self._require("exemption")
        person = self._person()
        self._services.exemptions.request(person.cpr, person.full_name, reason, self._language())
        self._send("exemption_filed", outcome=Outcome("exemption_requested", "R11"))

    def request_outreach(self, contact: str = "", note: str = "") -> None:
        """R8: staff will identify the citizen at home; the registration waits for them."""
        self._require("outreach")
        person = self._person()
        self._services.outreach.create(person.cpr, person.full_name, contact, note)
        self._send("outreach_filed", outcome=Outcome("outreach_requested", "R8"))

    def back(self) -> None:
        self._send("back")

    def finish(self) -> None:
        self._end_visit("finish", None)

    def cancel(self) -> None:
        self._end_visit("cancel", Outcome("cancelled"))

    def close(self) -> None:
        """The kiosk stops: a visit still open is abandoned, so other kiosks may take it (R1)."""
        if self._services.open_visits is not None:
            self._services.open_visits.release(self._visit_id)

    def help(self) -> None:
        """R13: help is one tap away on every screen, and the call reaches the staff queue at
        once (kiosk, screen, time); the citizen is shown their queue number. One call a visit."""
        calls = self._services.help_calls
        if calls is not None and not self._context.help_queue_number:
            placed = calls.call(self.state)
            self._context.help_queue_number = placed.queue_number
            self._services.audit.append(
                "help.called", screen=self.state, queue_number=placed.queue_number
            )
        self._send("help")

    def close_help(self) -> None:
        self._send("close_help")

    def still_here(self) -> None:
        """'I need more time' on the inactivity warning: the idle time starts again and the
        warning goes; allowed on every screen, and nothing else about the visit changes."""
        self._last_activity = self._clock.monotonic()

    def tick(self) -> bool:
        """Called by the UI's timer: True when inactivity wiped the visit."""
        if self.state == "welcome":
            return False
        idle = self._clock.monotonic() - self._last_activity
        if idle < self._config.timeouts.inactivity_seconds:
            return False
        self._end_visit("timeout", Outcome("cancelled", reason=INACTIVITY_TIMEOUT))
        return True

    # Internals.
    def _send(self, event: str, **data: Any) -> None:
        """``event`` into the machine; ``data`` goes to the context's guards and actions, which
        name each value's type (Any: the library's ``send`` takes any keyword values)."""
        self._last_activity = self._clock.monotonic()
        if event not in HELP_EVENTS:
            self._context.help_open = False  # a new screen starts without the help panel
        try:
            self._machine.send(event, **data)
        except TransitionNotAllowed as exc:
            raise JourneyStateError(f"{event} is not possible in state {self.state}") from exc

    def _require(self, state: str) -> None:
        if self.state != state:
            raise JourneyStateError(f"not possible in state {self.state}, only in {state}")

    def _end_visit(self, event: str, unfinished: Outcome | None) -> None:
        self._last_outcome = self._context.outcome or unfinished
        if self._context.outcome is None and unfinished is not None and self.state != "welcome":
            audit_outcome(self._services.audit, unfinished)
        self._send(event)
        if self._services.open_visits is not None:
            self._services.open_visits.release(self._visit_id)

    def _today(self) -> date:
        return self._clock.today()

    def _language(self) -> str:
        return self._context.language

    def _person(self) -> Person:
        person = self._context.person
        if person is None:
            raise JourneyStateError("no citizen identified")
        return person

    def _paths(self, person: Person, replacing: str = "") -> PathChoice:
        identification = self._context.identification
        situation = Situation(
            holds_nemid=holds_nemid(person),
            replacing=replacing or self._context.replacing,
            questions_locked=self._questions.is_locked(person.cpr, self._clock.now()),
            questions_available=bool(self._context.prepared_questions),
            issuance_failed=self._context.issuance_failed,
            document_is_danish_passport=bool(identification and identification.danish_passport),
        )
        return open_paths(person, self._today(), self._config, situation)

    def _issue(self, rule: str) -> None:
        """R3 via questions or a witness; a device failure falls back to R4 (post) or staff."""
        person = self._person()
        citizen = self._citizen(rule)
        request = IssuanceRequest(
            citizen.cpr, citizen.holder_name, citizen.address, citizen.language, rule
        )
        try:
            result = self._services.issuance.issue(request)
        except KioskError as exc:
            self._context.issuance_failed = True
            self._send(
                "issuance_failed",
                paths=self._paths(person),
                refusal=Refusal(exc.code, "R4"),
            )
            return
        outcome = Outcome.issued(result, rule)
        self._send("issuance_done", outcome=outcome)

    def _order_by_post(self) -> None:
        """The post path (R2, R2b, R4): :func:`~kiosk.journey.post_path.order_by_post`."""
        notice = self._context.notice
        reason = notice.reason if notice is not None else ""
        failed = self._context.issuance_failed
        outcome = order_by_post(
            self._services,
            self._config,
            self._citizen("R2"),
            reason,
            issuance_failed=failed,
            today=self._today(),
        )
        self._send("order_placed", outcome=outcome)

    def _accept_nemid_rules(self) -> None:
        """Choosing a way to a NemID accepts the rules for NemID shown beside the choice."""
        if not self._context.rules_accepted:
            self._context.rules_accepted = notices.nemid_rules_accepted(self._services.audit)

    def _citizen(self, rule: str) -> PostalRequest:
        """The identified citizen as the issuance and postal services take them."""
        person = self._person()
        return PostalRequest(person.cpr, person.full_name, person.address, self._language(), rule)
