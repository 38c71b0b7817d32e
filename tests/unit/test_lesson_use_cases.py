"""Topic, lecture and video use cases on the in-memory adapters: rules, scope, visibility, files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from edutrack.adapters.memory.lessons import LessonTables
from edutrack.composition import Container
from edutrack.core.actor import Actor
from edutrack.core.entities.content import Platform
from edutrack.core.errors import NotFound, PermissionDenied, ValidationFailed
from edutrack.core.policies.uploads import Upload
from edutrack.core.use_cases.lessons.commands import (
    LectureChanges,
    NewLecture,
    NewTopic,
    NewVideo,
    TopicChanges,
    VideoChanges,
)
from edutrack.core.use_cases.lessons.lectures import (
    CreateLecture,
    DeleteLecture,
    GetLecture,
    ListLectures,
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
from edutrack.ports.lessons import LectureFilter, TopicFilter, VideoFilter
from edutrack.ports.readers import PageRequest
from tests.support.catalog import World, add_course, add_lecture, add_topic, add_video, build_world
from tests.support.files import PNG

pytestmark = pytest.mark.anyio
ALL = PageRequest(offset=0, limit=None)
YOUTU_BE = "https://youtu.be/x"


def lecture_with(topic: int, filename: str, content: bytes) -> NewLecture:
    """A lecture with a picture."""
    return NewLecture(
        topic_id=topic, name="L", price=Decimal("1.00"), available_days=7, picture=Upload(filename, content)
    )


@pytest.fixture
async def world(container: Container) -> World:
    return await build_world(container)


async def test_create_topic_returns_the_row_with_course_and_counts(
    container: Container, world: World
) -> None:
    row = await container.get(CreateTopic).execute(
        world.teacher.actor, NewTopic(course_id=world.course, name="Mechanics", description="Forces")
    )
    assert (row.course_id, row.course_name, row.name, row.description) == (
        world.course,
        "Physics 1",
        "Mechanics",
        "Forces",
    )
    assert (row.order, row.is_active, row.lecture_count, row.lectures) == (0, True, 0, ())
    assert row.teacher_id == world.teacher.actor.teacher_id


async def test_the_parent_must_exist(container: Container, world: World) -> None:
    """The fields come checked (tests/unit/test_lesson_schemas.py); the parent is the core's to check."""
    topic = await add_topic(container, world)
    lecture = await add_lecture(container, world, topic)
    cases = [
        (CreateTopic, NewTopic(course_id=999, name="A"), "course"),
        (CreateLecture, NewLecture(topic_id=999, name="L", price=Decimal("1.00"), available_days=1), "topic"),
        (
            CreateVideo,
            NewVideo(lecture_id=999, name="V", platform=Platform.YOUTUBE, video_url=YOUTU_BE),
            "lecture",
        ),
    ]
    for use_case, data, field in cases:
        with pytest.raises(ValidationFailed) as caught:
            await container.get(use_case).execute(world.teacher.actor, data)  # type: ignore[attr-defined]
        assert caught.value.fields == {field: ['Invalid pk "999" - object does not exist.']}
    for use_case, item, changes, field in (
        (UpdateTopic, topic, TopicChanges(course_id=999), "course"),
        (UpdateLecture, lecture, LectureChanges(topic_id=999), "topic"),
        (UpdateVideo, await add_video(container, world, lecture), VideoChanges(lecture_id=999), "lecture"),
    ):
        with pytest.raises(ValidationFailed) as caught:
            await container.get(use_case).execute(world.teacher.actor, item, changes)  # type: ignore[attr-defined]
        assert caught.value.fields == {field: ['Invalid pk "999" - object does not exist.']}


@pytest.mark.parametrize("who", ["assistant", "other", "owner", "student"])
async def test_only_the_course_teacher_creates_and_deletes(
    container: Container, world: World, who: str
) -> None:
    actor: Actor = getattr(world, who).actor
    with pytest.raises(PermissionDenied):
        await container.get(CreateTopic).execute(actor, NewTopic(course_id=world.course, name="A"))
    topic = await add_topic(container, world)
    lecture = await add_lecture(container, world, topic)
    video = await add_video(container, world, lecture)
    with pytest.raises(PermissionDenied):
        await container.get(CreateLecture).execute(
            actor, NewLecture(topic_id=topic, name="L", price=Decimal("1.00"), available_days=1)
        )
    with pytest.raises(PermissionDenied):
        await container.get(CreateVideo).execute(
            actor, NewVideo(lecture_id=lecture, name="V", platform=Platform.YOUTUBE, video_url=YOUTU_BE)
        )
    for delete, item in (
        (container.get(DeleteVideo), video),
        (container.get(DeleteLecture), lecture),
        (container.get(DeleteTopic), topic),
    ):
        with pytest.raises(PermissionDenied):
            await delete.execute(actor, item)


async def test_assistant_updates_but_another_teacher_gets_403(container: Container, world: World) -> None:
    topic = await add_topic(container, world)
    lecture = await add_lecture(container, world, topic)
    video = await add_video(container, world, lecture)
    row = await container.get(UpdateTopic).execute(world.assistant.actor, topic, TopicChanges(name="Renamed"))
    assert row.name == "Renamed"
    assert (
        await container.get(UpdateLecture).execute(world.assistant.actor, lecture, LectureChanges(order=3))
    ).order == 3
    assert (
        await container.get(UpdateVideo).execute(world.assistant.actor, video, VideoChanges(order=4))
    ).order == 4
    for actor in (world.other.actor, world.owner.actor, world.student.actor):
        with pytest.raises(PermissionDenied):
            await container.get(UpdateTopic).execute(actor, topic, TopicChanges(name="X"))
        with pytest.raises(PermissionDenied):
            await container.get(UpdateLecture).execute(actor, lecture, LectureChanges(name="X"))
        with pytest.raises(PermissionDenied):
            await container.get(UpdateVideo).execute(actor, video, VideoChanges(name="X"))


async def test_missing_rows_are_not_found(container: Container, world: World) -> None:
    with pytest.raises(NotFound):
        await container.get(UpdateTopic).execute(world.teacher.actor, 404, TopicChanges(name="X"))
    with pytest.raises(NotFound):
        await container.get(DeleteLecture).execute(world.teacher.actor, 404)
    with pytest.raises(NotFound):
        await container.get(GetVideo).execute(world.student.actor, 404)


async def test_changes_touch_only_the_fields_they_set(container: Container, world: World) -> None:
    topic = await add_topic(container, world, description="Forces", order=3)
    row = await container.get(UpdateTopic).execute(world.teacher.actor, topic, TopicChanges(is_active=False))
    assert (row.description, row.order, row.is_active) == ("Forces", 3, False)
    row = await container.get(UpdateTopic).execute(world.teacher.actor, topic, TopicChanges(description=None))
    assert (row.description, row.order, row.is_active) == (None, 3, False)


async def test_moving_a_topic_needs_a_course_of_the_same_teacher(container: Container, world: World) -> None:
    topic = await add_topic(container, world)
    with pytest.raises(PermissionDenied):
        await container.get(UpdateTopic).execute(
            world.teacher.actor, topic, TopicChanges(course_id=world.other_course)
        )
    second = await add_course(container, world.reference, world.teacher)
    assert (
        await container.get(UpdateTopic).execute(world.teacher.actor, topic, TopicChanges(course_id=second))
    ).course_id == second


async def test_discount_within_the_price(container: Container, world: World) -> None:
    topic = await add_topic(container, world)
    with pytest.raises(ValidationFailed) as caught:
        await add_lecture(container, world, topic, price="50", discount="50.01")
    assert caught.value.fields == {"discount": ["Discount cannot exceed the price."]}
    lecture = await add_lecture(container, world, topic, price="120", discount="20.5")
    row = await container.get(GetLecture).execute(world.student.actor, lecture)
    assert (row.price, row.discount) == (Decimal("120.00"), Decimal("20.50"))
    with pytest.raises(ValidationFailed) as caught:  # lowering the price under the kept discount
        await container.get(UpdateLecture).execute(
            world.teacher.actor, lecture, LectureChanges(price=Decimal("10.00"))
        )
    assert caught.value.fields == {"discount": ["Discount cannot exceed the price."]}
    row = await container.get(UpdateLecture).execute(
        world.teacher.actor, lecture, LectureChanges(price=Decimal("0.00"), discount=Decimal("0.00"))
    )
    assert (row.price, row.discount) == (Decimal("0.00"), Decimal("0.00"))


async def test_lecture_picture_is_stored_replaced_and_removed(container: Container, world: World) -> None:
    topic = await add_topic(container, world)
    row = await container.get(CreateLecture).execute(
        world.teacher.actor, lecture_with(topic, "cover.png", PNG)
    )
    first = row.picture
    assert first is not None and first.startswith("lectures/")
    replaced = await container.get(UpdateLecture).execute(
        world.teacher.actor, row.id, LectureChanges(picture=Upload("new.png", PNG))
    )
    assert replaced.picture not in (None, first)
    assert first not in container.storage.files  # type: ignore[attr-defined]
    kept = await container.get(UpdateLecture).execute(world.teacher.actor, row.id, LectureChanges(name="K"))
    assert kept.picture == replaced.picture
    removed = await container.get(UpdateLecture).execute(
        world.teacher.actor, row.id, LectureChanges(picture=None)
    )
    assert removed.picture is None
    assert replaced.picture not in container.storage.files  # type: ignore[attr-defined]


async def test_a_refused_lecture_leaves_no_file(container: Container, world: World) -> None:
    topic = await add_topic(container, world)
    with pytest.raises(PermissionDenied):
        await container.get(CreateLecture).execute(world.other.actor, lecture_with(topic, "cover.png", PNG))
    assert not container.storage.files  # type: ignore[attr-defined]
    with pytest.raises(ValidationFailed) as caught:  # never stored: the bytes are not an image
        await container.get(CreateLecture).execute(
            world.teacher.actor, lecture_with(topic, "cover.png", b"%PDF-1.4")
        )
    assert set(caught.value.fields) == {"picture"}
    assert not container.storage.files  # type: ignore[attr-defined]


async def test_deleting_a_topic_removes_its_content_and_files(container: Container, world: World) -> None:
    topic = await add_topic(container, world)
    row = await container.get(CreateLecture).execute(
        world.teacher.actor, lecture_with(topic, "cover.png", PNG)
    )
    await add_video(container, world, row.id)
    await container.get(DeleteTopic).execute(world.teacher.actor, topic)
    assert not container.storage.files  # type: ignore[attr-defined]
    lessons = container.memory_store.state.of(LessonTables)  # type: ignore[union-attr]
    assert (lessons.topics, lessons.lectures, lessons.videos) == ({}, {}, {})


async def test_video_url_must_match_the_platform(container: Container, world: World) -> None:
    topic = await add_topic(container, world)
    lecture = await add_lecture(container, world, topic)
    with pytest.raises(ValidationFailed) as caught:
        await add_video(container, world, lecture, platform="bunnystream")
    assert caught.value.fields == {"video_url": ["Bunny Stream URL must contain 'bunnycdn' or 'b-cdn.net'."]}
    video = await add_video(
        container, world, lecture, platform="vdocipher", video_url="https://player.vdocipher.com/v2"
    )
    with pytest.raises(ValidationFailed) as caught:  # the kept URL is checked against the new platform
        await container.get(UpdateVideo).execute(
            world.teacher.actor, video, VideoChanges(platform=Platform.YOUTUBE)
        )
    assert caught.value.fields == {"video_url": ["YouTube URL must contain 'youtube.com' or 'youtu.be'."]}


async def test_students_see_only_active_content(container: Container, world: World) -> None:
    shown = await add_topic(container, world, order=1)
    hidden = await add_topic(container, world, is_active=False)
    visible = await add_lecture(container, world, shown)
    invisible = await add_lecture(container, world, shown, is_visible=False)
    await add_video(container, world, visible)
    await add_video(container, world, visible, is_active=False)
    inactive_course = await add_course(container, world.reference, world.teacher, is_active=False)
    await add_topic(container, world, course=inactive_course)

    student, teacher = world.student.actor, world.teacher.actor
    topics = await container.get(ListTopics).execute(student, TopicFilter(), ALL)
    assert [t.id for t in topics.items] == [shown]
    assert topics.items[0].lecture_count == 1
    detail = await container.get(GetTopic).execute(student, shown)
    assert [lecture.id for lecture in detail.lectures] == [visible]
    assert detail.lectures[0].video_count == 1 and len(detail.lectures[0].videos) == 1
    for use_case, item in (
        (container.get(GetTopic), hidden),
        (container.get(GetLecture), invisible),
        (container.get(ListTopicLectures), hidden),
    ):
        with pytest.raises(NotFound):
            await use_case.execute(student, item)

    assert (await container.get(ListTopics).execute(teacher, TopicFilter(), ALL)).total == 3
    assert (await container.get(ListTopics).execute(world.assistant.actor, TopicFilter(), ALL)).total == 3
    assert (await container.get(ListTopics).execute(world.other.actor, TopicFilter(), ALL)).total == 1
    assert (await container.get(ListTopics).execute(world.owner.actor, TopicFilter(), ALL)).total == 3
    teacher_detail = await container.get(GetTopic).execute(teacher, shown)
    assert [lecture.video_count for lecture in teacher_detail.lectures] == [2, 0]
    assert (await container.get(ListLectures).execute(student, LectureFilter(), ALL)).total == 1
    assert (await container.get(ListVideos).execute(student, VideoFilter(), ALL)).total == 1
    assert (await container.get(ListVideos).execute(teacher, VideoFilter(), ALL)).total == 2


async def test_nested_lists_are_in_order_then_id(container: Container, world: World) -> None:
    topic = await add_topic(container, world)
    third = await add_lecture(container, world, topic, order=2)
    first = await add_lecture(container, world, topic, order=1)
    second = await add_lecture(container, world, topic, order=1)
    rows = await container.get(ListTopicLectures).execute(world.student.actor, topic)
    assert [r.id for r in rows] == [first, second, third]
    detail = await container.get(GetTopic).execute(world.student.actor, topic)
    assert [r.id for r in detail.lectures] == [first, second, third]
