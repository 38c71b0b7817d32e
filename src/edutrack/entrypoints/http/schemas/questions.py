"""Request and response bodies of the question bank (Teacher API §8, API_SUPPLEMENT §7), the body →
command conversions and the row → body encoders.

Shapes, types and ranges are checked here (the Structs' metas: an unknown enum value, a count of 0, a
string of 20 000 characters are 400 field errors); the rules (names not blank, parents that exist, the
choices a question type needs) are the core's."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec

from edutrack.core.entities.questions import Difficulty, QuestionType
from edutrack.core.use_cases.questions.commands import (
    BankLessonChanges,
    ChapterChanges,
    NewBankLesson,
    NewChapter,
    NewChoice,
    NewQuestion,
    QuestionChanges,
    QuestionQuery,
    RandomSelection,
    RandomSelectionResult,
)
from edutrack.entrypoints.http.schemas.common import Id
from edutrack.ports.questions import ChapterRow, LessonRow, QuestionDetail, QuestionRow

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType

Order = Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1, description="Position among its siblings")]
Title = Annotated[str, msgspec.Meta(max_length=200)]
Text = Annotated[str, msgspec.Meta(max_length=10_000)]
Url = Annotated[str, msgspec.Meta(max_length=500, description="An http(s) URL")]
Points = Annotated[int, msgspec.Meta(ge=1, le=1000, description="1 to 1000")]
MAX_CHOICES = 20
Choices = Annotated[list["ChoiceIn"], msgspec.Meta(max_length=MAX_CHOICES)]
Count = Annotated[int, msgspec.Meta(ge=1, le=200, description="1 to 200")]
ExcludeIds = Annotated[list[Id], msgspec.Meta(max_length=1000)]

# --- requests ---------------------------------------------------------------------------------------------


class ChapterIn(msgspec.Struct, forbid_unknown_fields=False):
    subject: Id
    name: Title
    order: Order = 0


class ChapterPatch(msgspec.Struct, forbid_unknown_fields=False):
    subject: Id | Unset = UNSET
    name: Title | Unset = UNSET
    order: Order | Unset = UNSET


class LessonIn(msgspec.Struct, forbid_unknown_fields=False):
    chapter: Id
    name: Title
    order: Order = 0


class LessonPatch(msgspec.Struct, forbid_unknown_fields=False):
    chapter: Id | Unset = UNSET
    name: Title | Unset = UNSET
    order: Order | Unset = UNSET


class ChoiceIn(msgspec.Struct, forbid_unknown_fields=False):
    text: Text = ""
    image: Url | None = None
    is_correct: bool = False
    order: Order = 0


class QuestionIn(msgspec.Struct, forbid_unknown_fields=False):
    lesson: Id
    question_type: QuestionType
    text: Text
    image: Url | None = None
    difficulty: Difficulty = Difficulty.MEDIUM
    points: Points = 1
    explanation: Text | None = ""
    is_global: bool = False
    choices: Choices = msgspec.field(default_factory=list)


class QuestionPut(msgspec.Struct, forbid_unknown_fields=False):
    """Every field optional: those not sent keep their values; ``choices`` sent replace them all."""

    lesson: Id | Unset = UNSET
    question_type: QuestionType | Unset = UNSET
    text: Text | Unset = UNSET
    image: Url | Unset | None = UNSET
    difficulty: Difficulty | Unset = UNSET
    points: Points | Unset = UNSET
    explanation: Text | Unset | None = UNSET
    is_global: bool | Unset = UNSET
    choices: Choices | Unset = UNSET


class RandomSelectIn(msgspec.Struct, forbid_unknown_fields=False):
    count: Count
    lesson: Id | None = None
    chapter: Id | None = None
    subject: Id | None = None
    question_type: QuestionType | None = None
    difficulty: Difficulty | None = None
    is_global: bool | None = None
    mine: bool = False
    exclude_ids: ExcludeIds = msgspec.field(default_factory=list)


# --- body → command ---------------------------------------------------------------------------------------


def _set(data: msgspec.Struct, **renamed: str) -> dict[str, Any]:
    """The fields ``data`` sets (msgspec's UNSET left out, so the core's command keeps its own), under the
    command's names (``renamed``: body name → command name)."""
    values = {}
    for name in data.__struct_fields__:
        value = getattr(data, name)
        if value is not UNSET:
            values[renamed.get(name, name)] = value
    return values


def new_chapter(data: ChapterIn) -> NewChapter:
    return NewChapter(subject_id=data.subject, name=data.name, order=data.order)


def chapter_changes(data: ChapterPatch) -> ChapterChanges:
    return ChapterChanges(**_set(data, subject="subject_id"))


def new_lesson(data: LessonIn) -> NewBankLesson:
    return NewBankLesson(chapter_id=data.chapter, name=data.name, order=data.order)


def lesson_changes(data: LessonPatch) -> BankLessonChanges:
    return BankLessonChanges(**_set(data, chapter="chapter_id"))


def _choices(choices: list[ChoiceIn]) -> tuple[NewChoice, ...]:
    return tuple(
        NewChoice(text=c.text, is_correct=c.is_correct, order=c.order, image=c.image) for c in choices
    )


def new_question(data: QuestionIn) -> NewQuestion:
    return NewQuestion(
        lesson_id=data.lesson,
        question_type=data.question_type,
        text=data.text,
        image=data.image,
        difficulty=data.difficulty,
        points=data.points,
        explanation=data.explanation or "",
        is_global=data.is_global,
        choices=_choices(data.choices),
    )


def question_changes(data: QuestionPut) -> QuestionChanges:
    values = _set(data, lesson="lesson_id")
    if "explanation" in values:
        values["explanation"] = values["explanation"] or ""
    if "choices" in values:
        values["choices"] = _choices(values["choices"])
    return QuestionChanges(**values)


def random_selection(data: RandomSelectIn) -> RandomSelection:
    filters = QuestionQuery(
        lesson=data.lesson,
        chapter=data.chapter,
        subject=data.subject,
        question_type=data.question_type,
        difficulty=data.difficulty,
        is_global=data.is_global,
        mine=data.mine,
    )
    return RandomSelection(count=data.count, filters=filters, exclude_ids=frozenset(data.exclude_ids))


# --- responses --------------------------------------------------------------------------------------------


class ChapterOut(msgspec.Struct):
    id: int
    subject: int
    subject_name: str
    name: str
    order: int
    teacher: int | None
    lesson_count: int
    created_at: datetime
    updated_at: datetime


class LessonOut(msgspec.Struct):
    id: int
    chapter: int
    chapter_name: str
    subject: int
    subject_name: str
    name: str
    order: int
    teacher: int | None
    question_count: int
    created_at: datetime
    updated_at: datetime


class QuestionListOut(msgspec.Struct):
    id: int
    lesson: int
    lesson_name: str
    chapter: int
    chapter_name: str
    subject: int
    subject_name: str
    question_type: str
    text: str
    image: str | None
    difficulty: str
    points: int
    choice_count: int
    is_global: bool
    created_by: int | None
    created_at: datetime
    updated_at: datetime


class ChoiceOut(msgspec.Struct):
    id: int
    text: str
    image: str | None
    is_correct: bool
    order: int


class QuestionOut(msgspec.Struct):
    id: int
    lesson: int
    lesson_name: str
    chapter: int
    chapter_name: str
    subject: int
    subject_name: str
    question_type: str
    text: str
    image: str | None
    difficulty: str
    points: int
    explanation: str
    is_global: bool
    created_by: int | None
    created_at: datetime
    updated_at: datetime
    in_use: bool
    choices: list[ChoiceOut]


class RandomSelectOut(msgspec.Struct):
    total_available: int
    requested: int
    selected: list[int]


def chapter_out(row: ChapterRow) -> ChapterOut:
    return ChapterOut(
        id=row.id,
        subject=row.subject_id,
        subject_name=row.subject_name,
        name=row.name,
        order=row.order,
        teacher=row.teacher_id,
        lesson_count=row.lesson_count,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def lesson_out(row: LessonRow) -> LessonOut:
    return LessonOut(
        id=row.id,
        chapter=row.chapter_id,
        chapter_name=row.chapter_name,
        subject=row.subject_id,
        subject_name=row.subject_name,
        name=row.name,
        order=row.order,
        teacher=row.teacher_id,
        question_count=row.question_count,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def question_list_out(row: QuestionRow) -> QuestionListOut:
    return QuestionListOut(
        id=row.id,
        lesson=row.lesson_id,
        lesson_name=row.lesson_name,
        chapter=row.chapter_id,
        chapter_name=row.chapter_name,
        subject=row.subject_id,
        subject_name=row.subject_name,
        question_type=row.question_type.value,
        text=row.text,
        image=row.image,
        difficulty=row.difficulty.value,
        points=row.points,
        choice_count=row.choice_count,
        is_global=row.is_global,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def question_out(detail: QuestionDetail) -> QuestionOut:
    row = detail.row
    return QuestionOut(
        id=row.id,
        lesson=row.lesson_id,
        lesson_name=row.lesson_name,
        chapter=row.chapter_id,
        chapter_name=row.chapter_name,
        subject=row.subject_id,
        subject_name=row.subject_name,
        question_type=row.question_type.value,
        text=row.text,
        image=row.image,
        difficulty=row.difficulty.value,
        points=row.points,
        explanation=detail.explanation,
        is_global=row.is_global,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        in_use=detail.in_use,
        choices=[
            ChoiceOut(id=c.id or 0, text=c.text, image=c.image, is_correct=c.is_correct, order=c.order)
            for c in detail.choices
        ],
    )


def random_select_out(result: RandomSelectionResult) -> RandomSelectOut:
    return RandomSelectOut(
        total_available=result.total_available, requested=result.requested, selected=result.selected
    )
