"""The course repository and reader behave the same over the memory fakes, SQLite and PostgreSQL.

The world they seed comes from ``tests/support/courses.py`` (``make_world``, ``add_course``, ``add_content``,
``enroll``).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from edutrack.composition import Container
from edutrack.core.entities.content import Course
from edutrack.core.errors import Conflict, ValidationFailed
from edutrack.core.policies.content import Viewer
from edutrack.ports.courses import CourseFiles, CourseFilter, CourseReader
from edutrack.ports.readers import PageRequest
from tests.support.clock import NOW
from tests.support.courses import add_content, add_course, enroll, make_world

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)
OWNER = Viewer(sees_all=True)
STUDENT = Viewer(student=True)


# --- the repository ---------------------------------------------------------------------------------


async def test_add_get_save_round_trip(contract_container: Container) -> None:
    world = await make_world(contract_container)
    course_id = await add_course(
        contract_container, world, "Algebra", description="Basics", cover="courses/a.png"
    )
    async with contract_container.uow() as uow:
        course = await uow.courses.get(course_id)
        assert course == Course(
            id=course_id,
            name="Algebra",
            teacher_id=world.teacher,
            grade_id=world.first,
            subject_id=world.math,
            description="Basics",
            cover_picture="courses/a.png",
            is_active=True,
            created_at=NOW,
            updated_at=NOW,
        )
        course.name, course.description, course.cover_picture = "Algebra I", None, None
        course.is_active, course.updated_at = False, NOW + timedelta(hours=1)
        await uow.courses.save(course)
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.courses.get(course_id) == course
        assert await uow.courses.get(course_id + 100) is None
        assert await uow.courses.get(2**40) is None


async def test_the_unique_constraint_and_name_taken_agree(contract_container: Container) -> None:
    world = await make_world(contract_container)
    course_id = await add_course(contract_container, world, "Algebra")
    async with contract_container.uow() as uow:
        assert await uow.courses.name_taken(world.teacher, world.first, "Algebra") is True
        assert (
            await uow.courses.name_taken(world.teacher, world.first, "Algebra", exclude_id=course_id) is False
        )
        assert await uow.courses.name_taken(world.teacher, world.second, "Algebra") is False
        assert await uow.courses.name_taken(world.other, world.first, "Algebra") is False
        assert await uow.courses.name_taken(world.teacher, world.first, "algebra") is False
    with pytest.raises(ValidationFailed) as info:
        await add_course(contract_container, world, "Algebra")
    assert info.value.fields == {
        "non_field_errors": ["A course with this Teacher, Grade, and Name already exists."]
    }
    await add_course(contract_container, world, "Algebra", grade=world.second)
    await add_course(contract_container, world, "Algebra", teacher=world.other)


async def test_open_enrollments_count_as_students_and_block_the_delete(contract_container: Container) -> None:
    world = await make_world(contract_container)
    pending = await add_course(contract_container, world, "Pending")
    rejected = await add_course(contract_container, world, "Rejected")
    await enroll(contract_container, pending, "pending", n=1)
    await enroll(contract_container, rejected, "rejected", n=2)
    async with contract_container.uow() as uow:
        assert await uow.courses.has_students(pending) is True
        assert await uow.courses.has_students(rejected) is False
        with pytest.raises(Conflict):  # the RESTRICT key behind the use case's check
            await uow.courses.delete(pending)
            await uow.commit()
    async with contract_container.uow() as uow:
        await uow.courses.delete(rejected)  # a rejected request goes with the course
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.courses.get(rejected) is None
        assert await uow.courses.get(pending) is not None


async def test_delete_cascades_and_file_keys_name_every_file(contract_container: Container) -> None:
    world = await make_world(contract_container)
    doomed = await add_course(contract_container, world, "Doomed", cover="courses/cover.png")
    kept = await add_course(contract_container, world, "Kept", cover="courses/kept.png")
    content = await add_content(
        contract_container,
        doomed,
        topics=2,
        lectures=2,
        videos=1,
        picture="lectures/p",
        material="materials/m",
    )
    await add_content(contract_container, kept, picture="lectures/k", material="materials/k")
    async with contract_container.uow() as uow:
        files = await uow.courses.file_keys(doomed)
        await uow.courses.delete(doomed)
        await uow.commit()
    assert sorted(files.pictures) == sorted(
        ["courses/cover.png", "lectures/p-0-0", "lectures/p-0-1", "lectures/p-1-0", "lectures/p-1-1"]
    )
    assert sorted(files.materials) == [
        "materials/m-0-0",
        "materials/m-0-1",
        "materials/m-1-0",
        "materials/m-1-1",
    ]
    async with contract_container.uow() as uow:
        assert await uow.courses.get(doomed) is None
        assert all([await uow.topics.get(i) is None for i in content.topics])
        assert all([await uow.lectures.get(i) is None for i in content.lectures])
        assert all([await uow.videos.get(i) is None for i in content.videos])
        assert all([await uow.materials.get(i) is None for i in content.materials])
        assert await uow.courses.file_keys(kept) == CourseFiles(
            pictures=["courses/kept.png", "lectures/k-0-0"], materials=["materials/k-0-0"]
        )


# --- the reader -------------------------------------------------------------------------------------


async def test_rows_carry_names_counts_and_nested_content_in_order(contract_container: Container) -> None:
    world = await make_world(contract_container)
    course_id = await add_course(
        contract_container, world, "Algebra", description="Basics", cover="courses/a.png"
    )
    content = await add_content(contract_container, course_id, topics=2, lectures=2, videos=2)
    hidden = await add_content(
        contract_container, course_id, topics=1, lectures=1, videos=1, topic_active=False
    )
    row = await contract_container.get(CourseReader).get(OWNER, course_id)
    assert row is not None
    assert (row.name, row.teacher_id, row.teacher_name, row.grade_id, row.grade_name) == (
        "Algebra",
        world.teacher,
        "Ahmed Hassan",
        world.first,
        "First Secondary",
    )
    assert (row.subject_id, row.subject_name, row.description, row.cover_picture, row.is_active) == (
        world.math,
        "Math",
        "Basics",
        "courses/a.png",
        True,
    )
    assert (row.topic_count, row.total_lectures, row.total_videos) == (3, 5, 9)
    order_then_id = [content.topics[1], hidden.topics[0], content.topics[0]]
    assert [t.id for t in row.topics] == order_then_id
    assert [lec.id for lec in row.topics[0].lectures] == [content.lectures[3], content.lectures[2]]
    assert len(row.topics[0].lectures[0].videos) == 2 and len(row.topics[1].lectures) == 1
    student = await contract_container.get(CourseReader).get(STUDENT, course_id)
    assert student is not None
    assert (student.topic_count, student.total_lectures, student.total_videos) == (2, 4, 8)
    assert [t.id for t in student.topics] == [content.topics[1], content.topics[0]]


async def test_students_see_only_visible_parts_in_the_counts(contract_container: Container) -> None:
    world = await make_world(contract_container)
    course_id = await add_course(contract_container, world, "Algebra")
    await add_content(contract_container, course_id, lectures=2, videos=2)
    await add_content(contract_container, course_id, lectures=1, videos=3, lecture_visible=False)
    await add_content(contract_container, course_id, lectures=1, videos=3, video_active=False)
    reader = contract_container.get(CourseReader)
    counts = {}
    for name, viewer in {
        "owner": OWNER,
        "own teacher": Viewer(own_teacher_id=world.teacher),
        "other teacher": Viewer(own_teacher_id=world.other),
        "student": STUDENT,
    }.items():
        row = await reader.get(viewer, course_id)
        assert row is not None
        counts[name] = (row.topic_count, row.total_lectures, row.total_videos)
    assert counts == {
        "owner": (3, 4, 10),
        "own teacher": (3, 4, 10),
        "other teacher": (3, 3, 4),
        "student": (3, 3, 4),
    }


async def test_visibility_filters_and_order(contract_container: Container) -> None:
    world = await make_world(contract_container)
    reader = contract_container.get(CourseReader)
    algebra = await add_course(contract_container, world, "Algebra", description="Equations 100%")
    hidden = await add_course(contract_container, world, "Hidden draft", is_active=False)
    geometry = await add_course(contract_container, world, "Geometry", grade=world.second)
    others = await add_course(contract_container, world, "Statistics", teacher=world.other)
    other_hidden = await add_course(
        contract_container, world, "Other draft", teacher=world.other, is_active=False
    )

    async def ids(viewer: Viewer, **filters: object) -> list[int]:
        page = await reader.list(viewer, CourseFilter(**filters), ALL)  # type: ignore[arg-type]
        assert page.total == len(page.items)
        return [row.id for row in page.items]

    assert await ids(OWNER) == [other_hidden, others, geometry, hidden, algebra]  # newest first
    assert await ids(STUDENT) == [others, geometry, algebra]
    assert await ids(Viewer(own_teacher_id=world.teacher)) == [others, geometry, hidden, algebra]
    assert await ids(Viewer(own_teacher_id=world.other)) == [other_hidden, others, geometry, algebra]
    assert await ids(OWNER, teacher_id=world.other) == [other_hidden, others]
    assert await ids(OWNER, grade_id=world.second) == [geometry]
    assert await ids(OWNER, subject_id=world.math) == [other_hidden, others, geometry, hidden, algebra]
    assert await ids(OWNER, subject_id=world.math + 99) == []
    assert await ids(OWNER, search="DRAFT") == [other_hidden, hidden]
    assert await ids(OWNER, search="equations") == [algebra]  # the description
    assert await ids(OWNER, search="100%") == [algebra]
    assert await ids(OWNER, search="%") == [algebra]  # a LIKE wildcard is a plain character
    assert await ids(OWNER, search="_") == []
    assert await reader.get(STUDENT, hidden) is None
    assert await reader.get(Viewer(own_teacher_id=world.other), hidden) is None
    assert await reader.get(Viewer(own_teacher_id=world.teacher), hidden) is not None
    assert await reader.get(OWNER, 2**40) is None
    page = await reader.list(OWNER, CourseFilter(), PageRequest(offset=1, limit=2))
    assert page.total == 5 and [r.id for r in page.items] == [others, geometry]
    summaries = await reader.list(OWNER, CourseFilter(), ALL, with_topics=False)
    assert all(row.topics == () for row in summaries.items)
