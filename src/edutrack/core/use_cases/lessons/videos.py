"""Videos of a lecture (Teacher API §5): created and deleted by the course's teacher, updated by the teacher
or their assistants, read by every authenticated user as far as they may see them."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.entities.content import Video
from edutrack.core.errors import found
from edutrack.core.policies.content import viewer_of
from edutrack.core.policies.lessons import check_video_url
from edutrack.core.use_cases.lessons.commands import NewVideo, VideoChanges
from edutrack.core.use_cases.lessons.common import (
    apply,
    load_owned,
    owner_of,
    parent_teacher,
    require_creator,
    require_editor,
)
from edutrack.core.use_cases.shared import Query, Writer
from edutrack.ports.lessons import ContentReader, VideoFilter, VideoRow
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.uow import UnitOfWork


class CreateVideo(Writer[ContentReader]):
    """The teacher of the lecture's course only (assistants, other teachers, the site owner, students: 403).

    Invariants: the lecture exists (else a ``lecture`` field error) and is the actor's; the URL matches the
    platform and is an http(s) URL (the documents' messages).
    """

    async def execute(self, actor: Actor, data: NewVideo) -> VideoRow:
        require_creator(actor)
        now = self._clock.now()
        video = Video(
            lecture_id=data.lecture_id,
            name=data.name,
            platform=data.platform,
            video_url=data.video_url,
            order=data.order,
            duration_minutes=data.duration_minutes,
            is_active=data.is_active,
            created_at=now,
            updated_at=now,
        )
        check_video_url(video.platform, video.video_url)
        async with self._uow as uow:
            lectures = owner_of(uow.lectures.get)
            await parent_teacher(lectures, "lecture", video.lecture_id, actor, teacher_only=True)
            await uow.videos.add(video)
            await uow.commit()
        assert video.id is not None
        return found(await self._reader.get_video(viewer_of(actor), video.id))


class UpdateVideo(Writer[ContentReader]):
    """The course's teacher or their assistants; only the fields set in ``changes``. The URL is checked
    against the resulting platform; moving to another lecture needs it to exist and be the same
    teacher's."""

    async def execute(self, actor: Actor, video_id: int, changes: VideoChanges) -> VideoRow:
        require_editor(actor)
        async with self._uow as uow:
            video = await load_owned(uow.videos.get, video_id, actor, teacher_only=False)
            lecture_id = changes.lecture_id
            if isinstance(lecture_id, int) and lecture_id != video.lecture_id:
                lectures = owner_of(uow.lectures.get)
                await parent_teacher(lectures, "lecture", lecture_id, actor, teacher_only=False)
            apply(video, changes, self._clock.now())
            check_video_url(video.platform, video.video_url)
            await uow.videos.save(video)
            await uow.commit()
        return found(await self._reader.get_video(viewer_of(actor), video_id))


class DeleteVideo:
    """The course's teacher only."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, actor: Actor, video_id: int) -> None:
        require_creator(actor)
        async with self._uow as uow:
            await load_owned(uow.videos.get, video_id, actor, teacher_only=True)
            await uow.videos.delete(video_id)
            await uow.commit()


class ListVideos(Query[ContentReader]):
    """Any authenticated user; each sees only the videos they may see (students: no URL)."""

    async def execute(self, actor: Actor, filters: VideoFilter, page: PageRequest) -> Page[VideoRow]:
        return await self._reader.list_videos(viewer_of(actor), filters, page)


class GetVideo(Query[ContentReader]):
    """Any authenticated user; a video they may not see is NotFound."""

    async def execute(self, actor: Actor, video_id: int) -> VideoRow:
        return found(await self._reader.get_video(viewer_of(actor), video_id))
