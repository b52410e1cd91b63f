"""The read-only picture of the journey a screen renders: ``JourneyView``.

Built fresh from the context after every action; it holds message ids (translated by the UI
with :func:`kiosk.i18n.gettext`) and the few values a screen shows: the citizen's name and
masked CPR, the open paths with their rule ids, the current question and its choices, the key
a witness must look up on their code card, the refusal, the outcome. Never a password, a code,
an unmasked CPR number or which choice is right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiosk.config import KioskConfig
from kiosk.identity.cpr import mask_cpr
from kiosk.journey.context import JourneyContext, Outcome
from kiosk.rules.notices import NEMID_RULES, PRIVACY_NOTICE_VERSION
from kiosk.rules.policy import Note, PathDecision, Refusal, Situation, notes_for


@dataclass(frozen=True)
class QuestionView:
    number: int  # 1-based
    kind: str
    message_id: str  # question.<kind>
    choices: tuple[str, ...]
    total: int = 0  # how many questions the round asks as it stands ("Question 1 of 2")


@dataclass(frozen=True)
class WitnessView:
    name: str
    masked_cpr: str
    signing: str  # declaration | nemid
    card_key: str = ""  # R7b: the key whose code the witness types
    declaration_text: str = ""


@dataclass(frozen=True)
class HelpView:
    """R13: staff guidance and the nearest citizen service centre."""

    service_centre: str
    phone: str
    queue_number: str = ""  # the staff queue's number for the call, when there is a queue


@dataclass(frozen=True)
class JourneyView:
    state: str
    language: str
    citizen_name: str = ""
    masked_cpr: str = ""
    paths: tuple[PathDecision, ...] = ()
    notes: tuple[Note, ...] = ()
    question: QuestionView | None = None
    witness: WitnessView | None = None
    notice: Refusal | None = None  # shown on the path choice: why the last try failed
    refusal: Refusal | None = None  # the visit cannot go on
    outcome: Outcome | None = None
    help: HelpView | None = None
    timeout_warning: bool = False
    privacy_notice: str = ""  # the notice's version, on the screens before and at the scan
    nemid_rules: tuple[str, ...] = ()  # the rules' message ids, beside the path choice
    rules_accepted: str = ""

    def to_json(self) -> dict[str, object]:
        payload: dict[str, object] = {"state": self.state}
        if self.paths:
            payload["paths"] = [
                {"path": d.path.value, "open": d.open, "rule": d.rule}
                | ({"reason": d.reason} if d.reason else {})
                for d in self.paths
            ]
            payload["notes"] = [note.rule for note in self.notes]
        if self.question is not None:
            payload["question"] = {"number": self.question.number, "kind": self.question.kind}
        if self.witness is not None:
            payload["witness_signing"] = self.witness.signing
            if self.witness.card_key:
                payload["card_key"] = self.witness.card_key
        for name in ("notice", "refusal"):
            refusal = getattr(self, name)
            if refusal is not None:
                payload[name] = {"reason": refusal.reason} | (
                    {"rule": refusal.rule} if refusal.rule else {}
                )
        if self.privacy_notice:
            payload["privacy_notice"] = self.privacy_notice
        if self.rules_accepted:
            payload["rules_accepted"] = self.rules_accepted
        if self.help is not None:
            payload["help"] = {"service_centre": self.help.service_centre} | (
                {"queue_number": self.help.queue_number} if self.help.queue_number else {}
            )
        return payload


def build_view(
    context: JourneyContext, config: KioskConfig, today: date, idle_seconds: float
) -> JourneyView:
    state = str(context.state)
    person = context.person
    identification = context.identification
    round_ = context.round
    question = round_.current if round_ is not None and state == "questions" else None
    witness = context.witness
    municipality = config.municipality
    timeouts = config.timeouts
    warn_after = timeouts.inactivity_seconds - timeouts.warning_seconds
    return JourneyView(
        state=state,
        language=context.language,
        citizen_name=person.full_name if person is not None else "",
        masked_cpr=mask_cpr(identification.cpr) if identification and identification.cpr else "",
        paths=context.paths.decisions if context.paths and state == "choosing" else (),
        notes=(
            context.paths.notes if context.paths else notes_for(None, today, config, Situation())
        ),
        question=(
            QuestionView(
                round_.number,
                question.kind.value,
                question.message_id,
                question.choices,
                round_.planned,
            )
            if question is not None and round_ is not None
            else None
        ),
        witness=(
            WitnessView(
                witness.person.full_name,
                mask_cpr(witness.person.cpr),
                witness.signing.value,
                witness.card_key,
                witness.declaration_text,
            )
            if witness is not None and state == "witness_signing"
            else None
        ),
        notice=context.notice if state == "choosing" else None,
        refusal=context.refusal,
        outcome=context.outcome,
        help=(
            HelpView(
                municipality.service_centre,
                municipality.service_centre_phone,
                context.help_queue_number,
            )
            if context.help_open
            else None
        ),
        timeout_warning=state != "welcome" and idle_seconds >= warn_after,
        privacy_notice=PRIVACY_NOTICE_VERSION if state in ("welcome", "document") else "",
        nemid_rules=NEMID_RULES if state == "choosing" else (),
        rules_accepted=context.rules_accepted,
    )
