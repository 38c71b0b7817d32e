"""Request and response bodies of homework (Teacher API §9, issue #12), the body → command conversions
and the view → body encoders. Scores are two-decimal strings; datetimes ISO 8601 (without an offset read
as UTC)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated

import msgspec

from edutrack.core.commands import UNSET as KEEP
from edutrack.core.use_cases.homework.common import HomeworkView
from edutrack.core.use_cases.homework.write_homework import HomeworkChanges, NewHomework
from edutrack.entrypoints.http.schemas.common import Id, MoneyIn
from edutrack.ports.homework import HomeworkQuestionRow

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType

MAX_QUESTIONS = 200
MAX_SCORE = Decimal("999999.99")
LectureId = Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1, description="Lecture ID")]
Title = Annotated[str, msgspec.Meta(max_length=200, description="Homework title (not blank)")]
Text = Annotated[str, msgspec.Meta(max_length=20_000)]
QuestionIds = Annotated[
    list[Id],
    msgspec.Meta(
        max_length=MAX_QUESTIONS,
        description="Bank question ids, in the order students see them; each one the caller may read, once",
    ),
]
ChoiceIds = Annotated[list[Id], msgspec.Meta(max_length=100, description="Selected choice ids (MCQ only)")]


# --- requests ------------------------------------------------------------------------------------


class HomeworkIn(msgspec.Struct, forbid_unknown_fields=False):
    """``POST /learning/homeworks/``."""

    lecture: LectureId
    title: Title
    description: Text = ""
    model_answer: Text = ""
    is_active: bool = True
    is_published: bool = False
    open_date: datetime | None = None
    close_date: datetime | None = None
    question_ids: QuestionIds = msgspec.field(default_factory=list)


class HomeworkUpdateIn(msgspec.Struct, forbid_unknown_fields=False):
    """``PUT /learning/homeworks/{id}/``: fields not sent keep their values."""

    lecture: LectureId | Unset = UNSET
    title: Title | Unset = UNSET
    description: Text | Unset = UNSET
    model_answer: Text | Unset = UNSET
    is_active: bool | Unset = UNSET
    is_published: bool | Unset = UNSET
    open_date: datetime | Unset | None = UNSET
    close_date: datetime | Unset | None = UNSET
    question_ids: QuestionIds | Unset = UNSET


class WrittenGradeIn(msgspec.Struct, forbid_unknown_fields=False):
    """``POST /learning/homework-submissions/{id}/grade-written/``."""

    answer_id: Id
    score_override: Annotated[MoneyIn, msgspec.Meta(description="0..the question's points, 2 decimals")]
    feedback: Text = ""


# --- body → command -------------------------------------------------------------------------------


def _utc(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def new_homework(data: HomeworkIn) -> NewHomework:
    return NewHomework(
        lecture_id=data.lecture,
        title=data.title,
        description=data.description,
        model_answer=data.model_answer,
        is_active=data.is_active,
        is_published=data.is_published,
        open_date=_utc(data.open_date),
        close_date=_utc(data.close_date),
        question_ids=tuple(data.question_ids),
    )


def _kept(value: object) -> object:
    return KEEP if value is UNSET else value


def homework_changes(homework_id: int, data: HomeworkUpdateIn) -> HomeworkChanges:
    return HomeworkChanges(
        homework_id=homework_id,
        lecture_id=_kept(data.lecture),  # type: ignore[arg-type]
        title=_kept(data.title),  # type: ignore[arg-type]
        description=_kept(data.description),  # type: ignore[arg-type]
        model_answer=_kept(data.model_answer),  # type: ignore[arg-type]
        is_active=_kept(data.is_active),  # type: ignore[arg-type]
        is_published=_kept(data.is_published),  # type: ignore[arg-type]
        open_date=KEEP if data.open_date is UNSET else _utc(data.open_date),
        close_date=KEEP if data.close_date is UNSET else _utc(data.close_date),
        question_ids=KEEP if isinstance(data.question_ids, Unset) else tuple(data.question_ids),
    )


# --- responses -----------------------------------------------------------------------------------


class AssessmentChoiceOut(msgspec.Struct, omit_defaults=True):
    """``is_correct`` is absent for a student."""

    id: int
    text: str
    image: str | None
    order: int
    is_correct: bool | Unset = UNSET


class HomeworkQuestionOut(msgspec.Struct):
    id: int
    question: int
    order: int
    points_override: int | None
    effective_points: int
    question_text: str
    question_image: str | None
    question_type: str
    choices: list[AssessmentChoiceOut]


class HomeworkOut(msgspec.Struct):
    """A list row; the detail adds ``model_answer`` and ``questions``."""

    id: int
    lecture: int
    lecture_name: str
    course: int
    course_name: str
    title: str
    description: str
    is_active: bool
    is_published: bool
    total_points: int
    question_count: int
    open_date: datetime | None
    close_date: datetime | None
    created_at: datetime
    updated_at: datetime
    my_submission: int | None


class HomeworkDetailOut(HomeworkOut):
    model_answer: str | None
    questions: list[HomeworkQuestionOut]


def _question_out(q: HomeworkQuestionRow, staff: bool) -> HomeworkQuestionOut:
    return HomeworkQuestionOut(
        id=q.id,
        question=q.question_id,
        order=q.order,
        points_override=q.points_override,
        effective_points=q.effective_points,
        question_text=q.text,
        question_image=q.image,
        question_type=q.question_type.value,
        choices=[
            AssessmentChoiceOut(
                id=c.id,
                text=c.text,
                image=c.image,
                order=c.order,
                is_correct=c.is_correct if staff else UNSET,
            )
            for c in q.choices
        ],
    )


def _row_values(view: HomeworkView) -> dict[str, object]:
    row = view.row
    return {
        "id": row.id,
        "lecture": row.lecture_id,
        "lecture_name": row.lecture_name,
        "course": row.course_id,
        "course_name": row.course_name,
        "title": row.title,
        "description": row.description,
        "is_active": row.is_active,
        "is_published": row.is_published,
        "total_points": row.total_points,
        "question_count": row.question_count,
        "open_date": row.open_date,
        "close_date": row.close_date,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "my_submission": None if view.staff else row.my_submission,
    }


def homework_out(view: HomeworkView) -> HomeworkOut:
    return HomeworkOut(**_row_values(view))  # type: ignore[arg-type]


def homework_detail_out(view: HomeworkView) -> HomeworkDetailOut:
    return HomeworkDetailOut(
        **_row_values(view),  # type: ignore[arg-type]
        model_answer=view.model_answer,
        questions=[_question_out(q, view.staff) for q in view.questions or ()],
    )


class AnswerOut(msgspec.Struct):
    id: int
    question: int
    selected_choices: list[int]
    written_answer: str | None
    is_correct: bool | None
    points_awarded: str | None
    score_override: str | None
    feedback: str


class SnapshotQuestionOut(msgspec.Struct):
    """A question as it was when the student submitted; ``choices[].id`` are the bank's choice ids."""

    question: int
    order: int
    points: int
    question_type: str
    text: str
    image: str | None
    explanation: str | None
    choices: list[AssessmentChoiceOut]


class SubmissionOut(msgspec.Struct, omit_defaults=True):
    """A list row has no ``model_answer``, ``answers`` or ``questions``."""

    id: int
    homework: int
    homework_title: str
    student: int
    student_name: str
    student_code: str
    status: str
    submitted_at: datetime
    graded_at: datetime | None
    score: str
    max_score: str
    percentage: str
    passed: bool | None
    model_answer: str | Unset | None = UNSET
    answers: list[AnswerOut] | Unset = UNSET
    questions: list[SnapshotQuestionOut] | Unset = UNSET


class ResultOut(msgspec.Struct):
    student: int
    student_name: str
    student_code: str
    attempts: int
    score: str
    max_score: str
    percentage: str
    passed: bool | None
    last_submitted_at: datetime
