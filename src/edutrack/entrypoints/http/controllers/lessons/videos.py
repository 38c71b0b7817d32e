"""``/courses/videos/`` (Teacher API §5)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.params import FromPath, JSONBody

from edutrack.core.entities.content import Platform
from edutrack.core.policies.content import viewer_of
from edutrack.core.use_cases.lessons.videos import CreateVideo, DeleteVideo, GetVideo, ListVideos, UpdateVideo
from edutrack.core.use_cases.lessons.viewer import ResolveContentViewer
from edutrack.entrypoints.http.controllers.lessons.common import (
    CREATES,
    DELETES,
    PAGED,
    SEES,
    STAFF,
    TEACHER,
    UPDATES,
    order_by,
)
from edutrack.entrypoints.http.conventions import (
    paginate,
    parse_bool,
    parse_choice,
    parse_int,
    parse_search,
)
from edutrack.entrypoints.http.openapi import (
    AllQuery,
    BoolQuery,
    IntQuery,
    OrderingQuery,
    Paged,
    PageQuery,
    PageSizeQuery,
    SearchQuery,
    choice,
)
from edutrack.entrypoints.http.schemas import lessons as s
from edutrack.entrypoints.http.security import actor_of
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.lessons import VIDEO_ORDERING, VideoFilter
from edutrack.ports.readers import PageRequest

VIDEO_ID = "/{video_id:int}/"
VIDEO_BODY = (
    " JSON: lecture (id), name, platform (youtube|bunnystream|vdocipher), video_url (must match the"
    " platform: YouTube 'youtube.com'/'youtu.be', Bunny Stream 'bunnycdn'/'b-cdn.net', VDO Cipher a valid"
    " HTTPS URL; the documented 400 bodies), order (default 0), duration_minutes (0-10000 or null),"
    " is_active (default true)."
)
PLATFORMS = tuple(p.value for p in Platform)


class VideoController(Controller):
    path = "/courses/videos"
    tags = ["course content"]

    @get(
        "/",
        summary="List videos",
        description=(
            "Filters: `?lecture=` (lecture id), `?platform=` youtube|bunnystream|vdocipher (another value"
            " is 400), `?is_active=`, `?search=` (name or video URL), `?ordering=`"
            " order|created_at|duration_minutes (`-` for descending; default order, id)." + PAGED + SEES
        ),
    )
    async def list_videos(
        self,
        request: Request,
        list_videos: Inject[ListVideos],
        resolve_content_viewer: Inject[ResolveContentViewer],
        lecture: IntQuery = None,
        platform: Annotated[str | None, choice(*PLATFORMS)] = None,
        is_active: BoolQuery = None,
        search: SearchQuery = None,
        ordering: OrderingQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[s.VideoOut]:
        actor = actor_of(request)
        viewer = await resolve_content_viewer.execute(actor)
        filters = VideoFilter(
            lecture=parse_int("lecture", lecture),
            platform=parse_choice("platform", platform, PLATFORMS),
            is_active=parse_bool("is_active", is_active),
            search=parse_search(search),
            ordering=order_by(ordering, VIDEO_ORDERING),
        )

        async def fetch(page: PageRequest) -> object:
            return await list_videos.execute(actor, filters, page)

        return await paginate(request, fetch, lambda row: s.video_out(row, viewer))

    @post("/", guards=TEACHER, summary="Create a video", description="Answers 201." + VIDEO_BODY + CREATES)
    async def create_video(
        self, request: Request, create_video: Inject[CreateVideo], data: JSONBody[s.VideoCreateIn]
    ) -> s.VideoOut:
        actor = actor_of(request)
        row = await create_video.execute(actor, s.new_video(data))
        return s.video_out(row, viewer_of(actor))

    @get(VIDEO_ID, summary="A video", description=SEES)
    async def get_video(
        self,
        request: Request,
        get_video: Inject[GetVideo],
        resolve_content_viewer: Inject[ResolveContentViewer],
        video_id: FromPath[int],
    ) -> s.VideoOut:
        actor = actor_of(request)
        row = await get_video.execute(actor, video_id)
        return s.video_out(row, await resolve_content_viewer.execute(actor))

    @put(VIDEO_ID, guards=STAFF, summary="Replace a video", description=VIDEO_BODY + UPDATES)
    async def replace_video(
        self,
        request: Request,
        update_video: Inject[UpdateVideo],
        video_id: FromPath[int],
        data: JSONBody[s.VideoUpdateIn],
    ) -> s.VideoOut:
        return await _update_video(request, update_video, video_id, data, replace=True)

    @patch(VIDEO_ID, guards=STAFF, summary="Change some fields of a video", description=VIDEO_BODY + UPDATES)
    async def update_video(
        self,
        request: Request,
        update_video: Inject[UpdateVideo],
        video_id: FromPath[int],
        data: JSONBody[s.VideoUpdateIn],
    ) -> s.VideoOut:
        return await _update_video(request, update_video, video_id, data, replace=False)

    @delete(VIDEO_ID, guards=TEACHER, summary="Delete a video", description=DELETES)
    async def delete_video(
        self, request: Request, delete_video: Inject[DeleteVideo], video_id: FromPath[int]
    ) -> None:
        await delete_video.execute(actor_of(request), video_id)


async def _update_video(
    request: Request, use_case: UpdateVideo, video_id: int, data: s.VideoUpdateIn, *, replace: bool
) -> s.VideoOut:
    actor = actor_of(request)
    row = await use_case.execute(actor, video_id, s.video_changes(data, replace=replace))
    return s.video_out(row, viewer_of(actor))
