"""Which paths are open to a verified citizen, and why: the one place R2-R13 are decided.

Pure functions over a :class:`~kiosk.identity.people.Person`, a date, the
:class:`~kiosk.config.KioskConfig`
and facts the journey already knows (lockout state, whether control questions can be built, whether
an issuance attempt failed). Every decision names the rule id it enforces, so the screen can say
why a path is closed and ``grep -r R8`` finds the code. Nothing here touches a device or database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kiosk.config import KioskConfig
from kiosk.identity.cpr import parse_cpr
from kiosk.identity.people import Person


class Path(StrEnum):
    """The ways a verified citizen can go on from the path-choice screen."""

    QUESTIONS = "questions"  # R3: immediate issuance after control questions
    WITNESS = "witness"  # R3/R7: immediate issuance with a witness
    POST = "post"  # R2/R2b/R4: the order by post, always open once R1 holds
    OUTREACH = "outreach"  # R8: udkørende identifikation
    EXEMPTION = "exemption"  # R11: request exemption from Digital Post
    # For a citizen who already holds NemID (R12): one NemID each, so these replace or block it.
    NEW_CODE_CARD = "new_code_card"
    NEW_PASSWORD = "new_password"
    BLOCK = "block"  # spærre: the NemID stops working at once


HOLDER_SERVICES = (Path.NEW_CODE_CARD, Path.NEW_PASSWORD, Path.BLOCK)
REPLACEMENTS = (Path.NEW_CODE_CARD, Path.NEW_PASSWORD)


# Reason codes of closed paths and refusals (also gettext keys under "reason.").
QUESTIONS_LOCKED = "questions_locked"
QUESTIONS_UNAVAILABLE = "questions_unavailable"
ISSUANCE_FAILED = "issuance_failed"
OUTREACH_NOT_OFFERED = "outreach_not_offered"
OUTREACH_NOT_ELIGIBLE = "outreach_not_eligible"
EXEMPTION_NOT_OFFERED = "exemption_not_offered"
UNDER_AGE = "under_age"
NEMID_ALREADY_ACTIVE = "nemid_already_active"
NO_NEMID = "no_nemid"

DANISH_STATE = "DNK"


@dataclass(frozen=True)
class PathDecision:
    path: Path
    open: bool
    rule: str
    reason: str = ""  # why a closed path is closed


@dataclass(frozen=True)
class Note:
    """Information the kiosk shows without opening a path (R6, R9, R10, R13...)."""

    rule: str
    message_id: str


@dataclass(frozen=True)
class Refusal:
    """The kiosk cannot go on with this citizen at all; ``rule`` is empty for a non-seed fact."""

    reason: str
    rule: str = ""


@dataclass(frozen=True)
class PathChoice:
    decisions: tuple[PathDecision, ...]
    notes: tuple[Note, ...]

    def is_open(self, path: Path | str) -> bool:
        return any(d.path == path and d.open for d in self.decisions)

    def decision(self, path: Path | str) -> PathDecision | None:
        return next((d for d in self.decisions if d.path == path), None)

    @property
    def open_paths(self) -> tuple[Path, ...]:
        return tuple(d.path for d in self.decisions if d.open)


@dataclass(frozen=True)
class Situation:
    """What the journey knows when it asks the policy; defaults fit a fresh visit."""

    questions_locked: bool = False
    questions_available: bool = True
    issuance_failed: bool = False
    document_is_danish_passport: bool = False
    holds_nemid: bool = False  # R12: an active NemID; its holder may replace or block it
    replacing: str = ""  # the holder chose a new code card or password (a Path value)


def refusal_for(person: Person, today: date, config: KioskConfig) -> Refusal | None:
    """Why a verified, registered citizen cannot use the kiosk at all, or None.

    The minimum age is a fact beyond the seeds (RULES.md), so it carries no rule id. An active
    NemID holder is not refused: their paths are the holder's services (R12) and R11.
    """
    if age_on(person.cpr, today) < config.rules.minimum_age:
        return Refusal(UNDER_AGE)
    return None


def holds_nemid(person: Person) -> bool:
    """R12: the citizen holds an active NemID (one each)."""
    return person.nemid is not None and person.nemid.status == "active"


def is_newcomer(person: Person, today: date, config: KioskConfig) -> bool:
    """R6: a foreigner, or someone who has lived in Denmark only a short time."""
    if person.citizenship != DANISH_STATE:
        return True
    since = person.in_denmark_since
    return since is not None and today - since < timedelta(days=config.rules.newcomer_days)


def may_order_online(person: Person, situation: Situation) -> bool:
    """R9: holders of a Danish passport or driving licence may order online instead."""
    return (
        situation.document_is_danish_passport
        or person.danish_passport
        or person.danish_driving_licence
    )


def outreach_eligible(person: Person) -> bool:
    """R8: neither a Danish passport nor a Danish driving licence. Whether the citizen cannot
    come in is for staff to judge: the kiosk only takes the request into their queue."""
    return not (person.danish_passport or person.danish_driving_licence)


def open_paths(
    person: Person, today: date, config: KioskConfig, situation: Situation
) -> PathChoice:
    """Every path with its decision and rule, and the notes to show beside them.

    R12: a NemID holder may order a new code card or password or block the NemID, not a second
    one; once they chose a replacement, the ways to get it are those of a new NemID (R2-R7).
    """
    holder_only = situation.holds_nemid and not situation.replacing
    new_nemid: tuple[PathDecision, ...] = (
        _questions(situation),
        _witness(situation),
        # R4: without a witness and without passed questions the order falls back to R2 (post);
        # nobody leaves empty-handed once R1 holds.
        PathDecision(Path.POST, True, _post_rule(config, situation)),
    )
    if holder_only:
        new_nemid = tuple(
            PathDecision(d.path, False, "R12", NEMID_ALREADY_ACTIVE) for d in new_nemid
        )
    decisions = (
        *new_nemid,
        _outreach(person, config, situation),
        _exemption(config),  # R11: Digital Post concerns everyone, NemID holders too
        *(_holder_service(path, holder_only) for path in HOLDER_SERVICES),
    )
    return PathChoice(decisions, notes_for(person, today, config, situation))


def _holder_service(path: Path, holder_only: bool) -> PathDecision:
    """R12: the holder's services, open on the holder's first choice only."""
    return PathDecision(path, holder_only, "R12", "" if holder_only else NO_NEMID)


def notes_for(
    person: Person | None, today: date, config: KioskConfig, situation: Situation
) -> tuple[Note, ...]:
    """Information-only notes; with no person yet, only those shown to everyone up front."""
    notes: list[Note] = []
    if person is None:
        # R6: foreigners and newcomers are advised up front to bring a witness.
        notes.append(Note("R6", "note.bring_witness"))
        notes.append(Note("R9", "note.health_card_needed"))
    else:
        if is_newcomer(person, today, config):
            notes.append(Note("R6", "note.bring_witness"))
        if not situation.questions_available:
            notes.append(Note("R5", "note.witness_needed"))
        if may_order_online(person, situation):
            notes.append(Note("R9", "note.order_online"))
    notes.append(Note("R10", "note.banks"))  # R10: the kiosk only informs
    notes.append(Note("R13", "note.help"))  # R13: help is always one tap away
    return tuple(notes)


def _questions(situation: Situation) -> PathDecision:
    if situation.issuance_failed:
        return PathDecision(Path.QUESTIONS, False, "R4", ISSUANCE_FAILED)
    if situation.questions_locked:
        return PathDecision(Path.QUESTIONS, False, "R3", QUESTIONS_LOCKED)
    if not situation.questions_available:
        return PathDecision(Path.QUESTIONS, False, "R5", QUESTIONS_UNAVAILABLE)
    return PathDecision(Path.QUESTIONS, True, "R3")


def _witness(situation: Situation) -> PathDecision:
    if situation.issuance_failed:
        return PathDecision(Path.WITNESS, False, "R4", ISSUANCE_FAILED)
    return PathDecision(Path.WITNESS, True, "R7")


def _outreach(person: Person, config: KioskConfig, situation: Situation) -> PathDecision:
    if not config.municipality.outreach_identification:
        return PathDecision(Path.OUTREACH, False, "R8", OUTREACH_NOT_OFFERED)
    if situation.holds_nemid:
        return PathDecision(Path.OUTREACH, False, "R12", NEMID_ALREADY_ACTIVE)
    if not outreach_eligible(person):
        return PathDecision(Path.OUTREACH, False, "R8", OUTREACH_NOT_ELIGIBLE)
    return PathDecision(Path.OUTREACH, True, "R8")


def _exemption(config: KioskConfig) -> PathDecision:
    if not config.municipality.exemption_requests:
        return PathDecision(Path.EXEMPTION, False, "R11", EXEMPTION_NOT_OFFERED)
    return PathDecision(Path.EXEMPTION, True, "R11")


def counter_and_post(config: KioskConfig) -> bool:
    """R2b: the municipality hands one part out at the counter and posts the other."""
    return config.municipality.standard_order == "counter_and_post"


def _post_rule(config: KioskConfig, situation: Situation) -> str:
    """R2b replaces the plain post order (R2/R4) where configured; after a printer fault in
    this visit the post is R4, both parts by post."""
    if counter_and_post(config) and not situation.issuance_failed:
        return "R2b"
    return "R4"


def age_on(cpr: str, today: date) -> int:
    """Age in whole years on ``today`` from the CPR number (century from the 7th digit)."""
    return parse_cpr(cpr).age_on(today)
