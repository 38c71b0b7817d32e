"""Homework (Teacher API §9, issue #12): a lecture's set of bank questions, and the students' submissions.

A submission keeps its own copy of every question of the homework as it was at submit time (text, type,
points, choices and which were correct): editing or re-ordering the bank later never changes a submitted
homework, its score or what the student is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from edutrack.core.entities.questions import QuestionType

ZERO = Decimal("0.00")

ALREADY_SUBMITTED = "You have already submitted this homework."
NOT_OPEN_YET = "This homework is not open yet."
CLOSED = "This homework is closed."


class SubmissionStatus(StrEnum):
    SUBMITTED = "submitted"  # written answers wait for a grade
    GRADED = "graded"  # every answer has its points


@dataclass(slots=True)
class HomeworkQuestion:
    question_id: int
    order: int = 0
    points_override: int | None = None  # always None for now (no input yet)
    id: int | None = None


@dataclass(slots=True)
class Homework:
    lecture_id: int
    title: str
    created_at: datetime
    updated_at: datetime
    description: str = ""
    model_answer: str = ""
    is_active: bool = True
    is_published: bool = False
    open_date: datetime | None = None
    close_date: datetime | None = None
    created_by: int | None = None
    questions: list[HomeworkQuestion] = field(default_factory=list)  # in (order, id)
    id: int | None = None

    @property
    def question_ids(self) -> list[int]:
        return [q.question_id for q in self.questions]


@dataclass(slots=True)
class AnswerChoice:
    """A choice of the question as it was at submit time, and whether the student selected it."""

    choice_id: int
    text: str
    is_correct: bool
    order: int = 0
    image: str | None = None
    selected: bool = False
    id: int | None = None


@dataclass(slots=True)
class HomeworkAnswer:
    """One question of the homework at submit time (its snapshot) and the student's answer to it."""

    question_id: int
    order: int
    question_type: QuestionType
    question_text: str
    points: int
    question_image: str | None = None
    explanation: str = ""
    choices: list[AnswerChoice] = field(default_factory=list)
    answered: bool = False
    written_answer: str | None = None
    is_correct: bool | None = None  # None: a written answer that waits for a grade
    points_awarded: Decimal | None = None
    score_override: Decimal | None = None
    feedback: str = ""
    graded_at: datetime | None = None
    id: int | None = None

    @property
    def selected_choice_ids(self) -> list[int]:
        return [c.choice_id for c in self.choices if c.selected]

    @property
    def waits_for_grade(self) -> bool:
        return self.points_awarded is None


@dataclass(slots=True)
class HomeworkSubmission:
    homework_id: int
    student_id: int
    submitted_at: datetime
    status: SubmissionStatus = SubmissionStatus.SUBMITTED
    graded_at: datetime | None = None
    score: Decimal = ZERO
    max_score: Decimal = ZERO
    answers: list[HomeworkAnswer] = field(default_factory=list)  # in (order, id)
    id: int | None = None
