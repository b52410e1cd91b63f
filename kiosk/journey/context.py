"""The journey's model: what one visit knows, with the machine's guards and actions.

The machine (:mod:`kiosk.journey.machine`) only names states and transitions; the guards here
are pure functions of the event data the session passes in (an identification, a question round,
a witness verdict), and the actions only record that data on the context. Nothing here talks to a
device, the register or the database: :mod:`kiosk.journey.session` does that and then sends the
result as an event. ``wipe`` forgets everything about the citizen (timeout, cancel, next visit).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kiosk.errors import DomainError
from kiosk.identity.mrz import Mrz
from kiosk.identity.people import Person
from kiosk.issuance.transaction import PARTS as CREDENTIAL_PARTS
from kiosk.issuance.transaction import IssuanceResult
from kiosk.journey.identification import Identification
from kiosk.rules.policy import PathChoice, Refusal
from kiosk.rules.questions import Question, QuestionRound, RoundStatus
from kiosk.rules.witness import SigningMethod, WitnessVerdict
from kiosk.storage.records import PostalOrder


class PathClosed(DomainError):
    """The citizen chose a path the policy keeps closed; ``code`` is the policy's reason."""


@dataclass(frozen=True)
class Outcome:
    """How a visit ended: the last line of ``kiosk journey``. Never a password or a code.

    ``handed_out`` and ``posted`` say what the citizen got, as parts (``password``,
    ``code_card``): R3 both handed out, R2/R4 both posted, R2b one of each, nothing otherwise.
    """

    outcome: str  # issued | ordered_by_post | refused | cancelled | exemption_requested |
    # outreach_requested | incomplete
    rule: str = ""
    reason: str = ""
    nemid_number: str = ""
    code_card_serial: str = ""
    delivery: tuple[date, date] | None = None
    order_reference: str = ""
    handed_out: tuple[str, ...] = ()
    posted: tuple[str, ...] = ()
    queue_number: str = ""  # R8/R11/R13: the number a request has in the staff queue
    service: str = ""  # R12: new_code_card or new_password for a holder's replacement
    sent_to: str = ""  # where the letters go: the folkeregister address, street masked
    receipt: bool = False  # a receipt of the postal order was printed

    @classmethod
    def issued(cls, result: IssuanceResult, rule: str) -> Outcome:
        """R3 at the counter: both parts handed out now."""
        return cls(
            "issued",
            rule,
            nemid_number=result.nemid_number,
            code_card_serial=result.card_serial,
            handed_out=result.printed_parts,
        )

    @classmethod
    def counter_and_post(cls, result: IssuanceResult, reason: str = "") -> Outcome:
        """R2b: the counter part handed out now, the other in a letter."""
        order = result.postal_order
        return cls(
            "ordered_by_post",
            "R2b",
            reason=reason,
            delivery=(order.earliest, order.latest) if order is not None else None,
            order_reference=order.reference if order is not None else "",
            handed_out=result.printed_parts,
            posted=result.posted_parts,
        )

    @classmethod
    def posted_order(cls, order: PostalOrder, rule: str, reason: str = "") -> Outcome:
        """R2, or R4 with the reason the immediate paths failed: both parts by post."""
        return cls(
            "ordered_by_post",
            rule,
            reason=reason,
            delivery=(order.earliest, order.latest),
            order_reference=order.reference,
            posted=tuple(p for p in order.parts if p in CREDENTIAL_PARTS),
        )

    def to_json(self) -> dict[str, object]:
        payload: dict[str, object] = {"outcome": self.outcome}
        for name in ("rule", "reason", "nemid_number", "code_card_serial"):
            if getattr(self, name):
                payload[name] = getattr(self, name)
        if self.delivery is not None:
            earliest, latest = self.delivery
            payload["delivery"] = {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
        if self.order_reference:
            payload["order_reference"] = self.order_reference
        if self.queue_number:
            payload["queue_number"] = self.queue_number
        if self.service:
            payload["service"] = self.service
        if self.sent_to:
            payload["sent_to"] = self.sent_to
            payload["receipt"] = self.receipt
        payload["handed_out"] = list(self.handed_out)
        payload["posted"] = list(self.posted)
        return payload


@dataclass
class WitnessState:
    person: Person
    signing: SigningMethod
    nemid_number: str = ""
    card_key: str = ""  # R7b: the code-card key the kiosk asks for
    declaration_text: str = ""  # R7: shown to every witness, NemID holders too
    declaration_version: str = ""


@dataclass
class JourneyContext:
    """Everything one visit knows; the machine stores its state in ``state``."""

    language: str = "da"
    default_language: str = "da"
    state: str | None = None
    document: Mrz | None = None  # parsed once as the scan entered the journey
    printed_cpr: str | None = None
    prepared_questions: tuple[Question, ...] = ()
    identification: Identification | None = None
    paths: PathChoice | None = None
    round: QuestionRound | None = None
    witness: WitnessState | None = None
    notice: Refusal | None = None  # the last refusal shown (a witness refused, questions failed)
    refusal: Refusal | None = None  # the visit cannot go on
    outcome: Outcome | None = None
    issuance_failed: bool = False
    help_open: bool = False
    help_queue_number: str = ""  # R13: the staff queue's number for this visit's help call
    replacing: str = ""  # R12: the holder's choice of a new code card or password
    rules_accepted: str = ""  # the version of the rules for NemID the citizen accepted
    cpr_tries: int = 0  # R1: health-card CPR numbers typed wrong so far this visit

    @property
    def person(self) -> Person | None:
        return self.identification.person if self.identification else None

    # Guards: pure functions of the event data.
    def is_refused(self, identification: Identification) -> bool:
        return bool(identification.reason)

    def needs_health_card(self, identification: Identification) -> bool:
        return identification.needs_health_card

    def chose(self, path: str, wanted: str) -> bool:
        return path == wanted

    def round_asking(self, round: QuestionRound) -> bool:
        return round.status is RoundStatus.ASKING

    def round_passed(self, round: QuestionRound) -> bool:
        return round.status is RoundStatus.PASSED

    def witness_accepted(self, verdict: WitnessVerdict) -> bool:
        return verdict.accepted

    # Validators carry the refusal shown to the citizen.
    def path_is_open(self, path: str) -> None:
        decision = self.paths.decision(path) if self.paths else None
        if decision is None:
            raise PathClosed(f"no such path {path!r}", code="path_unknown")
        if not decision.open:
            self.notice = Refusal(decision.reason, decision.rule)
            raise PathClosed(f"path {path} is closed: {decision.reason}", code=decision.reason)

    # Actions: record what the session found out.
    def record_identification(self, identification: Identification) -> None:
        self.identification = identification
        if identification.reason:
            self.refusal = Refusal(identification.reason, identification.rule)
            self.outcome = Outcome("refused", identification.rule, identification.reason)

    def record_paths(self, paths: PathChoice) -> None:
        self.paths = paths

    def record_round(self, round: QuestionRound) -> None:
        self.round = round

    def record_notice(self, refusal: Refusal | None) -> None:
        self.notice = refusal

    def show_help(self) -> None:
        self.help_open = True  # R13

    def hide_help(self) -> None:
        self.help_open = False

    def record_language(self, language: str) -> None:
        self.language = language

    def record_witness(self, witness: WitnessState) -> None:
        self.witness = witness

    def record_replacement(self, path: str) -> None:
        self.replacing = path

    def record_outcome(self, outcome: Outcome) -> None:
        if self.replacing and outcome.outcome in ("issued", "ordered_by_post"):
            outcome = replace(outcome, service=self.replacing)
        self.outcome = outcome

    def wipe(self) -> None:
        """Forget the citizen: every field back to a fresh visit except the machine's state."""
        fresh = JourneyContext(
            language=self.default_language, default_language=self.default_language, state=self.state
        )
        self.__dict__.update(fresh.__dict__)
