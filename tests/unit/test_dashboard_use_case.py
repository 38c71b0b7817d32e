"""The site-owner dashboard over the memory fakes: every figure, the month boundary in Cairo time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.students import StudentTables
from edutrack.adapters.memory.teachers import TeacherTables
from edutrack.composition import Container
from edutrack.core.actor import Actor, Role
from edutrack.core.entities.academics import (
    Area,
    Division,
    Governorate,
    Grade,
    ReferenceItem,
    SchoolType,
    Subject,
    VideoSecurity,
)
from edutrack.core.entities.people import Gender, StudentProfile, StudentStatus, TeacherProfile
from edutrack.core.entities.users import User
from edutrack.core.errors import AccountDisabled, PermissionDenied
from edutrack.core.use_cases.dashboards.site_owner import ComputeSiteOwnerDashboard, month_start
from edutrack.ports.dashboards import StudentGroupRow, StudentsByStatus, TeacherGroupRow

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 4, 15, 10, 0, tzinfo=UTC)
IN_MARCH = datetime(2026, 3, 31, 21, 59, tzinfo=UTC)  # 23:59 on March 31st in Cairo (UTC+2)
IN_APRIL = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # 00:30 on April 1st in Cairo
OWNER = Actor(user_id=1, username="owner", role=Role.SITE_OWNER)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


async def add_refs(container: Container, *items: ReferenceItem) -> list[int]:
    async with container.uow() as uow:
        for item in items:
            await uow.reference.add(item)
        await uow.commit()
    return [item.id for item in items]  # type: ignore[misc]


async def add_user(container: Container, role: Role, created_at: datetime, *, is_active: bool = True) -> int:
    async with container.uow() as uow:
        count = len(container.memory_store.state.of(AccountTables).users) if container.memory_store else 0
        user = await uow.users.add(
            User(
                username=f"{role.value}{count}",
                password_hash="x",
                role=role,
                name="Someone",
                is_active=is_active,
                created_at=created_at,
                updated_at=created_at,
            )
        )
        await uow.commit()
    assert user.id is not None
    return user.id


def put_student(
    container: Container,
    user_id: int,
    status: StudentStatus,
    where: tuple[int, int],
    grade_id: int | None = None,
    school_type_id: int | None = None,
    division_id: int | None = None,
) -> None:
    """Student profiles go straight into the committed state: this test only needs them to exist."""
    assert container.memory_store is not None
    state = container.memory_store.state
    profile_id = state.next_id("students")
    state.of(StudentTables).students[profile_id] = StudentProfile(
        user_id=user_id,
        student_code=f"S{profile_id}",
        name_ar="طالب",
        name_en="Student",
        phone_number="01012345678",
        national_id=f"{profile_id:014d}",
        birth_date=date(2009, 1, 1),
        gender=Gender.MALE,
        governorate_id=where[0],
        area_id=where[1],
        created_at=NOW,
        updated_at=NOW,
        status=status,
        grade_id=grade_id,
        school_type_id=school_type_id,
        division_id=division_id,
        id=profile_id,
    )


def put_teacher(container: Container, user_id: int, subject_id: int | None, grade_ids: list[int]) -> None:
    assert container.memory_store is not None
    state = container.memory_store.state
    profile_id = state.next_id("teachers")
    state.of(TeacherTables).teachers[profile_id] = TeacherProfile(
        user_id=user_id,
        phone="01012345678",
        gender=Gender.FEMALE,
        subject_id=subject_id,
        created_at=NOW,
        updated_at=NOW,
        grade_ids=grade_ids,
        id=profile_id,
    )


def test_the_month_starts_at_midnight_cairo_time_whatever_the_offset() -> None:
    cairo = ZoneInfo("Africa/Cairo")
    assert month_start(NOW, cairo) == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)  # UTC+2 in April
    assert month_start(IN_APRIL, cairo) == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)
    assert month_start(IN_MARCH, cairo) == datetime(2026, 2, 28, 22, 0, tzinfo=UTC)
    summer = datetime(2026, 7, 10, 12, 0, tzinfo=UTC)  # daylight saving time: UTC+3
    assert month_start(summer, cairo) == datetime(2026, 6, 30, 21, 0, tzinfo=UTC)
    assert month_start(NOW, ZoneInfo("UTC")) == datetime(2026, 4, 1, tzinfo=UTC)


async def test_an_empty_platform_gives_zeros_and_every_status(container: Container) -> None:
    dashboard = await container.get(ComputeSiteOwnerDashboard).execute(OWNER)
    assert dashboard.students_by_status == StudentsByStatus(0, 0, 0, 0, 0)
    assert dashboard.students_by_grade_school_division == []
    assert dashboard.teachers_by_grade_subject == []
    assert dashboard.total_students == dashboard.total_video_security_options == 0


async def test_every_figure_counts_what_it_says(container: Container) -> None:
    first, second = await add_refs(container, Grade("First", 2), Grade("Second", 1))
    public, science = await add_refs(container, SchoolType("Public"), Division("Science"))
    physics, cairo = await add_refs(container, Subject("Physics"), Governorate("Cairo"))
    downtown, _ = await add_refs(container, Area("Downtown", governorate_id=cairo), VideoSecurity("Mark"))
    place = (cairo, downtown)

    await add_user(container, Role.SITE_OWNER, IN_MARCH)
    for status, when in [
        (StudentStatus.VERIFIED, IN_APRIL),
        (StudentStatus.VERIFIED, IN_MARCH),
        (StudentStatus.PENDING, NOW),
        (StudentStatus.SUSPENDED_PERMANENT, IN_MARCH),
    ]:
        user_id = await add_user(container, Role.STUDENT, when)
        grade = second if status is StudentStatus.PENDING else first
        put_student(container, user_id, status, place, grade, public, science)
    graduate = await add_user(container, Role.STUDENT, IN_MARCH)
    put_student(container, graduate, StudentStatus.DECLINED, place)
    await add_user(container, Role.STUDENT, IN_APRIL)  # an account without a profile yet

    active = await add_user(container, Role.TEACHER, IN_APRIL)
    put_teacher(container, active, physics, [first, second])
    inactive = await add_user(container, Role.TEACHER, IN_MARCH, is_active=False)
    put_teacher(container, inactive, physics, [first])
    no_subject = await add_user(container, Role.TEACHER, IN_MARCH)
    put_teacher(container, no_subject, None, [first])
    await add_user(container, Role.ASSISTANT, IN_APRIL)

    dashboard = await container.get(ComputeSiteOwnerDashboard).execute(OWNER)

    assert (dashboard.total_students, dashboard.total_teachers, dashboard.total_assistants) == (6, 3, 1)
    assert dashboard.new_users_this_month == 5  # 2 students + the pending one (now) + 1 teacher + 1 assistant
    assert (dashboard.new_students_this_month, dashboard.new_teachers_this_month) == (3, 1)
    assert dashboard.students_by_status == StudentsByStatus(
        verified=2, pending=1, declined=1, suspended_temporary=0, suspended_permanent=1
    )
    assert dashboard.students_by_grade_school_division == [
        StudentGroupRow("Second", "Public", "Science", 1),  # grade order 1 comes first
        StudentGroupRow("First", "Public", "Science", 3),
        StudentGroupRow(None, None, None, 1),
    ]
    assert (dashboard.teachers_active_count, dashboard.teachers_inactive_count) == (2, 1)
    assert dashboard.teachers_by_grade_subject == [
        TeacherGroupRow("Second", "Physics", 1),
        TeacherGroupRow("First", "Physics", 2),
        TeacherGroupRow("First", None, 1),
    ]
    assert (
        dashboard.total_subjects,
        dashboard.total_grades,
        dashboard.total_school_types,
        dashboard.total_divisions,
        dashboard.total_governorates,
        dashboard.total_areas,
        dashboard.total_video_security_options,
    ) == (1, 2, 1, 1, 1, 1, 1)


async def test_only_an_active_site_owner_may_see_it(container: Container) -> None:
    for role in (Role.TEACHER, Role.ASSISTANT, Role.STUDENT):
        with pytest.raises(PermissionDenied):
            await container.get(ComputeSiteOwnerDashboard).execute(Actor(user_id=2, username="x", role=role))
    with pytest.raises(AccountDisabled):
        await container.get(ComputeSiteOwnerDashboard).execute(
            Actor(user_id=1, username="owner", role=Role.SITE_OWNER, is_active=False)
        )
