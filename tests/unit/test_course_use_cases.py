"""Course use cases (SiteOwner §3, Teacher §2, API_SUPPLEMENT §5) over the in-memory fakes: rules, files,
transactions and permissions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.memory.courses import CourseTables
from edutrack.adapters.memory.enrollments import EnrollmentTables
from edutrack.adapters.memory.lessons import LessonTables
from edutrack.adapters.memory.materials import MaterialTables
from edutrack.adapters.storage.memory import MemoryMediaStorage
from edutrack.adapters.storage.private import MemoryPrivateFiles
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.commands import UNSET
from edutrack.core.entities.academics import ReferenceKind as K
from edutrack.core.entities.content import Lecture, Material, Topic
from edutrack.core.entities.enrollments import Enrollment, EnrollmentStatus
from edutrack.core.errors import NotFound, PermissionDenied, RuleViolation, ValidationFailed
from edutrack.core.policies.uploads import Upload
from edutrack.core.use_cases.academics.commands import NEW_ITEM
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.courses.create_course import CreateCourse, NewCourse
from edutrack.core.use_cases.courses.delete_course import DeleteCourse
from edutrack.core.use_cases.courses.get_course import GetCourse
from edutrack.core.use_cases.courses.list_courses import ListCourses, ListMyCourses
from edutrack.core.use_cases.courses.update_course import CourseChanges, UpdateCourse
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from edutrack.ports.courses import CourseFilter
from edutrack.ports.readers import PageRequest
from tests.support import people
from tests.support.files import png

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)
DUPLICATE = {"non_field_errors": ["A course with this Teacher, Grade, and Name already exists."]}


@dataclass
class World:
    owner: Actor
    teacher: Actor  # Ahmed Hassan: math, grades first and second
    other: Actor  # Mona Adel: math, first grade
    assistant: Actor  # Ahmed's assistant
    student: Actor
    no_subject: int  # a teacher profile without a subject
    first: int
    second: int
    third: int
    math: int


@pytest.fixture
async def world(container: Container) -> World:
    owner = (
        await container.get(CreateSiteOwner).execute(SYSTEM, NewSiteOwner("owner", "Owner-pass-1"))
    ).as_actor()

    async def create(kind: K, **fields: object) -> int:
        return (await container.get(CreateReferenceItem).execute(owner, NEW_ITEM[kind](**fields))).id

    first = await create(K.GRADE, name="First", order=1)
    second = await create(K.GRADE, name="Second", order=2)
    third = await create(K.GRADE, name="Third", order=3)
    math = await create(K.SUBJECT, name="Math", grade_ids=[first, second, third])

    async def teacher(username: str, name: str, subject: int | None, grades: list[int]) -> Actor:
        made = await people.add_teacher(
            container, username, name, subject=subject, grades=grades, password_hash="x"
        )
        return made.actor

    ahmed = await teacher("ahmed", "Ahmed Hassan", math, [first, second])
    mona = await teacher("mona", "Mona Adel", math, [first])
    bare = await teacher("bare", "Bare Teacher", None, [first])
    assert bare.teacher_id is not None
    return World(
        owner=owner,
        teacher=ahmed,
        other=mona,
        assistant=Actor(user_id=900, username="helper", role=Role.ASSISTANT, teacher_id=ahmed.teacher_id),
        student=Actor(user_id=901, username="pupil", role=Role.STUDENT, student_id=1),
        no_subject=bare.teacher_id,
        first=first,
        second=second,
        third=third,
        math=math,
    )


def new(world: World, **overrides: object) -> NewCourse:
    assert world.teacher.teacher_id is not None
    base = NewCourse(name="Algebra", teacher_id=world.teacher.teacher_id, grade_id=world.first)
    return replace(base, **overrides)  # type: ignore[arg-type]


async def errors_of(call: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as info:
        await call  # type: ignore[misc]
    return info.value.fields


async def test_create_takes_the_subject_from_the_teacher_and_reads_the_course_back(
    container: Container, world: World, clock: FrozenClock
) -> None:
    data = new(world, description="Equations", cover_picture=Upload("c.png", png()))
    row = await container.get(CreateCourse).execute(world.owner, data)
    assert (row.name, row.teacher_id, row.teacher_name, row.grade_id, row.grade_name) == (
        "Algebra",
        world.teacher.teacher_id,
        "Ahmed Hassan",
        world.first,
        "First",
    )
    assert (row.subject_id, row.subject_name, row.description, row.is_active) == (
        world.math,
        "Math",
        "Equations",
        True,
    )
    assert (row.topic_count, row.total_lectures, row.total_videos, row.topics) == (0, 0, 0, ())
    assert row.created_at == row.updated_at == clock.now()
    storage = container.storage
    assert isinstance(storage, MemoryMediaStorage)
    assert row.cover_picture is not None and row.cover_picture.startswith("courses/")
    assert storage.files == {row.cover_picture: png()}
    assert await container.get(GetCourse).execute(world.owner, row.id) == row


async def test_create_rules_use_the_documented_bodies(container: Container, world: World) -> None:
    create = container.get(CreateCourse)
    assert await errors_of(create.execute(world.owner, new(world, grade_id=world.third))) == {
        "grade": ["Teacher Ahmed Hassan does not teach grade Third."]
    }
    assert await errors_of(create.execute(world.owner, new(world, teacher_id=world.no_subject))) == {
        "teacher": ["Teacher Bare Teacher has no subject; assign one before creating a course."]
    }
    assert await errors_of(create.execute(world.owner, new(world, teacher_id=99, grade_id=98))) == {
        "teacher": ['Invalid pk "99" - object does not exist.'],
        "grade": ['Invalid pk "98" - object does not exist.'],
    }
    assert await errors_of(
        create.execute(world.owner, new(world, cover_picture=Upload("c.png", b"text")))
    ) == {
        "cover_picture": [
            "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
        ]
    }
    await create.execute(world.owner, new(world))
    assert await errors_of(create.execute(world.owner, new(world))) == DUPLICATE
    await create.execute(world.owner, new(world, grade_id=world.second))  # another grade is another course
    assert world.other.teacher_id is not None
    await create.execute(world.owner, new(world, teacher_id=world.other.teacher_id))


async def test_only_the_site_owner_writes(container: Container, world: World) -> None:
    for actor in (world.teacher, world.assistant, world.student):
        with pytest.raises(PermissionDenied):
            await container.get(CreateCourse).execute(actor, new(world))
    course = await container.get(CreateCourse).execute(world.owner, new(world))
    for actor in (world.teacher, world.assistant, world.student):
        with pytest.raises(PermissionDenied):
            await container.get(UpdateCourse).execute(actor, course.id, CourseChanges(name="X"))
        with pytest.raises(PermissionDenied):
            await container.get(DeleteCourse).execute(actor, course.id)


async def test_a_failed_create_leaves_no_file(container: Container, world: World) -> None:
    await container.get(CreateCourse).execute(world.owner, new(world))
    storage = container.storage
    assert isinstance(storage, MemoryMediaStorage)
    with pytest.raises(ValidationFailed):
        await container.get(CreateCourse).execute(
            world.owner, new(world, cover_picture=Upload("c.png", png()))
        )
    assert storage.files == {}


async def test_update_changes_only_the_sent_fields_and_swaps_the_cover(
    container: Container, world: World, clock: FrozenClock
) -> None:
    created = await container.get(CreateCourse).execute(
        world.owner, new(world, description="Basics", cover_picture=Upload("a.png", png()))
    )
    storage = container.storage
    assert isinstance(storage, MemoryMediaStorage)
    clock.advance(minutes=5)
    row = await container.get(UpdateCourse).execute(
        world.owner,
        created.id,
        CourseChanges(
            name="Algebra II",
            teacher_id=world.teacher.teacher_id or 0,  # the same teacher and grade are fine
            grade_id=world.first,
            is_active=False,
            cover_picture=Upload("b.png", png()),
        ),
    )
    assert (row.name, row.description, row.is_active) == ("Algebra II", "Basics", False)
    assert row.updated_at == clock.now() and row.created_at == created.created_at
    assert row.cover_picture != created.cover_picture and list(storage.files) == [row.cover_picture]
    removed = await container.get(UpdateCourse).execute(
        world.owner, created.id, CourseChanges(cover_picture=None, description=None)
    )
    assert (removed.cover_picture, removed.description, removed.name) == (None, None, "Algebra II")
    assert storage.files == {}
    kept = await container.get(UpdateCourse).execute(world.owner, created.id, CourseChanges())
    assert kept.name == "Algebra II" and CourseChanges().cover_picture is UNSET


async def test_update_refuses_another_teacher_or_grade_and_duplicates(
    container: Container, world: World
) -> None:
    course = await container.get(CreateCourse).execute(world.owner, new(world))
    await container.get(CreateCourse).execute(world.owner, new(world, name="Geometry"))
    update = container.get(UpdateCourse)
    assert await errors_of(
        update.execute(
            world.owner, course.id, CourseChanges(teacher_id=world.other.teacher_id or 0, grade_id=99)
        )
    ) == {
        "teacher": ["Cannot change the teacher of an existing course."],
        "grade": ["Cannot change the grade of an existing course."],
    }
    assert (
        await errors_of(update.execute(world.owner, course.id, CourseChanges(name="Geometry"))) == DUPLICATE
    )
    assert (await update.execute(world.owner, course.id, CourseChanges(name="Algebra"))).name == "Algebra"
    with pytest.raises(NotFound):
        await update.execute(world.owner, 999, CourseChanges(name="X"))


async def add_lecture(container: Container, course_id: int, picture: str, material: str) -> None:
    now = container.clock.now()
    async with container.uow() as uow:
        topic = await uow.topics.add(Topic(course_id=course_id, name="T", created_at=now, updated_at=now))
        assert topic.id is not None
        lecture = await uow.lectures.add(
            Lecture(
                topic_id=topic.id,
                name="L",
                price=Decimal("10.00"),
                available_days=10,
                picture=picture,
                created_at=now,
                updated_at=now,
            )
        )
        assert lecture.id is not None
        await uow.materials.add(
            Material(
                lecture_id=lecture.id, title="M", file=material, file_size=4, created_at=now, updated_at=now
            )
        )
        await uow.commit()


async def test_delete_removes_the_content_and_its_files_after_the_commit(
    container: Container, world: World
) -> None:
    course = await container.get(CreateCourse).execute(
        world.owner, new(world, cover_picture=Upload("a.png", png()))
    )
    storage, private = container.storage, container.private_files
    assert isinstance(storage, MemoryMediaStorage) and isinstance(private, MemoryPrivateFiles)
    storage.files["lectures/p.png"] = b"p"
    private.files["materials/m.pdf"] = b"m"
    await add_lecture(container, course.id, "lectures/p.png", "materials/m.pdf")
    await container.get(DeleteCourse).execute(world.owner, course.id)
    assert storage.files == {} and private.files == {}
    state = container.memory_store.state  # type: ignore[union-attr]
    lessons = state.of(LessonTables)
    assert state.of(CourseTables).courses == {} and state.of(MaterialTables).materials == {}
    assert (lessons.topics, lessons.lectures) == ({}, {})
    with pytest.raises(NotFound):
        await container.get(DeleteCourse).execute(world.owner, course.id)


@pytest.mark.parametrize("status", ["pending", "approved"])
async def test_a_course_with_students_is_not_deleted(container: Container, world: World, status: str) -> None:
    course = await container.get(CreateCourse).execute(
        world.owner, new(world, cover_picture=Upload("a.png", png()))
    )
    state = container.memory_store.state  # type: ignore[union-attr]
    state.of(EnrollmentTables).enrollments[1] = Enrollment(
        student_id=1,
        course_id=course.id,
        status=EnrollmentStatus(status),
        enrolled_at=container.clock.now(),
        id=1,
    )
    with pytest.raises(RuleViolation) as info:
        await container.get(DeleteCourse).execute(world.owner, course.id)
    assert info.value.body() == {"detail": "Cannot delete a course that has students enrolled in it."}
    assert course.id in state.of(CourseTables).courses and len(container.storage.files) == 1  # type: ignore[attr-defined]


async def test_a_rejected_request_does_not_block_the_delete(container: Container, world: World) -> None:
    course = await container.get(CreateCourse).execute(world.owner, new(world))
    state = container.memory_store.state  # type: ignore[union-attr]
    state.of(EnrollmentTables).enrollments[1] = Enrollment(
        student_id=1,
        course_id=course.id,
        status=EnrollmentStatus.REJECTED,
        enrolled_at=container.clock.now(),
        id=1,
    )
    await container.get(DeleteCourse).execute(world.owner, course.id)
    assert container.memory_store.state.of(CourseTables).courses == {}  # type: ignore[union-attr]
    assert container.memory_store.state.of(EnrollmentTables).enrollments == {}  # type: ignore[union-attr]


async def test_visibility_of_the_catalog(container: Container, world: World) -> None:
    create = container.get(CreateCourse).execute
    active = await create(world.owner, new(world))
    hidden = await create(world.owner, new(world, name="Draft", is_active=False))
    assert world.other.teacher_id is not None
    other_hidden = await create(world.owner, new(world, teacher_id=world.other.teacher_id, is_active=False))

    async def ids(actor: Actor) -> list[int]:
        page = await container.get(ListCourses).execute(actor, CourseFilter(), ALL)
        return [row.id for row in page.items]

    assert await ids(world.owner) == [other_hidden.id, hidden.id, active.id]
    assert await ids(world.teacher) == [hidden.id, active.id]
    assert await ids(world.assistant) == [hidden.id, active.id]
    assert await ids(world.other) == [other_hidden.id, active.id]
    assert await ids(world.student) == [active.id]
    with pytest.raises(NotFound):
        await container.get(GetCourse).execute(world.student, hidden.id)
    with pytest.raises(NotFound):
        await container.get(GetCourse).execute(world.other, hidden.id)
    assert (await container.get(GetCourse).execute(world.assistant, hidden.id)).id == hidden.id


async def test_my_courses_is_for_teachers_with_a_profile(container: Container, world: World) -> None:
    mine = await container.get(CreateCourse).execute(world.owner, new(world, is_active=False))
    assert world.other.teacher_id is not None
    await container.get(CreateCourse).execute(world.owner, new(world, teacher_id=world.other.teacher_id))
    page = await container.get(ListMyCourses).execute(world.teacher, ALL)
    assert [row.id for row in page.items] == [mine.id] and page.items[0].topics == ()
    for actor in (world.owner, world.assistant, world.student):
        with pytest.raises(PermissionDenied):
            await container.get(ListMyCourses).execute(actor, ALL)
    with pytest.raises(NotFound) as info:
        await container.get(ListMyCourses).execute(replace(world.teacher, teacher_id=None), ALL)
    assert info.value.body() == {"detail": "Teacher profile not found."}
