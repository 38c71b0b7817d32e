"""Question bank rows for lists and details, built by SQL: joins for the names, correlated counts for
``lesson_count``, ``question_count`` and ``choice_count``. A list is one COUNT and one page query; a
question's detail one row query and one choices query; a random selection one COUNT and one SELECT of
ids ``ORDER BY random() LIMIT n``. The statements (``questions_queries``) select the columns of the port
rows, are built once (per shape for the lists) and run as Core reads (ADR 0016)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.readers import questions_queries as q
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import fetch_all, fetch_one, fetch_value
from edutrack.core.entities.questions import Choice, Difficulty, QuestionType
from edutrack.ports.questions import (
    ChapterFilter,
    ChapterRow,
    LessonFilter,
    LessonRow,
    QuestionDetail,
    QuestionFilter,
    QuestionRow,
)
from edutrack.ports.readers import Page, PageRequest


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


class SqlQuestionBankReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def _page(
        self, statements: tuple[Select[Any], Select[Any]], values: dict[str, Any], page: PageRequest
    ) -> tuple[int, list[Any]]:
        count, statement = statements
        values.update(offset=page.offset, limit=page.limit)
        async with self._sessions() as session:
            total = await fetch_value(session, count, values)
            rows = list(await fetch_all(session, statement, values)) if page.limit != 0 else []
        return int(total or 0), rows

    async def list_chapters(self, filters: ChapterFilter, page: PageRequest) -> Page[ChapterRow]:
        statements = q.chapter_page(q.shape_of(filters), page.limit is not None)
        total, rows = await self._page(statements, q.params(filters), page)
        return Page(total=total, items=[_chapter_row(r) for r in rows])

    async def get_chapter(self, chapter_id: int) -> ChapterRow | None:
        if not valid_id(chapter_id):
            return None
        async with self._sessions() as session:
            row = await fetch_one(session, q.CHAPTER, {"id": chapter_id})
        return _chapter_row(row) if row else None

    async def list_lessons(self, filters: LessonFilter, page: PageRequest) -> Page[LessonRow]:
        statements = q.lesson_page(q.shape_of(filters), page.limit is not None)
        total, rows = await self._page(statements, q.params(filters), page)
        return Page(total=total, items=[_lesson_row(r) for r in rows])

    async def get_lesson(self, lesson_id: int) -> LessonRow | None:
        if not valid_id(lesson_id):
            return None
        async with self._sessions() as session:
            row = await fetch_one(session, q.LESSON, {"id": lesson_id})
        return _lesson_row(row) if row else None

    async def list_questions(self, filters: QuestionFilter, page: PageRequest) -> Page[QuestionRow]:
        statements = q.question_page(q.shape_of(filters), page.limit is not None)
        total, rows = await self._page(statements, q.params(filters), page)
        return Page(total=total, items=[_question_row(r) for r in rows])

    async def get_question(self, question_id: int) -> QuestionDetail | None:
        if not valid_id(question_id):
            return None
        values = {"id": question_id}
        async with self._sessions() as session:
            row = await fetch_one(session, q.QUESTION, values)
            if row is None:
                return None
            choices = await fetch_all(session, q.CHOICES, values)
        return QuestionDetail(
            row=_question_row(row),
            explanation=row.explanation,
            in_use=bool(row.in_use),
            choices=tuple(Choice(*c) for c in choices),
        )

    async def random_question_ids(self, filters: QuestionFilter, count: int) -> tuple[int, list[int]]:
        total_statement, draw = q.question_draw(q.shape_of(filters))
        values = q.params(filters, count=count)
        async with self._sessions() as session:
            total = int(await fetch_value(session, total_statement, values) or 0)
            selected = [r[0] for r in await fetch_all(session, draw, values)] if total and count > 0 else []
        return total, selected
