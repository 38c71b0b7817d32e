"""``/courses/lectures/`` (Teacher API §4, supplement §6): multipart on create; multipart or JSON on
update."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from edutrack.core.policies.content import viewer_of
from edutrack.core.use_cases.lessons.lectures import (
    CreateLecture,
    DeleteLecture,
    GetLecture,
    ListLectures,
    ListLectureVideos,
    UpdateLecture,
)
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
from edutrack.entrypoints.http.conventions import paginate, parse_bool, parse_int, parse_search
from edutrack.entrypoints.http.forms import read_form_or_json
from edutrack.entrypoints.http.openapi import (
    AllQuery,
    BoolQuery,
    IntQuery,
    OrderingQuery,
    Paged,
    PageQuery,
    PageSizeQuery,
    SearchQuery,
)
from edutrack.entrypoints.http.schemas import lessons as s
from edutrack.entrypoints.http.security import actor_of
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.lessons import LECTURE_ORDERING, LectureFilter
from edutrack.ports.readers import PageRequest
from edutrack.ports.storage import MediaStorage

LECTURE_ID = "/{lecture_id:int}/"
LECTURE_BODY = (
    " Fields: topic (id), name (at most 200), description, price (decimal >= 0, string or number),"
    " discount (an amount in EGP, 0 <= discount <= price, default 0.00; else"
    ' {"discount": ["Discount cannot exceed the price."]}), available_days (1-365), is_visible (default'
    " true), order (default 0), picture (JPEG/PNG/WebP file, at most 5 MB). `final_price` = price -"
    ' discount; `formatted_price` is "120.00 EGP" or "Free".'
)
LECTURE_UPDATE = (
    " multipart/form-data or JSON. A `picture` file replaces the picture (the old file is removed);"
    " `null` (JSON) or an empty form value removes it."
)


class LectureController(Controller):
    path = "/courses/lectures"
    tags = ["course content"]

    @get(
        "/",
        summary="List lectures (each with its videos)",
        description=(
            "Filters: `?topic=` (topic id), `?is_visible=`, `?search=` (name, description or topic name),"
            " `?ordering=` order|price|created_at|name (`-` for descending; default order, id)."
            + PAGED
            + SEES
        ),
    )
    async def list_lectures(
        self,
        request: Request,
        list_lectures: Inject[ListLectures],
        media_storage: Inject[MediaStorage],
        resolve_content_viewer: Inject[ResolveContentViewer],
        topic: IntQuery = None,
        is_visible: BoolQuery = None,
        search: SearchQuery = None,
        ordering: OrderingQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[s.LectureOut]:
        actor = actor_of(request)
        viewer = await resolve_content_viewer.execute(actor)
        filters = LectureFilter(
            topic=parse_int("topic", topic),
            is_visible=parse_bool("is_visible", is_visible),
            search=parse_search(search),
            ordering=order_by(ordering, LECTURE_ORDERING),
        )

        async def fetch(page: PageRequest) -> object:
            return await list_lectures.execute(actor, filters, page)

        return await paginate(request, fetch, lambda row: s.lecture_out(row, request, media_storage, viewer))

    @post(
        "/",
        guards=TEACHER,
        summary="Create a lecture (multipart)",
        description="Answers 201 with the lecture." + LECTURE_BODY + CREATES,
    )
    async def create_lecture(
        self,
        request: Request,
        create_lecture: Inject[CreateLecture],
        media_storage: Inject[MediaStorage],
        data: Annotated[s.LectureCreateIn, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> s.LectureOut:
        actor = actor_of(request)
        row = await create_lecture.execute(actor, await s.new_lecture(data))
        return s.lecture_out(row, request, media_storage, viewer_of(actor))

    @get(LECTURE_ID, summary="A lecture with its videos", description=SEES)
    async def get_lecture(
        self,
        request: Request,
        get_lecture: Inject[GetLecture],
        media_storage: Inject[MediaStorage],
        resolve_content_viewer: Inject[ResolveContentViewer],
        lecture_id: FromPath[int],
    ) -> s.LectureOut:
        actor = actor_of(request)
        row = await get_lecture.execute(actor, lecture_id)
        return s.lecture_out(row, request, media_storage, await resolve_content_viewer.execute(actor))

    @put(
        LECTURE_ID,
        guards=STAFF,
        opt={"form_body": s.LectureUpdateIn},
        summary="Replace a lecture (topic, name, price, available_days required)",
        description=LECTURE_UPDATE + LECTURE_BODY + UPDATES,
    )
    async def replace_lecture(
        self,
        request: Request,
        update_lecture: Inject[UpdateLecture],
        media_storage: Inject[MediaStorage],
        lecture_id: FromPath[int],
    ) -> s.LectureOut:
        return await _update_lecture(request, update_lecture, media_storage, lecture_id, replace=True)

    @patch(
        LECTURE_ID,
        guards=STAFF,
        opt={"form_body": s.LectureUpdateIn},
        summary="Change some fields of a lecture",
        description=LECTURE_UPDATE + LECTURE_BODY + UPDATES,
    )
    async def update_lecture(
        self,
        request: Request,
        update_lecture: Inject[UpdateLecture],
        media_storage: Inject[MediaStorage],
        lecture_id: FromPath[int],
    ) -> s.LectureOut:
        return await _update_lecture(request, update_lecture, media_storage, lecture_id, replace=False)

    @delete(
        LECTURE_ID,
        guards=TEACHER,
        summary="Delete a lecture with its videos and materials",
        description="Its picture and material files are removed after the deletion. A lecture students have"
        ' bought is kept (their purchases refer to it): 400 `{"detail": "Cannot delete: students have bought'
        ' this lecture. Hide it instead (is_visible false)."}`.' + DELETES,
    )
    async def delete_lecture(
        self, request: Request, delete_lecture: Inject[DeleteLecture], lecture_id: FromPath[int]
    ) -> None:
        await delete_lecture.execute(actor_of(request), lecture_id)

    @get(LECTURE_ID + "videos/", summary="The videos of a lecture (a bare array, in order)", description=SEES)
    async def lecture_videos(
        self,
        request: Request,
        list_lecture_videos: Inject[ListLectureVideos],
        resolve_content_viewer: Inject[ResolveContentViewer],
        lecture_id: FromPath[int],
    ) -> list[s.VideoOut]:
        actor = actor_of(request)
        rows = await list_lecture_videos.execute(actor, lecture_id)
        viewer = await resolve_content_viewer.execute(actor)
        return [s.video_out(row, viewer) for row in rows]


async def _update_lecture(
    request: Request, use_case: UpdateLecture, media_storage: MediaStorage, lecture_id: int, *, replace: bool
) -> s.LectureOut:
    actor = actor_of(request)
    data, files = await read_form_or_json(request, s.LectureUpdateIn)
    changes = await s.lecture_changes(data, files, replace=replace)
    row = await use_case.execute(actor, lecture_id, changes)
    return s.lecture_out(row, request, media_storage, viewer_of(actor))
