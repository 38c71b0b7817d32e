"""Quiz results and item analysis (§8.1; helper D2): the rows the results reader builds in SQL over a
quiz's closed attempts."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from edutrack.core.entities.quizzes import AttemptScoring
from edutrack.core.policies.item_analysis import QuestionSums
from edutrack.ports.readers import Page, PageRequest

__all__ = [
    "ChoicePickRow",
    "ItemAnalysisRows",
    "QuestionPoints",
    "QuestionSumsRow",
    "QuizResultRow",
    "QuizResultsReader",
    "ScoreSummary",
]


@dataclass(frozen=True, slots=True)
class QuizResultRow:
    """One student's result over their closed attempts: ``attempts`` closed attempts; the *scored*
    attempts (``attempt_scoring``: the best, the last, or every closed one for ``average``) number
    ``scored_attempts`` and sum ``score_total`` out of ``max_score_total``."""

    student_id: int
    student_name: str
    student_code: str
    attempts: int
    scored_attempts: int
    score_total: Decimal
    max_score_total: Decimal
    last_submitted_at: datetime


@dataclass(frozen=True, slots=True)
class QuestionPoints:
    """One student's points on one question over their scored attempts holding it: ``count`` attempts,
    ``answered`` of them answered, ``waiting`` of them waiting for a written grade, ``total`` the points
    awarded (unanswered: 0)."""

    count: int
    answered: int
    waiting: int
    total: Decimal


@dataclass(frozen=True, slots=True)
class ScoreSummary:
    """Over the scored attempts of every student: how many, their scores' sum, and the one or two middle
    scores in score order (None without attempts)."""

    attempts: int
    total: Decimal
    median_low: Decimal | None
    median_high: Decimal | None


@dataclass(frozen=True, slots=True)
class QuestionSumsRow:
    """One question (bank id) over the scored attempts holding it: ``attempts`` of them, and the sums of
    the answers whose points are known (``sums``)."""

    question_id: int
    attempts: int
    sums: QuestionSums


@dataclass(frozen=True, slots=True)
class ChoicePickRow:
    """How many scored attempts selected a choice (bank ids)."""

    question_id: int
    choice_id: int
    picked: int


@dataclass(frozen=True, slots=True)
class ItemAnalysisRows:
    """The per-question sums and the choices selected at least once, from one pass over the answers."""

    questions: list[QuestionSumsRow]
    picks: list[ChoicePickRow]


class QuizResultsReader(Protocol):
    """Every figure is computed in the database over a quiz's closed attempts (``submitted`` or
    ``graded``); each method is one statement whatever the number of students, attempts or questions."""

    async def results(self, quiz_id: int, scoring: AttemptScoring, page: PageRequest) -> Page[QuizResultRow]:
        """One row per student with a closed attempt, the student with the oldest closed attempt first
        (then by student id): one COUNT and one page query."""
        ...

    async def points_by_question(
        self, quiz_id: int, scoring: AttemptScoring
    ) -> Mapping[int, Mapping[int, QuestionPoints]]:
        """Student profile id → bank question id → the points over the scored attempts."""
        ...

    async def score_summary(self, quiz_id: int, scoring: AttemptScoring) -> ScoreSummary: ...

    async def item_analysis(self, quiz_id: int, scoring: AttemptScoring) -> ItemAnalysisRows: ...

    async def choice_texts(
        self, quiz_id: int, scoring: AttemptScoring, choices: Collection[tuple[int, int]]
    ) -> Mapping[tuple[int, int], str]:
        """(question id, choice id) → the greatest of the choice's texts in the snapshots of the scored
        attempts that selected it (for choices no longer in the bank; one statement)."""
        ...
