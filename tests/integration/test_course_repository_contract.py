"""The course repository and reader behave the same over the memory fakes, SQLite and PostgreSQL.

The helpers here (``make_world``, ``add_course``, ``add_content``, ``enroll``) also serve the HTTP tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from edutrack.adapters.memory.enrollments import EnrollmentTables
from edutrack.adapters.sql.tables.enrollments import EnrollmentModel
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Role
from edutrack.core.entities.academics import ReferenceKind as K
from edutrack.core.entities.content import Course, Lecture, Material, Platform, Topic, Video
from edutrack.core.entities.enrollments import Enrollment, EnrollmentStatus
from edutrack.core.entities.people import Gender, StudentProfile, TeacherProfile
from edutrack.core.entities.users import User
from edutrack.core.errors import Conflict, ValidationFailed
from edutrack.core.policies.content import Viewer
from edutrack.core.use_cases.academics.commands import NEW_ITEM, NewArea, NewGovernorate
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from edutrack.ports.courses import CourseFiles, CourseFilter, CourseReader
from edutrack.ports.readers import PageRequest

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 4, 29, 8, 0, tzinfo=UTC)
ALL = PageRequest(limit=None)
OWNER = Viewer(sees_all=True)
STUDENT = Viewer(student=True)


@dataclass(frozen=True)
class World:
    first: int  # grade
    second: int  # grade
    math: int  # subject
    teacher: int  # teacher profile teaching math in first and second
    teacher_user: int
    other: int  # another teacher (math, first grade)
    other_user: int


async def add_teacher(
    container: Container, username: str, name: str, subject: int | None, grades: list[int]
) -> tuple[int, int]:
    """A teacher user and profile; returns (profile id, user id)."""
    async with container.uow() as uow:
        user = await uow.users.add(
            User(
                username=username,
                password_hash=await container.hasher.hash("Teacher-pass-1"),
                role=Role.TEACHER,
                name=name,
                gmail=f"{username}@gmail.com",
                created_at=NOW,
                updated_at=NOW,
            )
        )
        assert user.id is not None
        profile = await uow.teachers.add(
            TeacherProfile(
                user_id=user.id,
                phone="01012345678",
                gender=Gender.MALE,
                subject_id=subject,
                grade_ids=grades,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        await uow.commit()
    assert profile.id is not None
    return profile.id, user.id


async def make_world(container: Container) -> World:
    owner = (
        await container.get(CreateSiteOwner).execute(SYSTEM, NewSiteOwner("root_owner", "Owner-pass-1"))
    ).as_actor()

    async def create(kind: K, **fields: object) -> int:
        return (await container.get(CreateReferenceItem).execute(owner, NEW_ITEM[kind](**fields))).id

    first = await create(K.GRADE, name="First Secondary", order=1)
    second = await create(K.GRADE, name="Second Secondary", order=2)
    math = await create(K.SUBJECT, name="Math", grade_ids=[first, second])
    teacher, teacher_user = await add_teacher(container, "mr_ahmed", "Ahmed Hassan", math, [first, second])
    other, other_user = await add_teacher(container, "ms_mona", "Mona Adel", math, [first])
    return World(first, second, math, teacher, teacher_user, other, other_user)


async def add_course(
    container: Container,
    world: World,
    name: str,
    *,
    teacher: int | None = None,
    grade: int | None = None,
    is_active: bool = True,
    description: str | None = None,
    cover: str | None = None,
    minutes: int = 0,
) -> int:
    async with container.uow() as uow:
        course = await uow.courses.add(
            Course(
                name=name,
                teacher_id=teacher or world.teacher,
                grade_id=grade or world.first,
                subject_id=world.math,
                description=description,
                cover_picture=cover,
                is_active=is_active,
                created_at=NOW + timedelta(minutes=minutes),
                updated_at=NOW + timedelta(minutes=minutes),
            )
        )
        await uow.commit()
    assert course.id is not None
    return course.id


@dataclass
class Content:
    topics: list[int]
    lectures: list[int]
    videos: list[int]
    materials: list[int]


async def add_content(
    container: Container,
    course_id: int,
    *,
    topics: int = 1,
    lectures: int = 1,
    videos: int = 1,
    topic_active: bool = True,
    lecture_visible: bool = True,
    video_active: bool = True,
    picture: str | None = None,
    material: str | None = None,
) -> Content:
    """``topics`` topics, each with ``lectures`` lectures, each with ``videos`` videos (and one material
    file when ``material`` is given). Orders count down, so (order, id) differs from id order."""
    made = Content([], [], [], [])
    async with container.uow() as uow:
        for t in range(topics):
            topic = await uow.topics.add(
                Topic(
                    course_id=course_id,
                    name=f"Topic {t}",
                    order=topics - t,
                    is_active=topic_active,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
            assert topic.id is not None
            made.topics.append(topic.id)
            for n in range(lectures):
                lecture = await uow.lectures.add(
                    Lecture(
                        topic_id=topic.id,
                        name=f"Lecture {t}.{n}",
                        price=Decimal("100.00"),
                        discount=Decimal("20.00"),
                        available_days=30,
                        is_visible=lecture_visible,
                        picture=picture and f"{picture}-{t}-{n}",
                        order=lectures - n,
                        created_at=NOW,
                        updated_at=NOW,
                    )
                )
                assert lecture.id is not None
                made.lectures.append(lecture.id)
                for v in range(videos):
                    video = await uow.videos.add(
                        Video(
                            lecture_id=lecture.id,
                            name=f"Video {t}.{n}.{v}",
                            platform=Platform.YOUTUBE,
                            video_url=f"https://youtu.be/{t}{n}{v}",
                            order=videos - v,
                            duration_minutes=65,
                            is_active=video_active,
                            created_at=NOW,
                            updated_at=NOW,
                        )
                    )
                    assert video.id is not None
                    made.videos.append(video.id)
                if material:
                    stored = await uow.materials.add(
                        Material(
                            lecture_id=lecture.id,
                            title="Notes",
                            file=f"{material}-{t}-{n}",
                            file_size=10,
                            created_at=NOW,
                            updated_at=NOW,
                        )
                    )
                    assert stored.id is not None
                    made.materials.append(stored.id)
        await uow.commit()
    return made


async def enroll(container: Container, course_id: int, status: str = "pending", n: int = 1) -> None:
    """An enrollment row (its behaviour comes with the money issue), with the student it needs."""
    owner = SYSTEM
    governorate = (
        await container.get(CreateReferenceItem).execute(owner, NewGovernorate(name=f"Gov {n}"))
    ).id
    area = (
        await container.get(CreateReferenceItem).execute(
            owner, NewArea(name=f"Area {n}", governorate_id=governorate)
        )
    ).id
    async with container.uow() as uow:
        user = await uow.users.add(
            User(
                username=f"student{n}",
                password_hash="x",
                role=Role.STUDENT,
                name=f"Student {n}",
                gmail=f"student{n}@gmail.com",
                created_at=NOW,
                updated_at=NOW,
            )
        )
        assert user.id is not None
        student = await uow.students.add(
            StudentProfile(
                user_id=user.id,
                student_code=f"S{n:08d}",
                name_ar="طالب",
                name_en=f"Student {n}",
                phone_number="01001234567",
                national_id=f"308031501{n:04d}1",
                birth_date=date(2008, 3, 15),
                gender=Gender.FEMALE,
                governorate_id=governorate,
                area_id=area,
                created_at=NOW,
                updated_at=NOW,
                father_job="Doctor",
            )
        )
        await uow.commit()
    assert student.id is not None
    if container.memory_store is not None:
        state = container.memory_store.state
        key = state.next_id("enrollments")
        state.of(EnrollmentTables).enrollments[key] = Enrollment(
            student_id=student.id,
            course_id=course_id,
            status=EnrollmentStatus(status),
            enrolled_at=NOW,
            id=key,
        )
        return
    sessions = async_sessionmaker(container.engines[0], expire_on_commit=False)
    async with sessions() as session:
        session.add(
            EnrollmentModel(
                student_id=student.id, course_id=course_id, status=EnrollmentStatus(status), enrolled_at=NOW
            )
        )
        await session.commit()


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
