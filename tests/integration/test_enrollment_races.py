"""Enrollment races through the 2-worker live server on PostgreSQL: a decision is one conditional update,
so concurrent decisions on one enrollment have exactly one winner; the partial unique index keeps one open
enrollment per student and course. Each runs five times per CI run."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.entities.enrollments import ALREADY_ENROLLED, EnrollmentStatus
from edutrack.ports.enrollments import EnrollmentFilter, EnrollmentReader
from edutrack.ports.notifications import NotificationReader
from edutrack.ports.readers import PageRequest
from tests.support.enrollments import Cast, build_cast, seed_enrollment
from tests.support.people import PASSWORD

pytestmark = pytest.mark.anyio

BASE = "/courses/enrollments/"


async def _bearer(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    response = await client.post("/accounts/token/", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access']}"}


async def _notifications(container: Container, user_id: int) -> list[str]:
    page = await container.get(NotificationReader).list_for(user_id, None, PageRequest(limit=None))
    return [n.notification_type for n in page.items]


async def _staff(client: httpx.AsyncClient, cast: Cast) -> tuple[dict[str, str], dict[str, str]]:
    return await _bearer(client, cast.teacher.username), await _bearer(client, cast.assistant.username)


@pytest.mark.parametrize("attempt", range(5))
async def test_two_concurrent_approvals_give_one_200_and_one_400(
    live_server: str, pg_container: Container, attempt: int
) -> None:
    cast = await build_cast(pg_container)
    enrollment_id = await seed_enrollment(pg_container, cast.student, cast.course)
    url = f"{BASE}{enrollment_id}/approve/"
    async with httpx.AsyncClient(base_url=live_server, timeout=30) as client:
        teacher, assistant = await _staff(client, cast)
        responses = await asyncio.gather(
            client.post(url, json={"response_note": "teacher"}, headers=teacher),
            client.post(url, json={"response_note": "assistant"}, headers=assistant),
        )
    assert sorted(r.status_code for r in responses) == [200, 400], [r.text for r in responses]
    winner = next(r for r in responses if r.status_code == 200).json()
    loser = next(r for r in responses if r.status_code == 400)
    assert loser.json() == {"error": "Cannot approve enrollment with status: approved"}
    row = await pg_container.get(EnrollmentReader).get(enrollment_id)
    assert row is not None and row.status == EnrollmentStatus.APPROVED
    assert (row.approved_by, row.response_note) == (winner["approved_by"], winner["response_note"])
    assert await _notifications(pg_container, cast.student.actor.user_id) == ["enrollment_approved"]


@pytest.mark.parametrize("attempt", range(5))
async def test_concurrent_approve_and_reject_have_one_winner(
    live_server: str, pg_container: Container, attempt: int
) -> None:
    cast = await build_cast(pg_container)
    enrollment_id = await seed_enrollment(pg_container, cast.student, cast.course)
    async with httpx.AsyncClient(base_url=live_server, timeout=30) as client:
        teacher, assistant = await _staff(client, cast)
        requests = [
            client.post(f"{BASE}{enrollment_id}/{'approve' if n % 2 else 'reject'}/", headers=who)
            for n, who in enumerate([teacher, assistant] * 3)
        ]
        responses = await asyncio.gather(*requests)
    assert sorted(r.status_code for r in responses) == [200, 400, 400, 400, 400, 400]
    final = next(r for r in responses if r.status_code == 200).json()["status"]
    for response in responses:
        if response.status_code == 400:
            verb = "approve" if "/approve/" in str(response.request.url) else "reject"
            assert response.json() == {"error": f"Cannot {verb} enrollment with status: {final}"}
    row = await pg_container.get(EnrollmentReader).get(enrollment_id)
    assert row is not None and row.status.value == final
    assert await _notifications(pg_container, cast.student.actor.user_id) == [f"enrollment_{final}"]


@pytest.mark.parametrize("attempt", range(5))
async def test_concurrent_requests_make_one_enrollment(
    live_server: str, pg_container: Container, attempt: int
) -> None:
    cast = await build_cast(pg_container)
    async with httpx.AsyncClient(base_url=live_server, timeout=30) as client:
        headers = await _bearer(client, cast.student.username)
        responses = await asyncio.gather(
            *(client.post(BASE, json={"course": cast.course}, headers=headers) for _ in range(6))
        )
    assert sorted(r.status_code for r in responses) == [201, 400, 400, 400, 400, 400]
    for response in responses:
        if response.status_code == 400:
            assert response.json() == {"detail": ALREADY_ENROLLED}
    page = await pg_container.get(EnrollmentReader).list(
        EnrollmentFilter(student_id=cast.student.actor.student_id), PageRequest(limit=None)
    )
    assert page.total == 1
    assert await _notifications(pg_container, cast.teacher.actor.user_id) == ["enrollment_requested"]


@pytest.mark.parametrize("attempt", range(5))
async def test_overlapping_bulk_actions_decide_each_enrollment_once(
    live_server: str, pg_container: Container, attempt: int
) -> None:
    cast = await build_cast(pg_container)
    ids = [
        await seed_enrollment(pg_container, cast.student, cast.course),
        await seed_enrollment(pg_container, cast.classmate, cast.course),
        await seed_enrollment(pg_container, cast.student, cast.second_course),
        await seed_enrollment(pg_container, cast.classmate, cast.second_course),
    ]
    async with httpx.AsyncClient(base_url=live_server, timeout=30) as client:
        teacher, assistant = await _staff(client, cast)
        responses = await asyncio.gather(
            client.post(
                BASE + "bulk-action/", json={"enrollment_ids": ids, "action": "approve"}, headers=teacher
            ),
            client.post(
                BASE + "bulk-action/",
                json={"enrollment_ids": ids[::-1], "action": "approve"},
                headers=assistant,
            ),
        )
    assert [r.status_code for r in responses] == [200, 200], [r.text for r in responses]
    bodies = [r.json() for r in responses]
    assert sum(b["processed"] for b in bodies) == len(ids)
    for body in bodies:
        assert body["processed"] + len(body["errors"]) == body["total_requested"] == len(ids)
        for error in body["errors"]:
            assert error["error"] == "Cannot approve enrollment with status: approved"
    rows = await pg_container.get(EnrollmentReader).get_many(ids)
    assert {row.status for row in rows} == {EnrollmentStatus.APPROVED}
    assert len(await _notifications(pg_container, cast.student.actor.user_id)) == 2
