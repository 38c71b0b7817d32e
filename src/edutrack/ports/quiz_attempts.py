"""Quiz attempts (issue #13): the write side reached through the unit of work, and the rows the attempt
reader builds in SQL.

The database decides the races: UNIQUE(quiz_id, student_id, attempt_number) and the partial unique index
"one attempt in progress per (quiz, student)" make the second of two concurrent starts fail
(``AttemptTaken``); closing an attempt is one conditional UPDATE ``WHERE status = 'in_progress'``, so a
submit and the sweep racing close it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from edutrack.core.entities.people import StudentStatus
from edutrack.core.entities.quizzes import AttemptStatus, ClosedBy, QuizAnswer, QuizAttempt, Visibility
from edutrack.ports.readers import Page, PageRequest

__all__ = [
    "AttemptClosed",
    "AttemptFilter",
    "AttemptRecord",
    "AttemptRow",
    "AttemptTaken",
    "QuizAttemptReader",
    "QuizAttemptRepository",
]


class AttemptTaken(Exception):
    """An attempt insert lost a race: the (quiz, student) already has an attempt in progress, or the
    attempt number was taken by a concurrent start. The transaction stays usable (a savepoint)."""


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
