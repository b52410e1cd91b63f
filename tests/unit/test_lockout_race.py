"""R3: a round of control questions already open on one kiosk stops when another kiosk locks.

One open visit per citizen across kiosks (R1, OpenVisits) keeps two kiosks from asking the same
citizen's questions at once, except when a kiosk's visit outlives its claim: a kiosk whose UI
hung mid-round (no inactivity tick) for longer than OPEN_VISIT_MAX_SECONDS. A failed round at
another kiosk then locks the questions "on every kiosk", so the stale round takes no more
answers and cannot pass: it ends with questions_locked (R3) and the post stays open (R4).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

import pytest

from app.bootstrap import App, build_app
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.journey import JourneySession
from kiosk.rules.policy import QUESTIONS_LOCKED
from kiosk.rules.questions import truthful_choice
from kiosk.storage.personas import persona
from kiosk.storage.sqlite.open_visits import OPEN_VISIT_MAX_SECONDS

TODAY = date(2026, 11, 23)
RICH = persona("rich_register")


@pytest.fixture
def app(config: KioskConfig) -> Iterator[App]:
    with build_app(config, clock=FixedClock.on(TODAY), rng=random.Random(11)) as built:
        yield built


def at_questions(app: App) -> JourneySession:
    session = app.new_session()
    session.start()
    session.scan_document(RICH.mrz_lines(), RICH.document_cpr)
    session.confirm()
    session.choose("questions")
    return session


def truth(app: App, session: JourneySession) -> int:
    question = session.view.question
    assert question is not None
    person = app.services.register.find(RICH.cpr)
    assert person is not None
    return truthful_choice(person, question.kind, question.choices)


def test_r3_a_round_open_on_another_kiosk_ends_when_one_kiosk_locks(app: App) -> None:
    impostor_there = at_questions(app)
    assert isinstance(app.clock, FixedClock)
    app.clock.advance(OPEN_VISIT_MAX_SECONDS + 1)  # that kiosk hung: its claim ran out
    impostor_here = at_questions(app)
    while impostor_here.state == "questions":  # fails the round: the lock is written
        impostor_here.answer((truth(app, impostor_here) + 1) % 2)
    assert app.kiosk.lockouts.is_locked(RICH.cpr)
    impostor_there.answer(truth(app, impostor_there))
    assert impostor_there.state == "choosing"
    notice = impostor_there.view.notice
    assert notice is not None and (notice.reason, notice.rule) == (QUESTIONS_LOCKED, "R3")
    questions = impostor_there.view.to_json()
    assert impostor_there.state != "issued" and "nemid_number" not in str(questions)
    impostor_there.choose("post")  # R4: the post stays open
    assert impostor_there.state == "ordered"


def test_r3_without_a_lock_the_open_round_goes_on(app: App) -> None:
    session = at_questions(app)
    session.answer(truth(app, session))
    session.answer(truth(app, session))
    assert session.state == "issued"
