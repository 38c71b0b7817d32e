"""Question bank rows for lists and details, built by SQL: joins for the names, correlated counts for
``lesson_count``, ``question_count`` and ``choice_count``. A list is one COUNT and one page query; a
question's detail one row query and one choices query; a random selection one COUNT and one SELECT of
ids ``ORDER BY random() LIMIT n``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, case, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.readers.counting import count_of
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.tables.academics import SubjectModel
from edutrack.adapters.sql.tables.homework import HomeworkQuestionModel
from edutrack.adapters.sql.tables.questions import BankLessonModel, ChapterModel, ChoiceModel, QuestionModel
from edutrack.adapters.sql.tables.quizzes import QuizQuestionModel
from edutrack.core.entities.questions import Choice, Difficulty, QuestionType
from edutrack.ports.questions import (
    BankScope,
    ChapterFilter,
    ChapterRow,
    LessonFilter,
    LessonRow,
    QuestionDetail,
    QuestionFilter,
    QuestionRow,
)
from edutrack.ports.readers import Page, PageRequest

C, L, Q = ChapterModel, BankLessonModel, QuestionModel

DIFFICULTY_RANK = case({"easy": 0, "medium": 1, "hard": 2}, value=Q.difficulty, else_=1)
QUESTION_ORDER = {"created_at": Q.created_at, "points": Q.points, "difficulty": DIFFICULTY_RANK, "id": Q.id}


def _contains(column: Any, needle: str) -> ColumnElement[bool]:
    return func.lower(column).contains(needle.lower(), autoescape=True)


def _chapter_scope(scope: BankScope) -> list[ColumnElement[bool]]:
    if scope.everything:
        return []
    return [or_(C.teacher_id == scope.teacher_id, C.teacher_id.is_(None))]


# --- chapters ---------------------------------------------------------------------------------------------


def _chapter_select() -> Select[Any]:
    lesson_count = select(func.count(L.id)).where(L.chapter_id == C.id).correlate(C).scalar_subquery()
    return (
        select(
            C.id,
            C.subject_id,
            SubjectModel.name.label("subject_name"),
            C.name,
            C.order,
            C.teacher_id,
            lesson_count.label("lesson_count"),
            C.created_at,
            C.updated_at,
        )
        .select_from(C)
        .join(SubjectModel, SubjectModel.id == C.subject_id)
    )


def _chapter_row(r: Any) -> ChapterRow:
    return ChapterRow(
        id=r.id,
        subject_id=r.subject_id,
        subject_name=r.subject_name,
        name=r.name,
        order=r.order,
        teacher_id=r.teacher_id,
        lesson_count=int(r.lesson_count or 0),
        created_at=r.created_at,
        updated_at=r.updated_at,
    )


def _chapter_conditions(filters: ChapterFilter) -> list[ColumnElement[bool]]:
    conditions = _chapter_scope(filters.scope)
    if filters.subject is not None:
        conditions.append(C.subject_id == filters.subject)
    if filters.search:
        conditions.append(_contains(C.name, filters.search))
    return conditions


# --- lessons ----------------------------------------------------------------------------------------------


def _lesson_select() -> Select[Any]:
    question_count = select(func.count(Q.id)).where(Q.lesson_id == L.id).correlate(L).scalar_subquery()
    return (
        select(
            L.id,
            L.chapter_id,
            C.name.label("chapter_name"),
            C.subject_id,
            SubjectModel.name.label("subject_name"),
            L.name,
            L.order,
            C.teacher_id,
            question_count.label("question_count"),
            L.created_at,
            L.updated_at,
        )
        .select_from(L)
        .join(C, C.id == L.chapter_id)
        .join(SubjectModel, SubjectModel.id == C.subject_id)
    )


def _lesson_row(r: Any) -> LessonRow:
    return LessonRow(
        id=r.id,
        chapter_id=r.chapter_id,
        chapter_name=r.chapter_name,
        subject_id=r.subject_id,
        subject_name=r.subject_name,
        name=r.name,
        order=r.order,
        teacher_id=r.teacher_id,
        question_count=int(r.question_count or 0),
        created_at=r.created_at,
        updated_at=r.updated_at,
    )


def _lesson_conditions(filters: LessonFilter) -> list[ColumnElement[bool]]:
    conditions = _chapter_scope(filters.scope)
    if filters.chapter is not None:
        conditions.append(L.chapter_id == filters.chapter)
    if filters.subject is not None:
        conditions.append(C.subject_id == filters.subject)
    if filters.search:
        conditions.append(_contains(L.name, filters.search))
    return conditions


# --- questions --------------------------------------------------------------------------------------------


def _question_joins(statement: Select[Any]) -> Select[Any]:
    return statement.join(L, L.id == Q.lesson_id).join(C, C.id == L.chapter_id)


def _question_select(*extra: Any) -> Select[Any]:
    choice_count = (
        select(func.count(ChoiceModel.id))
        .where(ChoiceModel.question_id == Q.id)
        .correlate(Q)
        .scalar_subquery()
    )
    return _question_joins(
        select(
            Q.id,
            Q.lesson_id,
            L.name.label("lesson_name"),
            L.chapter_id,
            C.name.label("chapter_name"),
            C.subject_id,
            SubjectModel.name.label("subject_name"),
            Q.question_type,
            Q.text,
            Q.image,
            Q.difficulty,
            Q.points,
            choice_count.label("choice_count"),
            Q.is_global,
            Q.teacher_id,
            Q.created_by,
            Q.created_at,
            Q.updated_at,
            *extra,
        ).select_from(Q)
    ).join(SubjectModel, SubjectModel.id == C.subject_id)


def _question_row(r: Any) -> QuestionRow:
    return QuestionRow(
        id=r.id,
        lesson_id=r.lesson_id,
        lesson_name=r.lesson_name,
        chapter_id=r.chapter_id,
        chapter_name=r.chapter_name,
        subject_id=r.subject_id,
        subject_name=r.subject_name,
        question_type=QuestionType(r.question_type),
        text=r.text,
        image=r.image,
        difficulty=Difficulty(r.difficulty),
        points=r.points,
        choice_count=int(r.choice_count or 0),
        is_global=bool(r.is_global),
        teacher_id=r.teacher_id,
        created_by=r.created_by,
        created_at=r.created_at,
        updated_at=r.updated_at,
    )


def _question_conditions(filters: QuestionFilter) -> list[ColumnElement[bool]]:
    scope = filters.scope
    conditions: list[ColumnElement[bool]] = []
    if not scope.everything:
        conditions.append(or_(Q.teacher_id == scope.teacher_id, Q.is_global.is_(True)))
    if filters.mine:
        conditions.append(Q.teacher_id.is_(None) if scope.everything else Q.teacher_id == scope.teacher_id)
    if filters.lesson is not None:
        conditions.append(Q.lesson_id == filters.lesson)
    if filters.chapter is not None:
        conditions.append(L.chapter_id == filters.chapter)
    if filters.subject is not None:
        conditions.append(C.subject_id == filters.subject)
    if filters.question_type is not None:
        conditions.append(Q.question_type == filters.question_type.value)
    if filters.difficulty is not None:
        conditions.append(Q.difficulty == filters.difficulty.value)
    if filters.is_global is not None:
        conditions.append(Q.is_global.is_(filters.is_global))
    if filters.search:
        conditions.append(_contains(Q.text, filters.search))
    if filters.exclude_ids:
        conditions.append(Q.id.not_in(sorted(filters.exclude_ids)))
    return conditions


def _question_order(filters: QuestionFilter) -> list[Any]:
    order = [
        QUESTION_ORDER[name].desc() if descending else QUESTION_ORDER[name].asc()
        for name, descending in filters.ordering
    ]
    return [*order, Q.created_at.desc(), Q.id.desc()]


def _paged(statement: Select[Any], page: PageRequest) -> Select[Any]:
    statement = statement.offset(page.offset)
    return statement.limit(page.limit) if page.limit is not None else statement


class SqlQuestionBankReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def _page(
        self, count: Select[Any], statement: Select[Any], page: PageRequest
    ) -> tuple[int, list[Any]]:
        async with self._sessions() as session:
            total = await session.scalar(count)
            rows = list((await session.execute(_paged(statement, page))).all()) if page.limit != 0 else []
        return int(total or 0), rows

    async def list_chapters(self, filters: ChapterFilter, page: PageRequest) -> Page[ChapterRow]:
        conditions = _chapter_conditions(filters)
        count = select(func.count()).select_from(C).where(*conditions)
        statement = _chapter_select().where(*conditions).order_by(C.order, C.id)
        total, rows = await self._page(count, statement, page)
        return Page(total=total, items=[_chapter_row(r) for r in rows])

    async def get_chapter(self, chapter_id: int) -> ChapterRow | None:
        if not valid_id(chapter_id):
            return None
        async with self._sessions() as session:
            row = (await session.execute(_chapter_select().where(C.id == chapter_id))).one_or_none()
        return _chapter_row(row) if row else None

    async def list_lessons(self, filters: LessonFilter, page: PageRequest) -> Page[LessonRow]:
        conditions = _lesson_conditions(filters)
        count = count_of(L, conditions, lambda s: s.join(C, C.id == L.chapter_id))
        statement = _lesson_select().where(*conditions).order_by(L.order, L.id)
        total, rows = await self._page(count, statement, page)
        return Page(total=total, items=[_lesson_row(r) for r in rows])

    async def get_lesson(self, lesson_id: int) -> LessonRow | None:
        if not valid_id(lesson_id):
            return None
        async with self._sessions() as session:
            row = (await session.execute(_lesson_select().where(L.id == lesson_id))).one_or_none()
        return _lesson_row(row) if row else None

    async def list_questions(self, filters: QuestionFilter, page: PageRequest) -> Page[QuestionRow]:
        conditions = _question_conditions(filters)
        count = count_of(Q, conditions, _question_joins)
        statement = _question_select().where(*conditions).order_by(*_question_order(filters))
        total, rows = await self._page(count, statement, page)
        return Page(total=total, items=[_question_row(r) for r in rows])

    async def get_question(self, question_id: int) -> QuestionDetail | None:
        if not valid_id(question_id):
            return None
        in_use = or_(
            exists(select(HomeworkQuestionModel.id).where(HomeworkQuestionModel.question_id == Q.id)),
            exists(select(QuizQuestionModel.id).where(QuizQuestionModel.question_id == Q.id)),
        )
        statement = _question_select(Q.explanation, in_use.label("in_use")).where(Q.id == question_id)
        choices = (
            select(ChoiceModel)
            .where(ChoiceModel.question_id == question_id)
            .order_by(ChoiceModel.order, ChoiceModel.id)
        )
        async with self._sessions() as session:
            row = (await session.execute(statement)).one_or_none()
            if row is None:
                return None
            found = (await session.scalars(choices)).all()
        return QuestionDetail(
            row=_question_row(row),
            explanation=row.explanation,
            in_use=bool(row.in_use),
            choices=tuple(
                Choice(id=c.id, text=c.text, image=c.image, is_correct=c.is_correct, order=c.order)
                for c in found
            ),
        )

    async def random_question_ids(self, filters: QuestionFilter, count: int) -> tuple[int, list[int]]:
        conditions = _question_conditions(filters)
        total_statement = _question_joins(select(func.count()).select_from(Q)).where(*conditions)
        draw = (
            _question_joins(select(Q.id).select_from(Q))
            .where(*conditions)
            .order_by(func.random())
            .limit(count)
        )
        async with self._sessions() as session:
            total = int(await session.scalar(total_statement) or 0)
            selected = list((await session.scalars(draw)).all()) if total and count > 0 else []
        return total, selected
