"""Enrollments over HTTP (Teacher §6, API_SUPPLEMENT §5), on SQLite and PostgreSQL: every field and its
type, the documented errors, the permission matrix, notifications and constant statement counts."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.entities.enrollments import ALREADY_ENROLLED, EnrollmentStatus
from tests.support.enrollment_api import (
    BASE,
    BULK,
    MY,
    NOT_VERIFIED,
    NOT_YOURS,
    PENDING,
    ROLES,
    People,
    approve,
    assert_enrollment,
    build_people,
    expected,
    notified,
    reject,
)
from tests.support.enrollments import seed_enrollment
from tests.support.http import FORBIDDEN, UNAUTHENTICATED, HeadersFor, StatementCounter
from tests.support.people import Member, add_student

pytestmark = pytest.mark.anyio


@pytest.fixture
async def people(container: Container, headers_for: HeadersFor) -> People:
    return await build_people(container, headers_for)


# --- the permission matrix --------------------------------------------------------------------------------


async def test_anonymous_callers_are_refused_everywhere(client: httpx.AsyncClient) -> None:
    for method, url in [
        ("POST", BASE),
        ("GET", MY),
        ("GET", PENDING),
        ("POST", approve(1)),
        ("POST", reject(1)),
        ("POST", BULK),
    ]:
        response = await client.request(method, url, json={})
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED), (method, url)


async def test_the_role_matrix(client: httpx.AsyncClient, container: Container, people: People) -> None:
    cast = people.cast
    enrollment_id = await seed_enrollment(container, cast.classmate, cast.course)
    allowed = {
        ("POST", BASE): {"student": 201, "classmate": 201, "unverified": 403},
        ("GET", MY): {"student": 200, "classmate": 200, "unverified": 200},
        ("GET", PENDING): {"teacher": 200, "assistant": 200, "other": 200, "other_assistant": 200},
        ("POST", BULK): {"teacher": 200, "assistant": 200, "other": 200, "other_assistant": 200},
    }
    bodies = {BASE: {"course": cast.second_course}, BULK: {"enrollment_ids": [9999], "action": "approve"}}
    for (method, url), statuses in allowed.items():
        for role in ROLES:
            response = await client.request(method, url, json=bodies.get(url), headers=people.headers[role])
            status = statuses.get(role, 403)
            assert response.status_code == status, (method, url, role, response.text)
            if status == 403:
                assert response.json() == (
                    NOT_VERIFIED if role == "unverified" and url == BASE else FORBIDDEN
                )
    for url in (approve(enrollment_id), reject(enrollment_id)):
        for role in ("student", "classmate", "unverified", "owner"):
            response = await client.post(url, headers=people.headers[role])
            assert (response.status_code, response.json()) == (403, FORBIDDEN), (url, role)
        for role in ("other", "other_assistant"):
            response = await client.post(url, headers=people.headers[role])
            assert (response.status_code, response.json()) == (403, NOT_YOURS), (url, role)
    response = await client.post(reject(enrollment_id), headers=people.headers["assistant"])
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"


# --- requesting -------------------------------------------------------------------------------------------


async def test_a_student_requests_a_course(
    client: httpx.AsyncClient, container: Container, people: People
) -> None:
    cast = people.cast
    before = datetime.now().astimezone()
    response = await client.post(BASE, json={"course": cast.course}, headers=people.headers["student"])
    assert response.status_code == 201, response.text
    item = response.json()
    assert_enrollment(item)
    assert item == expected(people, item, "student", "course")
    assert datetime.fromisoformat(item["enrolled_at"]) >= before.replace(microsecond=0)
    assert await notified(container, cast.teacher) == [
        (
            "enrollment_requested",
            {"enrollment_id": item["id"], "course_id": cast.course, "student_id": item["student"]},
        )
    ]
    assert await notified(container, cast.assistant) == []
    again = await client.post(
        BASE.rstrip("/"), json={"course": cast.course}, headers=people.headers["student"]
    )
    assert (again.status_code, again.json()) == (400, {"detail": ALREADY_ENROLLED})
    mine = await client.get(MY, headers=people.headers["student"])
    assert mine.json() == {"count": 1, "next": None, "previous": None, "results": [item]}


async def test_after_a_rejection_the_student_may_ask_again(
    client: httpx.AsyncClient, container: Container, people: People
) -> None:
    cast = people.cast
    approved = await seed_enrollment(container, cast.student, cast.course, EnrollmentStatus.APPROVED)
    response = await client.post(BASE, json={"course": cast.course}, headers=people.headers["student"])
    assert (response.status_code, response.json()) == (400, {"detail": ALREADY_ENROLLED})
    await seed_enrollment(container, cast.classmate, cast.course, EnrollmentStatus.REJECTED)
    response = await client.post(BASE, json={"course": cast.course}, headers=people.headers["classmate"])
    assert response.status_code == 201 and response.json()["status"] == "pending"
    assert approved != response.json()["id"]


async def test_request_errors(client: httpx.AsyncClient, people: People) -> None:
    cast = people.cast
    headers = people.headers["student"]
    for body, answer in [
        (
            {"course": cast.inactive_course},
            {"course": [f'Invalid pk "{cast.inactive_course}" - object does not exist.']},
        ),
        ({"course": 9999}, {"course": ['Invalid pk "9999" - object does not exist.']}),
        ({}, {"course": ["This field is required."]}),
        ({"course": "abc"}, {"course": ["A valid integer is required."]}),
        ({"course": 0}, {"course": ["Ensure this value is greater than or equal to 1."]}),
        ({"course": 2**40}, {"course": ["Ensure this value is less than or equal to 2147483647."]}),
    ]:
        response = await client.post(BASE, json=body, headers=headers)
        assert (response.status_code, response.json()) == (400, answer), body
    malformed = await client.post(BASE, content=b"{", headers={**headers, "Content-Type": "application/json"})
    assert malformed.status_code == 400


# --- listing ----------------------------------------------------------------------------------------------


async def test_my_enrollments(client: httpx.AsyncClient, container: Container, people: People) -> None:
    cast = people.cast
    await client.post(BASE, json={"course": cast.course}, headers=people.headers["student"])
    await client.post(BASE, json={"course": cast.other_course}, headers=people.headers["student"])
    await client.post(BASE, json={"course": cast.course}, headers=people.headers["classmate"])
    mine = (await client.get(MY, headers=people.headers["student"])).json()
    first, second = mine["results"][1], mine["results"][0]
    await client.post(
        approve(first["id"]), json={"response_note": "Welcome"}, headers=people.headers["teacher"]
    )
    body = (await client.get(MY + "?page_size=1", headers=people.headers["student"])).json()
    assert body["count"] == 2
    assert body["next"] == "http://testserver/courses/enrollments/my/?page_size=1&page=2"
    assert body["results"] == [expected(people, second, "student", "other_course")]
    approved = (await client.get(MY + "?status=approved", headers=people.headers["student"])).json()
    assert approved["count"] == 1
    item = approved["results"][0]
    assert_enrollment(item)
    assert item == expected(
        people,
        first,
        "student",
        "course",
        status="approved",
        status_display="Approved",
        approved_by=cast.teacher.actor.user_id,
        approved_by_name="Ahmed Hassan",
        responded_at=item["responded_at"],
        response_note="Welcome",
    )
    wrong = await client.get(MY + "?status=maybe", headers=people.headers["student"])
    assert (wrong.status_code, wrong.json()) == (
        400,
        {"status": ["Select a valid choice. maybe is not one of the available choices."]},
    )
    everything = (await client.get(MY + "?all=true", headers=people.headers["student"])).json()
    assert set(everything) == {"count", "results"} and everything["count"] == 2


async def test_pending_shows_the_teachers_courses_only(
    client: httpx.AsyncClient, container: Container, people: People
) -> None:
    cast = people.cast
    ours = (await client.post(BASE, json={"course": cast.course}, headers=people.headers["student"])).json()
    theirs = (
        await client.post(BASE, json={"course": cast.other_course}, headers=people.headers["student"])
    ).json()
    later = (
        await client.post(BASE, json={"course": cast.second_course}, headers=people.headers["classmate"])
    ).json()
    decided = (
        await client.post(BASE, json={"course": cast.course}, headers=people.headers["classmate"])
    ).json()
    await client.post(reject(decided["id"]), headers=people.headers["teacher"])
    for role in ("teacher", "assistant"):
        body = (await client.get(PENDING, headers=people.headers[role])).json()
        assert body == {"count": 2, "next": None, "previous": None, "results": [ours, later]}
        for item in body["results"]:
            assert_enrollment(item)
        one = (
            await client.get(f"{PENDING}?course={cast.second_course}", headers=people.headers[role])
        ).json()
        assert one["results"] == [later]
    for role in ("other", "other_assistant"):
        body = (await client.get(PENDING, headers=people.headers[role])).json()
        assert body["results"] == [theirs]
        assert (await client.get(f"{PENDING}?course={cast.course}", headers=people.headers[role])).json()[
            "count"
        ] == 0
    bad = await client.get(PENDING + "?course=x", headers=people.headers["teacher"])
    assert (bad.status_code, bad.json()) == (400, {"course": ["A valid integer is required."]})


async def test_list_statement_counts_do_not_grow(
    client: httpx.AsyncClient,
    container: Container,
    people: People,
    count_queries: Callable[[], AbstractContextManager[StatementCounter]],
) -> None:
    cast = people.cast
    await seed_enrollment(container, cast.student, cast.course)
    await seed_enrollment(container, cast.student, cast.other_course, EnrollmentStatus.REJECTED)

    async def cost(url: str, role: str) -> int:
        with count_queries() as counter:
            response = await client.get(url, headers=people.headers[role])
        assert response.status_code == 200
        return counter.count

    small = (await cost(PENDING, "teacher"), await cost(MY, "student"))
    place = await _place_of(container, cast.student)
    for n in range(15):
        extra = await add_student(container, f"pupil{n}", f"Pupil {n}", f"ST{100 + n:08d}", place)
        await seed_enrollment(container, extra, cast.course)
        await seed_enrollment(container, extra, cast.second_course)
        await seed_enrollment(container, cast.student, cast.second_course, EnrollmentStatus.REJECTED)
    assert (await client.get(PENDING, headers=people.headers["teacher"])).json()["count"] == 31
    assert (await client.get(MY, headers=people.headers["student"])).json()["count"] == 17
    assert (await cost(PENDING, "teacher"), await cost(MY, "student")) == small


async def _place_of(container: Container, member: Member) -> tuple[int, int]:
    async with container.uow() as uow:
        student = await uow.students.get(member.actor.student_id or 0)
    assert student is not None
    return student.governorate_id, student.area_id
