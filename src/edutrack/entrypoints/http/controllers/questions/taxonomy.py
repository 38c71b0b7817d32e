"""Chapters and lessons of the question bank (Teacher API §8): ``/question-bank/chapters/`` and
``/question-bank/lessons/``. Handlers decode, call one use case and encode."""

from __future__ import annotations

from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from edutrack.core.use_cases.questions.chapters import (
    CreateChapter,
    DeleteChapter,
    GetChapter,
    ListChapters,
    UpdateChapter,
)
from edutrack.core.use_cases.questions.commands import ChapterQuery, LessonQuery
from edutrack.core.use_cases.questions.lessons import (
    CreateBankLesson,
    DeleteBankLesson,
    GetBankLesson,
    ListBankLessons,
    UpdateBankLesson,
)
from edutrack.entrypoints.http.controllers.questions.common import BANK, PAGED, WHO
from edutrack.entrypoints.http.conventions import paginate, parse_int, parse_search
from edutrack.entrypoints.http.openapi import AllQuery, IntQuery, Paged, PageQuery, PageSizeQuery, SearchQuery
from edutrack.entrypoints.http.schemas.questions import (
    ChapterIn,
    ChapterOut,
    ChapterPatch,
    LessonIn,
    LessonOut,
    LessonPatch,
    chapter_changes,
    chapter_out,
    lesson_changes,
    lesson_out,
    new_chapter,
    new_lesson,
)
from edutrack.entrypoints.http.security import actor_of
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.readers import PageRequest

TAXONOMY_SCOPE = (
    "A chapter belongs to the teacher whose staff created it, or to the site owner (`teacher` null): "
    "shared, read-only for every teacher. Teachers and assistants see their teacher's chapters and lessons "
    "and the shared ones; the site owner all. A lesson belongs to its chapter's owner. Another teacher's "
    "chapter or lesson: 403. "
)
CHAPTER_SHAPE = (
    "A chapter: `{id, subject, subject_name, name, order, teacher, lesson_count, created_at, updated_at}` "
    "(`teacher`: the owning teacher profile id, null for a shared one). "
)
LESSON_SHAPE = (
    "A lesson: `{id, chapter, chapter_name, subject, subject_name, name, order, teacher, question_count, "
    "created_at, updated_at}` (`teacher`: its chapter's owner). "
)
CHAPTER = "/{chapter_id:int}/"
LESSON = "/{lesson_id:int}/"


class ChapterController(Controller):
    path = "/question-bank/chapters"
    tags = ["question bank"]
    guards = BANK

    @get(
        "/",
        summary="Chapters of the question bank (site owner, teacher, assistant)",
        description=WHO
        + PAGED
        + "Ordered by (order, id). Filters: ?subject=<subject id>, ?search= (part of the name). "
        + TAXONOMY_SCOPE
        + CHAPTER_SHAPE,
    )
    async def list_chapters(
        self,
        request: Request,
        list_chapters: Inject[ListChapters],
        subject: IntQuery = None,
        search: SearchQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[ChapterOut]:
        actor = actor_of(request)
        query = ChapterQuery(subject=parse_int("subject", subject), search=parse_search(search))

        async def fetch(page: PageRequest) -> object:
            return await list_chapters.execute(actor, query, page)

        return await paginate(request, fetch, chapter_out)

    @post(
        "/",
        summary="Create a chapter (site owner, teacher, assistant)",
        description=WHO
        + 'JSON {"subject": <subject id>, "name": "...", "order": 0}. The chapter belongs to the caller\'s '
        "teacher; the site owner's is shared. An unknown subject or a blank name: 400 field errors, both at "
        "once. 201 with the chapter. " + CHAPTER_SHAPE,
    )
    async def create_chapter(
        self, request: Request, create_chapter: Inject[CreateChapter], data: JSONBody[ChapterIn]
    ) -> ChapterOut:
        return chapter_out(await create_chapter.execute(actor_of(request), new_chapter(data)))

    @get(
        CHAPTER,
        summary="One chapter (site owner, teacher, assistant)",
        description=WHO + TAXONOMY_SCOPE + CHAPTER_SHAPE,
    )
    async def get_chapter(
        self, request: Request, get_chapter: Inject[GetChapter], chapter_id: FromPath[int]
    ) -> ChapterOut:
        return chapter_out(await get_chapter.execute(actor_of(request), chapter_id))

    @patch(
        CHAPTER,
        summary="Change a chapter (its owner's staff, the site owner)",
        description=WHO
        + "Only the fields sent (`subject`, `name`, `order`) change. A shared chapter (for a teacher) or "
        "another teacher's: 403. " + CHAPTER_SHAPE,
    )
    async def update_chapter(
        self,
        request: Request,
        update_chapter: Inject[UpdateChapter],
        chapter_id: FromPath[int],
        data: JSONBody[ChapterPatch],
    ) -> ChapterOut:
        row = await update_chapter.execute(actor_of(request), chapter_id, chapter_changes(data))
        return chapter_out(row)

    @delete(
        CHAPTER,
        summary="Delete a chapter with its lessons (its owner's staff, the site owner)",
        description=WHO
        + "204; its lessons are deleted with it. A chapter whose lessons hold questions is refused: 400 "
        '{"detail": "Cannot delete: questions use this chapter."}. A shared or another teacher\'s '
        "chapter: 403.",
    )
    async def delete_chapter(
        self, request: Request, delete_chapter: Inject[DeleteChapter], chapter_id: FromPath[int]
    ) -> None:
        await delete_chapter.execute(actor_of(request), chapter_id)


class LessonController(Controller):
    path = "/question-bank/lessons"
    tags = ["question bank"]
    guards = BANK

    @get(
        "/",
        summary="Lessons of the question bank (site owner, teacher, assistant)",
        description=WHO
        + PAGED
        + "Ordered by (order, id). Filters: ?chapter=, ?subject= (ids), ?search= (part of the name). "
        + TAXONOMY_SCOPE
        + LESSON_SHAPE,
    )
    async def list_bank_lessons(
        self,
        request: Request,
        list_bank_lessons: Inject[ListBankLessons],
        chapter: IntQuery = None,
        subject: IntQuery = None,
        search: SearchQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[LessonOut]:
        actor = actor_of(request)
        query = LessonQuery(
            chapter=parse_int("chapter", chapter),
            subject=parse_int("subject", subject),
            search=parse_search(search),
        )

        async def fetch(page: PageRequest) -> object:
            return await list_bank_lessons.execute(actor, query, page)

        return await paginate(request, fetch, lesson_out)

    @post(
        "/",
        summary="Create a lesson (the chapter's owner's staff, the site owner)",
        description=WHO
        + 'JSON {"chapter": <chapter id>, "name": "...", "order": 0}. An unknown (or invisible) chapter '
        'and a blank name: 400 {"chapter": ["Invalid pk \\"9\\" - object does not exist."], "name": '
        "[...]}; a shared chapter (for a teacher) or another teacher's: 403. 201 with the lesson. "
        + LESSON_SHAPE,
    )
    async def create_bank_lesson(
        self, request: Request, create_bank_lesson: Inject[CreateBankLesson], data: JSONBody[LessonIn]
    ) -> LessonOut:
        return lesson_out(await create_bank_lesson.execute(actor_of(request), new_lesson(data)))

    @get(
        LESSON,
        summary="One lesson (site owner, teacher, assistant)",
        description=WHO + TAXONOMY_SCOPE + LESSON_SHAPE,
    )
    async def get_bank_lesson(
        self, request: Request, get_bank_lesson: Inject[GetBankLesson], lesson_id: FromPath[int]
    ) -> LessonOut:
        return lesson_out(await get_bank_lesson.execute(actor_of(request), lesson_id))

    @patch(
        LESSON,
        summary="Change a lesson (its chapter's owner's staff, the site owner)",
        description=WHO
        + "Only the fields sent (`chapter`, `name`, `order`) change; a new chapter is checked as on "
        "create. " + LESSON_SHAPE,
    )
    async def update_bank_lesson(
        self,
        request: Request,
        update_bank_lesson: Inject[UpdateBankLesson],
        lesson_id: FromPath[int],
        data: JSONBody[LessonPatch],
    ) -> LessonOut:
        return lesson_out(
            await update_bank_lesson.execute(actor_of(request), lesson_id, lesson_changes(data))
        )

    @delete(
        LESSON,
        summary="Delete a lesson (its chapter's owner's staff, the site owner)",
        description=WHO
        + '204. A lesson holding questions is refused: 400 {"detail": "Cannot delete: questions use this '
        "lesson.\"}. A shared or another teacher's lesson: 403.",
    )
    async def delete_bank_lesson(
        self, request: Request, delete_bank_lesson: Inject[DeleteBankLesson], lesson_id: FromPath[int]
    ) -> None:
        await delete_bank_lesson.execute(actor_of(request), lesson_id)
