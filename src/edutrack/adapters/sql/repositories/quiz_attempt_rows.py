"""A quiz attempt as read in SQL, shared by the attempt repository and the attempt reader: its snapshot
(answers and their choices) in two statements of plain columns, and its row joined with what a response
shows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.quizzes import (
    QuizAnswerChoiceModel,
    QuizAnswerModel,
    QuizAttemptModel,
    QuizModel,
    QuizOverrideModel,
)
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.entities.homework import AnswerChoice
from edutrack.core.entities.questions import QuestionType
from edutrack.core.entities.quizzes import AttemptStatus, ClosedBy, QuizAnswer, Visibility
from edutrack.ports.quiz_attempts import AttemptRow

Q = QuizModel
O = QuizOverrideModel  # noqa: E741
T = QuizAttemptModel
A = QuizAnswerModel
AC = QuizAnswerChoiceModel

ANSWER_COLUMNS = (
    "question_id",
    "order",
    "question_text",
    "question_image",
    "explanation",
    "points",
    "answered",
    "written_answer",
    "is_correct",
    "points_awarded",
    "score_override",
    "feedback",
    "graded_at",
    "saved_at",
)
CHOICE_COLUMNS = ("choice_id", "text", "image", "is_correct", "order", "selected")


def selected_choices(answer: QuizAnswer) -> str:
    """The answer row's copy of its picks (``quiz_answers.selected_choices``): the selected choices' bank
    ids, ascending, comma-separated; '' when none is selected."""
    return ",".join(str(i) for i in sorted(c.choice_id for c in answer.choices if c.selected))


ANSWERS = (
    select(
        A.id,
        A.question_type,
        *(getattr(A, name) for name in ANSWER_COLUMNS),
    )
    .where(A.attempt_id == bindparam("attempt_id"))
    .order_by(A.order, A.id)
)
CHOICES = (
    select(AC.id, AC.answer_id, *(getattr(AC, name) for name in CHOICE_COLUMNS))
    .join(A, A.id == AC.answer_id)
    .where(A.attempt_id == bindparam("attempt_id"))
    .order_by(AC.order, AC.id)
)


async def load_answers(session: AsyncSession, attempt_id: int) -> list[QuizAnswer]:
    """The snapshot of one attempt in two statements of plain columns: answers in (order, id), choices
    in (order, id)."""
    params = {"attempt_id": attempt_id}
    rows = (await session.execute(ANSWERS, params)).all()
    if not rows:
        return []
    choices: dict[int, list[AnswerChoice]] = {r.id: [] for r in rows}
    for c in (await session.execute(CHOICES, params)).all():
        choices[c.answer_id].append(
            AnswerChoice(
                choice_id=c.choice_id,
                text=c.text,
                image=c.image,
                is_correct=c.is_correct,
                order=c.order,
                selected=c.selected,
                id=c.id,
            )
        )
    return [
        QuizAnswer(
            id=r.id,
            question_id=r.question_id,
            order=r.order,
            question_type=QuestionType(r.question_type),
            question_text=r.question_text,
            question_image=r.question_image,
            explanation=r.explanation,
            points=r.points,
            choices=choices[r.id],
            answered=r.answered,
            written_answer=r.written_answer,
            is_correct=r.is_correct,
            points_awarded=r.points_awarded,
            score_override=r.score_override,
            feedback=r.feedback,
            graded_at=r.graded_at,
            saved_at=r.saved_at,
        )
        for r in rows
    ]


def attempt_select() -> Select[Any]:
    """An attempt joined with what a response shows of it: its quiz's settings and release dates, the
    course's teacher, its student, the student's override close date and the latest one of the quiz."""
    own_override = and_(O.quiz_id == T.quiz_id, O.student_id == T.student_id)
    latest_override = select(func.max(O.close_date)).where(O.quiz_id == Q.id).scalar_subquery()
    return (
        select(
            T.id,
            T.quiz_id,
            Q.title.label("quiz_title"),
            Q.lecture_id,
            CourseModel.teacher_id,
            T.student_id,
            StudentProfileModel.user_id.label("student_user_id"),
            UserModel.name.label("student_name"),
            StudentProfileModel.student_code,
            T.attempt_number,
            T.status,
            T.started_at,
            T.deadline,
            T.submitted_at,
            T.closed_by,
            T.score,
            T.max_score,
            T.graded_at,
            Q.passing_score,
            Q.close_date,
            select(O.close_date).where(own_override).scalar_subquery().label("override_close_date"),
            latest_override.label("latest_override_close"),
            Q.score_visibility,
            Q.answers_visibility,
            Q.show_correct_after_submission,
            Q.scores_released_at,
            Q.answers_released_at,
        )
        .select_from(T)
        .join(Q, Q.id == T.quiz_id)
        .join(LectureModel, LectureModel.id == Q.lecture_id)
        .join(TopicModel, TopicModel.id == LectureModel.topic_id)
        .join(CourseModel, CourseModel.id == TopicModel.course_id)
        .join(StudentProfileModel, StudentProfileModel.id == T.student_id)
        .join(UserModel, UserModel.id == StudentProfileModel.user_id)
    )


def attempt_row(r: Any) -> AttemptRow:
    last_close = r.close_date
    if last_close is not None and r.latest_override_close is not None:
        last_close = max(last_close, r.latest_override_close)
    return AttemptRow(
        id=r.id,
        quiz_id=r.quiz_id,
        quiz_title=r.quiz_title,
        lecture_id=r.lecture_id,
        teacher_id=r.teacher_id,
        student_id=r.student_id,
        student_user_id=r.student_user_id,
        student_name=r.student_name,
        student_code=r.student_code,
        attempt_number=r.attempt_number,
        status=AttemptStatus(r.status),
        started_at=r.started_at,
        deadline=r.deadline,
        submitted_at=r.submitted_at,
        closed_by=ClosedBy(r.closed_by) if r.closed_by else None,
        score=Decimal(r.score),
        max_score=Decimal(r.max_score),
        graded_at=r.graded_at,
        passing_score=Decimal(r.passing_score) if r.passing_score is not None else None,
        close_date=r.close_date,
        override_close_date=r.override_close_date,
        last_close_date=last_close,
        score_visibility=Visibility(r.score_visibility),
        answers_visibility=Visibility(r.answers_visibility),
        show_correct_after_submission=r.show_correct_after_submission,
        scores_released_at=r.scores_released_at,
        answers_released_at=r.answers_released_at,
    )
