"""Control questions (R3, R5): multiple choice built from the citizen's own CPR register data.

A question asks for a fact a citizen knows and a stranger holding their passport does not
(previous addresses, parents, spouse, children, birth place); its wrong choices are the same kind
of fact drawn from other register entries, so every choice is plausible. With too few facts no
questions are offered and a witness is needed (R5). The asking rule of RULES.md lives in
:class:`QuestionRound`: ask 2, both right passes; exactly one wrong asks 2 more and 3 of 4
passes; a failed round locks control questions for that CPR for 24 hours on every kiosk, through
the shared :class:`LockoutStore`. Randomness is injected, so a seeded ``random.Random`` gives the
same questions every run.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from kiosk.config import RuleSettings
from kiosk.identity.people import Person

# How many other register entries to draw distractors from.
DISTRACTOR_POOL_SIZE = 60


class QuestionKind(StrEnum):
    PREVIOUS_ADDRESS = "previous_address"
    MOTHER = "mother"
    FATHER = "father"
    SPOUSE = "spouse"
    CHILD = "child"
    BIRTH_PLACE = "birth_place"


def _facts(person: Person, kind: QuestionKind) -> tuple[str, ...]:
    """Every true answer a person has for a kind of question (several addresses, children)."""
    values: dict[QuestionKind, Callable[[Person], Iterable[str]]] = {
        QuestionKind.PREVIOUS_ADDRESS: lambda p: p.previous_addresses,
        QuestionKind.MOTHER: lambda p: (p.mother,),
        QuestionKind.FATHER: lambda p: (p.father,),
        QuestionKind.SPOUSE: lambda p: (p.spouse,),
        QuestionKind.CHILD: lambda p: p.children,
        QuestionKind.BIRTH_PLACE: lambda p: (p.birth_place,),
    }
    return tuple(v for v in values[kind](person) if v.strip())


def _excluded(person: Person, kind: QuestionKind) -> set[str]:
    """Values that must never be a wrong choice for this person (they would be true)."""
    own = set(_facts(person, kind))
    if kind is QuestionKind.PREVIOUS_ADDRESS:
        own.add(person.address)
    return {_key(v) for v in own if v}


def _key(value: str) -> str:
    return " ".join(value.casefold().split())


@dataclass(frozen=True)
class Question:
    """One multiple-choice question; ``correct_index`` never reaches a screen or a log."""

    kind: QuestionKind
    choices: tuple[str, ...]
    correct_index: int = field(repr=False)

    @property
    def message_id(self) -> str:
        return f"question.{self.kind.value}"


class LockoutStore(Protocol):
    """The shared lockouts of control questions (storage's QuestionLockouts)."""

    def locked_until(self, cpr: str) -> datetime | None:
        """The end of a running lock on ``cpr``, or None."""

    def lock(self, cpr: str, until: datetime) -> None: ...


def build_questions(
    person: Person, others: Sequence[Person], rules: RuleSettings, rng: random.Random
) -> tuple[Question, ...]:
    """Up to the questions one round needs, or none when the register holds too little (R5).

    R5: a full round may take ``questions_first_round + questions_second_round`` questions, so
    fewer usable facts than that means no questions at all and a witness is needed.
    """
    needed = rules.questions_first_round + rules.questions_second_round
    wrong_needed = rules.question_choices - 1
    candidates: list[Question] = []
    for kind in QuestionKind:
        excluded = _excluded(person, kind)
        pool = _distractor_pool(others, kind, excluded)
        if len(pool) < wrong_needed:
            continue
        for fact in _facts(person, kind):
            wrong = rng.sample(pool, wrong_needed)
            choices = [fact, *wrong]
            rng.shuffle(choices)
            candidates.append(Question(kind, tuple(choices), choices.index(fact)))
    if len(candidates) < needed:
        return ()
    rng.shuffle(candidates)
    # Different kinds first: two addresses in a row tell the citizen less than address + mother.
    firsts: dict[QuestionKind, Question] = {}
    for question in candidates:
        firsts.setdefault(question.kind, question)
    rest = [q for q in candidates if firsts[q.kind] is not q]
    return tuple([*firsts.values(), *rest][:needed])


def _distractor_pool(others: Sequence[Person], kind: QuestionKind, excluded: set[str]) -> list[str]:
    seen: dict[str, str] = {}
    for other in others:
        for value in _facts(other, kind):
            if _key(value) not in excluded:
                seen.setdefault(_key(value), value)
    return sorted(seen.values())


def truthful_choice(person: Person, kind: QuestionKind | str, choices: Sequence[str]) -> int:
    """The choice a person who knows their own data picks (the scenario runner plays them).

    Raises ValueError when none of ``choices`` is true for ``person``.
    """
    own = {_key(v) for v in _facts(person, QuestionKind(kind))}
    for index, choice in enumerate(choices):
        if _key(choice) in own:
            return index
    raise ValueError(f"no true choice for {kind}")


class RoundStatus(StrEnum):
    ASKING = "asking"
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True)
class QuestionRound:
    """The asking and passing rule of RULES.md (R3) as an immutable value."""

    questions: tuple[Question, ...]
    first_round: int = 2
    second_round: int = 2
    results: tuple[bool, ...] = ()

    @classmethod
    def start(cls, questions: tuple[Question, ...], rules: RuleSettings) -> QuestionRound:
        return cls(questions, rules.questions_first_round, rules.questions_second_round)

    @property
    def allowed_wrong(self) -> int:
        """R3: one wrong answer is forgiven when a second round can follow, none otherwise."""
        return 1 if self.second_round > 0 else 0

    @property
    def status(self) -> RoundStatus:
        asked = len(self.results)
        wrong = self.results.count(False)
        # R3: once passing is impossible the round fails at once; no question more is asked.
        if wrong > self.allowed_wrong:
            return RoundStatus.FAILED
        if asked < self.first_round:
            return RoundStatus.ASKING
        if asked == self.first_round:
            # R3: all right passes; exactly one wrong asks more questions.
            return RoundStatus.PASSED if wrong == 0 else RoundStatus.ASKING
        if asked < self.first_round + self.second_round:
            return RoundStatus.ASKING
        # R3: 3 of 4 right passes, i.e. at most one wrong in the whole round.
        return RoundStatus.PASSED

    def failed_by_lock(self) -> QuestionRound:
        """R3: the round ended because another kiosk locked questions for this CPR number; every
        question not yet answered counts as wrong, so the round cannot pass."""
        unanswered = (False,) * (self.first_round + self.second_round)
        return replace(self, results=self.results + unanswered)

    @property
    def current(self) -> Question | None:
        if self.status is not RoundStatus.ASKING:
            return None
        return self.questions[len(self.results)]

    @property
    def number(self) -> int:
        """1-based number of the question on screen."""
        return len(self.results) + 1

    @property
    def planned(self) -> int:
        """How many questions the round asks as it stands: the first round, or both once one
        wrong answer in the first round called for the second."""
        if len(self.results) < self.first_round:
            return self.first_round
        return self.first_round + self.second_round

    def answer(self, choice_index: int) -> QuestionRound:
        """The round after the citizen picked ``choice_index``; ValueError when not asking."""
        question = self.current
        if question is None:
            raise ValueError("no question is being asked")
        if not 0 <= choice_index < len(question.choices):
            raise ValueError(f"choice {choice_index} is not one of {len(question.choices)}")
        return QuestionRound(
            self.questions,
            self.first_round,
            self.second_round,
            (*self.results, choice_index == question.correct_index),
        )


class ControlQuestions:
    """Builds rounds for a citizen and keeps the shared 24-hour lockout (R3, R5)."""

    def __init__(
        self,
        others: Callable[[str, int], list[Person]],
        lockouts: LockoutStore,
        rules: RuleSettings,
        rng: random.Random,
    ) -> None:
        self._others = others
        self._lockouts = lockouts
        self._rules = rules
        self._rng = rng

    def questions_for(self, person: Person) -> tuple[Question, ...]:
        """R5: empty when the register holds too few facts about ``person``."""
        others = self._others(person.cpr, DISTRACTOR_POOL_SIZE)
        return build_questions(person, others, self._rules, self._rng)

    def is_locked(self, cpr: str, now: datetime) -> bool:
        until = self._lockouts.locked_until(cpr)
        return until is not None and until > now

    def lock_after_failure(self, cpr: str, now: datetime) -> datetime:
        """R3: a failed round locks questions for this CPR on every kiosk for 24 hours."""
        until = now + timedelta(hours=self._rules.questions_lockout_hours)
        self._lockouts.lock(cpr, until)
        return until
