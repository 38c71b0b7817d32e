"""Request and response bodies of quizzes (Teacher API §10, API supplement §8, issue #13), the body →
command conversions and the view → body encoders. Scores are two-decimal strings; datetimes ISO 8601
(without an offset read as UTC). Results and statistics are in ``schemas/quiz_results.py``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from edutrack.core.commands import UNSET as KEEP
from edutrack.core.entities.quizzes import AttemptScoring, QuestionOrder, Visibility
from edutrack.core.errors import FieldErrors
from edutrack.core.money import parse_money
from edutrack.core.use_cases.quizzes.common import QuizView
from edutrack.core.use_cases.quizzes.manage import OverrideInput
from edutrack.core.use_cases.quizzes.write_quizzes import NewQuiz, QuizChanges
from edutrack.entrypoints.http.schemas.common import DetailOut, Id, MoneyIn
from edutrack.entrypoints.http.schemas.homework import (
    AssessmentChoiceOut,
    HomeworkQuestionOut,
    LectureId,
    QuestionIds,
    Text,
    _kept,
    _question_out,
    _utc,
)
from edutrack.entrypoints.http.schemas.homework_submissions import _money
from edutrack.ports.quizzes import OverrideRow

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType

Title = Annotated[str, msgspec.Meta(max_length=200, description="Quiz title (not blank)")]
VisibilityIn = Literal["immediate", "after_close", "manual"]
OrderIn = Literal["fixed", "random"]
ScoringIn = Literal["best", "average", "last"]
Minutes = Annotated[int, msgspec.Meta(ge=1, le=10080, description="Time limit in minutes (1..10080)")]
Attempts = Annotated[
    int, msgspec.Meta(ge=1, le=100, description="Attempts allowed (1..100; null: unlimited)")
]
PassingScore = Annotated[MoneyIn, msgspec.Meta(description="A percentage 0..100, two decimals")]


# --- requests ------------------------------------------------------------------------------------


class SettingsIn(msgspec.Struct, forbid_unknown_fields=False):
    """A quiz's settings; on PUT fields not sent keep their values."""

    open_date: datetime | Unset | None = UNSET
    close_date: datetime | Unset | None = UNSET
    timer_minutes: Minutes | Unset | None = UNSET
    score_visibility: VisibilityIn | Unset = UNSET
    answers_visibility: VisibilityIn | Unset = UNSET
    question_order: OrderIn | Unset = UNSET
    shuffle_choices: bool | Unset = UNSET
    allow_multiple_attempts: bool | Unset = UNSET
    max_attempts: Attempts | Unset | None = UNSET
    attempt_scoring: ScoringIn | Unset = UNSET
    show_correct_after_submission: bool | Unset = UNSET


class QuizIn(msgspec.Struct, forbid_unknown_fields=False):
    """``POST /learning/quizzes/``."""

    lecture: LectureId
    title: Title
    description: Text = ""
    passing_score: PassingScore | None = None
    is_active: bool = True
    is_published: bool = False
    settings: SettingsIn = msgspec.field(default_factory=SettingsIn)
    question_ids: QuestionIds = msgspec.field(default_factory=list)


class QuizUpdateIn(msgspec.Struct, forbid_unknown_fields=False):
    """``PUT /learning/quizzes/{id}/``: fields not sent keep their values."""

    lecture: LectureId | Unset = UNSET
    title: Title | Unset = UNSET
    description: Text | Unset = UNSET
    passing_score: PassingScore | Unset | None = UNSET
    is_active: bool | Unset = UNSET
    is_published: bool | Unset = UNSET
    settings: SettingsIn = msgspec.field(default_factory=SettingsIn)
    question_ids: QuestionIds | Unset = UNSET


class OverrideIn(msgspec.Struct, forbid_unknown_fields=False):
    """``POST /learning/quizzes/{id}/overrides/``."""

    student: Annotated[
        int | Annotated[str, msgspec.Meta(max_length=50)],
        msgspec.Meta(description="The student profile id or the student code"),
    ]
    extra_minutes: Annotated[int, msgspec.Meta(ge=0, le=10080)] = 0
    extra_attempts: Annotated[int, msgspec.Meta(ge=0, le=100)] = 0
    close_date: datetime | None = None


# --- body → command -------------------------------------------------------------------------------

DEFAULTS = {
    "open_date": None,
    "close_date": None,
    "timer_minutes": None,
    "score_visibility": Visibility.IMMEDIATE,
    "answers_visibility": Visibility.AFTER_CLOSE,
    "question_order": QuestionOrder.FIXED,
    "shuffle_choices": False,
    "allow_multiple_attempts": False,
    "max_attempts": None,
    "attempt_scoring": AttemptScoring.BEST,
    "show_correct_after_submission": True,
}
ENUMS = {
    "score_visibility": Visibility,
    "answers_visibility": Visibility,
    "question_order": QuestionOrder,
    "attempt_scoring": AttemptScoring,
}


def _settings(data: SettingsIn, *, keep: bool) -> dict[str, object]:
    """The settings sent, converted; the others KEEP (PUT) or their default (POST)."""
    values: dict[str, object] = {}
    for name, default in DEFAULTS.items():
        value = getattr(data, name)
        if value is UNSET:
            values[name] = KEEP if keep else default
        elif name in ENUMS:
            values[name] = ENUMS[name](value)
        elif name in ("open_date", "close_date"):
            values[name] = _utc(value)  # type: ignore[arg-type]
        else:
            values[name] = value
    return values


def _passing(errors: FieldErrors, raw: object) -> Decimal | None:
    if raw is None:
        return None
    return errors.check(parse_money, "passing_score", raw, minimum=Decimal(0), maximum=Decimal(100))


def new_quiz(data: QuizIn) -> NewQuiz:
    errors = FieldErrors()
    passing = _passing(errors, data.passing_score)
    errors.raise_if_any()
    return NewQuiz(
        lecture_id=data.lecture,
        title=data.title,
        description=data.description,
        passing_score=passing,
        is_active=data.is_active,
        is_published=data.is_published,
        question_ids=tuple(data.question_ids),
        **_settings(data.settings, keep=False),  # type: ignore[arg-type]
    )


def quiz_changes(quiz_id: int, data: QuizUpdateIn) -> QuizChanges:
    errors = FieldErrors()
    passing = KEEP if data.passing_score is UNSET else _passing(errors, data.passing_score)
    errors.raise_if_any()
    return QuizChanges(
        quiz_id=quiz_id,
        lecture_id=_kept(data.lecture),  # type: ignore[arg-type]
        title=_kept(data.title),  # type: ignore[arg-type]
        description=_kept(data.description),  # type: ignore[arg-type]
        passing_score=passing,
        is_active=_kept(data.is_active),  # type: ignore[arg-type]
        is_published=_kept(data.is_published),  # type: ignore[arg-type]
        question_ids=KEEP if isinstance(data.question_ids, Unset) else tuple(data.question_ids),
        **_settings(data.settings, keep=True),  # type: ignore[arg-type]
    )


def override_command(quiz_id: int, data: OverrideIn) -> OverrideInput:
    return OverrideInput(
        quiz_id=quiz_id,
        student=str(data.student),
        extra_minutes=data.extra_minutes,
        extra_attempts=data.extra_attempts,
        close_date=_utc(data.close_date),
    )


# --- responses -----------------------------------------------------------------------------------


class SettingsOut(msgspec.Struct):
    open_date: datetime | None
    close_date: datetime | None
    timer_minutes: int | None
    score_visibility: str
    answers_visibility: str
    question_order: str
    shuffle_choices: bool
    allow_multiple_attempts: bool
    max_attempts: int | None
    attempt_scoring: str
    show_correct_after_submission: bool


class QuizOut(msgspec.Struct):
    """A list row; the detail adds ``questions``. ``attempts_used``, ``attempts_allowed`` (null:
    unlimited) and ``in_progress_attempt`` only for a student."""

    id: int
    lecture: int
    lecture_name: str
    course: int
    course_name: str
    title: str
    description: str
    passing_score: str | None
    is_active: bool
    is_published: bool
    total_points: int
    question_count: int
    settings: SettingsOut
    scores_released_at: datetime | None
    answers_released_at: datetime | None
    created_at: datetime
    updated_at: datetime
    attempts_used: int | Unset = UNSET
    attempts_allowed: int | Unset | None = UNSET
    in_progress_attempt: int | Unset | None = UNSET


class QuizDetailOut(QuizOut):
    questions: list[HomeworkQuestionOut] = msgspec.field(default_factory=list)


def _row_values(view: QuizView) -> dict[str, object]:
    row = view.row
    values: dict[str, object] = {
        "id": row.id,
        "lecture": row.lecture_id,
        "lecture_name": row.lecture_name,
        "course": row.course_id,
        "course_name": row.course_name,
        "title": row.title,
        "description": row.description,
        "passing_score": _money(row.passing_score),
        "is_active": row.is_active,
        "is_published": row.is_published,
        "total_points": row.total_points,
        "question_count": row.question_count,
        "settings": SettingsOut(
            open_date=row.open_date,
            close_date=row.close_date,
            timer_minutes=row.timer_minutes,
            score_visibility=row.score_visibility.value,
            answers_visibility=row.answers_visibility.value,
            question_order=row.question_order.value,
            shuffle_choices=row.shuffle_choices,
            allow_multiple_attempts=row.allow_multiple_attempts,
            max_attempts=row.max_attempts,
            attempt_scoring=row.attempt_scoring.value,
            show_correct_after_submission=row.show_correct_after_submission,
        ),
        "scores_released_at": row.scores_released_at,
        "answers_released_at": row.answers_released_at,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }
    if not view.staff:
        values["attempts_used"] = row.attempts_used
        values["attempts_allowed"] = view.attempts_allowed
        values["in_progress_attempt"] = row.in_progress_attempt
    return values


def quiz_out(view: QuizView) -> QuizOut:
    return QuizOut(**_row_values(view))  # type: ignore[arg-type]


def quiz_detail_out(view: QuizView) -> QuizDetailOut:
    return QuizDetailOut(
        **_row_values(view),  # type: ignore[arg-type]
        questions=[_question_out(q, view.staff) for q in view.questions or ()],
    )


class AttemptAnswerOut(msgspec.Struct):
    id: int
    question: int
    selected_choices: list[int]
    written_answer: str | None
    is_correct: bool | None
    points_awarded: str | None
    score_override: str | None
    feedback: str
    saved_at: datetime | None


class AttemptQuestionOut(msgspec.Struct):
    """A question as it was when the attempt started, in the attempt's display order; ``choices[].id``
    are the bank's choice ids, in the attempt's (possibly shuffled) order."""

    question: int
    order: int
    points: int
    question_type: str
    text: str
    image: str | None
    explanation: str | None
    choices: list[AssessmentChoiceOut]


class AttemptOut(msgspec.Struct, omit_defaults=True):
    """A list row has no ``answers`` or ``questions``."""

    id: int
    quiz: int
    quiz_title: str
    student: int
    student_name: str
    student_code: str
    attempt_number: int
    status: str
    started_at: datetime
    deadline: datetime | None
    server_now: datetime
    submitted_at: datetime | None
    closed_by: str | None
    score: str | None
    max_score: str
    percentage: str | None
    passed: bool | None
    answers: list[AttemptAnswerOut] | Unset = UNSET
    questions: list[AttemptQuestionOut] | Unset = UNSET


class OverrideOut(msgspec.Struct):
    id: int
    quiz: int
    student: int
    student_name: str
    student_code: str
    extra_minutes: int
    extra_attempts: int
    close_date: datetime | None
    created_at: datetime
    updated_at: datetime


def override_out(row: OverrideRow) -> OverrideOut:
    return OverrideOut(
        id=row.id,
        quiz=row.quiz_id,
        student=row.student_id,
        student_name=row.student_name,
        student_code=row.student_code,
        extra_minutes=row.extra_minutes,
        extra_attempts=row.extra_attempts,
        close_date=row.close_date,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


__all__ = ["DetailOut", "Id"]
