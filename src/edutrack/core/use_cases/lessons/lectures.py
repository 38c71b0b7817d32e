"""Lectures of a topic (Teacher API §4, supplement §6): created and deleted by the course's teacher, updated
by the teacher or their assistants, read by every authenticated user as far as they may see them."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.commands import UNSET
from edutrack.core.entities.content import Lecture
from edutrack.core.errors import InUse, found
from edutrack.core.policies.content import viewer_of
from edutrack.core.policies.lessons import check_discount
from edutrack.core.policies.uploads import Upload, check_image
from edutrack.core.use_cases.lessons.commands import LectureChanges, NewLecture
from edutrack.core.use_cases.lessons.common import (
    SOLD_LECTURE,
    apply,
    load_owned,
    owner_of,
    parent_teacher,
    remove_files,
    require_creator,
    require_editor,
)
from edutrack.core.use_cases.shared import ContentRemover, PictureWriter, Query
from edutrack.ports.lessons import ContentReader, LectureFilter, LectureRow, VideoRow
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.storage import MediaStorage

FOLDER = "lectures"


async def _store(storage: MediaStorage, picture: Upload | None) -> str | None:
    """Saved before the transaction (slow work stays outside it), under the extension its bytes say: a file
    that is not really a JPEG/PNG/WebP of at most 5 MB is never stored (a ``picture`` field error)."""
    if picture is None:
        return None
    return await storage.save(FOLDER, check_image(picture, field="picture"), picture.content)


class CreateLecture(PictureWriter[ContentReader]):
    """The teacher of the topic's course only (assistants, other teachers, the site owner, students: 403).

    Invariants: the topic exists (else a ``topic`` field error) and is the actor's; discount <= price; the
    picture is a real image. If the transaction fails, the stored picture is deleted again.
    """

    async def execute(self, actor: Actor, data: NewLecture) -> LectureRow:
        require_creator(actor)
        now = self._clock.now()
        lecture = Lecture(
            topic_id=data.topic_id,
            name=data.name,
            price=data.price,
            available_days=data.available_days,
            description=data.description,
            discount=data.discount,
            is_visible=data.is_visible,
            order=data.order,
            created_at=now,
            updated_at=now,
        )
        check_discount(lecture.price, lecture.discount)
        key = await _store(self._storage, data.picture)
        try:
            async with self._uow as uow:
                topics = owner_of(uow.topics.get)
                await parent_teacher(topics, "topic", lecture.topic_id, actor, teacher_only=True)
                lecture.picture = key
                await uow.lectures.add(lecture)
                await uow.commit()
        except BaseException:
            if key is not None:
                await self._storage.delete(key)
            raise
        assert lecture.id is not None
        return found(await self._reader.get_lecture(viewer_of(actor), lecture.id))


class UpdateLecture(PictureWriter[ContentReader]):
    """The course's teacher or their assistants; only the fields set in ``changes``.

    Invariants: the discount is checked against the resulting price; moving to another topic needs it to
    exist and be the same teacher's. A new picture replaces the old one and ``picture=None`` clears it; the
    old file is deleted after the commit, the new one if the transaction fails.
    """

    async def execute(self, actor: Actor, lecture_id: int, changes: LectureChanges) -> LectureRow:
        require_editor(actor)
        picture = changes.picture
        key = await _store(self._storage, picture) if isinstance(picture, Upload) else None
        try:
            async with self._uow as uow:
                lecture = await load_owned(uow.lectures.get, lecture_id, actor, teacher_only=False)
                topic_id = changes.topic_id
                if isinstance(topic_id, int) and topic_id != lecture.topic_id:
                    topics = owner_of(uow.topics.get)
                    await parent_teacher(topics, "topic", topic_id, actor, teacher_only=False)
                old_key = lecture.picture
                apply(lecture, changes, self._clock.now())
                check_discount(lecture.price, lecture.discount)
                if picture is not UNSET:
                    lecture.picture = key
                await uow.lectures.save(lecture)
                await uow.commit()
        except BaseException:
            if key is not None:
                await self._storage.delete(key)
            raise
        if old_key is not None and old_key != lecture.picture:
            await self._storage.delete(old_key)
        return found(await self._reader.get_lecture(viewer_of(actor), lecture_id))


class DeleteLecture(ContentRemover):
    """The course's teacher only. A lecture students have bought is never deleted (their purchases, and the
    money behind them, keep referring to it): 400 SOLD_LECTURE; hiding it is the way. Otherwise its videos
    and materials go with it in one transaction; the picture and the material files are deleted after the
    commit."""

    async def execute(self, actor: Actor, lecture_id: int) -> None:
        require_creator(actor)
        async with self._uow as uow:
            await load_owned(uow.lectures.get, lecture_id, actor, teacher_only=True)
            if await uow.lectures.is_sold(lecture_id):
                raise InUse(SOLD_LECTURE)
            removed = await uow.lectures.delete(lecture_id)
            await uow.commit()
        await remove_files(removed, self._storage, self._private_files)


class ListLectures(Query[ContentReader]):
    """Any authenticated user; each sees only the lectures they may see, each with its visible videos."""

    async def execute(self, actor: Actor, filters: LectureFilter, page: PageRequest) -> Page[LectureRow]:
        return await self._reader.list_lectures(viewer_of(actor), filters, page)


class GetLecture(Query[ContentReader]):
    """Any authenticated user; a lecture they may not see is NotFound."""

    async def execute(self, actor: Actor, lecture_id: int) -> LectureRow:
        return found(await self._reader.get_lecture(viewer_of(actor), lecture_id))


class ListLectureVideos(Query[ContentReader]):
    """Any authenticated user: the visible videos of a lecture they may see (else NotFound)."""

    async def execute(self, actor: Actor, lecture_id: int) -> list[VideoRow]:
        return found(await self._reader.lecture_videos(viewer_of(actor), lecture_id))
