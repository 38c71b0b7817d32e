"""The question bank (Teacher API §8, API_SUPPLEMENT §7): the write side, in a unit of work.

The readers (lists and details built by SQL) are declared below the repositories, by the question bank's
own use cases. Homework and quizzes read questions through ``QuestionRepository.get_many`` (to check what
the caller may use and to snapshot what a student answers) and never write them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from edutrack.core.entities.questions import BankLesson, Chapter, Choice, Difficulty, Question, QuestionType
from edutrack.ports.readers import Page, PageRequest


class ChapterRepository(Protocol):
    async def add(self, chapter: Chapter) -> Chapter:
        """Insert and assign ``chapter.id`` (its subject must exist)."""
        ...

    async def get(self, chapter_id: int) -> Chapter | None: ...

    async def save(self, chapter: Chapter) -> None: ...

    async def in_use(self, chapter_id: int) -> bool:
        """Whether a question is filed under one of the chapter's lessons."""
        ...

    async def delete(self, chapter_id: int) -> None:
        """Delete the chapter with its lessons (the caller checked ``in_use`` first)."""
        ...


class BankLessonRepository(Protocol):
    async def add(self, lesson: BankLesson) -> BankLesson:
        """Insert and assign ``lesson.id`` (its chapter must exist)."""
        ...

    async def get(self, lesson_id: int) -> BankLesson | None: ...

    async def save(self, lesson: BankLesson) -> None: ...

    async def in_use(self, lesson_id: int) -> bool:
        """Whether a question is filed under the lesson."""
        ...

    async def delete(self, lesson_id: int) -> None: ...


class QuestionRepository(Protocol):
    async def add(self, question: Question) -> Question:
        """Insert the question and its choices; assign ``question.id`` and every ``choice.id``."""
        ...

    async def get(self, question_id: int) -> Question | None:
        """With its choices in (order, id)."""
        ...

    async def get_many(self, question_ids: Collection[int]) -> dict[int, Question]:
        """The questions among ``question_ids`` that exist, each with its choices in (order, id), in a
        fixed number of statements whatever their number (unknown ids are simply missing)."""
        ...

    async def save(self, question: Question, *, replace_choices: bool) -> None:
        """Write the question's fields; with ``replace_choices`` delete its choices and insert
        ``question.choices`` (assigning their ids)."""
        ...

    async def in_use(self, question_id: int) -> bool:
        """Whether a homework (or a quiz) uses the question."""
        ...

    async def delete(self, question_id: int) -> None:
        """Delete the question and its choices (the caller checked ``in_use`` first)."""
        ...


# --- the readers (committed state; rows built by the database) -------------------------------------------


@dataclass(frozen=True, slots=True)
class BankScope:
    """What of the bank a caller sees: ``everything`` (the site owner), or the chapters and lessons of
    ``teacher_id`` plus the shared ones (no teacher), and the questions of ``teacher_id`` plus every global
    one."""

    everything: bool
    teacher_id: int | None = None


@dataclass(frozen=True, slots=True)
class ChapterRow:
    id: int
    subject_id: int
    subject_name: str
    name: str
    order: int
    teacher_id: int | None
    lesson_count: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class LessonRow:
    """A bank lesson; ``teacher_id`` is its chapter's owner."""

    id: int
    chapter_id: int
    chapter_name: str
    subject_id: int
    subject_name: str
    name: str
    order: int
    teacher_id: int | None
    question_count: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class QuestionRow:
    id: int
    lesson_id: int
    lesson_name: str
    chapter_id: int
    chapter_name: str
    subject_id: int
    subject_name: str
    question_type: QuestionType
    text: str
    image: str | None
    difficulty: Difficulty
    points: int
    choice_count: int
    is_global: bool
    teacher_id: int | None
    created_by: int | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class QuestionDetail:
    """One question with its explanation, its choices in (order, id) and whether a homework (or a quiz)
    uses it."""

    row: QuestionRow
    explanation: str
    in_use: bool
    choices: tuple[Choice, ...]


@dataclass(frozen=True, slots=True)
class ChapterFilter:
    scope: BankScope
    subject: int | None = None
    search: str | None = None  # case-insensitive substring of the name


@dataclass(frozen=True, slots=True)
class LessonFilter:
    scope: BankScope
    chapter: int | None = None
    subject: int | None = None
    search: str | None = None


QUESTION_ORDERING = ("created_at", "points", "difficulty", "id")


@dataclass(frozen=True, slots=True)
class QuestionFilter:
    """``mine``: only the questions of ``scope.teacher_id`` (for ``scope.everything``: those of no teacher).
    ``search``: case-insensitive substring of the text. ``ordering`` ``[(field, descending), ...]`` over
    ``QUESTION_ORDERING`` (difficulty ranks easy < medium < hard), then newest first."""

    scope: BankScope
    lesson: int | None = None
    chapter: int | None = None
    subject: int | None = None
    question_type: QuestionType | None = None
    difficulty: Difficulty | None = None
    is_global: bool | None = None
    mine: bool = False
    search: str | None = None
    exclude_ids: frozenset[int] = frozenset()
    ordering: tuple[tuple[str, bool], ...] = ()


class QuestionBankReader(Protocol):
    """Lists are a fixed number of statements whatever the page size."""

    async def list_chapters(self, filters: ChapterFilter, page: PageRequest) -> Page[ChapterRow]:
        """Ordered by (order, id)."""
        ...

    async def get_chapter(self, chapter_id: int) -> ChapterRow | None: ...

    async def list_lessons(self, filters: LessonFilter, page: PageRequest) -> Page[LessonRow]:
        """Ordered by (order, id)."""
        ...

    async def get_lesson(self, lesson_id: int) -> LessonRow | None: ...

    async def list_questions(self, filters: QuestionFilter, page: PageRequest) -> Page[QuestionRow]: ...

    async def get_question(self, question_id: int) -> QuestionDetail | None: ...

    async def random_question_ids(self, filters: QuestionFilter, count: int) -> tuple[int, list[int]]:
        """``(total matching, up to count distinct ids drawn at random by the database)``: one COUNT and
        one SELECT of ids, never every row."""
        ...
