"""Homework rows built by the database: a homework joined with its lecture and course, its question count
and total points summed in SQL (correlated subqueries, computed for the page's rows only); submissions
joined with their student and homework. A list is one COUNT and one page query whatever its size; a
detail's questions and a submission's snapshot are two statements each."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, null, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.readers.counting import count_of
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.repositories.homework import load_answers
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.homework import (
    HomeworkAnswerModel,
    HomeworkModel,
    HomeworkQuestionModel,
    HomeworkSubmissionModel,
)
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.questions import ChoiceModel, QuestionModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.entities.homework import HomeworkAnswer, SubmissionStatus
from edutrack.core.entities.questions import QuestionType
from edutrack.core.policies.digits import is_ascii_number
from edutrack.ports.homework import (
    ChoiceRow,
    HomeworkFilter,
    HomeworkQuestionRow,
    HomeworkRow,
    SubmissionFilter,
    SubmissionRow,
)
from edutrack.ports.readers import Page, PageRequest

H = HomeworkModel
HQ = HomeworkQuestionModel
S = HomeworkSubmissionModel
A = HomeworkAnswerModel
ORDER_COLUMNS = {
    "created_at": H.created_at,
    "title": H.title,
    "open_date": H.open_date,
    "close_date": H.close_date,
    "id": H.id,
}


def _joined(statement: Select[Any]) -> Select[Any]:
    return (
        statement.join(LectureModel, LectureModel.id == H.lecture_id)
        .join(TopicModel, TopicModel.id == LectureModel.topic_id)
        .join(CourseModel, CourseModel.id == TopicModel.course_id)
    )


def _select(student_id: int | None) -> Select[Any]:
    question_count = select(func.count(HQ.id)).where(HQ.homework_id == H.id).scalar_subquery()
    total_points = (
        select(func.coalesce(func.sum(QuestionModel.points), 0))
        .select_from(HQ)
        .join(QuestionModel, QuestionModel.id == HQ.question_id)
        .where(HQ.homework_id == H.id)
        .scalar_subquery()
    )
    mine: Any = (
        select(S.id).where(S.homework_id == H.id, S.student_id == student_id).scalar_subquery()
        if student_id is not None
        else null()
    )
    return _joined(
        select(
            H.id,
            H.lecture_id,
            LectureModel.name.label("lecture_name"),
            TopicModel.course_id,
            CourseModel.name.label("course_name"),
            CourseModel.teacher_id,
            H.title,
            H.description,
            H.model_answer,
            H.is_active,
            H.is_published,
            total_points.label("total_points"),
            question_count.label("question_count"),
            H.open_date,
            H.close_date,
            H.created_by,
            H.created_at,
            H.updated_at,
            mine.label("my_submission"),
        ).select_from(H)
    )


def _row(r: Any) -> HomeworkRow:
    return HomeworkRow(
        id=r.id,
        lecture_id=r.lecture_id,
        lecture_name=r.lecture_name,
        course_id=r.course_id,
        course_name=r.course_name,
        teacher_id=r.teacher_id,
        title=r.title,
        description=r.description,
        model_answer=r.model_answer,
        is_active=r.is_active,
        is_published=r.is_published,
        total_points=int(r.total_points or 0),
        question_count=int(r.question_count or 0),
        open_date=r.open_date,
        close_date=r.close_date,
        created_by=r.created_by,
        created_at=r.created_at,
        updated_at=r.updated_at,
        my_submission=r.my_submission,
    )


def _conditions(f: HomeworkFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.teacher is not None:
        conditions.append(CourseModel.teacher_id == f.teacher)
    if f.lecture_ids is not None:
        conditions.append(H.lecture_id.in_(sorted(f.lecture_ids)) if f.lecture_ids else false())
    if f.student_open:
        conditions += [H.is_published.is_(True), H.is_active.is_(True)]
    if f.lecture is not None:
        conditions.append(H.lecture_id == f.lecture)
    if f.course is not None:
        conditions.append(TopicModel.course_id == f.course)
    if f.is_published is not None:
        conditions.append(H.is_published.is_(f.is_published))
    if f.is_active is not None:
        conditions.append(H.is_active.is_(f.is_active))
    if f.search:
        conditions.append(func.lower(H.title).contains(f.search.lower(), autoescape=True))
    return conditions


class SqlHomeworkReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(self, filters: HomeworkFilter, page: PageRequest) -> Page[HomeworkRow]:
        conditions = _conditions(filters)
        count = count_of(H, conditions, _joined)
        order = [
            ORDER_COLUMNS[name].desc().nulls_first() if desc else ORDER_COLUMNS[name].asc().nulls_last()
            for name, desc in filters.ordering
        ]
        statement = (
            _select(filters.student_id)
            .where(*conditions)
            .order_by(*order, H.created_at.desc(), H.id.desc())
            .offset(page.offset)
        )
        if page.limit is not None:
            statement = statement.limit(page.limit)
        async with self._sessions() as session:
            total = await session.scalar(count)
            rows = (await session.execute(statement)).all() if page.limit != 0 else []
        return Page(total=int(total or 0), items=[_row(r) for r in rows])

    async def get(self, homework_id: int, student_id: int | None = None) -> HomeworkRow | None:
        if not valid_id(homework_id):
            return None
        async with self._sessions() as session:
            row = (await session.execute(_select(student_id).where(H.id == homework_id))).one_or_none()
        return _row(row) if row else None

    async def questions(self, homework_id: int) -> list[HomeworkQuestionRow]:
        if not valid_id(homework_id):
            return []
        links = (
            select(
                HQ.id,
                HQ.question_id,
                HQ.order,
                HQ.points_override,
                QuestionModel.points,
                QuestionModel.question_type,
                QuestionModel.text,
                QuestionModel.image,
            )
            .join(QuestionModel, QuestionModel.id == HQ.question_id)
            .where(HQ.homework_id == homework_id)
            .order_by(HQ.order, HQ.id)
        )
        choices = (
            select(ChoiceModel)
            .join(HQ, HQ.question_id == ChoiceModel.question_id)
            .where(HQ.homework_id == homework_id)
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
            HomeworkQuestionRow(
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


def _submission_select() -> Select[Any]:
    return (
        select(
            S.id,
            S.homework_id,
            H.title.label("homework_title"),
            H.lecture_id,
            CourseModel.teacher_id,
            H.model_answer,
            H.close_date,
            S.student_id,
            StudentProfileModel.user_id.label("student_user_id"),
            UserModel.name.label("student_name"),
            StudentProfileModel.student_code,
            S.status,
            S.submitted_at,
            S.graded_at,
            S.score,
            S.max_score,
        )
        .select_from(S)
        .join(H, H.id == S.homework_id)
        .join(LectureModel, LectureModel.id == H.lecture_id)
        .join(TopicModel, TopicModel.id == LectureModel.topic_id)
        .join(CourseModel, CourseModel.id == TopicModel.course_id)
        .join(StudentProfileModel, StudentProfileModel.id == S.student_id)
        .join(UserModel, UserModel.id == StudentProfileModel.user_id)
    )


def _submission(r: Any) -> SubmissionRow:
    return SubmissionRow(
        id=r.id,
        homework_id=r.homework_id,
        homework_title=r.homework_title,
        lecture_id=r.lecture_id,
        teacher_id=r.teacher_id,
        model_answer=r.model_answer,
        close_date=r.close_date,
        student_id=r.student_id,
        student_user_id=r.student_user_id,
        student_name=r.student_name,
        student_code=r.student_code,
        status=SubmissionStatus(r.status),
        submitted_at=r.submitted_at,
        graded_at=r.graded_at,
        score=Decimal(r.score),
        max_score=Decimal(r.max_score),
    )


def _student_matches(raw: str) -> ColumnElement[bool]:
    text = raw.strip()
    by_code = S.student_id.in_(select(StudentProfileModel.id).where(StudentProfileModel.student_code == text))
    if is_ascii_number(text) and len(text) < 10:
        return or_(S.student_id == int(text), by_code)
    return by_code


class SqlHomeworkSubmissionReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(self, filters: SubmissionFilter, page: PageRequest) -> Page[SubmissionRow]:
        conditions: list[ColumnElement[bool]] = [S.homework_id == filters.homework_id]
        if filters.student is not None:
            conditions.append(_student_matches(filters.student))
        if filters.status is not None:
            conditions.append(S.status == filters.status.value)
        count = select(func.count()).select_from(S).where(*conditions)
        order = (
            (S.submitted_at.asc(), S.id.asc())
            if filters.oldest_first
            else (S.submitted_at.desc(), S.id.desc())
        )
        statement = _submission_select().where(*conditions).order_by(*order).offset(page.offset)
        if page.limit is not None:
            statement = statement.limit(page.limit)
        async with self._sessions() as session:
            total = await session.scalar(count)
            rows = (await session.execute(statement)).all() if page.limit != 0 else []
        return Page(total=int(total or 0), items=[_submission(r) for r in rows])

    async def get(self, submission_id: int) -> SubmissionRow | None:
        if not valid_id(submission_id):
            return None
        async with self._sessions() as session:
            row = (await session.execute(_submission_select().where(S.id == submission_id))).one_or_none()
        return _submission(row) if row else None

    async def answers(self, submission_id: int) -> list[HomeworkAnswer]:
        if not valid_id(submission_id):
            return []
        async with self._sessions() as session:
            return await load_answers(session, submission_id)

    async def points_by_question(self, homework_id: int) -> Mapping[int, Mapping[int, Decimal | None]]:
        statement = (
            select(A.submission_id, A.question_id, A.answered, A.points_awarded)
            .join(S, S.id == A.submission_id)
            .where(S.homework_id == homework_id)
        )
        result: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
        async with self._sessions() as session:
            for r in (await session.execute(statement)).all():
                result[r.submission_id][r.question_id] = r.points_awarded if r.answered else None
        return result
