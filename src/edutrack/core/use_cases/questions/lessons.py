"""Lessons of the question bank's chapters (API_SUPPLEMENT §7: ``/question-bank/lessons/``)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.commands import UNSET
from edutrack.core.entities.questions import BankLesson
from edutrack.core.errors import FieldErrors, InUse, NotFound, PermissionDenied, found
from edutrack.core.policies.questions import (
    LESSON_IN_USE,
    may_read_chapter,
    require_bank_user,
    require_question_write,
)
from edutrack.core.use_cases.questions.commands import BankLessonChanges, LessonQuery, NewBankLesson
from edutrack.core.use_cases.questions.common import chapter_for_lesson, clean_name, scope_of
from edutrack.core.use_cases.shared import Query, Writer
from edutrack.ports.questions import LessonFilter, LessonRow, QuestionBankReader
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.uow import UnitOfWork


async def _answer(reader: QuestionBankReader, lesson_id: int) -> LessonRow:
    return found(await reader.get_lesson(lesson_id))


async def _writable(uow: UnitOfWork, actor: Actor, lesson_id: int) -> BankLesson:
    """The lesson if the caller may change it (its chapter's owner decides); unknown: NotFound."""
    lesson = await uow.bank_lessons.get(lesson_id)
    chapter = await uow.chapters.get(lesson.chapter_id) if lesson is not None else None
    if lesson is None or chapter is None:
        raise NotFound()
    require_question_write(actor, chapter.teacher_id)
    return lesson


class ListBankLessons(Query[QuestionBankReader]):
    """Site owner (every lesson), teachers and assistants (the lessons of their teacher's chapters and of
    the shared ones); students: PermissionDenied. Ordered by (order, id); ``chapter``, ``subject`` and
    ``search`` (in the name) narrow."""

    async def execute(self, actor: Actor, query: LessonQuery, page: PageRequest) -> Page[LessonRow]:
        filters = LessonFilter(
            scope=scope_of(actor), chapter=query.chapter, subject=query.subject, search=query.search
        )
        return await self._reader.list_lessons(filters, page)


class GetBankLesson(Query[QuestionBankReader]):
    """As ``ListBankLessons``; unknown: NotFound; another teacher's: PermissionDenied."""

    async def execute(self, actor: Actor, lesson_id: int) -> LessonRow:
        require_bank_user(actor)
        row = found(await self._reader.get_lesson(lesson_id))
        if not may_read_chapter(actor, row.teacher_id):
            raise PermissionDenied()
        return row


class CreateBankLesson(Writer[QuestionBankReader]):
    """Site owner, teachers and assistants, under a chapter they may write: an unknown or unreadable
    chapter is a field error on ``chapter`` (with a blank name, at once); a shared chapter for a teacher:
    PermissionDenied. The lesson belongs to its chapter's owner."""

    async def execute(self, actor: Actor, command: NewBankLesson) -> LessonRow:
        require_bank_user(actor)
        problems = FieldErrors()
        name = clean_name(problems, command.name)
        now = self._clock.now()
        async with self._uow as uow:
            await chapter_for_lesson(uow, actor, problems, command.chapter_id)
            problems.raise_if_any()
            lesson = await uow.bank_lessons.add(
                BankLesson(
                    chapter_id=command.chapter_id,
                    name=name,
                    order=command.order,
                    created_at=now,
                    updated_at=now,
                )
            )
            await uow.commit()
        assert lesson.id is not None
        return await _answer(self._reader, lesson.id)


class UpdateBankLesson(Writer[QuestionBankReader]):
    """The site owner, or the staff of the lesson's chapter's teacher (otherwise PermissionDenied);
    unknown: NotFound. Fields not sent keep their values; a new chapter is checked like
    ``CreateBankLesson``'s."""

    async def execute(self, actor: Actor, lesson_id: int, changes: BankLessonChanges) -> LessonRow:
        require_bank_user(actor)
        problems = FieldErrors()
        async with self._uow as uow:
            lesson = await _writable(uow, actor, lesson_id)
            if changes.name is not UNSET:
                lesson.name = clean_name(problems, changes.name)
            if changes.chapter_id is not UNSET:
                if changes.chapter_id != lesson.chapter_id:
                    await chapter_for_lesson(uow, actor, problems, changes.chapter_id)
                lesson.chapter_id = changes.chapter_id
            if changes.order is not UNSET:
                lesson.order = changes.order
            problems.raise_if_any()
            lesson.updated_at = self._clock.now()
            await uow.bank_lessons.save(lesson)
            await uow.commit()
        return await _answer(self._reader, lesson_id)


class DeleteBankLesson:
    """As ``UpdateBankLesson``; a lesson that holds questions is refused (InUse, nothing deleted)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, actor: Actor, lesson_id: int) -> None:
        require_bank_user(actor)
        async with self._uow as uow:
            await _writable(uow, actor, lesson_id)
            if await uow.bank_lessons.in_use(lesson_id):
                raise InUse(LESSON_IN_USE)
            await uow.bank_lessons.delete(lesson_id)
            await uow.commit()
