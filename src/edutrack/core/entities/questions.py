"""The question bank (Teacher API §8, API_SUPPLEMENT §7): a subject's chapters, their lessons, and the
questions filed under a lesson, each with its choices.

Ownership: a chapter belongs to the teacher whose staff created it (``teacher_id``), or to the site owner
(``teacher_id`` None: a shared chapter every teacher may file questions under). A lesson belongs to its
chapter's owner. A question belongs to the teacher whose staff created it (``teacher_id``; None when the
site owner created it) and is seen by every teacher when ``is_global``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class QuestionType(StrEnum):
    MCQ_SINGLE = "mcq_single"
    MCQ_MULTIPLE = "mcq_multiple"
    WRITTEN = "written"

    @property
    def is_mcq(self) -> bool:
        return self is not QuestionType.WRITTEN


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


@dataclass(slots=True)
class Chapter:
    subject_id: int
    name: str
    created_at: datetime
    updated_at: datetime
    order: int = 0
    teacher_id: int | None = None  # None: the site owner's, shared by every teacher
    id: int | None = None


@dataclass(slots=True)
class BankLesson:
    chapter_id: int
    name: str
    created_at: datetime
    updated_at: datetime
    order: int = 0
    id: int | None = None


@dataclass(slots=True)
class Choice:
    text: str
    is_correct: bool = False
    order: int = 0
    image: str | None = None  # an http(s) URL
    id: int | None = None


@dataclass(slots=True)
class Question:
    lesson_id: int
    question_type: QuestionType
    text: str
    created_by: int | None  # the user id of whoever created it (None once that user is deleted)
    created_at: datetime
    updated_at: datetime
    difficulty: Difficulty = Difficulty.MEDIUM
    points: int = 1
    explanation: str = ""
    is_global: bool = False
    image: str | None = None  # an http(s) URL
    teacher_id: int | None = None  # the owning teacher; None when the site owner created it
    choices: list[Choice] = field(default_factory=list)  # in (order, id)
    id: int | None = None

    @property
    def correct_choice_ids(self) -> frozenset[int]:
        return frozenset(c.id for c in self.choices if c.is_correct and c.id is not None)
