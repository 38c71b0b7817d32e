"""The enrollment repository and reader contract: the same tests on the in-memory fakes, SQLite and
PostgreSQL. Also home of the cast the other enrollment tests seed (``build_cast``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.academics import ReferenceKind as K
from edutrack.core.entities.content import Course
from edutrack.core.entities.enrollments import ALREADY_ENROLLED, Enrollment, EnrollmentStatus
from edutrack.core.entities.people import (
    AssistantProfile,
    Gender,
    StudentProfile,
    StudentStatus,
    TeacherProfile,
)
from edutrack.core.entities.users import User
from edutrack.core.errors import RuleViolation
from edutrack.core.use_cases.academics.commands import NEW_ITEM
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from edutrack.ports.enrollments import EnrollmentFilter, EnrollmentReader, EnrollmentRow
from edutrack.ports.readers import PageRequest

pytestmark = pytest.mark.anyio

PASSWORD = "Owner-pass-1"
NOW = datetime(2026, 4, 29, 8, 0, tzinfo=UTC)
ALL = PageRequest(limit=None)

# --- the cast ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    username: str
    name: str
    actor: Actor


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


async def _user(container: Container, role: Role, username: str, name: str) -> User:
    now = container.clock.now()
    async with container.uow() as uow:
        user = await uow.users.add(
            User(
                username=username,
                password_hash=await container.hasher.hash(PASSWORD),
                role=role,
                name=name,
                gmail=f"{username}@gmail.com",
                created_at=now,
                updated_at=now,
            )
        )
        await uow.commit()
    assert user.id is not None
    return user


async def add_teacher(container: Container, username: str, name: str, subject: int, grade: int) -> Member:
    user = await _user(container, Role.TEACHER, username, name)
    assert user.id is not None
    now = container.clock.now()
    async with container.uow() as uow:
        profile = await uow.teachers.add(
            TeacherProfile(
                user_id=user.id,
                phone="01012345678",
                gender=Gender.MALE,
                subject_id=subject,
                grade_ids=[grade],
                created_at=now,
                updated_at=now,
            )
        )
        await uow.commit()
    actor = Actor(user_id=user.id, username=username, role=Role.TEACHER, teacher_id=profile.id)
    return Member(username, name, actor)


async def add_assistant(container: Container, teacher: Member, username: str, name: str) -> Member:
    user = await _user(container, Role.ASSISTANT, username, name)
    assert user.id is not None and teacher.actor.teacher_id is not None
    now = container.clock.now()
    async with container.uow() as uow:
        profile = await uow.assistants.add(
            AssistantProfile(
                user_id=user.id,
                teacher_id=teacher.actor.teacher_id,
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
        teacher_id=teacher.actor.teacher_id,
        assistant_id=profile.id,
    )
    return Member(username, name, actor)


async def add_student(
    container: Container,
    username: str,
    name: str,
    code: str,
    place: tuple[int, int],
    status: StudentStatus = StudentStatus.VERIFIED,
) -> Member:
    user = await _user(container, Role.STUDENT, username, name)
    assert user.id is not None
    now = container.clock.now()
    governorate, area = place
    async with container.uow() as uow:
        profile = await uow.students.add(
            StudentProfile(
                user_id=user.id,
                student_code=code,
                name_ar="طالب",
                name_en=name,
                phone_number="01001234567",
                national_id=f"3080315{code[-6:]}1",
                birth_date=date(2008, 3, 15),
                gender=Gender.FEMALE,
                governorate_id=governorate,
                area_id=area,
                father_job="Doctor",
                status=status,
                created_at=now,
                updated_at=now,
            )
        )
        await uow.commit()
    actor = Actor(user_id=user.id, username=username, role=Role.STUDENT, student_id=profile.id)
    return Member(username, name, actor)


async def add_course(
    container: Container, teacher: Member, grade: int, subject: int, name: str, *, active: bool = True
) -> int:
    now = container.clock.now()
    assert teacher.actor.teacher_id is not None
    async with container.uow() as uow:
        course = await uow.courses.add(
            Course(
                name=name,
                teacher_id=teacher.actor.teacher_id,
                grade_id=grade,
                subject_id=subject,
                is_active=active,
                created_at=now,
                updated_at=now,
            )
        )
        await uow.commit()
    assert course.id is not None
    return course.id


async def build_cast(container: Container) -> Cast:
    owner_user = await container.get(CreateSiteOwner).execute(SYSTEM, NewSiteOwner("enroll_owner", PASSWORD))
    owner = Member("enroll_owner", owner_user.name, owner_user.as_actor())

    async def create(kind: K, **fields: object) -> int:
        return (await container.get(CreateReferenceItem).execute(owner.actor, NEW_ITEM[kind](**fields))).id

    grade = await create(K.GRADE, name="Third Secondary", order=3)
    subject = await create(K.SUBJECT, name="Physics", grade_ids=[grade])
    governorate = await create(K.GOVERNORATE, name="Cairo")
    area = await create(K.AREA, name="Nasr City", governorate_id=governorate)
    teacher = await add_teacher(container, "mr_ahmed", "Ahmed Hassan", subject, grade)
    other = await add_teacher(container, "ms_mona", "Mona Adel", subject, grade)
    assistant = await add_assistant(container, teacher, "helper", "Helper Hany")
    other_assistant = await add_assistant(container, other, "mona_helper", "Mona Helper")
    place = (governorate, area)
    student = await add_student(container, "salma", "Salma Adel", "ST00000001", place)
    classmate = await add_student(container, "omar", "Omar Khaled", "ST00000002", place)
    unverified = await add_student(
        container, "newbie", "New Student", "ST00000003", place, status=StudentStatus.PENDING
    )
    return Cast(
        owner=owner,
        teacher=teacher,
        assistant=assistant,
        other=other,
        other_assistant=other_assistant,
        student=student,
        classmate=classmate,
        unverified=unverified,
        grade=grade,
        grade_name="Third Secondary",
        course=await add_course(container, teacher, grade, subject, "Mechanics"),
        second_course=await add_course(container, teacher, grade, subject, "Electricity"),
        inactive_course=await add_course(container, teacher, grade, subject, "Archived", active=False),
        other_course=await add_course(container, other, grade, subject, "Waves"),
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
    assert student.actor.student_id is not None
    async with container.uow() as uow:
        enrollment = await uow.enrollments.add(
            Enrollment(
                student_id=student.actor.student_id,
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


# --- the repository ---------------------------------------------------------------------------------------


async def test_add_and_get_round_trip(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    enrollment_id = await seed_enrollment(contract_container, cast.student, cast.course)
    async with contract_container.uow() as uow:
        assert await uow.enrollments.get(enrollment_id) == Enrollment(
            id=enrollment_id,
            student_id=cast.student.actor.student_id or 0,
            course_id=cast.course,
            enrolled_at=NOW,
            status=EnrollmentStatus.PENDING,
        )
        assert await uow.enrollments.get(enrollment_id + 100) is None
        assert await uow.enrollments.get(0) is None
        assert await uow.enrollments.get(2**31) is None
        assert await uow.enrollments.get(-5) is None


async def test_open_and_approved_checks(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    student_id = cast.student.actor.student_id or 0
    await seed_enrollment(contract_container, cast.student, cast.course)
    await seed_enrollment(contract_container, cast.student, cast.second_course, EnrollmentStatus.APPROVED)
    await seed_enrollment(contract_container, cast.student, cast.other_course, EnrollmentStatus.REJECTED)
    async with contract_container.uow() as uow:
        repo = uow.enrollments
        assert await repo.has_open(student_id, cast.course)
        assert await repo.has_open(student_id, cast.second_course)
        assert not await repo.has_open(student_id, cast.other_course)
        assert not await repo.is_approved(student_id, cast.course)
        assert await repo.is_approved(student_id, cast.second_course)
        assert not await repo.is_approved(student_id, cast.other_course)
        assert not await repo.is_approved(cast.classmate.actor.student_id or 0, cast.second_course)
        assert not await repo.is_approved(2**40, cast.second_course)


@pytest.mark.parametrize("first", [EnrollmentStatus.PENDING, EnrollmentStatus.APPROVED])
async def test_one_open_enrollment_per_student_and_course(
    contract_container: Container, first: EnrollmentStatus
) -> None:
    """The database's partial unique index itself refuses a second open enrollment (what decides a race)."""
    cast = await build_cast(contract_container)
    await seed_enrollment(contract_container, cast.student, cast.course, first)
    with pytest.raises(RuleViolation) as caught:
        await seed_enrollment(contract_container, cast.student, cast.course)
    assert caught.value.body() == {"detail": ALREADY_ENROLLED}
    with pytest.raises(RuleViolation):
        await seed_enrollment(contract_container, cast.student, cast.course, EnrollmentStatus.APPROVED)
    # a rejected one is history: any number of them, and a new request after them
    await seed_enrollment(contract_container, cast.classmate, cast.course, EnrollmentStatus.REJECTED)
    await seed_enrollment(contract_container, cast.classmate, cast.course, EnrollmentStatus.REJECTED)
    await seed_enrollment(contract_container, cast.classmate, cast.course)
    await seed_enrollment(contract_container, cast.student, cast.second_course)


async def test_decide_changes_a_pending_enrollment_only_once(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    enrollment_id = await seed_enrollment(contract_container, cast.student, cast.course)
    later = NOW + timedelta(days=1)
    decider = cast.assistant.actor.user_id
    async with contract_container.uow() as uow:
        assert await uow.enrollments.decide(enrollment_id, EnrollmentStatus.APPROVED, decider, later, "Hi")
        assert not await uow.enrollments.decide(
            enrollment_id, EnrollmentStatus.REJECTED, decider, later, None
        )
        assert not await uow.enrollments.decide(
            enrollment_id + 50, EnrollmentStatus.REJECTED, decider, later, None
        )
        assert not await uow.enrollments.decide(2**31, EnrollmentStatus.REJECTED, decider, later, None)
        assert (await uow.enrollments.get(enrollment_id)) == Enrollment(
            id=enrollment_id,
            student_id=cast.student.actor.student_id or 0,
            course_id=cast.course,
            enrolled_at=NOW,
            status=EnrollmentStatus.APPROVED,
            approved_by=decider,
            responded_at=later,
            response_note="Hi",
        )
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.enrollments.is_approved(cast.student.actor.student_id or 0, cast.course)


async def test_an_uncommitted_decision_is_rolled_back(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    enrollment_id = await seed_enrollment(contract_container, cast.student, cast.course)
    async with contract_container.uow() as uow:
        assert await uow.enrollments.decide(enrollment_id, EnrollmentStatus.REJECTED, 1, NOW, None)
    async with contract_container.uow() as uow:
        found = await uow.enrollments.get(enrollment_id)
        assert found is not None and found.status == EnrollmentStatus.PENDING


# --- the reader -------------------------------------------------------------------------------------------


async def test_rows_carry_every_name(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    pending = await seed_enrollment(contract_container, cast.student, cast.course)
    decided = await seed_enrollment(
        contract_container, cast.classmate, cast.course, EnrollmentStatus.REJECTED, decided_by=cast.assistant
    )
    reader = contract_container.get(EnrollmentReader)
    assert await reader.get(pending) == EnrollmentRow(
        id=pending,
        student_id=cast.student.actor.student_id or 0,
        student_user_id=cast.student.actor.user_id,
        student_name="Salma Adel",
        student_code="ST00000001",
        course_id=cast.course,
        course_name="Mechanics",
        grade_name="Third Secondary",
        teacher_id=cast.teacher.actor.teacher_id or 0,
        teacher_user_id=cast.teacher.actor.user_id,
        teacher_name="Ahmed Hassan",
        status=EnrollmentStatus.PENDING,
        enrolled_at=NOW,
        approved_by=None,
        approved_by_name=None,
        responded_at=None,
        response_note=None,
    )
    row = await reader.get(decided)
    assert row is not None
    assert (row.status, row.approved_by, row.approved_by_name) == (
        EnrollmentStatus.REJECTED,
        cast.assistant.actor.user_id,
        "Helper Hany",
    )
    assert (row.responded_at, row.response_note) == (NOW + timedelta(hours=1), "Welcome")
    assert await reader.get(decided + 100) is None
    assert await reader.get(2**31) is None
    assert [r.id for r in await reader.get_many([decided, 999, pending, decided, 2**40])] == [
        pending,
        decided,
    ]
    assert await reader.get_many([]) == []


async def test_list_filters_order_and_pages(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    c = contract_container
    first = await seed_enrollment(c, cast.student, cast.course, at=NOW)
    second = await seed_enrollment(c, cast.classmate, cast.course, at=NOW + timedelta(minutes=5))
    third = await seed_enrollment(c, cast.student, cast.second_course, EnrollmentStatus.APPROVED, at=NOW)
    theirs = await seed_enrollment(c, cast.student, cast.other_course, at=NOW + timedelta(minutes=1))
    reader = c.get(EnrollmentReader)

    async def ids(
        filters: EnrollmentFilter, page: PageRequest = ALL, *, oldest_first: bool = False
    ) -> list[int]:
        return [r.id for r in (await reader.list(filters, page, oldest_first=oldest_first)).items]

    mine = EnrollmentFilter(student_id=cast.student.actor.student_id)
    assert await ids(mine) == [theirs, third, first]  # newest first, then id descending
    assert await ids(mine, oldest_first=True) == [first, third, theirs]
    pending_of_ahmed = EnrollmentFilter(
        teacher_id=cast.teacher.actor.teacher_id, status=EnrollmentStatus.PENDING
    )
    assert await ids(pending_of_ahmed, oldest_first=True) == [first, second]
    assert await ids(EnrollmentFilter(teacher_id=cast.other.actor.teacher_id)) == [theirs]
    assert await ids(
        EnrollmentFilter(teacher_id=cast.teacher.actor.teacher_id, course_id=cast.second_course)
    ) == [third]
    assert await ids(EnrollmentFilter(status=EnrollmentStatus.REJECTED)) == []
    page = await reader.list(mine, PageRequest(offset=1, limit=1))
    assert (page.total, [r.id for r in page.items]) == (3, [third])
    counted = await reader.list(mine, PageRequest(offset=0, limit=0))
    assert (counted.total, counted.items) == (3, [])


async def test_the_reader_sees_committed_state_only(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    enrollment_id = await seed_enrollment(contract_container, cast.student, cast.course)
    reader = contract_container.get(EnrollmentReader)
    async with contract_container.uow() as uow:
        await uow.enrollments.decide(enrollment_id, EnrollmentStatus.APPROVED, 1, NOW, None)
        await uow.rollback()
    row = await reader.get(enrollment_id)
    assert row is not None and row.status == EnrollmentStatus.PENDING
