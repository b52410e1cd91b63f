"""Control questions (R3, R5): built from register data, asked and passed by the RULES.md rule."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.config import RuleSettings
from kiosk.identity.people import Person
from kiosk.rules.questions import (
    ControlQuestions,
    QuestionKind,
    QuestionRound,
    RoundStatus,
    build_questions,
    truthful_choice,
)

RULES = RuleSettings()
RICH = Person(
    "0101801234",
    "Karen Marie",
    "Jensen",
    address="Vestergade 1, 8000 Aarhus C",
    previous_addresses=("Nørregade 7, 5000 Odense C",),
    mother="Inge Jensen",
    father="Poul Jensen",
    birth_place="Viborg",
)
OTHERS = [
    Person(
        f"01018{n:02d}234",
        "Other",
        f"Person{n}",
        address=f"Gade {n}, 2000 Frederiksberg",
        previous_addresses=(f"Vej {n}, 9000 Aalborg",),
        mother=f"Mother {n}",
        father=f"Father {n}",
        birth_place=f"Town {n}",
        spouse=f"Spouse {n}",
        children=(f"Child {n}",),
    )
    for n in range(10)
]


def questions(person: Person = RICH, seed: int = 7) -> tuple:
    return build_questions(person, OTHERS, RULES, random.Random(seed))


def answers_for_round(round_: QuestionRound, pattern: list[bool]) -> QuestionRound:
    for right in pattern:
        question = round_.current
        assert question is not None
        wrong = next(i for i in range(len(question.choices)) if i != question.correct_index)
        round_ = round_.answer(question.correct_index if right else wrong)
    return round_


def test_r5_rich_register_gives_four_questions_of_four_choices() -> None:
    built = questions()
    assert len(built) == 4
    assert all(len(q.choices) == RULES.question_choices for q in built)
    assert all(len(set(q.choices)) == len(q.choices) for q in built)


def test_r5_too_few_data_gives_no_questions() -> None:
    newcomer = Person("0101801234", "Ana", "Silva", address="Havnegade 2, 1058 København K")
    assert questions(newcomer) == ()
    three_facts = Person("0101801234", "Ana", "Silva", mother="M", father="F", birth_place="B")
    assert questions(three_facts) == ()


def test_correct_choice_is_the_register_fact() -> None:
    for question in questions():
        truth = question.choices[question.correct_index]
        if question.kind is QuestionKind.MOTHER:
            assert truth == RICH.mother
        assert truthful_choice(RICH, question.kind, question.choices) == question.correct_index


def test_distractors_come_from_other_entries_and_never_from_the_citizen() -> None:
    own = {RICH.address, *RICH.previous_addresses, RICH.mother, RICH.father, RICH.birth_place}
    pool = {v for o in OTHERS for v in (*o.previous_addresses, o.mother, o.father, o.birth_place)}
    for question in questions():
        wrong = [c for i, c in enumerate(question.choices) if i != question.correct_index]
        assert not own & set(wrong)
        assert set(wrong) <= pool


def test_same_seed_same_questions_other_seed_differs() -> None:
    assert questions(seed=1) == questions(seed=1)
    assert any(questions(seed=s) != questions(seed=1) for s in range(2, 6))


def test_r3_two_right_passes() -> None:
    round_ = answers_for_round(QuestionRound.start(questions(), RULES), [True, True])
    assert round_.status is RoundStatus.PASSED


def test_r3_two_wrong_fails_at_once() -> None:
    round_ = answers_for_round(QuestionRound.start(questions(), RULES), [False, False])
    assert round_.status is RoundStatus.FAILED


def test_r3_one_wrong_asks_two_more() -> None:
    round_ = answers_for_round(QuestionRound.start(questions(), RULES), [True, False])
    assert round_.status is RoundStatus.ASKING
    assert round_.number == 3
    assert round_.planned == 4  # "Question 3 of 4"


def test_the_round_says_how_many_questions_it_asks_as_it_stands() -> None:
    start = QuestionRound.start(questions(), RULES)
    assert (start.number, start.planned) == (1, 2)  # "Question 1 of 2"
    second = answers_for_round(start, [True])
    assert (second.number, second.planned) == (2, 2)


@pytest.mark.parametrize(
    ("pattern", "status"),
    [
        ([True, False, True, True], RoundStatus.PASSED),
        ([False, True, True, True], RoundStatus.PASSED),
        ([True, False, False], RoundStatus.FAILED),
        ([True, False, True, False], RoundStatus.FAILED),
    ],
)
def test_r3_three_of_four_passes(pattern: list[bool], status: RoundStatus) -> None:
    assert answers_for_round(QuestionRound.start(questions(), RULES), pattern).status is status


def test_r3_no_fourth_question_once_passing_is_impossible() -> None:
    """Two wrong of three: 3 of 4 can no longer be reached, so the round ends there."""
    round_ = answers_for_round(QuestionRound.start(questions(), RULES), [True, False, False])
    assert round_.status is RoundStatus.FAILED
    assert round_.current is None
    with pytest.raises(ValueError):
        round_.answer(0)


def test_r3_without_a_second_round_one_wrong_fails_at_once() -> None:
    rules = replace(RULES, questions_second_round=0)
    round_ = answers_for_round(QuestionRound.start(questions(), rules), [False])
    assert round_.status is RoundStatus.FAILED
    assert round_.number == 2


def test_answer_after_the_round_or_out_of_range_raises() -> None:
    round_ = QuestionRound.start(questions(), RULES)
    with pytest.raises(ValueError):
        round_.answer(RULES.question_choices)
    done = answers_for_round(round_, [True, True])
    with pytest.raises(ValueError):
        done.answer(0)


class MemoryLockouts:
    def __init__(self) -> None:
        self.until: dict[str, datetime] = {}

    def locked_until(self, cpr: str) -> datetime | None:
        return self.until.get(cpr)

    def lock(self, cpr: str, until: datetime) -> None:
        self.until[cpr] = until


def test_r3_failed_round_locks_for_24_hours_then_unlocks() -> None:
    lockouts = MemoryLockouts()
    service = ControlQuestions(lambda cpr, n: OTHERS, lockouts, RULES, random.Random(1))
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    service.lock_after_failure(RICH.cpr, now)
    assert service.is_locked(RICH.cpr, now + timedelta(hours=23, minutes=59))
    assert not service.is_locked(RICH.cpr, now + timedelta(hours=24))
    assert not service.is_locked("0202801234", now)


def test_r5_service_offers_none_for_a_newcomer() -> None:
    service = ControlQuestions(lambda cpr, n: OTHERS, MemoryLockouts(), RULES, random.Random(1))
    assert service.questions_for(Person("0101801234", "Ana", "Silva")) == ()
    assert len(service.questions_for(RICH)) == 4


def test_r5_questions_prefer_different_kinds() -> None:
    kinds = [q.kind for q in questions()]
    assert len(set(kinds)) == len(kinds)  # RICH has 4 kinds of fact for 4 questions
