"""Homework (Teacher API §9, issue #12): the write side reached through the unit of work, and the rows
the readers build in SQL (joins and sums in the database; a list is a fixed number of statements).

A submission is unique per (homework, student): the database's UNIQUE(homework_id, student_id) decides
two concurrent submits, the loser getting the same answer as a second submit (``ALREADY_SUBMITTED``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from edutrack.core.entities.homework import Homework, HomeworkAnswer, HomeworkSubmission, SubmissionStatus
from edutrack.core.entities.questions import QuestionType
from edutrack.ports.readers import Page, PageRequest


@dataclass(frozen=True, slots=True)
class LectureScope:
    """A lecture's place: its course and the course's teacher (who, with their staff, writes homework)."""

    lecture_id: int
    course_id: int
    teacher_id: int


class HomeworkRepository(Protocol):
    async def add(self, homework: Homework) -> Homework:
        """Insert the homework and its questions; assign ``homework.id`` and each question link's id."""
        ...

    async def get(self, homework_id: int) -> Homework | None:
        """With its questions in (order, id)."""
        ...

    async def save(self, homework: Homework, *, replace_questions: bool) -> None:
        """Write the homework's fields; with ``replace_questions`` its question links too."""
        ...

    async def delete(self, homework_id: int) -> None:
        """Delete the homework with its question links and submissions."""
        ...

    async def lecture_scope(self, lecture_id: int) -> LectureScope | None:
        """None when there is no such lecture."""
        ...

    async def has_submissions(self, homework_id: int) -> bool: ...


class HomeworkSubmissionRepository(Protocol):
    async def exists(self, homework_id: int, student_id: int) -> bool: ...

    async def add(self, submission: HomeworkSubmission) -> HomeworkSubmission:
        """Insert the submission with its answers and their choices (the snapshot); assign the ids. A
        submission of the same (homework, student) already there, even one committed concurrently, is
        RuleViolation ``{"error": ALREADY_SUBMITTED}``."""
        ...

    async def get_for_update(self, submission_id: int) -> HomeworkSubmission | None:
        """The submission with its answers and their choices; the submission row stays locked until the
        transaction ends (``SELECT ... FOR UPDATE`` on PostgreSQL), so concurrent grades of one submission
        take turns and the score recomputed from every answer never loses one."""
        ...

    async def save_grade(self, submission: HomeworkSubmission, answer: HomeworkAnswer) -> None:
        """Write one answer's grade (``is_correct``, ``points_awarded``, ``score_override``, ``feedback``,
        ``graded_at``) and the submission's ``status``, ``score`` and ``graded_at``."""
        ...


# --- reading ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HomeworkRow:
    """A homework with its lecture and course; ``total_points`` and ``question_count`` summed over its
    current questions; ``my_submission`` the asking student's submission id (None for staff)."""

    id: int
    lecture_id: int
    lecture_name: str
    course_id: int
    course_name: str
    teacher_id: int
    title: str
    description: str
    model_answer: str
    is_active: bool
    is_published: bool
    total_points: int
    question_count: int
    open_date: datetime | None
    close_date: datetime | None
    created_by: int | None
    created_at: datetime
    updated_at: datetime
    my_submission: int | None = None


@dataclass(frozen=True, slots=True)
class ChoiceRow:
    id: int
    text: str
    image: str | None
    is_correct: bool
    order: int


@dataclass(frozen=True, slots=True)
class HomeworkQuestionRow:
    """One question of a homework, as the bank holds it now."""

    id: int
    question_id: int
    order: int
    points_override: int | None
    points: int
    question_type: QuestionType
    text: str
    image: str | None
    choices: tuple[ChoiceRow, ...] = field(default=())

    @property
    def effective_points(self) -> int:
        return self.points_override if self.points_override is not None else self.points


ORDERING_FIELDS = ("created_at", "title", "open_date", "close_date", "id")


@dataclass(frozen=True, slots=True)
class HomeworkFilter:
    """``teacher``: a teacher's courses only; ``lecture_ids``: only these lectures (a student's: those
    they hold access to); ``student_open``: published and active only; ``student_id``: whose
    ``my_submission`` to fill. ``ordering`` is ``[(field, descending), ...]`` over ``ORDERING_FIELDS``
    (then newest first)."""

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


class HomeworkReader(Protocol):
    async def list(self, filters: HomeworkFilter, page: PageRequest) -> Page[HomeworkRow]:
        """One COUNT and one page query whatever the page size."""
        ...

    async def get(self, homework_id: int, student_id: int | None = None) -> HomeworkRow | None: ...

    async def questions(self, homework_id: int) -> list[HomeworkQuestionRow]:
        """In (order, id), each with its choices in (order, id): two statements."""
        ...


@dataclass(frozen=True, slots=True)
class SubmissionRow:
    id: int
    homework_id: int
    homework_title: str
    lecture_id: int
    teacher_id: int
    model_answer: str
    close_date: datetime | None
    student_id: int
    student_user_id: int
    student_name: str
    student_code: str
    status: SubmissionStatus
    submitted_at: datetime
    graded_at: datetime | None
    score: Decimal
    max_score: Decimal


@dataclass(frozen=True, slots=True)
class SubmissionFilter:
    """``student`` matches the student profile id or the student code."""

    homework_id: int
    student: str | None = None
    status: SubmissionStatus | None = None
    oldest_first: bool = False


class HomeworkSubmissionReader(Protocol):
    async def list(self, filters: SubmissionFilter, page: PageRequest) -> Page[SubmissionRow]:
        """Newest first (``submitted_at``, ``id``), or oldest first: one COUNT and one page query."""
        ...

    async def get(self, submission_id: int) -> SubmissionRow | None: ...

    async def answers(self, submission_id: int) -> list[HomeworkAnswer]:
        """The snapshot: every answer in (order, id) with its choices in (order, id); two statements."""
        ...

    async def points_by_question(self, homework_id: int) -> Mapping[int, Mapping[int, Decimal | None]]:
        """For each submission of the homework: question id → points awarded (None when
        unanswered or not graded yet)."""
        ...
