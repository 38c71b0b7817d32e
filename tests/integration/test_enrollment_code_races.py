"""Enrollment codes racing through the 2-worker live server on PostgreSQL (issue #14): one code sent
with 50 different students' emails at once enrolls exactly one of them; parallel generate calls never
produce a duplicate code; a cancel racing a redemption ends in one consistent state, on which the code's
row, the enrollment and the audit trail agree."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest
from sqlalchemy import func, select

from edutrack.adapters.sql.tables.enrollment_codes import EnrollmentCodeModel
from edutrack.composition import Container
from edutrack.core.entities.enrollment_codes import CodeStatus
from edutrack.core.entities.enrollments import EnrollmentStatus
from tests.support import people
from tests.support.enrollment_codes import add_pupils, audit, build_scene, code_row, enrollments_of, generate

pytestmark = pytest.mark.anyio

BASE = "/appsembler_api/v0/enrollment-codes"
OK = {"success": "true"}
CODE_ERROR = {"success": "false", "reason": "Enrollment code error."}


async def test_fifty_students_racing_for_one_code_enroll_exactly_one(
    live_server: str, pg_container: Container
) -> None:
    scene = await build_scene(pg_container, students=0)
    place = await people.add_location(pg_container, "Alex", "Smouha")
    pupils = await add_pupils(pg_container, 50, place)
    (code,) = await generate(pg_container, scene)
    async with httpx.AsyncClient(base_url=live_server, timeout=120) as client:
        responses = await asyncio.gather(
            *(
                client.post(
                    f"{BASE}/enroll-user",
                    json={"email": pupil.email, "enrollment_code": code},
                    headers=scene.client.headers,
                )
                for pupil in pupils
            )
        )
    assert Counter(r.status_code for r in responses) == {200: 1, 400: 49}, [r.text for r in responses[:3]]
    assert all(r.json() == CODE_ERROR for r in responses if r.status_code == 400)
    (winner,) = [pupil for pupil, r in zip(pupils, responses, strict=True) if r.status_code == 200]
    enrolled = {p.id: await enrollments_of(pg_container, p.id, scene.course) for p in pupils}
    assert {p: rows for p, rows in enrolled.items() if rows} == {
        winner.id: [(enrolled[winner.id][0][0], EnrollmentStatus.APPROVED)]
    }
    row = await code_row(pg_container, code)
    assert row is not None and (row.used_by, row.enrollment_id) == (winner.id, enrolled[winner.id][0][0])
    (used,) = await audit(pg_container, ("code_used",))
    assert used.details["student_id"] == winner.id


async def test_parallel_generate_calls_never_duplicate_a_code(
    live_server: str, pg_container: Container
) -> None:
    scene = await build_scene(pg_container, students=0)
    body = {"course_id": scene.key, "total_registration_codes": 250}
    async with httpx.AsyncClient(base_url=live_server, timeout=120) as client:
        responses = await asyncio.gather(
            *(client.post(f"{BASE}/generate", json=body, headers=scene.client.headers) for _ in range(4))
        )
    assert [r.status_code for r in responses] == [200] * 4, [r.text for r in responses]
    answered = [code for r in responses for code in r.json()["codes"]]
    assert len(answered) == len(set(answered)) == 1000
    assert pg_container.read_sessions is not None
    async with pg_container.read_sessions() as session:
        stored = await session.scalar(select(func.count(func.distinct(EnrollmentCodeModel.code))))
    assert stored == 1000
    assert len(await audit(pg_container, ("codes_generated",))) == 4


@pytest.mark.parametrize("attempt", range(3))
async def test_a_cancel_racing_a_redemption_ends_consistently(
    live_server: str, pg_container: Container, attempt: int
) -> None:
    scene = await build_scene(pg_container, students=4)
    codes = await generate(pg_container, scene, count=len(scene.students))
    headers = scene.client.headers
    async with httpx.AsyncClient(base_url=live_server, timeout=120) as client:

        async def race(email: str, code: str) -> tuple[httpx.Response, httpx.Response]:
            enroll, cancel = await asyncio.gather(
                client.post(
                    f"{BASE}/enroll-user", json={"email": email, "enrollment_code": code}, headers=headers
                ),
                client.post(
                    f"{BASE}/status", json={"enrollment_code": code, "action": "cancel"}, headers=headers
                ),
            )
            return enroll, cancel

        outcomes = await asyncio.gather(
            *(race(pupil.email, code) for pupil, code in zip(scene.students, codes, strict=True))
        )
    trail = await audit(pg_container)
    for pupil, code, (enroll, cancel) in zip(scene.students, codes, outcomes, strict=True):
        assert (cancel.status_code, cancel.json()) == (200, OK)
        row = await code_row(pg_container, code)
        assert row is not None and row.status is CodeStatus.CANCELLED
        assert (row.used_by, row.used_at, row.enrollment_id) == (None, None, None)
        mine = [(entry.action, entry.details) for entry in trail if entry.target == code]
        enrollments = await enrollments_of(pg_container, pupil.id, scene.course)
        if enroll.status_code == 200:
            # enrolled first, then unenrolled by the cancel
            ((enrollment, status),) = enrollments
            assert status is EnrollmentStatus.UNENROLLED
            assert [action for action, _ in mine] == ["code_used", "code_cancelled"]
            assert mine[0][1]["enrollment_id"] == enrollment
            assert mine[1][1]["unenrolled_enrollment_id"] == enrollment
            assert mine[1][1]["used_by_student_id"] == pupil.id
        else:
            # cancelled first: the redemption found the code unusable and wrote nothing
            assert (enroll.status_code, enroll.json()) == (400, CODE_ERROR)
            assert enrollments == []
            assert [action for action, _ in mine] == ["code_cancelled"]
            assert mine[0][1]["used_by_student_id"] is None
