"""Quizzes (Teacher API §10, API supplement §8, issue #13): a lecture's timed set of bank questions,
per-student overrides (extra time, extra attempts, an own close date) and the students' attempts.

An attempt keeps its own copy of every question of the quiz as it was when the attempt started (text,
type, points, choices and which were correct, in the attempt's display order): editing the bank or the
quiz later never changes an attempt, its score or what the student is shown. Answers are saved into that
copy (autosave and submit); multiple-choice answers are graded when saved, so closing an attempt (a
submit, the timer) only sums the points already there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from edutrack.core.entities.homework import ZERO, AnswerChoice, HomeworkAnswer

__all__ = [
    "ALREADY_SUBMITTED",
    "ATTEMPT_CLOSED",
    "CLOSED",
    "GRACE",
    "NOT_OPEN_YET",
    "NO_ATTEMPTS_LEFT",
    "ZERO",
    "AnswerChoice",
    "AttemptScoring",
    "AttemptStatus",
    "ClosedBy",
    "QuestionOrder",
    "Quiz",
    "QuizAnswer",
    "QuizAttempt",
    "QuizOverride",
    "QuizQuestion",
    "Visibility",
]

NOT_OPEN_YET = "This quiz is not open yet."
CLOSED = "This quiz is closed."
NO_ATTEMPTS_LEFT = "You have no attempts left for this quiz."
ATTEMPT_CLOSED = "This attempt is closed."
ALREADY_SUBMITTED = "This attempt has already been submitted."

GRACE = timedelta(seconds=30)  # answers still accepted this long after the deadline (network latency)


class Visibility(StrEnum):
    IMMEDIATE = "immediate"  # once the attempt is closed
    AFTER_CLOSE = "after_close"  # once the quiz's close date has passed (none: after a release)
    MANUAL = "manual"  # after the teacher releases it


class QuestionOrder(StrEnum):
    FIXED = "fixed"
    RANDOM = "random"


class AttemptScoring(StrEnum):
    BEST = "best"
    AVERAGE = "average"
    LAST = "last"


class AttemptStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"  # closed; a written answer waits for a grade
    GRADED = "graded"  # closed; every answer has its points


class ClosedBy(StrEnum):
    STUDENT = "student"
    TIMER = "timer"  # the deadline passed (the sweep or a read closed it)


@dataclass(slots=True)
class QuizQuestion:
    question_id: int
    order: int = 0
    points_override: int | None = None  # always None for now (no input yet)
    id: int | None = None


@dataclass(slots=True)
class Quiz:
    lecture_id: int
    title: str
    created_at: datetime
    updated_at: datetime
    description: str = ""
    passing_score: Decimal | None = None  # a percentage 0..100
    is_active: bool = True
    is_published: bool = False
    open_date: datetime | None = None
    close_date: datetime | None = None
    timer_minutes: int | None = None
    score_visibility: Visibility = Visibility.IMMEDIATE
    answers_visibility: Visibility = Visibility.AFTER_CLOSE
    question_order: QuestionOrder = QuestionOrder.FIXED
    shuffle_choices: bool = False
    allow_multiple_attempts: bool = False
    max_attempts: int | None = None  # None with multiple attempts: unlimited
    attempt_scoring: AttemptScoring = AttemptScoring.BEST
    show_correct_after_submission: bool = True
    scores_released_at: datetime | None = None
    answers_released_at: datetime | None = None
    created_by: int | None = None
    questions: list[QuizQuestion] = field(default_factory=list)  # in (order, id)
    id: int | None = None

    @property
    def question_ids(self) -> list[int]:
        return [q.question_id for q in self.questions]


@dataclass(slots=True)
class QuizOverride:
    quiz_id: int
    student_id: int
    created_at: datetime
    updated_at: datetime
    extra_minutes: int = 0
    extra_attempts: int = 0
    close_date: datetime | None = None  # replaces the quiz's close date for this student
    id: int | None = None


@dataclass(slots=True)
class QuizAnswer(HomeworkAnswer):
    """One question of the attempt (its snapshot, written at start) and the student's saved answer."""

    saved_at: datetime | None = None


@dataclass(slots=True)
class QuizAttempt:
    quiz_id: int
    student_id: int
    attempt_number: int
    started_at: datetime
    status: AttemptStatus = AttemptStatus.IN_PROGRESS
    deadline: datetime | None = None  # None: neither a timer nor a close date
    submitted_at: datetime | None = None
    closed_by: ClosedBy | None = None
    score: Decimal = ZERO
    max_score: Decimal = ZERO
    graded_at: datetime | None = None
    answers: list[QuizAnswer] = field(default_factory=list)  # in (order, id)
    id: int | None = None

    @property
    def in_progress(self) -> bool:
        return self.status is AttemptStatus.IN_PROGRESS

    def overdue(self, now: datetime) -> bool:
        """Past the deadline and its grace: no answer is accepted any more, the attempt is closed."""
        return self.deadline is not None and self.deadline + GRACE <= now
