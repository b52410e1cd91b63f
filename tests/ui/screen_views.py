"""A view for every state of every citizen screen, with the longest content each can carry:
every path (open, and closed with a reason), every note, a named witness and the declaration,
a delivery window and a postal reference. The layout sweep renders each in every language."""

from __future__ import annotations

from datetime import date

from kiosk.journey.context import Outcome
from kiosk.journey.view import HelpView, JourneyView, QuestionView, WitnessView
from kiosk.rules.declaration import declaration
from kiosk.rules.policy import Note, Path, PathDecision, Refusal

NAME = "Anna Maria Kristensen-Østergaard"
NOTES = (
    Note("R6", "note.bring_witness"),
    Note("R9", "note.health_card_needed"),
    Note("R10", "note.banks"),
    Note("R13", "note.help"),
)
OPEN_PATHS = tuple(PathDecision(path, True, "R3") for path in Path)
CLOSED_PATHS = (
    PathDecision(Path.QUESTIONS, False, "R3", "questions_unavailable"),
    PathDecision(Path.WITNESS, False, "R7", "witness_limit_reached"),
    PathDecision(Path.POST, True, "R2"),
)
WINDOW = (date(2026, 12, 14), date(2026, 12, 21))
POSTED = Outcome("ordered_by_post", "R4", "", delivery=WINDOW, order_reference="PO-2026-000123")
COUNTER_AND_POST = Outcome(
    "ordered_by_post",
    "R2b",
    delivery=WINDOW,
    order_reference="PO-2026-000124",
    handed_out=("password",),
    posted=("code_card",),
)


def views(language: str) -> list[tuple[str, JourneyView]]:
    """(label, view) for every journey state a citizen screen renders."""
    text = declaration(NAME, NAME, language).text
    question = QuestionView(
        1, "previous_address", "question.previous_address", ("Aarhus", "Odense", "Aalborg"), 2
    )
    base = {"language": language, "citizen_name": NAME, "masked_cpr": "010190-XXXX"}
    return [
        ("welcome", JourneyView("welcome", notes=NOTES, **base)),
        ("document", JourneyView("document", **base)),
        ("health_card", JourneyView("health_card", **base)),
        ("confirming", JourneyView("confirming", **base)),
        ("choosing-open", JourneyView("choosing", paths=OPEN_PATHS, notes=NOTES, **base)),
        (
            "choosing-closed",
            JourneyView(
                "choosing",
                paths=CLOSED_PATHS,
                notes=NOTES,
                notice=Refusal("paper_out", "R4"),
                **base,
            ),
        ),
        ("questions", JourneyView("questions", question=question, **base)),
        ("witness", JourneyView("witness", **base)),
        (
            "witness_signing-declaration",
            JourneyView(
                "witness_signing",
                witness=WitnessView(NAME, "010190-XXXX", "declaration", "", text),
                **base,
            ),
        ),
        (
            "witness_signing-nemid",
            JourneyView(
                "witness_signing", witness=WitnessView(NAME, "010190-XXXX", "nemid", "0427"), **base
            ),
        ),
        ("issuing", JourneyView("issuing", **base)),
        ("issued", JourneyView("issued", outcome=Outcome("issued", "R3"), **base)),
        ("posting", JourneyView("posting", **base)),
        ("ordered", JourneyView("ordered", outcome=POSTED, **base)),
        ("ordered-counter_and_post", JourneyView("ordered", outcome=COUNTER_AND_POST, **base)),
        ("exemption", JourneyView("exemption", **base)),
        ("outreach", JourneyView("outreach", **base)),
        ("exemption_requested", JourneyView("exemption_requested", **base)),
        ("outreach_requested", JourneyView("outreach_requested", **base)),
        (
            "refused",
            JourneyView("refused", refusal=Refusal("nemid_already_active", "R1"), **base),
        ),
        ("blocking", JourneyView("blocking", **base)),
        ("blocked", JourneyView("blocked", **base)),
        (
            "help",
            JourneyView(
                "document", help=HelpView("Borgerservice Aarhus", "+45 89 40 20 00"), **base
            ),
        ),
    ]
