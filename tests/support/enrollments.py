"""Enrollments: the cast the enrollment tests seed (``build_cast``) and enrollment rows written through the
repository (``seed_enrollment``) or under it (``insert_enrollment``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker

from edutrack.adapters.memory.enrollments import EnrollmentTables
from edutrack.adapters.sql.tables.enrollments import EnrollmentModel
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM
from edutrack.core.entities.academics import ReferenceKind as K
from edutrack.core.entities.enrollments import Enrollment, EnrollmentStatus
from edutrack.core.entities.people import StudentStatus
from edutrack.core.use_cases.academics.commands import NEW_ITEM
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from tests.support.catalog import add_course
from tests.support.clock import NOW
from tests.support.people import PASSWORD, Member, add_assistant, add_student, add_teacher, student_id

# --- the cast ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cast:
    owner: Member
    teacher: Member  # Ahmed Hassan: `course`, `second_course`, `inactive_course`
    assistant: Member  # Ahmed's assistant
    other: Member  # Mona Adel: `other_course`
    other_assistant: Member  # Mona's assistant
    student: Member  # verified
    classmate: Member  # verified
    unverified: Member  # status pending
    grade: int
    grade_name: str
    course: int
    second_course: int
    inactive_course: int
    other_course: int


async def build_cast(container: Container) -> Cast:
    owner_user = await container.get(CreateSiteOwner).execute(SYSTEM, NewSiteOwner("enroll_owner", PASSWORD))
    owner = Member("enroll_owner", owner_user.name, owner_user.as_actor())

    async def create(kind: K, **fields: object) -> int:
        return (await container.get(CreateReferenceItem).execute(owner.actor, NEW_ITEM[kind](**fields))).id

    grade = await create(K.GRADE, name="Third Secondary", order=3)
    subject = await create(K.SUBJECT, name="Physics", grade_ids=[grade])
    governorate = await create(K.GOVERNORATE, name="Cairo")
    area = await create(K.AREA, name="Nasr City", governorate_id=governorate)

    async def teacher(username: str, name: str) -> Member:
        gmail = f"{username}@gmail.com"
        return await add_teacher(container, username, name, subject=subject, grades=[grade], gmail=gmail)

    async def assistant(boss: Member, username: str, name: str) -> Member:
        return await add_assistant(container, boss, username, name, gmail=f"{username}@gmail.com")

    ahmed, mona = await teacher("mr_ahmed", "Ahmed Hassan"), await teacher("ms_mona", "Mona Adel")
    helper = await assistant(ahmed, "helper", "Helper Hany")
    mona_helper = await assistant(mona, "mona_helper", "Mona Helper")
    place = (governorate, area)
    student = await add_student(container, "salma", "Salma Adel", "ST00000001", place)
    classmate = await add_student(container, "omar", "Omar Khaled", "ST00000002", place)
    unverified = await add_student(
        container, "newbie", "New Student", "ST00000003", place, status=StudentStatus.PENDING
    )
    reference = (grade, subject)
    return Cast(
        owner=owner,
        teacher=ahmed,
        assistant=helper,
        other=mona,
        other_assistant=mona_helper,
        student=student,
        classmate=classmate,
        unverified=unverified,
        grade=grade,
        grade_name="Third Secondary",
        course=await add_course(container, reference, ahmed, name="Mechanics"),
        second_course=await add_course(container, reference, ahmed, name="Electricity"),
        inactive_course=await add_course(container, reference, ahmed, name="Archived", is_active=False),
        other_course=await add_course(container, reference, mona, name="Waves"),
    )


async def seed_enrollment(
    container: Container,
    student: Member,
    course: int,
    status: EnrollmentStatus = EnrollmentStatus.PENDING,
    *,
    at: datetime = NOW,
    decided_by: Member | None = None,
) -> int:
    """An enrollment row written straight through the repository (no rules, no notifications)."""
    async with container.uow() as uow:
        enrollment = await uow.enrollments.add(
            Enrollment(
                student_id=student_id(student),
                course_id=course,
                enrolled_at=at,
                status=status,
                approved_by=decided_by.actor.user_id if decided_by else None,
                responded_at=at + timedelta(hours=1) if decided_by else None,
                response_note="Welcome" if decided_by else None,
            )
        )
        await uow.commit()
    assert enrollment.id is not None
    return enrollment.id


async def insert_enrollment(
    container: Container,
    student: int,
    course: int,
    status: EnrollmentStatus = EnrollmentStatus.APPROVED,
    enrolled_at: datetime = NOW,
    responded_at: datetime | None = None,
) -> int:
    """An enrollment row inserted under the repository (memory entity or SQLAlchemy row)."""
    store = container.memory_store
    if store is not None:
        key = store.state.next_id("enrollments")
        store.state.of(EnrollmentTables).enrollments[key] = Enrollment(
            student_id=student,
            course_id=course,
            status=status,
            enrolled_at=enrolled_at,
            responded_at=responded_at,
            id=key,
        )
        return key
    row = EnrollmentModel(
        student_id=student,
        course_id=course,
        status=status.value,
        enrolled_at=enrolled_at,
        responded_at=responded_at,
    )
    async with async_sessionmaker(container.engines[0], expire_on_commit=False)() as session:
        session.add(row)
        await session.commit()
    return row.id
