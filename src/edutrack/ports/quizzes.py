"""Quizzes (issue #13): quizzes, their questions and overrides, the write side reached through the unit
of work, and the rows the quiz reader builds in SQL (joins, counts and sums in the database; a list is a
fixed number of statements). Attempts are in ``ports.quiz_attempts``, results in ``ports.quiz_results``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from edutrack.core.entities.quizzes import (
    AttemptScoring,
    QuestionOrder,
    Quiz,
    QuizOverride,
    Visibility,
)
from edutrack.ports.homework import ChoiceRow, HomeworkQuestionRow, LectureScope
from edutrack.ports.readers import Page, PageRequest

__all__ = [
    "ChoiceRow",
    "LectureScope",
    "OverrideRow",
    "QuizFilter",
    "QuizOverrideRepository",
    "QuizQuestionRow",
    "QuizReader",
    "QuizRepository",
    "QuizRow",
]

QuizQuestionRow = HomeworkQuestionRow  # one question of a quiz as the bank holds it now


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

    async def overrides(self, quiz_id: int, page: PageRequest) -> Page[OverrideRow]:
        """The quiz's overrides by student name, then id: one COUNT and one page query."""
        ...

    async def override(self, override_id: int) -> OverrideRow | None: ...


__all__ += ["ORDERING_FIELDS"]
