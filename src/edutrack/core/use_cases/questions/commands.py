"""The commands and queries of the question bank's use cases. Shapes, types and ranges are checked at the
edge; the use cases check the rules (names not blank, parents that exist and may be read, the choices a
question type needs)."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.commands import UNSET, Unset
from edutrack.core.entities.questions import Difficulty, QuestionType


@dataclass(frozen=True, slots=True)
class NewChapter:
    subject_id: int
    name: str
    order: int = 0


@dataclass(frozen=True, slots=True)
class ChapterChanges:
    """``UNSET`` leaves a field as stored."""

    subject_id: int | Unset = UNSET
    name: str | Unset = UNSET
    order: int | Unset = UNSET


@dataclass(frozen=True, slots=True)
class ChapterQuery:
    subject: int | None = None
    search: str | None = None


@dataclass(frozen=True, slots=True)
class NewBankLesson:
    chapter_id: int
    name: str
    order: int = 0


@dataclass(frozen=True, slots=True)
class BankLessonChanges:
    chapter_id: int | Unset = UNSET
    name: str | Unset = UNSET
    order: int | Unset = UNSET


@dataclass(frozen=True, slots=True)
class LessonQuery:
    chapter: int | None = None
    subject: int | None = None
    search: str | None = None


@dataclass(frozen=True, slots=True)
class NewChoice:
    text: str
    is_correct: bool = False
    order: int = 0
    image: str | None = None


@dataclass(frozen=True, slots=True)
class NewQuestion:
    lesson_id: int
    question_type: QuestionType
    text: str
    image: str | None = None
    difficulty: Difficulty = Difficulty.MEDIUM
    points: int = 1
    explanation: str = ""
    is_global: bool = False
    choices: tuple[NewChoice, ...] = ()


@dataclass(frozen=True, slots=True)
class QuestionChanges:
    """``UNSET`` leaves a field as stored; ``choices`` set replaces every choice. The rules of the question
    type are checked on the result."""

    lesson_id: int | Unset = UNSET
    question_type: QuestionType | Unset = UNSET
    text: str | Unset = UNSET
    image: str | Unset | None = UNSET
    difficulty: Difficulty | Unset = UNSET
    points: int | Unset = UNSET
    explanation: str | Unset = UNSET
    is_global: bool | Unset = UNSET
    choices: tuple[NewChoice, ...] | Unset = UNSET


@dataclass(frozen=True, slots=True)
class QuestionQuery:
    """The filters of the question list and of the random selection (``mine``: the caller's teacher's own;
    for the site owner, those of no teacher)."""

    lesson: int | None = None
    chapter: int | None = None
    subject: int | None = None
    question_type: QuestionType | None = None
    difficulty: Difficulty | None = None
    is_global: bool | None = None
    mine: bool = False
    search: str | None = None
    ordering: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True, slots=True)
class RandomSelection:
    count: int
    filters: QuestionQuery = QuestionQuery()
    exclude_ids: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class RandomSelectionResult:
    total_available: int
    requested: int
    selected: list[int]
