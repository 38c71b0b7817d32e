"""Enrollments over HTTP (Teacher §6, API_SUPPLEMENT §5), on SQLite and PostgreSQL: every field and its
type, the documented errors, the permission matrix, notifications and constant statement counts."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.entities.enrollments import ALREADY_ENROLLED, EnrollmentStatus
from edutrack.ports.enrollments import EnrollmentReader
from edutrack.ports.notifications import NotificationReader
from edutrack.ports.readers import PageRequest
from tests.integration.conftest import HeadersFor, StatementCounter
from tests.integration.test_enrollment_repository_contract import (
    Cast,
    Member,
    add_student,
    build_cast,
    seed_enrollment,
)

pytestmark = pytest.mark.anyio

BASE = "/courses/enrollments/"
MY = BASE + "my/"
PENDING = BASE + "pending/"
BULK = BASE + "bulk-action/"
ANONYMOUS = {"detail": "Authentication credentials were not provided."}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
NOT_VERIFIED = {"detail": "Your account is not verified."}
NOT_FOUND = {"error": "Enrollment not found"}
NOT_YOURS = {"error": "You can only manage enrollments for your own courses"}
ROLES = ["student", "classmate", "unverified", "teacher", "assistant", "other", "other_assistant", "owner"]
FIELDS: dict[str, Any] = {
    "id": int,
    "student": int,
    "student_name": str,
    "student_code": str,
    "course": int,
    "course_name": str,
    "grade_name": str,
    "teacher_name": str,
    "status": str,
    "status_display": str,
    "enrolled_at": datetime,
    "approved_by": (int, type(None)),
    "approved_by_name": (str, type(None)),
    "responded_at": (datetime, type(None)),
    "response_note": (str, type(None)),
}


def approve(enrollment_id: int) -> str:
    return f"{BASE}{enrollment_id}/approve/"


def reject(enrollment_id: int) -> str:
    return f"{BASE}{enrollment_id}/reject/"


@dataclass(frozen=True)
class People:
    cast: Cast
    headers: dict[str, dict[str, str]]

    def member(self, role: str) -> Member:
        return getattr(self.cast, role)  # type: ignore[no-any-return]


@pytest.fixture
async def people(container: Container, headers_for: HeadersFor) -> People:
    cast = await build_cast(container)
    headers = {role: await headers_for(getattr(cast, role).username) for role in ROLES}
    return People(cast, headers)


def assert_enrollment(item: dict[str, Any]) -> None:
    """Exactly the documented keys, each of the documented JSON type."""
    assert set(item) == set(FIELDS), set(item) ^ set(FIELDS)
    for name, kind in FIELDS.items():
        value = item[name]
        if kind is datetime:
            assert datetime.fromisoformat(value).tzinfo is not None, (name, value)
        elif kind == (datetime, type(None)):
            assert value is None or datetime.fromisoformat(value).tzinfo is not None, (name, value)
        else:
            assert isinstance(value, kind) and not isinstance(value, bool), (name, value)


def expected(
    people: People, item: dict[str, Any], student: str, course: str, **changes: Any
) -> dict[str, Any]:
    """The body an enrollment of ``student`` in ``course`` (attribute names of the cast) must have."""
    cast = people.cast
    member = people.member(student)
    courses = {
        "course": ("Mechanics", "Ahmed Hassan"),
        "second_course": ("Electricity", "Ahmed Hassan"),
        "other_course": ("Waves", "Mona Adel"),
    }
    codes = {"student": "ST00000001", "classmate": "ST00000002", "unverified": "ST00000003"}
    body = {
        "id": item["id"],
        "student": member.actor.student_id,
        "student_name": member.name,
        "student_code": codes[student],
        "course": getattr(cast, course),
        "course_name": courses[course][0],
        "grade_name": "Third Secondary",
        "teacher_name": courses[course][1],
        "status": "pending",
        "status_display": "Pending",
        "enrolled_at": item["enrolled_at"],
        "approved_by": None,
        "approved_by_name": None,
        "responded_at": None,
        "response_note": None,
    }
    body.update(changes)
    return body


async def notified(container: Container, member: Member) -> list[tuple[str, dict[str, object] | None]]:
    page = await container.get(NotificationReader).list_for(
        member.actor.user_id, None, PageRequest(limit=None)
    )
    return [(n.notification_type, n.metadata) for n in reversed(page.items)]


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
        assert (response.status_code, response.json()) == (401, ANONYMOUS), (method, url)


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


# --- deciding ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["approve", "reject"])
async def test_a_decision(
    client: httpx.AsyncClient, container: Container, people: People, action: str
) -> None:
    cast = people.cast
    created = (
        await client.post(BASE, json={"course": cast.course}, headers=people.headers["student"])
    ).json()
    url = approve(created["id"]) if action == "approve" else reject(created["id"])
    response = await client.post(url, json={"response_note": "See you"}, headers=people.headers["assistant"])
    assert response.status_code == 200, response.text
    item = response.json()
    assert_enrollment(item)
    status = "approved" if action == "approve" else "rejected"
    assert item == expected(
        people,
        created,
        "student",
        "course",
        status=status,
        status_display=status.capitalize(),
        approved_by=cast.assistant.actor.user_id,
        approved_by_name="Helper Hany",
        responded_at=item["responded_at"],
        response_note="See you",
    )
    assert datetime.fromisoformat(item["responded_at"]) >= datetime.fromisoformat(item["enrolled_at"])
    assert await notified(container, cast.student) == [
        (f"enrollment_{status}", {"enrollment_id": created["id"], "course_id": cast.course, "status": status})
    ]
    for again in (approve(created["id"]), reject(created["id"]).rstrip("/")):
        verb = "approve" if "approve" in again else "reject"
        response = await client.post(again, headers=people.headers["teacher"])
        assert (response.status_code, response.json()) == (
            400,
            {"error": f"Cannot {verb} enrollment with status: {status}"},
        )
    assert len(await notified(container, cast.student)) == 1


async def test_decision_errors(client: httpx.AsyncClient, container: Container, people: People) -> None:
    cast = people.cast
    enrollment_id = await seed_enrollment(container, cast.student, cast.course)
    headers = people.headers["teacher"]
    for url in (approve(9999), reject(9999), approve(2**40)):
        response = await client.post(url, headers=headers)
        assert (response.status_code, response.json()) == (404, NOT_FOUND), url
    too_long = await client.post(approve(enrollment_id), json={"response_note": "x" * 1001}, headers=headers)
    assert (too_long.status_code, too_long.json()) == (
        400,
        {"response_note": ["Ensure this field has no more than 1000 characters."]},
    )
    wrong_type = await client.post(approve(enrollment_id), json={"response_note": 5}, headers=headers)
    assert (wrong_type.status_code, wrong_type.json()) == (400, {"response_note": ["Not a valid string."]})
    row = await container.get(EnrollmentReader).get(enrollment_id)
    assert row is not None and row.status == EnrollmentStatus.PENDING
    null_note = await client.post(approve(enrollment_id), json={"response_note": None}, headers=headers)
    assert null_note.status_code == 200 and null_note.json()["response_note"] is None


# --- bulk -------------------------------------------------------------------------------------------------


async def test_bulk_action(client: httpx.AsyncClient, container: Container, people: People) -> None:
    cast = people.cast
    first = await seed_enrollment(container, cast.student, cast.course)
    second = await seed_enrollment(container, cast.classmate, cast.second_course)
    done = await seed_enrollment(container, cast.classmate, cast.course, EnrollmentStatus.REJECTED)
    theirs = await seed_enrollment(container, cast.student, cast.other_course)
    body = {"enrollment_ids": [first, 9999, theirs, done, second, first], "action": "approve"}
    response = await client.post(BULK, json=body, headers=people.headers["teacher"])
    assert response.status_code == 200, response.text
    assert response.json() == {
        "processed": 2,
        "total_requested": 5,
        "action": "approve",
        "errors": [
            {"enrollment_id": 9999, "error": "Enrollment not found"},
            {"enrollment_id": theirs, "error": "You can only manage enrollments for your own courses"},
            {"enrollment_id": done, "error": "Cannot approve enrollment with status: rejected"},
        ],
    }
    mine = (await client.get(MY, headers=people.headers["student"])).json()["results"]
    assert {(i["course"], i["status"], i["approved_by"]) for i in mine} == {
        (cast.course, "approved", cast.teacher.actor.user_id),
        (cast.other_course, "pending", None),
    }
    assert [t for t, _ in await notified(container, cast.student)] == ["enrollment_approved"]
    assert [t for t, _ in await notified(container, cast.classmate)] == ["enrollment_approved"]
    rejecting = await client.post(
        BULK.rstrip("/"),
        json={"enrollment_ids": [theirs], "action": "reject"},
        headers=people.headers["other_assistant"],
    )
    assert rejecting.json() == {"processed": 1, "total_requested": 1, "action": "reject", "errors": []}
    assert [t for t, _ in await notified(container, cast.student)] == [
        "enrollment_approved",
        "enrollment_rejected",
    ]


async def test_bulk_action_errors(client: httpx.AsyncClient, people: People) -> None:
    headers = people.headers["teacher"]
    for body, answer in [
        ({"enrollment_ids": [1], "action": "accept"}, {"action": ['"accept" is not a valid choice.']}),
        (
            {"enrollment_ids": [], "action": "approve"},
            {"enrollment_ids": ["Ensure this field has at least 1 elements."]},
        ),
        (
            {"enrollment_ids": list(range(1, 502)), "action": "reject"},
            {"enrollment_ids": ["Ensure this field has no more than 500 elements."]},
        ),
        ({"action": "approve"}, {"enrollment_ids": ["This field is required."]}),
        ({"enrollment_ids": [1]}, {"action": ["This field is required."]}),
        (
            {"enrollment_ids": ["a"], "action": "approve"},
            {"enrollment_ids": ["A valid integer is required."]},
        ),
        ({"enrollment_ids": 5, "action": "approve"}, {"enrollment_ids": ["Expected a list of items."]}),
    ]:
        response = await client.post(BULK, json=body, headers=headers)
        assert (response.status_code, response.json()) == (400, answer), body
