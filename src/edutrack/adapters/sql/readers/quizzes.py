"""Quiz rows built by the database: a quiz joined with its lecture and course, its question count and
total points, and for a student their attempt count, open attempt and override, all in correlated
subqueries of one statement; attempts joined with their quiz, student and override. A list is one
COUNT and one page query whatever its size; a detail's questions and an attempt's snapshot are two
statements each."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, false, func, literal, null, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.readers.counting import count_of
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.repositories.quiz_attempt_rows import attempt_row, attempt_select, load_answers
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.questions import ChoiceModel, QuestionModel
from edutrack.adapters.sql.tables.quizzes import (
    QuizAttemptModel,
    QuizModel,
    QuizOverrideModel,
    QuizQuestionModel,
)
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.entities.questions import QuestionType
from edutrack.core.entities.quizzes import (
    AttemptScoring,
    AttemptStatus,
    QuestionOrder,
    QuizAnswer,
    Visibility,
)
from edutrack.core.policies.digits import is_ascii_number
from edutrack.ports.quiz_attempts import AttemptFilter, AttemptRow
from edutrack.ports.quizzes import ChoiceRow, OverrideRow, QuizFilter, QuizQuestionRow, QuizRow
from edutrack.ports.readers import Page, PageRequest

Q = QuizModel
QQ = QuizQuestionModel
O = QuizOverrideModel  # noqa: E741
T = QuizAttemptModel
ORDER_COLUMNS = {
    "created_at": Q.created_at,
    "title": Q.title,
    "open_date": Q.open_date,
    "close_date": Q.close_date,
    "id": Q.id,
}
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


def _joined(statement: Select[Any]) -> Select[Any]:
    return (
        statement.join(LectureModel, LectureModel.id == Q.lecture_id)
        .join(TopicModel, TopicModel.id == LectureModel.topic_id)
        .join(CourseModel, CourseModel.id == TopicModel.course_id)
    )


def _select(student_id: int | None) -> Select[Any]:
    question_count = select(func.count(QQ.id)).where(QQ.quiz_id == Q.id).scalar_subquery()
    total_points = (
        select(func.coalesce(func.sum(func.coalesce(QQ.points_override, QuestionModel.points)), 0))
        .select_from(QQ)
        .join(QuestionModel, QuestionModel.id == QQ.question_id)
        .where(QQ.quiz_id == Q.id)
        .scalar_subquery()
    )
    mine: list[Any]
    if student_id is not None:
        own = and_(T.quiz_id == Q.id, T.student_id == student_id)
        override = and_(O.quiz_id == Q.id, O.student_id == student_id)
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
    return _joined(
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


def _conditions(f: QuizFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.teacher is not None:
        conditions.append(CourseModel.teacher_id == f.teacher)
    if f.lecture_ids is not None:
        conditions.append(Q.lecture_id.in_(sorted(f.lecture_ids)) if f.lecture_ids else false())
    if f.student_open:
        conditions += [Q.is_published.is_(True), Q.is_active.is_(True)]
    if f.lecture is not None:
        conditions.append(Q.lecture_id == f.lecture)
    if f.course is not None:
        conditions.append(TopicModel.course_id == f.course)
    if f.is_published is not None:
        conditions.append(Q.is_published.is_(f.is_published))
    if f.is_active is not None:
        conditions.append(Q.is_active.is_(f.is_active))
    if f.search:
        conditions.append(func.lower(Q.title).contains(f.search.lower(), autoescape=True))
    return conditions


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


class SqlQuizReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(self, filters: QuizFilter, page: PageRequest) -> Page[QuizRow]:
        conditions = _conditions(filters)
        count = count_of(Q, conditions, _joined)
        order = [
            ORDER_COLUMNS[name].desc().nulls_first() if desc else ORDER_COLUMNS[name].asc().nulls_last()
            for name, desc in filters.ordering
        ]
        statement = (
            _select(filters.student_id)
            .where(*conditions)
            .order_by(*order, Q.created_at.desc(), Q.id.desc())
            .offset(page.offset)
        )
        if page.limit is not None:
            statement = statement.limit(page.limit)
        async with self._sessions() as session:
            total = await session.scalar(count)
            rows = (await session.execute(statement)).all() if page.limit != 0 else []
        return Page(total=int(total or 0), items=[_row(r) for r in rows])

    async def get(self, quiz_id: int, student_id: int | None = None) -> QuizRow | None:
        if not valid_id(quiz_id):
            return None
        async with self._sessions() as session:
            row = (await session.execute(_select(student_id).where(Q.id == quiz_id))).one_or_none()
        return _row(row) if row else None

    async def questions(self, quiz_id: int) -> list[QuizQuestionRow]:
        if not valid_id(quiz_id):
            return []
        links = (
            select(
                QQ.id,
                QQ.question_id,
                QQ.order,
                QQ.points_override,
                QuestionModel.points,
                QuestionModel.question_type,
                QuestionModel.text,
                QuestionModel.image,
            )
            .join(QuestionModel, QuestionModel.id == QQ.question_id)
            .where(QQ.quiz_id == quiz_id)
            .order_by(QQ.order, QQ.id)
        )
        choices = (
            select(ChoiceModel)
            .join(QQ, QQ.question_id == ChoiceModel.question_id)
            .where(QQ.quiz_id == quiz_id)
            .order_by(ChoiceModel.order, ChoiceModel.id)
        )
        async with self._sessions() as session:
            rows = (await session.execute(links)).all()
            found = (await session.scalars(choices)).all() if rows else []
        by_question: dict[int, list[ChoiceRow]] = defaultdict(list)
        for c in found:
            by_question[c.question_id].append(
                ChoiceRow(id=c.id, text=c.text, image=c.image, is_correct=c.is_correct, order=c.order)
            )
        return [
            QuizQuestionRow(
                id=r.id,
                question_id=r.question_id,
                order=r.order,
                points_override=r.points_override,
                points=r.points,
                question_type=QuestionType(r.question_type),
                text=r.text,
                image=r.image,
                choices=tuple(by_question[r.question_id]),
            )
            for r in rows
        ]

    async def overrides(self, quiz_id: int, page: PageRequest) -> Page[OverrideRow]:
        if not valid_id(quiz_id):
            return Page(total=0, items=[])
        count = select(func.count()).select_from(O).where(O.quiz_id == quiz_id)
        statement = _override_select().where(O.quiz_id == quiz_id).order_by(UserModel.name, O.id)
        statement = statement.offset(page.offset)
        if page.limit is not None:
            statement = statement.limit(page.limit)
        async with self._sessions() as session:
            total = await session.scalar(count)
            rows = (await session.execute(statement)).all() if page.limit != 0 else []
        return Page(total=int(total or 0), items=[OverrideRow(**r._mapping) for r in rows])

    async def override(self, override_id: int) -> OverrideRow | None:
        if not valid_id(override_id):
            return None
        async with self._sessions() as session:
            row = (await session.execute(_override_select().where(O.id == override_id))).first()
        return OverrideRow(**row._mapping) if row is not None else None


ATTEMPTS = attempt_select()
ATTEMPT = ATTEMPTS.where(T.id == bindparam("attempt_id"))


def _student_matches(raw: str) -> ColumnElement[bool]:
    text = raw.strip()
    by_code = T.student_id.in_(select(StudentProfileModel.id).where(StudentProfileModel.student_code == text))
    if is_ascii_number(text) and len(text) < 10:
        return or_(T.student_id == int(text), by_code)
    return by_code


class SqlQuizAttemptReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(self, filters: AttemptFilter, page: PageRequest) -> Page[AttemptRow]:
        conditions: list[ColumnElement[bool]] = []
        if filters.quiz_id is not None:
            conditions.append(T.quiz_id == filters.quiz_id)
        if filters.student_id is not None:
            conditions.append(T.student_id == filters.student_id)
        if filters.student is not None:
            conditions.append(_student_matches(filters.student))
        if filters.status is not None:
            conditions.append(T.status == filters.status.value)
        count = select(func.count()).select_from(T).where(*conditions)
        order = (
            (T.started_at.asc(), T.id.asc()) if filters.oldest_first else (T.started_at.desc(), T.id.desc())
        )
        statement = ATTEMPTS.where(*conditions).order_by(*order).offset(page.offset)
        if page.limit is not None:
            statement = statement.limit(page.limit)
        async with self._sessions() as session:
            total = await session.scalar(count)
            rows = (await session.execute(statement)).all() if page.limit != 0 else []
        return Page(total=int(total or 0), items=[attempt_row(r) for r in rows])

    async def get(self, attempt_id: int) -> AttemptRow | None:
        if not valid_id(attempt_id):
            return None
        async with self._sessions() as session:
            row = (await session.execute(ATTEMPT, {"attempt_id": attempt_id})).one_or_none()
        return attempt_row(row) if row else None

    async def answers(self, attempt_id: int) -> list[QuizAnswer]:
        if not valid_id(attempt_id):
            return []
        async with self._sessions() as session:
            return await load_answers(session, attempt_id)
