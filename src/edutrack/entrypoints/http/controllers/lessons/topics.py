"""``/courses/topics/`` (Teacher API §3)."""

from __future__ import annotations

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.params import FromPath, JSONBody

from edutrack.core import messages as m
from edutrack.core.policies.content import viewer_of
from edutrack.core.use_cases.lessons.topics import (
    CreateTopic,
    DeleteTopic,
    GetTopic,
    ListTopicLectures,
    ListTopics,
    UpdateTopic,
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
from edutrack.ports.lessons import TOPIC_ORDERING, TopicFilter
from edutrack.ports.readers import PageRequest
from edutrack.ports.storage import MediaStorage

TOPIC_ID = "/{topic_id:int}/"
NO_COURSE = m.invalid_pk("<id>").replace('"', '\\"')  # as it reads inside a JSON string


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
        course: IntQuery = None,
        is_active: BoolQuery = None,
        search: SearchQuery = None,
        ordering: OrderingQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[s.TopicOut]:
        actor = actor_of(request)
        filters = TopicFilter(
            course=parse_int("course", course),
            is_active=parse_bool("is_active", is_active),
            search=parse_search(search),
            ordering=order_by(ordering, TOPIC_ORDERING),
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
            f' {{"course": ["{NO_COURSE}"]}}. Answers 201 with the topic and its lectures.' + CREATES
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
        row = await create_topic.execute(actor, s.new_topic(data))
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
        return await _update_topic(request, update_topic, media_storage, topic_id, data, replace=True)

    @patch(TOPIC_ID, guards=STAFF, summary="Change some fields of a topic", description=UPDATES)
    async def update_topic(
        self,
        request: Request,
        update_topic: Inject[UpdateTopic],
        media_storage: Inject[MediaStorage],
        topic_id: FromPath[int],
        data: JSONBody[s.TopicUpdateIn],
    ) -> s.TopicDetailOut:
        return await _update_topic(request, update_topic, media_storage, topic_id, data, replace=False)

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
    replace: bool,
) -> s.TopicDetailOut:
    actor = actor_of(request)
    row = await use_case.execute(actor, topic_id, s.topic_changes(data, replace=replace))
    return s.topic_detail_out(row, request, media_storage, viewer_of(actor))
