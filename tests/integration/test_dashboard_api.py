"""The site-owner dashboard over HTTP (SiteOwner §7), on SQLite and PostgreSQL.

Profiles are inserted straight through the engine, so these tests need no other feature.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import insert

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.sql.tables.academics import (
    AreaModel,
    DivisionModel,
    GovernorateModel,
    GradeModel,
    SchoolTypeModel,
    SubjectModel,
    VideoSecurityModel,
)
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.adapters.sql.tables.teachers import TeacherProfileModel, teacher_grades
from edutrack.composition import Container, build_container
from edutrack.core.actor import Role
from edutrack.ports.dashboards import DashboardReader
from edutrack.settings import Settings
from tests.support.http import HeadersFor, MakeUser

pytestmark = pytest.mark.anyio

Headers = dict[str, str]
NOW = datetime(2026, 4, 15, 10, 0, tzinfo=UTC)
IN_MARCH = datetime(2026, 3, 31, 21, 59, tzinfo=UTC)  # 23:59 on March 31st in Cairo (UTC+2)
IN_APRIL = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # 00:30 on April 1st in Cairo
EMPTY_STATUSES = {
    "verified": 0,
    "pending": 0,
    "declined": 0,
    "suspended_temporary": 0,
    "suspended_permanent": 0,
}
FIELDS = {
    "total_students",
    "total_teachers",
    "total_assistants",
    "new_users_this_month",
    "new_students_this_month",
    "new_teachers_this_month",
    "students_by_status",
    "students_by_grade_school_division",
    "teachers_active_count",
    "teachers_inactive_count",
    "teachers_by_grade_subject",
    "total_subjects",
    "total_grades",
    "total_school_types",
    "total_divisions",
    "total_governorates",
    "total_areas",
    "total_video_security_options",
}


@pytest.fixture
async def container(settings: Settings) -> AsyncIterator[Container]:
    """The SQL container with the clock frozen in the middle of April 2026."""
    container = build_container(settings, clock=FrozenClock(NOW))
    yield container
    await container.dispose()


class Seeder:
    """Rows inserted through the engine, with ids chosen here so tests can refer to them."""

    def __init__(self, container: Container) -> None:
        assert container.db_config is not None
        self._engine = container.db_config.get_engine()
        self._next = 1000

    def next_id(self) -> int:
        self._next += 1
        return self._next

    async def insert(self, target: Any, *rows: dict[str, Any]) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(insert(target), list(rows))

    async def reference(self) -> dict[str, int]:
        ids = {"first": 1, "second": 2, "public": 1, "science": 1, "physics": 1, "cairo": 1, "downtown": 1}
        await self.insert(
            GradeModel, {"id": 1, "name": "First", "order": 2}, {"id": 2, "name": "Second", "order": 1}
        )
        await self.insert(SchoolTypeModel, {"id": 1, "name": "Public"})
        await self.insert(DivisionModel, {"id": 1, "name": "Science"})
        await self.insert(SubjectModel, {"id": 1, "name": "Physics"})
        await self.insert(GovernorateModel, {"id": 1, "name": "Cairo"})
        await self.insert(AreaModel, {"id": 1, "name": "Downtown", "governorate_id": 1})
        await self.insert(VideoSecurityModel, {"id": 1, "name": "Mark", "price_per_student": Decimal("1.00")})
        return ids

    async def user(self, role: Role, created_at: datetime, *, is_active: bool = True) -> int:
        user_id = self.next_id()
        await self.insert(
            UserModel,
            {
                "id": user_id,
                "username": f"{role.value}{user_id}",
                "password_hash": "x",
                "role": role.value,
                "name": "Someone",
                "is_active": is_active,
                "created_at": created_at,
                "updated_at": created_at,
            },
        )
        return user_id

    async def student(
        self, created_at: datetime, status: str, grade: int | None = None, **place: int
    ) -> None:
        user_id = await self.user(Role.STUDENT, created_at)
        await self.insert(
            StudentProfileModel,
            {
                "id": user_id,
                "user_id": user_id,
                "student_code": f"S{user_id}",
                "name_ar": "طالب",
                "name_en": "Student",
                "phone_number": "01012345678",
                "national_id": f"{user_id:014d}",
                "birth_date": date(2009, 1, 1),
                "gender": "male",
                "governorate_id": 1,
                "area_id": 1,
                "grade_id": grade,
                "school_type_id": place.get("school_type"),
                "division_id": place.get("division"),
                "status": status,
                "educational_state": "school" if grade else "graduate",
                "created_at": created_at,
                "updated_at": created_at,
            },
        )

    async def teacher(
        self, created_at: datetime, subject: int | None, grades: list[int], *, active: bool = True
    ) -> None:
        user_id = await self.user(Role.TEACHER, created_at, is_active=active)
        await self.insert(
            TeacherProfileModel,
            {
                "id": user_id,
                "user_id": user_id,
                "phone": "01012345678",
                "gender": "female",
                "subject_id": subject,
                "created_at": created_at,
                "updated_at": created_at,
            },
        )
        if grades:
            await self.insert(teacher_grades, *({"teacher_id": user_id, "grade_id": g} for g in grades))


async def seed_platform(seed: Seeder) -> None:
    ids = await seed.reference()
    first, second, public, science = ids["first"], ids["second"], ids["public"], ids["science"]
    await seed.student(IN_APRIL, "verified", first, school_type=public, division=science)
    await seed.student(IN_MARCH, "verified", first, school_type=public, division=science)
    await seed.student(NOW, "pending", second, school_type=public, division=science)
    await seed.student(IN_MARCH, "suspended_permanent", first, school_type=public, division=science)
    await seed.student(IN_MARCH, "declined")  # a graduate: no grade, school type or division
    await seed.user(Role.STUDENT, IN_APRIL)  # an account without a profile yet
    await seed.teacher(IN_APRIL, ids["physics"], [first, second])
    await seed.teacher(IN_MARCH, ids["physics"], [first], active=False)
    await seed.teacher(IN_MARCH, None, [first])
    await seed.teacher(IN_MARCH, ids["physics"], [])  # teaches no grade yet: not in the grade breakdown
    await seed.user(Role.ASSISTANT, IN_APRIL)


async def test_every_documented_field_with_the_month_boundary_in_cairo(
    client: httpx.AsyncClient, container: Container, owner_headers: Headers
) -> None:
    await seed_platform(Seeder(container))
    response = await client.get("/dashboards/site-owner/", headers=owner_headers)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "total_students": 6,
        "total_teachers": 4,
        "total_assistants": 1,
        # the owner (created now), 3 students, 1 teacher, 1 assistant; not those of 21:59Z on March 31st
        "new_users_this_month": 6,
        "new_students_this_month": 3,
        "new_teachers_this_month": 1,
        "students_by_status": {
            "verified": 2,
            "pending": 1,
            "declined": 1,
            "suspended_temporary": 0,
            "suspended_permanent": 1,
        },
        "students_by_grade_school_division": [
            {"grade": "Second", "school_type": "Public", "division": "Science", "count": 1},
            {"grade": "First", "school_type": "Public", "division": "Science", "count": 3},
            {"grade": None, "school_type": None, "division": None, "count": 1},
        ],
        "teachers_active_count": 3,
        "teachers_inactive_count": 1,
        "teachers_by_grade_subject": [
            {"grade": "Second", "subject": "Physics", "count": 1},
            {"grade": "First", "subject": "Physics", "count": 2},
            {"grade": "First", "subject": None, "count": 1},
        ],
        "total_subjects": 1,
        "total_grades": 2,
        "total_school_types": 1,
        "total_divisions": 1,
        "total_governorates": 1,
        "total_areas": 1,
        "total_video_security_options": 1,
    }


async def test_an_empty_platform_has_every_field(client: httpx.AsyncClient, owner_headers: Headers) -> None:
    body = (await client.get("/dashboards/site-owner", headers=owner_headers)).json()
    assert set(body) == FIELDS
    assert body["students_by_status"] == EMPTY_STATUSES
    assert body["students_by_grade_school_division"] == body["teachers_by_grade_subject"] == []
    assert body["new_users_this_month"] == 1  # the owner
    counts = {k: v for k, v in body.items() if k not in {"students_by_status", "new_users_this_month"}}
    assert all(v in (0, []) and type(v) in (int, list) for v in counts.values())


async def test_a_fixed_number_of_statements_whatever_the_data(
    client: httpx.AsyncClient,
    container: Container,
    owner_headers: Headers,
    count_queries: Callable[..., Any],
) -> None:
    with count_queries() as reader_only:
        await container.get(DashboardReader).site_owner(since=IN_APRIL, until=NOW)
    assert reader_only.count == 3  # the counters, the student groups, the teacher groups
    with count_queries() as empty:
        assert (await client.get("/dashboards/site-owner/", headers=owner_headers)).status_code == 200
    seed = Seeder(container)
    await seed_platform(seed)
    for _ in range(15):
        await seed.student(NOW, "pending", 2, school_type=1, division=1)
        await seed.teacher(NOW, 1, [1, 2])
    with count_queries() as full:
        response = await client.get("/dashboards/site-owner/", headers=owner_headers)
    assert response.json()["total_students"] == 21
    assert full.count == empty.count == reader_only.count + 1  # + the principal behind the token


@pytest.mark.parametrize("role", [Role.TEACHER, Role.ASSISTANT, Role.STUDENT])
async def test_only_site_owners_may_see_it(
    client: httpx.AsyncClient, make_user: MakeUser, headers_for: HeadersFor, role: Role
) -> None:
    user = await make_user(role)
    response = await client.get("/dashboards/site-owner/", headers=await headers_for(user.username))
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "You do not have permission to perform this action."},
    )


async def test_anonymous_callers_are_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/dashboards/site-owner/")
    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Authentication credentials were not provided."},
    )
