"""Homework rows built by the database: a homework joined with its lecture and course, its question count
and total points summed in SQL (correlated subqueries, computed for the page's rows only); submissions
joined with their student and homework. A list is one COUNT and one page query whatever its size; a
detail's questions, with their choices, are one statement and a submission's snapshot two. The statements
select the columns of the port rows, are built once (per shape for the lists:
adapters/sql/readers/assignment_queries.py) and run as Core reads (ADR 0016)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, String, bindparam, func, null, select
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
from edutrack.adapters.sql.repositories.homework import load_answers
from edutrack.adapters.sql.rows import fetch_all, fetch_one, fetch_value
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.homework import (
    HomeworkAnswerModel,
    HomeworkModel,
    HomeworkQuestionModel,
    HomeworkSubmissionModel,
)
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.questions import QuestionModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.entities.homework import HomeworkAnswer, SubmissionStatus
from edutrack.ports.homework import (
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


def _select(student: bool) -> Select[Any]:
    """Columns: HomeworkRow's fields; ``my_submission`` is the student's (``student_id``) when ``student``."""
    question_count = select(func.count(HQ.id)).where(HQ.homework_id == H.id).scalar_subquery()
    total_points = (
        select(func.coalesce(func.sum(QuestionModel.points), 0))
        .select_from(HQ)
        .join(QuestionModel, QuestionModel.id == HQ.question_id)
        .where(HQ.homework_id == H.id)
        .scalar_subquery()
    )
    mine: Any = (
        select(S.id).where(S.homework_id == H.id, S.student_id == STUDENT).scalar_subquery()
        if student
        else null()
    )
    return joined(H)(
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


HOMEWORK = {student: _select(student).where(H.id == ID) for student in (False, True)}
QUESTIONS = linked_questions(HQ, HQ.homework_id)


@lru_cache(maxsize=256)
def _page(shape: ListShape) -> tuple[Select[Any], Select[Any]]:
    return list_statements(H, _select(shape.student), shape)


class SqlHomeworkReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(self, filters: HomeworkFilter, page: PageRequest) -> Page[HomeworkRow]:
        count, statement = _page(list_shape(filters, page))
        values = list_params(filters, page)
        async with self._sessions() as session:
            total = await fetch_value(session, count, values)
            rows = await fetch_all(session, statement, values) if page.limit != 0 else []
        return Page(total=int(total or 0), items=[_row(r) for r in rows])

    async def get(self, homework_id: int, student_id: int | None = None) -> HomeworkRow | None:
        if not valid_id(homework_id):
            return None
        values = {"id": homework_id, "student_id": student_id}
        async with self._sessions() as session:
            row = await fetch_one(session, HOMEWORK[student_id is not None], values)
        return _row(row) if row else None

    async def questions(self, homework_id: int) -> list[HomeworkQuestionRow]:
        if not valid_id(homework_id):
            return []
        async with self._sessions() as session:
            return await questions_with_choices(session, QUESTIONS, homework_id)


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


SUBMISSION = _submission_select().where(S.id == ID)
POINTS = (
    select(A.submission_id, A.question_id, A.answered, A.points_awarded)
    .join(S, S.id == A.submission_id)
    .where(S.homework_id == ID)
)


@lru_cache(maxsize=64)
def _submission_page(
    student: bool | None, status: bool, oldest_first: bool, limited: bool
) -> tuple[Select[Any], Select[Any]]:
    """The count and page query of a homework's submissions with these filters given (``student``:
    ``student_filter``'s shape)."""
    conditions: list[ColumnElement[bool]] = [S.homework_id == ID]
    if student is not None:
        conditions.append(student_matches(S.student_id, student))
    if status:
        conditions.append(S.status == bindparam("status", type_=String()))
    count = select(func.count()).select_from(S).where(*conditions)
    order = (S.submitted_at.asc(), S.id.asc()) if oldest_first else (S.submitted_at.desc(), S.id.desc())
    page = _submission_select().where(*conditions).order_by(*order).offset(OFFSET)
    return count, page.limit(LIMIT) if limited else page


class SqlHomeworkSubmissionReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(self, filters: SubmissionFilter, page: PageRequest) -> Page[SubmissionRow]:
        student, values = student_filter(filters.student)
        count, statement = _submission_page(
            student, filters.status is not None, filters.oldest_first, page.limit is not None
        )
        values.update(
            id=filters.homework_id,
            status=filters.status.value if filters.status is not None else None,
            offset=page.offset,
            limit=page.limit,
        )
        async with self._sessions() as session:
            total = await fetch_value(session, count, values)
            rows = await fetch_all(session, statement, values) if page.limit != 0 else []
        return Page(total=int(total or 0), items=[_submission(r) for r in rows])

    async def get(self, submission_id: int) -> SubmissionRow | None:
        if not valid_id(submission_id):
            return None
        async with self._sessions() as session:
            row = await fetch_one(session, SUBMISSION, {"id": submission_id})
        return _submission(row) if row else None

    async def answers(self, submission_id: int) -> list[HomeworkAnswer]:
        if not valid_id(submission_id):
            return []
        async with self._sessions() as session:
            return await load_answers(session, submission_id)

    async def points_by_question(self, homework_id: int) -> Mapping[int, Mapping[int, Decimal | None]]:
        result: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
        async with self._sessions() as session:
            for r in await fetch_all(session, POINTS, {"id": homework_id}):
                result[r.submission_id][r.question_id] = r.points_awarded if r.answered else None
        return result
