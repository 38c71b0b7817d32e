"""Topics, lectures and videos (Teacher API §3–§5): ``/courses/topics/``, ``/courses/lectures/``,
``/courses/videos/``. Handlers decode, call one use case and encode; the use cases check the roles again.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody

from edutrack.core.actor import Role
from edutrack.core.entities.content import Platform
from edutrack.core.policies.content import viewer_of
from edutrack.core.use_cases.lessons.lectures import (
    CreateLecture,
    DeleteLecture,
    GetLecture,
    ListLectures,
    ListLectureVideos,
    UpdateLecture,
)
from edutrack.core.use_cases.lessons.topics import (
    CreateTopic,
    DeleteTopic,
    GetTopic,
    ListTopicLectures,
    ListTopics,
    UpdateTopic,
)
from edutrack.core.use_cases.lessons.videos import CreateVideo, DeleteVideo, GetVideo, ListVideos, UpdateVideo
from edutrack.core.use_cases.lessons.viewer import ResolveContentViewer
from edutrack.entrypoints.http.conventions import (
    PageOut,
    paginate,
    parse_bool,
    parse_choice,
    parse_int,
    parse_ordering,
    parse_search,
)
from edutrack.entrypoints.http.forms import read_form_or_json
from edutrack.entrypoints.http.schemas import lessons as s
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.uploads import picture_change, read_image
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.lessons import (
    LECTURE_ORDERING,
    TOPIC_ORDERING,
    VIDEO_ORDERING,
    LectureFilter,
    TopicFilter,
    VideoFilter,
)
from edutrack.ports.readers import PageRequest
from edutrack.ports.storage import MediaStorage

TEACHER = [roles(Role.TEACHER)]
STAFF = [roles(Role.TEACHER, Role.ASSISTANT)]
SEES = (
    " Any authenticated user. Students see only active topics of active courses, visible lectures and"
    " active videos (the rest is 404 for them) and get `video_url: null` except for the lectures they"
    " hold unexpired access to (a purchase); a teacher and their assistants"
    " also see everything of the teacher's own courses; the site owner sees everything."
)
CREATES = (
    " The teacher of the course only: assistants, another teacher, the site owner and students get 403"
    ' {"detail": "You do not have permission to perform this action."}.'
)
UPDATES = (
    " The teacher of the course or their assistants; another teacher's content, the site owner and"
    " students get 403; a missing id 404. PUT requires the fields marked required on create; PATCH any"
    " subset."
)
DELETES = " The teacher of the course only (assistants, other teachers, the site owner, students: 403)."
PAGED = " Paginated (`?page`, `?page_size`, `?all=true`)."
TOPIC_ID = "/{topic_id:int}/"
LECTURE_ID = "/{lecture_id:int}/"
VIDEO_ID = "/{video_id:int}/"


def _ordering(raw: str | None, allowed: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    return tuple(parse_ordering(raw, allowed))


class TopicController(Controller):
    path = "/courses/topics"
    tags = ["course content"]

    @get(
        "/",
        summary="List topics",
        description=(
            "Filters: `?course=` (course id), `?is_active=`, `?search=` (name, description or course name,"
            " case-insensitive), `?ordering=` order|created_at|name (`-` for descending; default order, id)."
            " `lecture_count` counts the lectures the caller can see." + PAGED + SEES
        ),
    )
    async def list_topics(
        self,
        request: Request,
        list_topics: Inject[ListTopics],
        course: FromQuery[str | None] = None,
        is_active: FromQuery[str | None] = None,
        search: FromQuery[str | None] = None,
        ordering: FromQuery[str | None] = None,
    ) -> PageOut[s.TopicOut]:
        actor = actor_of(request)
        filters = TopicFilter(
            course=parse_int("course", course),
            is_active=parse_bool("is_active", is_active),
            search=parse_search(search),
            ordering=_ordering(ordering, TOPIC_ORDERING),
        )

        async def fetch(page: PageRequest) -> object:
            return await list_topics.execute(actor, filters, page)

        return await paginate(request, fetch, s.topic_out)

    @post(
        "/",
        guards=TEACHER,
        summary="Create a topic in one of the teacher's courses",
        description=(
            "JSON: course (required), name (required, at most 200), description, order (default 0),"
            " is_active (default true). A course that does not exist is 400"
            ' {"course": ["Invalid pk \\"<id>\\" - object does not exist."]}. Answers 201 with the topic'
            " and its lectures." + CREATES
        ),
    )
    async def create_topic(
        self,
        request: Request,
        create_topic: Inject[CreateTopic],
        media_storage: Inject[MediaStorage],
        data: JSONBody[s.TopicCreateIn],
    ) -> s.TopicDetailOut:
        actor = actor_of(request)
        row = await create_topic.execute(actor, s.given(data))
        return s.topic_detail_out(row, request, media_storage, viewer_of(actor))

    @get(TOPIC_ID, summary="A topic with its lectures and their videos", description=SEES)
    async def get_topic(
        self,
        request: Request,
        get_topic: Inject[GetTopic],
        media_storage: Inject[MediaStorage],
        resolve_content_viewer: Inject[ResolveContentViewer],
        topic_id: FromPath[int],
    ) -> s.TopicDetailOut:
        actor = actor_of(request)
        row = await get_topic.execute(actor, topic_id)
        return s.topic_detail_out(row, request, media_storage, await resolve_content_viewer.execute(actor))

    @put(TOPIC_ID, guards=STAFF, summary="Replace a topic (course and name required)", description=UPDATES)
    async def replace_topic(
        self,
        request: Request,
        update_topic: Inject[UpdateTopic],
        media_storage: Inject[MediaStorage],
        topic_id: FromPath[int],
        data: JSONBody[s.TopicUpdateIn],
    ) -> s.TopicDetailOut:
        return await _update_topic(request, update_topic, media_storage, topic_id, data, partial=False)

    @patch(TOPIC_ID, guards=STAFF, summary="Change some fields of a topic", description=UPDATES)
    async def update_topic(
        self,
        request: Request,
        update_topic: Inject[UpdateTopic],
        media_storage: Inject[MediaStorage],
        topic_id: FromPath[int],
        data: JSONBody[s.TopicUpdateIn],
    ) -> s.TopicDetailOut:
        return await _update_topic(request, update_topic, media_storage, topic_id, data, partial=True)

    @delete(
        TOPIC_ID,
        guards=TEACHER,
        summary="Delete a topic with its lectures, videos and materials",
        description="Their picture and material files are removed after the deletion. A topic with a lecture"
        ' students have bought is kept: 400 `{"detail": "Cannot delete: students have bought lectures of this'
        ' topic. Deactivate it instead (is_active false)."}`.' + DELETES,
    )
    async def delete_topic(
        self, request: Request, delete_topic: Inject[DeleteTopic], topic_id: FromPath[int]
    ) -> None:
        await delete_topic.execute(actor_of(request), topic_id)

    @get(
        TOPIC_ID + "lectures/",
        summary="The lectures of a topic (a bare array, in order)",
        description="Each without course, teacher and videos, with `video_count`." + SEES,
    )
    async def topic_lectures(
        self,
        request: Request,
        list_topic_lectures: Inject[ListTopicLectures],
        media_storage: Inject[MediaStorage],
        topic_id: FromPath[int],
    ) -> list[s.TopicLectureOut]:
        rows = await list_topic_lectures.execute(actor_of(request), topic_id)
        return [s.topic_lecture_out(row, request, media_storage) for row in rows]


async def _update_topic(
    request: Request,
    use_case: UpdateTopic,
    media_storage: MediaStorage,
    topic_id: int,
    data: s.TopicUpdateIn,
    *,
    partial: bool,
) -> s.TopicDetailOut:
    actor = actor_of(request)
    row = await use_case.execute(actor, topic_id, s.given(data), partial=partial)
    return s.topic_detail_out(row, request, media_storage, viewer_of(actor))


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
        topic: FromQuery[str | None] = None,
        is_visible: FromQuery[str | None] = None,
        search: FromQuery[str | None] = None,
        ordering: FromQuery[str | None] = None,
    ) -> PageOut[s.LectureOut]:
        actor = actor_of(request)
        viewer = await resolve_content_viewer.execute(actor)
        filters = LectureFilter(
            topic=parse_int("topic", topic),
            is_visible=parse_bool("is_visible", is_visible),
            search=parse_search(search),
            ordering=_ordering(ordering, LECTURE_ORDERING),
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
        picture = await read_image(data.picture)
        row = await create_lecture.execute(actor, s.given(data), picture)
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
        return await _update_lecture(request, update_lecture, media_storage, lecture_id, partial=False)

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
        return await _update_lecture(request, update_lecture, media_storage, lecture_id, partial=True)

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
    request: Request, use_case: UpdateLecture, media_storage: MediaStorage, lecture_id: int, *, partial: bool
) -> s.LectureOut:
    actor = actor_of(request)
    data, files = await read_form_or_json(request, s.LectureUpdateIn)
    change = await picture_change(data.picture, files, field="picture")
    row = await use_case.execute(
        actor,
        lecture_id,
        s.given(data),
        picture=change.upload,
        remove_picture=change.remove,
        partial=partial,
    )
    return s.lecture_out(row, request, media_storage, viewer_of(actor))


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
        lecture: FromQuery[str | None] = None,
        platform: FromQuery[str | None] = None,
        is_active: FromQuery[str | None] = None,
        search: FromQuery[str | None] = None,
        ordering: FromQuery[str | None] = None,
    ) -> PageOut[s.VideoOut]:
        actor = actor_of(request)
        viewer = await resolve_content_viewer.execute(actor)
        filters = VideoFilter(
            lecture=parse_int("lecture", lecture),
            platform=parse_choice("platform", platform, PLATFORMS),
            is_active=parse_bool("is_active", is_active),
            search=parse_search(search),
            ordering=_ordering(ordering, VIDEO_ORDERING),
        )

        async def fetch(page: PageRequest) -> object:
            return await list_videos.execute(actor, filters, page)

        return await paginate(request, fetch, lambda row: s.video_out(row, viewer))

    @post("/", guards=TEACHER, summary="Create a video", description="Answers 201." + VIDEO_BODY + CREATES)
    async def create_video(
        self, request: Request, create_video: Inject[CreateVideo], data: JSONBody[s.VideoCreateIn]
    ) -> s.VideoOut:
        actor = actor_of(request)
        row = await create_video.execute(actor, s.given(data))
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
        media_storage: Inject[MediaStorage],
        video_id: FromPath[int],
        data: JSONBody[s.VideoUpdateIn],
    ) -> s.VideoOut:
        return await _update_video(request, update_video, media_storage, video_id, data, partial=False)

    @patch(VIDEO_ID, guards=STAFF, summary="Change some fields of a video", description=VIDEO_BODY + UPDATES)
    async def update_video(
        self,
        request: Request,
        update_video: Inject[UpdateVideo],
        media_storage: Inject[MediaStorage],
        video_id: FromPath[int],
        data: JSONBody[s.VideoUpdateIn],
    ) -> s.VideoOut:
        return await _update_video(request, update_video, media_storage, video_id, data, partial=True)

    @delete(VIDEO_ID, guards=TEACHER, summary="Delete a video", description=DELETES)
    async def delete_video(
        self, request: Request, delete_video: Inject[DeleteVideo], video_id: FromPath[int]
    ) -> None:
        await delete_video.execute(actor_of(request), video_id)


async def _update_video(
    request: Request,
    use_case: UpdateVideo,
    media_storage: MediaStorage,
    video_id: int,
    data: s.VideoUpdateIn,
    *,
    partial: bool,
) -> s.VideoOut:
    actor = actor_of(request)
    row = await use_case.execute(actor, video_id, s.given(data), partial=partial)
    return s.video_out(row, viewer_of(actor))


CONTROLLERS: list[type[Controller]] = [TopicController, LectureController, VideoController]
