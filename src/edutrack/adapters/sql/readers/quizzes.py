"""Quiz rows built by the database: a quiz joined with its lecture and course, its question count and
total points, and for a student their attempt count, open attempt and override, all in correlated
subqueries of one statement; attempts joined with their quiz, student and override. A list is one
COUNT and one page query whatever its size; a detail's questions, with their choices, are one statement
and an attempt's snapshot two. The statements select the columns of the port rows, are built once (per
shape for the lists: adapters/sql/readers/assignment_queries.py) and run as Core reads (ADR 0016)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, String, and_, bindparam, func, literal, null, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.readers.assignment_queries import (
    ID,
    LIMIT,
    OFFSET,
    STUDENT,
    ListShape,
    joined,
    linked_questions,
    list_params,
    list_shape,
    list_statements,
    questions_with_choices,
    student_filter,
    student_matches,
)
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.repositories.quiz_attempt_rows import attempt_row, attempt_select, load_answers
from edutrack.adapters.sql.rows import fetch_all, fetch_one, fetch_value
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.questions import QuestionModel
from edutrack.adapters.sql.tables.quizzes import (
    QuizAttemptModel,
    QuizModel,
    QuizOverrideModel,
    QuizQuestionModel,
)
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.entities.quizzes import (
    AttemptScoring,
    AttemptStatus,
    QuestionOrder,
    QuizAnswer,
    Visibility,
)
from edutrack.ports.quiz_attempts import AttemptFilter, AttemptRow
from edutrack.ports.quizzes import OverrideRow, QuizFilter, QuizQuestionRow, QuizRow
from edutrack.ports.readers import Page, PageRequest

Q = QuizModel
QQ = QuizQuestionModel
O = QuizOverrideModel  # noqa: E741
T = QuizAttemptModel
SETTINGS = (
    Q.passing_score,
    Q.is_active,
    Q.is_published,
    Q.open_date,
    Q.close_date,
    Q.timer_minutes,
    Q.score_visibility,
    Q.answers_visibility,
    Q.question_order,
    Q.shuffle_choices,
    Q.allow_multiple_attempts,
    Q.max_attempts,
    Q.attempt_scoring,
    Q.show_correct_after_submission,
    Q.scores_released_at,
    Q.answers_released_at,
)


def _select(student: bool) -> Select[Any]:
    """Columns: QuizRow's fields; the student's own (``student_id``) when ``student``, else stand-ins."""
    question_count = select(func.count(QQ.id)).where(QQ.quiz_id == Q.id).scalar_subquery()
    total_points = (
        select(func.coalesce(func.sum(func.coalesce(QQ.points_override, QuestionModel.points)), 0))
        .select_from(QQ)
        .join(QuestionModel, QuestionModel.id == QQ.question_id)
        .where(QQ.quiz_id == Q.id)
        .scalar_subquery()
    )
    mine: list[Any]
    if student:
        own = and_(T.quiz_id == Q.id, T.student_id == STUDENT)
        override = and_(O.quiz_id == Q.id, O.student_id == STUDENT)
        mine = [
            select(func.count(T.id)).where(own).scalar_subquery().label("attempts_used"),
            select(T.id)
            .where(own, T.status == AttemptStatus.IN_PROGRESS.value)
            .scalar_subquery()
            .label("in_progress_attempt"),
            select(O.extra_attempts).where(override).scalar_subquery().label("extra_attempts"),
            select(O.close_date).where(override).scalar_subquery().label("override_close_date"),
        ]
    else:
        mine = [
            literal(0).label("attempts_used"),
            null().label("in_progress_attempt"),
            literal(0).label("extra_attempts"),
            null().label("override_close_date"),
        ]
    return joined(Q)(
        select(
            Q.id,
            Q.lecture_id,
            LectureModel.name.label("lecture_name"),
            TopicModel.course_id,
            CourseModel.name.label("course_name"),
            CourseModel.teacher_id,
            Q.title,
            Q.description,
            *SETTINGS,
            total_points.label("total_points"),
            question_count.label("question_count"),
            Q.created_by,
            Q.created_at,
            Q.updated_at,
            *mine,
        ).select_from(Q)
    )


def _row(r: Any) -> QuizRow:
    return QuizRow(
        id=r.id,
        lecture_id=r.lecture_id,
        lecture_name=r.lecture_name,
        course_id=r.course_id,
        course_name=r.course_name,
        teacher_id=r.teacher_id,
        title=r.title,
        description=r.description,
        passing_score=Decimal(r.passing_score) if r.passing_score is not None else None,
        is_active=r.is_active,
        is_published=r.is_published,
        open_date=r.open_date,
        close_date=r.close_date,
        timer_minutes=r.timer_minutes,
        score_visibility=Visibility(r.score_visibility),
        answers_visibility=Visibility(r.answers_visibility),
        question_order=QuestionOrder(r.question_order),
        shuffle_choices=r.shuffle_choices,
        allow_multiple_attempts=r.allow_multiple_attempts,
        max_attempts=r.max_attempts,
        attempt_scoring=AttemptScoring(r.attempt_scoring),
        show_correct_after_submission=r.show_correct_after_submission,
        scores_released_at=r.scores_released_at,
        answers_released_at=r.answers_released_at,
        total_points=int(r.total_points or 0),
        question_count=int(r.question_count or 0),
        created_by=r.created_by,
        created_at=r.created_at,
        updated_at=r.updated_at,
        attempts_used=int(r.attempts_used or 0),
        in_progress_attempt=r.in_progress_attempt,
        extra_attempts=int(r.extra_attempts or 0),
        override_close_date=r.override_close_date,
    )


def _override_select() -> Select[Any]:
    return (
        select(
            O.id,
            O.quiz_id,
            O.student_id,
            UserModel.name.label("student_name"),
            StudentProfileModel.student_code,
            O.extra_minutes,
            O.extra_attempts,
            O.close_date,
            O.created_at,
            O.updated_at,
        )
        .join(StudentProfileModel, StudentProfileModel.id == O.student_id)
        .join(UserModel, UserModel.id == StudentProfileModel.user_id)
    )


QUIZ = {student: _select(student).where(Q.id == ID) for student in (False, True)}
QUESTIONS = linked_questions(QQ, QQ.quiz_id)
OVERRIDE_COUNT = select(func.count()).select_from(O).where(O.quiz_id == ID)
OVERRIDES = _override_select().where(O.quiz_id == ID).order_by(UserModel.name, O.id).offset(OFFSET)
OVERRIDE_PAGES = {False: OVERRIDES, True: OVERRIDES.limit(LIMIT)}
OVERRIDE = _override_select().where(O.id == ID)


@lru_cache(maxsize=256)
def _page(shape: ListShape) -> tuple[Select[Any], Select[Any]]:
    return list_statements(Q, _select(shape.student), shape)


class SqlQuizReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(self, filters: QuizFilter, page: PageRequest) -> Page[QuizRow]:
        count, statement = _page(list_shape(filters, page))
        values = list_params(filters, page)
        async with self._sessions() as session:
            total = await fetch_value(session, count, values)
            rows = await fetch_all(session, statement, values) if page.limit != 0 else []
        return Page(total=int(total or 0), items=[_row(r) for r in rows])

    async def get(self, quiz_id: int, student_id: int | None = None) -> QuizRow | None:
        if not valid_id(quiz_id):
            return None
        values = {"id": quiz_id, "student_id": student_id}
        async with self._sessions() as session:
            row = await fetch_one(session, QUIZ[student_id is not None], values)
        return _row(row) if row else None

    async def questions(self, quiz_id: int) -> list[QuizQuestionRow]:
        if not valid_id(quiz_id):
            return []
        async with self._sessions() as session:
            return await questions_with_choices(session, QUESTIONS, quiz_id)

    async def overrides(self, quiz_id: int, page: PageRequest) -> Page[OverrideRow]:
        if not valid_id(quiz_id):
            return Page(total=0, items=[])
        values = {"id": quiz_id, "offset": page.offset, "limit": page.limit}
        async with self._sessions() as session:
            total = await fetch_value(session, OVERRIDE_COUNT, values)
            statement = OVERRIDE_PAGES[page.limit is not None]
            rows = await fetch_all(session, statement, values) if page.limit != 0 else []
        return Page(total=int(total or 0), items=[OverrideRow(*r) for r in rows])

    async def override(self, override_id: int) -> OverrideRow | None:
        if not valid_id(override_id):
            return None
        async with self._sessions() as session:
            row = await fetch_one(session, OVERRIDE, {"id": override_id})
        return OverrideRow(*row) if row is not None else None


ATTEMPTS = attempt_select()
ATTEMPT = ATTEMPTS.where(T.id == bindparam("attempt_id"))


@lru_cache(maxsize=64)
def _attempt_page(
    quiz: bool, student_id: bool, student: bool | None, status: bool, oldest_first: bool, limited: bool
) -> tuple[Select[Any], Select[Any]]:
    """The count and page query of an attempt list with these filters given (``student``:
    ``student_filter``'s shape)."""
    conditions: list[ColumnElement[bool]] = []
    if quiz:
        conditions.append(T.quiz_id == bindparam("quiz_id", type_=Integer()))
    if student_id:
        conditions.append(T.student_id == STUDENT)
    if student is not None:
        conditions.append(student_matches(T.student_id, student))
    if status:
        conditions.append(T.status == bindparam("status", type_=String()))
    count = select(func.count()).select_from(T).where(*conditions)
    order = (T.started_at.asc(), T.id.asc()) if oldest_first else (T.started_at.desc(), T.id.desc())
    page = ATTEMPTS.where(*conditions).order_by(*order).offset(OFFSET)
    return count, page.limit(LIMIT) if limited else page


class SqlQuizAttemptReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(self, filters: AttemptFilter, page: PageRequest) -> Page[AttemptRow]:
        student, values = student_filter(filters.student)
        count, statement = _attempt_page(
            filters.quiz_id is not None,
            filters.student_id is not None,
            student,
            filters.status is not None,
            filters.oldest_first,
            page.limit is not None,
        )
        values.update(
            quiz_id=filters.quiz_id,
            student_id=filters.student_id,
            status=filters.status.value if filters.status is not None else None,
            offset=page.offset,
            limit=page.limit,
        )
        async with self._sessions() as session:
            total = await fetch_value(session, count, values)
            rows = await fetch_all(session, statement, values) if page.limit != 0 else []
        return Page(total=int(total or 0), items=[attempt_row(r) for r in rows])

    async def get(self, attempt_id: int) -> AttemptRow | None:
        if not valid_id(attempt_id):
            return None
        async with self._sessions() as session:
            row = await fetch_one(session, ATTEMPT, {"attempt_id": attempt_id})
        return attempt_row(row) if row else None

    async def answers(self, attempt_id: int) -> list[QuizAnswer]:
        if not valid_id(attempt_id):
            return []
        async with self._sessions() as session:
            return await load_answers(session, attempt_id)
