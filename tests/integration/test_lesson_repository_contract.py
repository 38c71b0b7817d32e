"""The topic, lecture and video repositories, the content reader and ``topics_with_content`` behave the same
in memory, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from edutrack.adapters.memory.lessons_reader import topics_with_content as memory_topics_with_content
from edutrack.adapters.sql.readers.lessons import topics_with_content as sql_topics_with_content
from edutrack.composition import Container
from edutrack.core.entities.content import Lecture, Material, Platform, Topic, Video
from edutrack.core.errors import Conflict, DomainError
from edutrack.core.policies.content import Viewer
from edutrack.ports.lessons import (
    ContentReader,
    LectureFilter,
    RemovedFiles,
    TopicFilter,
    TopicRow,
    VideoFilter,
)
from edutrack.ports.readers import PageRequest
from tests.support.catalog import World, add_course, add_lecture, add_topic, add_video, build_world

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 4, 29, 10, 0, tzinfo=UTC)
ALL = PageRequest(offset=0, limit=None)
STUDENT = Viewer(student=True)
OWNER = Viewer(sees_all=True)


async def nested(container: Container, viewer: Viewer, course_ids: list[int]) -> dict[int, list[TopicRow]]:
    if container.memory_store is not None:
        return memory_topics_with_content(container.memory_store.state, viewer, course_ids)
    sessions = async_sessionmaker(container.engines[-1], expire_on_commit=False)
    async with sessions() as session:
        return await sql_topics_with_content(session, viewer, course_ids)


@pytest.fixture
async def world(contract_container: Container) -> World:
    return await build_world(contract_container)


async def test_entities_round_trip_with_their_owner(contract_container: Container, world: World) -> None:
    container = contract_container
    async with container.uow() as uow:
        topic = await uow.topics.add(
            Topic(course_id=world.course, name="T", created_at=NOW, updated_at=NOW, order=2)
        )
        assert topic.id is not None
        lecture = await uow.lectures.add(
            Lecture(
                topic_id=topic.id,
                name="L",
                price=Decimal("99.50"),
                discount=Decimal("9.50"),
                available_days=30,
                picture="lectures/a.png",
                created_at=NOW,
                updated_at=NOW,
            )
        )
        assert lecture.id is not None
        video = await uow.videos.add(
            Video(
                lecture_id=lecture.id,
                name="V",
                platform=Platform.VDOCIPHER,
                video_url="https://x.vdocipher.com/1",
                duration_minutes=12,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        await uow.commit()
    assert video.id is not None
    async with container.uow() as uow:
        owned_topic, owned_lecture, owned_video = (
            await uow.topics.get(topic.id),
            await uow.lectures.get(lecture.id),
            await uow.videos.get(video.id),
        )
        assert await uow.topics.course_teacher(world.course) == world.teacher.actor.teacher_id
        assert await uow.topics.course_teacher(99999) is None
        assert await uow.topics.get(2**40) is None and await uow.videos.get(0) is None
    assert owned_topic and owned_lecture and owned_video
    assert {o.teacher_id for o in (owned_topic, owned_lecture, owned_video)} == {
        world.teacher.actor.teacher_id
    }
    assert owned_topic.item == topic and owned_video.item == video
    assert owned_lecture.item == lecture and owned_lecture.item.final_price == Decimal("90.00")

    async with container.uow() as uow:
        lecture.name, lecture.is_visible, lecture.picture = "L2", False, None
        video.platform, video.video_url = Platform.YOUTUBE, "https://youtu.be/1"
        await uow.lectures.save(lecture)
        await uow.videos.save(video)
        await uow.commit()
    async with container.uow() as uow:
        assert (await uow.lectures.get(lecture.id)).item == lecture  # type: ignore[union-attr]
        assert (await uow.videos.get(video.id)).item == video  # type: ignore[union-attr]


async def test_a_missing_parent_is_refused(contract_container: Container, world: World) -> None:
    async with contract_container.uow() as uow:
        with pytest.raises(DomainError) as caught:
            await uow.topics.add(Topic(course_id=99999, name="T", created_at=NOW, updated_at=NOW))
    assert isinstance(caught.value, Conflict)


async def test_deletes_cascade_and_report_files(contract_container: Container, world: World) -> None:
    container = contract_container
    topic = await add_topic(container, world)
    kept = await add_topic(container, world)
    lectures = []
    for n, picture in enumerate(("lectures/one.png", None)):
        lecture_id = await add_lecture(container, world, topic, order=n)
        await add_video(container, world, lecture_id)
        lectures.append(lecture_id)
        async with container.uow() as uow:
            owned = await uow.lectures.get(lecture_id)
            assert owned is not None
            owned.item.picture = picture
            await uow.lectures.save(owned.item)
            await uow.materials.add(
                Material(
                    lecture_id=lecture_id,
                    title="M",
                    file=f"materials/{n}.pdf",
                    file_size=10,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
            await uow.commit()
    survivor = await add_lecture(container, world, kept)
    async with container.uow() as uow:
        removed = await uow.lectures.delete(lectures[1])
        await uow.commit()
    assert removed == RemovedFiles(pictures=(), materials=("materials/1.pdf",))
    async with container.uow() as uow:
        removed = await uow.topics.delete(topic)
        await uow.commit()
    assert removed == RemovedFiles(pictures=("lectures/one.png",), materials=("materials/0.pdf",))
    async with container.uow() as uow:
        assert await uow.topics.get(topic) is None and await uow.lectures.get(lectures[0]) is None
        assert await uow.lectures.get(survivor) is not None
        assert await uow.topics.delete(topic) == RemovedFiles()
    videos = await container.get(ContentReader).list_videos(OWNER, VideoFilter(), ALL)
    assert videos.total == 0


async def test_reader_visibility_counts_and_order(contract_container: Container, world: World) -> None:
    container = contract_container
    reader = container.get(ContentReader)
    closed = await add_course(container, world.reference, world.teacher, is_active=False)
    second = await add_topic(container, world, order=1, name="b")
    first = await add_topic(container, world, order=0, name="a")
    hidden = await add_topic(container, world, order=0, name="c", is_active=False)
    in_closed = await add_topic(container, world, course=closed, name="d")
    foreign = await add_topic(container, world, course=world.other_course, name="e", is_active=False)
    shown_lecture = await add_lecture(container, world, first, order=1, price="30")
    early_lecture = await add_lecture(container, world, first, order=0, price="10", is_visible=False)
    await add_video(container, world, shown_lecture, order=1, duration_minutes=10)
    await add_video(container, world, shown_lecture, order=0, is_active=False)

    async def topic_ids(viewer: Viewer, **filters: object) -> list[int]:
        return [t.id for t in (await reader.list_topics(viewer, TopicFilter(**filters), ALL)).items]  # type: ignore[arg-type]

    assert await topic_ids(STUDENT) == [first, second]
    assert await topic_ids(Viewer(own_teacher_id=world.teacher.actor.teacher_id)) == [
        first,
        hidden,
        in_closed,
        second,
    ]
    assert await topic_ids(Viewer(own_teacher_id=world.other.actor.teacher_id)) == [first, foreign, second]
    assert await topic_ids(OWNER, ordering=(("name", True),)) == [foreign, in_closed, hidden, second, first]
    assert await topic_ids(OWNER, search="PHYSICS 1", is_active=True) == [first, second]

    student_topic = await reader.get_topic(STUDENT, first)
    owner_topic = await reader.get_topic(OWNER, first)
    assert student_topic and owner_topic
    assert (student_topic.lecture_count, owner_topic.lecture_count) == (1, 2)
    assert [lecture.id for lecture in owner_topic.lectures] == [early_lecture, shown_lecture]
    assert [len(lecture.videos) for lecture in owner_topic.lectures] == [0, 2]
    assert [v.order for v in owner_topic.lectures[1].videos] == [0, 1]
    assert student_topic.lectures[0].video_count == 1 and len(student_topic.lectures[0].videos) == 1
    assert await reader.get_topic(STUDENT, hidden) is None and await reader.get_topic(STUDENT, 2**40) is None
    assert await reader.topic_lectures(STUDENT, in_closed) is None
    assert [lecture.id for lecture in await reader.topic_lectures(OWNER, first) or []] == [
        early_lecture,
        shown_lecture,
    ]

    lectures = await reader.list_lectures(
        OWNER, LectureFilter(ordering=(("price", True),)), PageRequest(0, 1)
    )
    assert lectures.total == 2 and [lecture.id for lecture in lectures.items] == [shown_lecture]
    assert len(lectures.items[0].videos) == 2 and lectures.items[0].teacher_name == "Ahmed Hassan"
    assert await reader.get_lecture(STUDENT, early_lecture) is None
    assert [v.duration_minutes for v in await reader.lecture_videos(OWNER, shown_lecture) or []] == [None, 10]
    videos = await reader.list_videos(OWNER, VideoFilter(ordering=(("duration_minutes", False),)), ALL)
    assert [v.duration_minutes for v in videos.items] == [None, 10]
    assert (await reader.list_videos(STUDENT, VideoFilter(), ALL)).total == 1


async def test_topics_with_content_matches_the_reader(contract_container: Container, world: World) -> None:
    container = contract_container
    first = await add_topic(container, world, order=1)
    zeroth = await add_topic(container, world, order=0, is_active=False)
    lecture = await add_lecture(container, world, first)
    await add_video(container, world, lecture)
    other_topic = await add_topic(container, world, course=world.other_course)
    courses = [world.course, world.other_course, 99999]

    owner = await nested(container, OWNER, courses)
    assert [t.id for t in owner[world.course]] == [zeroth, first]
    assert [t.id for t in owner[world.other_course]] == [other_topic] and owner[99999] == []
    assert owner[world.course][1] == await container.get(ContentReader).get_topic(OWNER, first)
    student = await nested(container, STUDENT, courses)
    assert [t.id for t in student[world.course]] == [first]
    assert student[world.course][0].lectures[0].videos[0].lecture_id == lecture
    assert await nested(container, STUDENT, []) == {}
