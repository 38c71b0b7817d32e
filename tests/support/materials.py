"""Materials: a world of courses, topics and lectures written straight into the store or the tables
(``seed_world``, ``seed_lecture``: the materials tests depend on nothing but the schema), materials, the
people of the HTTP tests and streamed uploads."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from edutrack.adapters.memory.courses import CourseTables
from edutrack.adapters.memory.lessons import LessonTables
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Role
from edutrack.core.entities.academics import ReferenceKind as K
from edutrack.core.entities.content import Course, Lecture, Material, Topic
from edutrack.core.use_cases.academics.commands import NEW_ITEM
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.settings import Settings
from tests.support import people
from tests.support.clock import NOW
from tests.support.http import OWNER_PASSWORD, Headers, HeadersFor, MakeUser

TEACHER_PASSWORD = "Teach-pass-1"
LIST = "/materials/"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
MB = 1024 * 1024


@dataclass
class Place:
    course: int
    topic: int
    lecture: int


@dataclass
class World:
    grade: int
    subject: int
    teacher: int
    teacher_user: int
    other: int
    other_user: int


async def add_teacher(container: Container, username: str, subject: int) -> tuple[int, int]:
    """A teacher (password ``TEACHER_PASSWORD``) of ``subject``: (profile id, user id)."""
    name = username.replace("_", " ").title()
    gmail = f"{username}@gmail.com"
    teacher = await people.add_teacher(
        container, username, name, subject=subject, password=TEACHER_PASSWORD, gmail=gmail, at=NOW
    )
    assert teacher.actor.teacher_id is not None
    return teacher.actor.teacher_id, teacher.actor.user_id


async def seed_world(container: Container) -> World:
    async def create(kind: K, **fields: object) -> int:
        return (await container.get(CreateReferenceItem).execute(SYSTEM, NEW_ITEM[kind](**fields))).id

    grade = await create(K.GRADE, name="First Secondary", order=1)
    subject = await create(K.SUBJECT, name="Physics", grade_ids=[grade])
    teacher, teacher_user = await add_teacher(container, "mr_ahmed", subject)
    other, other_user = await add_teacher(container, "ms_mona", subject)
    return World(grade, subject, teacher, teacher_user, other, other_user)


async def seed_lecture(
    container: Container,
    world: World,
    *,
    teacher: int | None = None,
    course: int | None = None,
    course_active: bool = True,
    topic_active: bool = True,
    lecture_visible: bool = True,
    name: str = "Lecture 1",
) -> Place:
    """A lecture in a new topic of ``course`` (or of a new course of ``teacher``)."""
    course_name = f"Course {datetime.now().timestamp()}-{name}"
    store = container.memory_store
    if store is not None:
        state = store.state
        lessons = state.of(LessonTables)
        if course is None:
            course = state.next_id("courses")
            state.of(CourseTables).courses[course] = Course(
                id=course,
                name=course_name,
                teacher_id=teacher or world.teacher,
                grade_id=world.grade,
                subject_id=world.subject,
                is_active=course_active,
                created_at=NOW,
                updated_at=NOW,
            )
        topic = state.next_id("topics")
        lessons.topics[topic] = Topic(
            id=topic, course_id=course, name="Topic", is_active=topic_active, created_at=NOW, updated_at=NOW
        )
        lecture = state.next_id("lectures")
        lessons.lectures[lecture] = Lecture(
            id=lecture,
            topic_id=topic,
            name=name,
            price=Decimal("50.00"),
            available_days=30,
            is_visible=lecture_visible,
            created_at=NOW,
            updated_at=NOW,
        )
        return Place(course, topic, lecture)
    assert container.db_config is not None
    async with container.db_config.create_session_maker()() as session:
        if course is None:
            course_row = CourseModel(
                name=course_name,
                teacher_id=teacher or world.teacher,
                grade_id=world.grade,
                subject_id=world.subject,
                is_active=course_active,
                created_at=NOW,
                updated_at=NOW,
            )
            session.add(course_row)
            await session.flush()
            course = course_row.id
        topic_row = TopicModel(
            course_id=course, name="Topic", order=0, is_active=topic_active, created_at=NOW, updated_at=NOW
        )
        session.add(topic_row)
        await session.flush()
        lecture_row = LectureModel(
            topic_id=topic_row.id,
            name=name,
            price=Decimal("50.00"),
            discount=Decimal("0.00"),
            available_days=30,
            is_visible=lecture_visible,
            order=0,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(lecture_row)
        await session.flush()
        await session.commit()
        return Place(course, topic_row.id, lecture_row.id)


async def add_material(
    container: Container,
    lecture: int,
    title: str = "Notes",
    *,
    key: str = "materials/a.pdf",
    minutes: int = 0,
) -> int:
    async with container.uow() as uow:
        material = await uow.materials.add(
            Material(
                lecture_id=lecture,
                title=title,
                description="Chapter one",
                file=key,
                file_size=1234,
                created_at=NOW + timedelta(minutes=minutes),
                updated_at=NOW + timedelta(minutes=minutes),
            )
        )
        await uow.commit()
    assert material.id is not None
    return material.id


# --- over HTTP ----------------------------------------------------------------------------------------


def stored_files(settings: Settings) -> list[Path]:
    root = settings.media_dir / "private"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def multipart_stream(
    fields: dict[str, str], filename: str | None, chunks: Iterable[bytes], boundary: str
) -> AsyncIterator[bytes]:
    """A multipart/form-data body produced piece by piece: the test never holds a large file."""
    for name, value in fields.items():
        yield (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    if filename is not None:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        for chunk in chunks:
            yield chunk
        yield b"\r\n"
    yield f"--{boundary}--\r\n".encode()


def pdf_of_size(size: int, piece: int = 256 * 1024) -> Iterable[bytes]:
    """A PDF of exactly ``size`` bytes, generated in pieces."""
    yield PDF[:8]
    left = size - 8
    block = b"\x00" * piece
    while left > 0:
        yield block[: min(piece, left)]
        left -= min(piece, left)


async def stream_upload(
    client: httpx.AsyncClient,
    headers: Headers,
    fields: dict[str, str],
    filename: str,
    chunks: Iterable[bytes],
    *,
    method: str = "POST",
    url: str = LIST,
) -> httpx.Response:
    boundary = uuid.uuid4().hex
    return await client.request(
        method,
        url,
        content=multipart_stream(fields, filename, chunks, boundary),
        headers={**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )


@dataclass
class People:
    world: World
    place: Place
    teacher: Headers
    assistant: Headers
    other: Headers
    student: Headers
    owner: Headers


async def build_people(
    container: Container, make_user: MakeUser, headers_for: HeadersFor, owner_headers: Headers
) -> People:
    """A lecture of Ahmed's, and the headers of: Ahmed, his assistant, Mona (another teacher), a student and
    the owner."""
    world = await seed_world(container)
    place = await seed_lecture(container, world)
    await people.add_assistant(container, world.teacher, "helper", password=OWNER_PASSWORD, at=NOW)
    await make_user(Role.STUDENT, "pupil")
    return People(
        world=world,
        place=place,
        teacher=await headers_for("mr_ahmed", TEACHER_PASSWORD),
        assistant=await headers_for("helper", OWNER_PASSWORD),
        other=await headers_for("ms_mona", TEACHER_PASSWORD),
        student=await headers_for("pupil", OWNER_PASSWORD),
        owner=owner_headers,
    )


def upload(
    lecture: int,
    title: str = "Chapter 1 notes",
    *,
    name: str = "notes.pdf",
    content: bytes = PDF,
    **extra: str,
) -> dict[str, Any]:
    fields: dict[str, Any] = {"lecture": (None, str(lecture)), "title": (None, title)}
    fields.update({key: (None, value) for key, value in extra.items()})
    fields["file"] = (name, content, "application/pdf")
    return fields


async def create(client: httpx.AsyncClient, headers: Headers, lecture: int, **kwargs: Any) -> dict[str, Any]:
    response = await client.post(LIST, files=upload(lecture, **kwargs), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()
