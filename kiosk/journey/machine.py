"""The citizen's whole visit as one python-statemachine machine (DESIGN.md, issue 2 part 9).

States and transitions only; guards and actions live on :class:`~kiosk.journey.context.
JourneyContext` (the model), and :class:`~kiosk.journey.session.JourneySession` does the I/O and
sends the results in as events. ``help`` and ``close_help`` (R13) and ``choose_language`` (issue 5)
are allowed in every state, ``cancel`` and ``timeout`` wipe the visit from every state, and an
event the current state does not know raises ``TransitionNotAllowed``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from operator import or_

from statemachine import State, StateMachine

from kiosk.rules.policy import REPLACEMENTS, Path


def _every(namespace: dict[str, object]) -> list[State]:
    """Every state declared so far in a class body, for events allowed everywhere."""
    return [value for value in namespace.values() if isinstance(value, State)]


def _chose(wanted: Path) -> Callable[..., bool]:
    def guard(path: str) -> bool:
        return path == wanted.value

    guard.__name__ = f"chose_{wanted.value}"
    return guard


def _chose_replacement(path: str) -> bool:
    """R12: a holder chose a new code card or password; the ways to get it open next."""
    return path in {p.value for p in REPLACEMENTS}


class CitizenJourney(StateMachine):
    welcome = State(initial=True)
    document = State()
    health_card = State()
    confirming = State()
    choosing = State()
    questions = State()
    witness = State()
    witness_signing = State()
    issuing = State()
    posting = State()
    exemption = State()
    outreach = State()
    blocking = State()  # R12: the holder confirms that their NemID is to be blocked
    # The visit is over in these; ``finish`` (or the timeout) brings the next citizen's welcome.
    issued = State()
    ordered = State()
    refused = State()
    exemption_requested = State()
    outreach_requested = State()
    blocked = State()

    start = welcome.to(document)
    document_scanned = (
        document.to(refused, cond="is_refused", on="record_identification")
        | document.to(health_card, cond="needs_health_card", on="record_identification")
        | document.to(confirming, on="record_identification")
    )
    health_card_scanned = health_card.to(
        refused, cond="is_refused", on="record_identification"
    ) | health_card.to(confirming, on="record_identification")
    confirm = confirming.to(choosing, on="record_paths")
    choose = (
        choosing.to(questions, cond=_chose(Path.QUESTIONS), validators="path_is_open")
        | choosing.to(witness, cond=_chose(Path.WITNESS), validators="path_is_open")
        | choosing.to(posting, cond=_chose(Path.POST), validators="path_is_open")
        | choosing.to(exemption, cond=_chose(Path.EXEMPTION), validators="path_is_open")
        | choosing.to(outreach, cond=_chose(Path.OUTREACH), validators="path_is_open")
        | choosing.to(blocking, cond=_chose(Path.BLOCK), validators="path_is_open")
        | choosing.to(
            choosing,
            cond=_chose_replacement,
            validators="path_is_open",
            on=["record_replacement", "record_paths"],
        )
    )
    questions_ready = questions.to.itself(internal=True, on="record_round")
    # R3: the round decides; a failed round goes back to the choice with the notice (R4).
    answered = (
        questions.to.itself(cond="round_asking", internal=True, on="record_round")
        | questions.to(issuing, cond="round_passed", on="record_round")
        | questions.to(choosing, on=["record_round", "record_paths", "record_notice"])
    )
    witness_scanned = witness.to(
        witness_signing, cond="witness_accepted", on="record_witness"
    ) | witness.to(choosing, on="record_notice")
    witness_signed = witness_signing.to(issuing)
    witness_rejected = witness_signing.to(choosing, on="record_notice")
    issuance_done = issuing.to(issued, on="record_outcome")
    # R4: a failed issuance leaves the post (and staff help) open.
    issuance_failed = issuing.to(choosing, on=["record_paths", "record_notice"])
    order_placed = posting.to(ordered, on="record_outcome")
    exemption_filed = exemption.to(exemption_requested, on="record_outcome")
    outreach_filed = outreach.to(outreach_requested, on="record_outcome")
    block_confirmed = blocking.to(blocked, on="record_outcome")
    back = (
        witness.to(choosing)
        | witness_signing.to(choosing)
        | exemption.to(choosing)
        | outreach.to(choosing)
        | blocking.to(choosing)
        | health_card.to(document)
    )
    finish = (
        issued.to(welcome, on="wipe")
        | ordered.to(welcome, on="wipe")
        | refused.to(welcome, on="wipe")
        | exemption_requested.to(welcome, on="wipe")
        | outreach_requested.to(welcome, on="wipe")
        | blocked.to(welcome, on="wipe")
    )
    # Cancel and the inactivity timeout wipe the visit from every state.
    cancel = welcome.from_.any(on="wipe")
    timeout = welcome.from_.any(on="wipe")
    # R13: help is one tap away in every state, and closing it returns to the same screen.
    help = reduce(or_, (s.to.itself(internal=True, on="show_help") for s in _every(locals())))
    close_help = reduce(or_, (s.to.itself(internal=True, on="hide_help") for s in _every(locals())))
    # Issue 5: the language switches on every screen and stays the visit's language, so the
    # printouts and letters use the language chosen last.
    choose_language = reduce(
        or_, (s.to.itself(internal=True, on="record_language") for s in _every(locals()))
    )
