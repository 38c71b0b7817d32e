"""A small catalog for the topic, lecture and video tests: a teacher with an assistant and a course, another
teacher with a course, a student and a site owner; and helpers that add content through the use cases."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.content import Course, Platform
from edutrack.core.money import parse_money
from edutrack.core.use_cases.academics.commands import NewGrade, NewSubject
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.lessons.commands import NewLecture, NewTopic, NewVideo
from edutrack.core.use_cases.lessons.lectures import CreateLecture
from edutrack.core.use_cases.lessons.topics import CreateTopic
from edutrack.core.use_cases.lessons.videos import CreateVideo
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from tests.support.http import HeadersFor
from tests.support.people import PASSWORD, Member, add_assistant, add_teacher, add_user

YOUTUBE = "https://www.youtube.com/watch?v=abc"


@dataclass(frozen=True)
class World:
    owner: Member
    teacher: Member
    assistant: Member
    other: Member
    student: Member
    grade: int
    subject: int
    course: int
    other_course: int

    @property
    def reference(self) -> tuple[int, int]:
        return self.grade, self.subject


async def add_course(
    container: Container,
    reference: tuple[int, int],
    teacher: Member,
    *,
    name: str | None = None,
    is_active: bool = True,
) -> int:
    """A course of ``teacher`` in ``reference`` = (grade id, subject id)."""
    grade, subject = reference
    assert teacher.actor.teacher_id is not None
    now = container.clock.now()
    async with container.uow() as uow:
        course = await uow.courses.add(
            Course(
                name=name or f"Course {uuid.uuid4().hex[:6]}",
                teacher_id=teacher.actor.teacher_id,
                grade_id=grade,
                subject_id=subject,
                is_active=is_active,
                created_at=now,
                updated_at=now,
            )
        )
        await uow.commit()
    assert course.id is not None
    return course.id


async def build_world(container: Container) -> World:
    owner_row = await container.get(CreateSiteOwner).execute(SYSTEM, NewSiteOwner("content_owner", PASSWORD))
    owner = Member("content_owner", owner_row.name, owner_row.as_actor())
    create = container.get(CreateReferenceItem)
    grade = (await create.execute(owner.actor, NewGrade(name="First Secondary", order=1))).id
    create = container.get(CreateReferenceItem)
    subject = (await create.execute(owner.actor, NewSubject(name="Physics"))).id
    teacher = await add_teacher(container, "mr_ahmed", "Ahmed Hassan")
    other = await add_teacher(container, "ms_mona", "Mona Adel")
    assistant = await add_assistant(container, teacher, "helper")
    student_user = await add_user(container, Role.STUDENT, "pupil", "Pupil Student")
    assert student_user.id is not None
    student = Member(
        "pupil", student_user.name, Actor(user_id=student_user.id, username="pupil", role=Role.STUDENT)
    )
    course = await add_course(container, (grade, subject), teacher, name="Physics 1")
    other_course = await add_course(container, (grade, subject), other, name="Other Physics")
    return World(owner, teacher, assistant, other, student, grade, subject, course, other_course)


async def add_topic(container: Container, world: World, course: int | None = None, **fields: Any) -> int:
    actor = world.other.actor if course == world.other_course else fields.pop("actor", world.teacher.actor)
    fields.setdefault("name", f"Topic {uuid.uuid4().hex[:6]}")
    data = NewTopic(course_id=course or world.course, **fields)
    return (await container.get(CreateTopic).execute(actor, data)).id


def money(value: object) -> Decimal:
    """``"120"`` or ``20.5`` as the two-decimal amount the HTTP edge would hand the core."""
    return parse_money("amount", value)


async def add_lecture(container: Container, world: World, topic: int, **fields: Any) -> int:
    actor = fields.pop("actor", world.teacher.actor)
    values = {"name": f"Lecture {uuid.uuid4().hex[:6]}", "price": "100", "available_days": 30, **fields}
    for name in ("price", "discount"):
        if name in values:
            values[name] = money(values[name])
    return (await container.get(CreateLecture).execute(actor, NewLecture(topic_id=topic, **values))).id


async def add_video(container: Container, world: World, lecture: int, **fields: Any) -> int:
    actor = fields.pop("actor", world.teacher.actor)
    values = {"name": f"Video {uuid.uuid4().hex[:6]}", "platform": "youtube", "video_url": YOUTUBE, **fields}
    values["platform"] = Platform(values["platform"])
    return (await container.get(CreateVideo).execute(actor, NewVideo(lecture_id=lecture, **values))).id


# --- response shapes (field → JSON type) -----------------------------------------------------------------

DATETIME = "datetime"
MONEY = "money"
URL_OR_NULL = "url|null"
TOPIC_FIELDS: dict[str, Any] = {
    "id": int,
    "course": int,
    "course_name": str,
    "name": str,
    "description": (str, type(None)),
    "order": int,
    "is_active": bool,
    "lecture_count": int,
    "created_at": DATETIME,
    "updated_at": DATETIME,
}
VIDEO_FIELDS: dict[str, Any] = {
    "id": int,
    "lecture": int,
    "name": str,
    "platform": str,
    "platform_display": str,
    "video_url": (str, type(None)),
    "order": int,
    "duration_minutes": (int, type(None)),
    "duration_display": (str, type(None)),
    "is_active": bool,
    "created_at": DATETIME,
    "updated_at": DATETIME,
}
TOPIC_LECTURE_FIELDS: dict[str, Any] = {
    "id": int,
    "topic": int,
    "topic_name": str,
    "name": str,
    "description": (str, type(None)),
    "price": MONEY,
    "discount": MONEY,
    "final_price": MONEY,
    "formatted_price": str,
    "available_days": int,
    "is_visible": bool,
    "picture": URL_OR_NULL,
    "order": int,
    "video_count": int,
    "created_at": DATETIME,
    "updated_at": DATETIME,
}
LECTURE_FIELDS: dict[str, Any] = {
    **TOPIC_LECTURE_FIELDS,
    "course_name": str,
    "teacher_name": str,
    "videos": list,
}
TOPIC_DETAIL_FIELDS: dict[str, Any] = {
    **{k: v for k, v in TOPIC_FIELDS.items() if k != "lecture_count"},
    "lectures": list,
}


def assert_shape(item: dict[str, Any], fields: dict[str, Any]) -> None:
    """Exactly the documented keys, each of the documented JSON type."""
    assert set(item) == set(fields), set(item) ^ set(fields)
    for name, kind in fields.items():
        value = item[name]
        if kind == DATETIME:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        elif kind == MONEY:
            assert isinstance(value, str) and re.fullmatch(r"\d+\.\d\d", value), (name, value)
        elif kind == URL_OR_NULL:
            assert value is None or value.startswith("http://testserver/media/"), (name, value)
        else:
            assert isinstance(value, kind) and not (kind is int and isinstance(value, bool)), (name, value)
    for lecture in item.get("lectures", []):
        assert_shape(lecture, LECTURE_FIELDS)
    for video in item.get("videos", []):
        assert_shape(video, VIDEO_FIELDS)


async def auth_headers(world: World, headers_for: HeadersFor) -> Headers:
    names = ("owner", "teacher", "assistant", "other", "student")
    return {name: await headers_for(getattr(world, name).username, PASSWORD) for name in names}


Headers = dict[str, dict[str, str]]
