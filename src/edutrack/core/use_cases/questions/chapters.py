"""Chapters of the question bank (API_SUPPLEMENT §7: ``/question-bank/chapters/``)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.commands import UNSET
from edutrack.core.entities.questions import Chapter
from edutrack.core.errors import FieldErrors, InUse, NotFound, PermissionDenied, found
from edutrack.core.policies.questions import (
    CHAPTER_IN_USE,
    may_read_chapter,
    owner_for_new,
    require_bank_user,
    require_question_write,
)
from edutrack.core.use_cases.questions.commands import ChapterChanges, ChapterQuery, NewChapter
from edutrack.core.use_cases.questions.common import check_subject, clean_name, scope_of
from edutrack.core.use_cases.shared import Query, Writer
from edutrack.ports.questions import ChapterFilter, ChapterRow, QuestionBankReader
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.uow import UnitOfWork


async def _answer(reader: QuestionBankReader, chapter_id: int) -> ChapterRow:
    return found(await reader.get_chapter(chapter_id))


async def _writable(uow: UnitOfWork, actor: Actor, chapter_id: int) -> Chapter:
    chapter = await uow.chapters.get(chapter_id)
    if chapter is None:
        raise NotFound()
    require_question_write(actor, chapter.teacher_id)
    return chapter


class ListChapters(Query[QuestionBankReader]):
    """Site owner (every chapter), teachers and assistants (their teacher's and the shared ones, which
    belong to no teacher); students: PermissionDenied. Ordered by (order, id); ``subject`` and ``search``
    (in the name) narrow."""

    async def execute(self, actor: Actor, query: ChapterQuery, page: PageRequest) -> Page[ChapterRow]:
        filters = ChapterFilter(scope=scope_of(actor), subject=query.subject, search=query.search)
        return await self._reader.list_chapters(filters, page)


class GetChapter(Query[QuestionBankReader]):
    """As ``ListChapters``; unknown: NotFound; another teacher's: PermissionDenied."""

    async def execute(self, actor: Actor, chapter_id: int) -> ChapterRow:
        require_bank_user(actor)
        row = found(await self._reader.get_chapter(chapter_id))
        if not may_read_chapter(actor, row.teacher_id):
            raise PermissionDenied()
        return row


class CreateChapter(Writer[QuestionBankReader]):
    """Site owner, teachers and assistants. The chapter belongs to the caller's teacher (the site owner's
    is shared: read-only for every teacher). The subject exists and the name is not blank, both reported
    at once."""

    async def execute(self, actor: Actor, command: NewChapter) -> ChapterRow:
        require_bank_user(actor)
        problems = FieldErrors()
        name = clean_name(problems, command.name)
        now = self._clock.now()
        async with self._uow as uow:
            await check_subject(uow, problems, command.subject_id)
            problems.raise_if_any()
            chapter = await uow.chapters.add(
                Chapter(
                    subject_id=command.subject_id,
                    name=name,
                    order=command.order,
                    teacher_id=owner_for_new(actor),
                    created_at=now,
                    updated_at=now,
                )
            )
            await uow.commit()
        assert chapter.id is not None
        return await _answer(self._reader, chapter.id)


class UpdateChapter(Writer[QuestionBankReader]):
    """The site owner, or the owning teacher's staff (a shared or another teacher's chapter:
    PermissionDenied); unknown: NotFound. Fields not sent keep their values; checked like
    ``CreateChapter``."""

    async def execute(self, actor: Actor, chapter_id: int, changes: ChapterChanges) -> ChapterRow:
        require_bank_user(actor)
        problems = FieldErrors()
        async with self._uow as uow:
            chapter = await _writable(uow, actor, chapter_id)
            if changes.name is not UNSET:
                chapter.name = clean_name(problems, changes.name)
            if changes.subject_id is not UNSET:
                await check_subject(uow, problems, changes.subject_id)
                chapter.subject_id = changes.subject_id
            if changes.order is not UNSET:
                chapter.order = changes.order
            problems.raise_if_any()
            chapter.updated_at = self._clock.now()
            await uow.chapters.save(chapter)
            await uow.commit()
        return await _answer(self._reader, chapter_id)


class DeleteChapter:
    """The site owner, or the owning teacher's staff; unknown: NotFound. The chapter goes with its
    lessons; a chapter whose lessons hold questions is refused (InUse, nothing deleted)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, actor: Actor, chapter_id: int) -> None:
        require_bank_user(actor)
        async with self._uow as uow:
            await _writable(uow, actor, chapter_id)
            if await uow.chapters.in_use(chapter_id):
                raise InUse(CHAPTER_IN_USE)
            await uow.chapters.delete(chapter_id)
            await uow.commit()
