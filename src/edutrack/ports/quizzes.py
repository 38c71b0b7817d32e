"""Quizzes (issue #13): the write side reached through the unit of work, and the rows the readers build
in SQL (joins, counts and sums in the database; a list is a fixed number of statements).

The database decides the races: UNIQUE(quiz_id, student_id, attempt_number) and the partial unique index
"one attempt in progress per (quiz, student)" make the second of two concurrent starts fail
(``AttemptTaken``); closing an attempt is one conditional UPDATE ``WHERE status = 'in_progress'``, so a
submit and the sweep racing close it once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from edutrack.core.entities.people import StudentStatus
from edutrack.core.entities.quizzes import (
    AttemptScoring,
    AttemptStatus,
    ClosedBy,
    QuestionOrder,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizOverride,
    Visibility,
)
from edutrack.core.policies.item_analysis import QuestionSums
from edutrack.ports.homework import ChoiceRow, HomeworkQuestionRow, LectureScope
from edutrack.ports.readers import Page, PageRequest

__all__ = [
    "AttemptClosed",
    "AttemptFilter",
    "AttemptRecord",
    "AttemptRow",
    "AttemptTaken",
    "ChoiceRow",
    "LectureScope",
    "OverrideRow",
    "QuizAttemptReader",
    "QuizAttemptRepository",
    "QuizFilter",
    "QuizOverrideRepository",
    "QuizQuestionRow",
    "QuizReader",
    "QuizRepository",
    "QuizRow",
]

QuizQuestionRow = HomeworkQuestionRow  # one question of a quiz as the bank holds it now


class AttemptTaken(Exception):
    """An attempt insert lost a race: the (quiz, student) already has an attempt in progress, or the
    attempt number was taken by a concurrent start. The transaction stays usable (a savepoint)."""


class QuizRepository(Protocol):
    async def add(self, quiz: Quiz) -> Quiz:
        """Insert the quiz and its question links; assign the ids."""
        ...

    async def get(self, quiz_id: int) -> Quiz | None:
        """With its questions in (order, id)."""
        ...

    async def save(self, quiz: Quiz, *, replace_questions: bool) -> None: ...

    async def delete(self, quiz_id: int) -> None:
        """With its question links, overrides and attempts."""
        ...

    async def lecture_scope(self, lecture_id: int) -> LectureScope | None: ...

    async def has_attempts(self, quiz_id: int) -> bool: ...


class QuizOverrideRepository(Protocol):
    async def get(self, override_id: int) -> QuizOverride | None: ...

    async def of_student(self, quiz_id: int, student_id: int) -> QuizOverride | None: ...

    async def put(self, override: QuizOverride) -> QuizOverride:
        """Insert, or replace the (quiz, student)'s existing override (keeping its id)."""
        ...

    async def delete(self, override_id: int) -> None: ...

    async def student_of(self, reference: str) -> int | None:
        """The student profile whose id (digits) or student code is ``reference``; None when none."""
        ...


class QuizAttemptRepository(Protocol):
    async def add(self, attempt: QuizAttempt) -> QuizAttempt:
        """Insert the attempt with its snapshot (answers and their choices) in a fixed number of
        statements; assign the ids. ``AttemptTaken`` when a unique index refuses it."""
        ...

    async def get(self, attempt_id: int, *, lock: bool = False) -> QuizAttempt | None:
        """With its answers (and their choices) in (order, id). ``lock``: the attempt row stays locked
        until the transaction ends (FOR UPDATE on PostgreSQL)."""
        ...

    async def record(self, attempt_id: int, *, lock: bool = False) -> AttemptRecord | None:
        """The attempt's row as a response shows it (``AttemptRow``) and its student's status, in one
        statement. ``lock``: the attempt row, and only it, stays locked until the transaction ends
        (FOR UPDATE OF the attempt on PostgreSQL)."""
        ...

    async def answers(self, attempt_id: int) -> list[QuizAnswer]:
        """The snapshot with the saved answers in (order, id), choices in (order, id): two statements."""
        ...

    async def in_progress(self, quiz_id: int, student_id: int) -> QuizAttempt | None:
        """The student's open attempt of the quiz, with its answers."""
        ...

    async def in_progress_id(self, quiz_id: int, student_id: int) -> int | None:
        """The id of the student's open attempt of the quiz: one statement."""
        ...

    async def count(self, quiz_id: int, student_id: int) -> tuple[int, int]:
        """(attempts the student has, the highest attempt number, 0 without any)."""
        ...

    async def save_answers(self, attempt_id: int, answers: Sequence[QuizAnswer]) -> None:
        """Write the answers' ``answered``, ``written_answer``, ``is_correct``, ``points_awarded``,
        ``graded_at``, ``saved_at`` and their choices' ``selected`` (only the choices whose flag
        changes are written): a fixed number of statements whatever the number of answers."""
        ...

    async def close(self, attempt_id: int, now: datetime, closed_by: ClosedBy) -> AttemptClosed | None:
        """The conditional close, one UPDATE ``WHERE status = 'in_progress'``: status ``graded`` (or
        ``submitted`` while a written answer waits), score = the sum of the points awarded,
        ``submitted_at = now``, ``closed_by``. What it wrote when this call closed it, else None."""
        ...

    async def close_overdue(
        self,
        now: datetime,
        *,
        quiz_id: int | None = None,
        student_id: int | None = None,
        attempt_id: int | None = None,
    ) -> int:
        """Close, as above with ``closed_by = timer`` and ``submitted_at = deadline``, every attempt in
        progress whose ``deadline + GRACE <= now`` (optionally only these): one UPDATE. How many."""
        ...

    async def set_deadline(self, attempt_id: int, deadline: datetime | None) -> None:
        """Of an attempt still in progress (no effect once closed)."""
        ...

    async def save_grade(self, attempt: QuizAttempt, answer: QuizAnswer) -> None:
        """Write one answer's grade and the attempt's ``status``, ``score`` and ``graded_at``."""
        ...

    async def closed_student_users(self, quiz_id: int) -> list[int]:
        """The user ids of the students with at least one closed attempt of the quiz."""
        ...


# --- reading ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuizRow:
    """A quiz with its lecture and course; ``total_points``/``question_count`` over its current
    questions. For a student (``student_id`` given): ``attempts_used``, ``in_progress_attempt`` and
    the override's ``extra_attempts``/``override_close_date``."""

    id: int
    lecture_id: int
    lecture_name: str
    course_id: int
    course_name: str
    teacher_id: int
    title: str
    description: str
    passing_score: Decimal | None
    is_active: bool
    is_published: bool
    open_date: datetime | None
    close_date: datetime | None
    timer_minutes: int | None
    score_visibility: Visibility
    answers_visibility: Visibility
    question_order: QuestionOrder
    shuffle_choices: bool
    allow_multiple_attempts: bool
    max_attempts: int | None
    attempt_scoring: AttemptScoring
    show_correct_after_submission: bool
    scores_released_at: datetime | None
    answers_released_at: datetime | None
    total_points: int
    question_count: int
    created_by: int | None
    created_at: datetime
    updated_at: datetime
    attempts_used: int = 0
    in_progress_attempt: int | None = None
    extra_attempts: int = 0
    override_close_date: datetime | None = None


ORDERING_FIELDS = ("created_at", "title", "open_date", "close_date", "id")


@dataclass(frozen=True, slots=True)
class QuizFilter:
    """As ``HomeworkFilter``: ``teacher`` a teacher's courses only; ``lecture_ids`` only these lectures;
    ``student_open`` published and active only; ``student_id`` whose attempts to count."""

    teacher: int | None = None
    lecture_ids: frozenset[int] | None = None
    student_open: bool = False
    student_id: int | None = None
    lecture: int | None = None
    course: int | None = None
    is_published: bool | None = None
    is_active: bool | None = None
    search: str | None = None
    ordering: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True, slots=True)
class OverrideRow:
    id: int
    quiz_id: int
    student_id: int
    student_name: str
    student_code: str
    extra_minutes: int
    extra_attempts: int
    close_date: datetime | None
    created_at: datetime
    updated_at: datetime


class QuizReader(Protocol):
    async def list(self, filters: QuizFilter, page: PageRequest) -> Page[QuizRow]:
        """One COUNT and one page query whatever the page size."""
        ...

    async def get(self, quiz_id: int, student_id: int | None = None) -> QuizRow | None: ...

    async def questions(self, quiz_id: int) -> list[QuizQuestionRow]:
        """In (order, id), each with its choices in (order, id): two statements."""
        ...

    async def overrides(self, quiz_id: int) -> list[OverrideRow]:
        """By student name, then id: one statement."""
        ...


@dataclass(frozen=True, slots=True)
class AttemptRow:
    """An attempt with what deciding visibility needs (its quiz's settings and release dates, the
    student's override close date) and who took it."""

    id: int
    quiz_id: int
    quiz_title: str
    lecture_id: int
    teacher_id: int
    student_id: int
    student_user_id: int
    student_name: str
    student_code: str
    attempt_number: int
    status: AttemptStatus
    started_at: datetime
    deadline: datetime | None
    submitted_at: datetime | None
    closed_by: ClosedBy | None
    score: Decimal
    max_score: Decimal
    graded_at: datetime | None
    passing_score: Decimal | None
    close_date: datetime | None  # the quiz's
    override_close_date: datetime | None  # the student's override's
    last_close_date: datetime | None  # the quiz's, or a later override's: the quiz closed for everybody
    score_visibility: Visibility
    answers_visibility: Visibility
    show_correct_after_submission: bool
    scores_released_at: datetime | None
    answers_released_at: datetime | None


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    """An attempt read inside a unit of work: its row as responses show it, and its student's status
    (whether they may still answer)."""

    row: AttemptRow
    student_status: StudentStatus


@dataclass(frozen=True, slots=True)
class AttemptClosed:
    """What closing an attempt wrote: its status, score, ``submitted_at`` and ``graded_at``."""

    status: AttemptStatus
    score: Decimal
    submitted_at: datetime
    graded_at: datetime | None


@dataclass(frozen=True, slots=True)
class AttemptFilter:
    """``quiz_id``: one quiz's attempts; ``student``: the profile id or the student code (text);
    ``student_id``: one student's own; ``status``; newest first (started_at, id) unless ``oldest_first``."""

    quiz_id: int | None = None
    student: str | None = None
    student_id: int | None = None
    status: AttemptStatus | None = None
    oldest_first: bool = False


class QuizAttemptReader(Protocol):
    async def list(self, filters: AttemptFilter, page: PageRequest) -> Page[AttemptRow]:
        """One COUNT and one page query whatever the page size."""
        ...

    async def get(self, attempt_id: int) -> AttemptRow | None: ...

    async def answers(self, attempt_id: int) -> list[QuizAnswer]:
        """The snapshot with the saved answers in (order, id), choices in (order, id): two statements."""
        ...


__all__ += ["ORDERING_FIELDS"]


# --- results and item analysis (§8.1; helper D2) -------------------------------------------------------


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
    """How many scored attempts selected a choice (bank ids), with the choice's text in their snapshot."""

    question_id: int
    choice_id: int
    text: str
    picked: int


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

    async def question_sums(self, quiz_id: int, scoring: AttemptScoring) -> list[QuestionSumsRow]: ...

    async def choice_picks(self, quiz_id: int, scoring: AttemptScoring) -> list[ChoicePickRow]:
        """Only the choices selected at least once."""
        ...


__all__ += [
    "ChoicePickRow",
    "QuestionPoints",
    "QuestionSumsRow",
    "QuizResultRow",
    "QuizResultsReader",
    "ScoreSummary",
]
