"""A course world on any backend: two grades, a subject and two teachers (``make_world``), courses
(``add_course``) and their content written straight through the repositories (``add_content``, ``enroll``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Role
from edutrack.core.entities.academics import ReferenceKind as K
from edutrack.core.entities.content import Course, Lecture, Material, Platform, Topic, Video
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.use_cases.academics.commands import NEW_ITEM
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from tests.support import people
from tests.support.clock import NOW
from tests.support.enrollments import insert_enrollment
from tests.support.http import OWNER_PASSWORD, Headers, HeadersFor, MakeUser

TEACHER_PASSWORD = "Teacher-pass-1"


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
    """A teacher user (password ``TEACHER_PASSWORD``) and profile; returns (profile id, user id)."""
    teacher = await people.add_teacher(
        container,
        username,
        name,
        subject=subject,
        grades=grades,
        password=TEACHER_PASSWORD,
        gmail=f"{username}@gmail.com",
        at=NOW,
    )
    assert teacher.actor.teacher_id is not None
    return teacher.actor.teacher_id, teacher.actor.user_id


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
    place = await people.add_location(container, f"Gov {n}", f"Area {n}")
    student = await people.add_numbered_student(container, n, place, password_hash="x", at=NOW)
    await insert_enrollment(container, student.id, course_id, EnrollmentStatus(status), NOW)


# --- over HTTP ----------------------------------------------------------------------------------------

LIST = "/courses/"
MINE = "/courses/my_courses/"
OPTIONAL_STR = (str, type(None))
COURSE_FIELDS: dict[str, Any] = {
    "id": int,
    "name": str,
    "teacher": int,
    "teacher_id": int,
    "teacher_name": str,
    "grade": int,
    "grade_name": str,
    "subject": int,
    "subject_name": str,
    "description": OPTIONAL_STR,
    "cover_picture": OPTIONAL_STR,
    "is_active": bool,
    "topics": list,
    "topic_count": int,
    "total_lectures": int,
    "total_videos": int,
    "created_at": str,
    "updated_at": str,
}
MY_COURSE_FIELDS = {
    k: COURSE_FIELDS[k]
    for k in (
        *("id", "name", "teacher", "teacher_name", "grade", "grade_name", "subject", "subject_name"),
        *("description", "cover_picture", "is_active", "topic_count", "created_at"),
    )
}
TOPIC_FIELDS: dict[str, Any] = {
    "id": int,
    "course": int,
    "course_name": str,
    "name": str,
    "description": OPTIONAL_STR,
    "order": int,
    "is_active": bool,
    "lectures": list,
    "created_at": str,
    "updated_at": str,
}
LECTURE_FIELDS: dict[str, Any] = {
    "id": int,
    "topic": int,
    "topic_name": str,
    "course_name": str,
    "teacher_name": str,
    "name": str,
    "description": OPTIONAL_STR,
    "price": str,
    "discount": str,
    "final_price": str,
    "formatted_price": str,
    "available_days": int,
    "is_visible": bool,
    "picture": OPTIONAL_STR,
    "order": int,
    "videos": list,
    "video_count": int,
    "created_at": str,
    "updated_at": str,
}
VIDEO_FIELDS: dict[str, Any] = {
    "id": int,
    "lecture": int,
    "name": str,
    "platform": str,
    "platform_display": str,
    "video_url": OPTIONAL_STR,
    "order": int,
    "duration_minutes": (int, type(None)),
    "duration_display": OPTIONAL_STR,
    "is_active": bool,
    "created_at": str,
    "updated_at": str,
}


def detail(course_id: int) -> str:
    return f"/courses/{course_id}/"


def assert_shape(item: dict[str, Any], fields: dict[str, Any]) -> None:
    assert set(item) == set(fields)
    for name, kind in fields.items():
        assert isinstance(item[name], kind), (name, item[name])
    for name in ("created_at", "updated_at"):
        if name in item:
            assert datetime.fromisoformat(item[name].replace("Z", "+00:00")).tzinfo is not None


class People:
    def __init__(self, world: World, headers: dict[str, Headers]) -> None:
        self.world = world
        self.headers = headers


async def build_people(
    container: Container, make_user: MakeUser, headers_for: HeadersFor, owner_headers: Headers
) -> People:
    """The world of the contract tests, and the headers of: owner, teacher (Ahmed), assistant (Ahmed's),
    other (another teacher, Mona), student."""
    world = await make_world(container)
    await people.add_assistant(container, world.teacher, "helper", password=OWNER_PASSWORD)
    await make_user(Role.STUDENT, "pupil")
    return People(
        world,
        {
            "owner": owner_headers,
            "teacher": await headers_for("mr_ahmed", TEACHER_PASSWORD),
            "assistant": await headers_for("helper", OWNER_PASSWORD),
            "other": await headers_for("ms_mona", TEACHER_PASSWORD),
            "student": await headers_for("pupil", OWNER_PASSWORD),
        },
    )
