"""People written straight through the unit of work: users, teacher, assistant and student profiles, and
the places students live in. Each builder takes keyword options for what the tests vary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.people import (
    AssistantProfile,
    Gender,
    StudentProfile,
    StudentStatus,
    TeacherProfile,
)
from edutrack.core.entities.users import User
from edutrack.core.use_cases.academics.commands import NewArea, NewGovernorate
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from tests.support.clock import NOW

PASSWORD = "Owner-pass-1"


@dataclass(frozen=True)
class Member:
    """A person the tests act as: login name, display name and the actor their token would carry."""

    username: str
    name: str
    actor: Actor


async def add_user(
    container: Container,
    role: Role,
    username: str,
    name: str | None = None,
    *,
    password: str = PASSWORD,
    password_hash: str | None = None,
    gmail: str | None = None,
    at: datetime | None = None,
) -> User:
    """A user row; ``password_hash`` skips hashing ``password``; ``at`` defaults to the container's clock."""
    now = at or container.clock.now()
    async with container.uow() as uow:
        user = await uow.users.add(
            User(
                username=username,
                password_hash=password_hash
                if password_hash is not None
                else await container.hasher.hash(password),
                role=role,
                name=name or username.title(),
                gmail=gmail,
                created_at=now,
                updated_at=now,
            )
        )
        await uow.commit()
    assert user.id is not None
    return user


async def add_teacher(
    container: Container,
    username: str,
    name: str | None = None,
    *,
    subject: int | None = None,
    grades: Sequence[int] = (),
    gender: Gender = Gender.MALE,
    password: str = PASSWORD,
    password_hash: str | None = None,
    gmail: str | None = None,
    at: datetime | None = None,
) -> Member:
    """A teacher user with a profile (``subject``, ``grades``)."""
    user = await add_user(
        container,
        Role.TEACHER,
        username,
        name,
        password=password,
        password_hash=password_hash,
        gmail=gmail,
        at=at,
    )
    assert user.id is not None
    now = at or container.clock.now()
    async with container.uow() as uow:
        profile = await uow.teachers.add(
            TeacherProfile(
                user_id=user.id,
                phone="01012345678",
                gender=gender,
                subject_id=subject,
                grade_ids=list(grades),
                created_at=now,
                updated_at=now,
            )
        )
        await uow.commit()
    assert profile.id is not None
    return Member(
        username,
        user.name,
        Actor(user_id=user.id, username=username, role=Role.TEACHER, teacher_id=profile.id),
    )


async def add_assistant(
    container: Container,
    teacher: Member | int,
    username: str,
    name: str | None = None,
    *,
    password: str = PASSWORD,
    gmail: str | None = None,
    at: datetime | None = None,
) -> Member:
    """An assistant user with a profile under ``teacher`` (a member or a teacher profile id)."""
    teacher_id = teacher if isinstance(teacher, int) else teacher.actor.teacher_id
    user = await add_user(container, Role.ASSISTANT, username, name, password=password, gmail=gmail, at=at)
    assert user.id is not None and teacher_id is not None
    now = at or container.clock.now()
    async with container.uow() as uow:
        profile = await uow.assistants.add(
            AssistantProfile(
                user_id=user.id,
                teacher_id=teacher_id,
                phone="01112345678",
                created_at=now,
                updated_at=now,
            )
        )
        await uow.commit()
    actor = Actor(
        user_id=user.id,
        username=username,
        role=Role.ASSISTANT,
        teacher_id=teacher_id,
        assistant_id=profile.id,
    )
    return Member(username, user.name, actor)


async def add_student(
    container: Container,
    username: str,
    name: str,
    code: str,
    place: tuple[int, int],
    *,
    status: StudentStatus = StudentStatus.VERIFIED,
    national_id: str | None = None,
    gender: Gender = Gender.FEMALE,
    father_job: str = "Doctor",
    password: str = PASSWORD,
    password_hash: str | None = None,
    gmail: str | None = None,
    at: datetime | None = None,
) -> Member:
    """A student user with a profile living in ``place`` = (governorate id, area id)."""
    user = await add_user(
        container,
        Role.STUDENT,
        username,
        name,
        password=password,
        password_hash=password_hash,
        gmail=gmail if gmail is not None else f"{username}@gmail.com",
        at=at,
    )
    assert user.id is not None
    now = at or container.clock.now()
    governorate, area = place
    async with container.uow() as uow:
        profile = await uow.students.add(
            StudentProfile(
                user_id=user.id,
                student_code=code,
                name_ar="طالب",
                name_en=name,
                phone_number="01001234567",
                national_id=national_id or f"3080315{code[-6:]}1",
                birth_date=date(2008, 3, 15),
                gender=gender,
                governorate_id=governorate,
                area_id=area,
                father_job=father_job,
                status=status,
                created_at=now,
                updated_at=now,
            )
        )
        await uow.commit()
    assert profile.id is not None
    actor = Actor(user_id=user.id, username=username, role=Role.STUDENT, student_id=profile.id)
    return Member(username, name, actor)


async def add_location(
    container: Container, governorate: str, area: str, actor: Actor = SYSTEM
) -> tuple[int, int]:
    """A governorate and an area in it: (governorate id, area id)."""
    create = container.get(CreateReferenceItem)
    governorate_id = (await create.execute(actor, NewGovernorate(name=governorate))).id
    area_id = (await create.execute(actor, NewArea(name=area, governorate_id=governorate_id))).id
    return governorate_id, area_id


def student_id(member: Member) -> int:
    assert member.actor.student_id is not None
    return member.actor.student_id


@dataclass(frozen=True)
class Student:
    """A numbered student: profile id, user id, student code, login and display name."""

    id: int
    user_id: int
    code: str
    username: str
    name: str


async def add_pupil(
    container: Container,
    n: int,
    *,
    status: StudentStatus = StudentStatus.VERIFIED,
    password_hash: str = "x",
    location: tuple[int, int] | None = None,
) -> Student:
    """Student ``pupil<n>`` ("Pupil <n>", code ``P<n>``) in ``location``, created when not given."""
    if location is None:
        location = await add_location(container, f"Gov {n}", f"Area {n}")
    code = f"P{n:08d}"
    member = await add_student(
        container,
        f"pupil{n}",
        f"Pupil {n}",
        code,
        location,
        status=status,
        national_id=f"308031502{n:04d}1",
        gender=Gender.MALE,
        father_job="Engineer",
        password_hash=password_hash,
        at=NOW,
    )
    return Student(student_id(member), member.actor.user_id, code, member.username, member.name)


async def add_numbered_student(
    container: Container,
    n: int,
    place: tuple[int, int],
    *,
    status: StudentStatus = StudentStatus.PENDING,
    password_hash: str | None = None,
    at: datetime | None = None,
) -> Student:
    """Student ``student<n>`` ("Student <n>", code ``S<n>``, password ``PASSWORD``) in ``place``, pending by
    default (the profile's own default)."""
    code = f"S{n:08d}"
    member = await add_student(
        container,
        f"student{n}",
        f"Student {n}",
        code,
        place,
        national_id=f"308031501{n:04d}1",
        status=status,
        password_hash=password_hash,
        at=at,
    )
    return Student(student_id(member), member.actor.user_id, code, member.username, member.name)


async def make_owner(container: Container, username: str = "owner", gmail: str | None = None) -> User:
    """A site owner (password ``PASSWORD``) made through the use case, as the CLI would."""
    return await container.get(CreateSiteOwner).execute(SYSTEM, NewSiteOwner(username, PASSWORD, gmail=gmail))
