"""Deciding enrollments over HTTP (Teacher §6, API_SUPPLEMENT §5), on SQLite and PostgreSQL: approving,
rejecting and the bulk action, their errors and notifications (requests and lists: test_enrollments_api)."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.ports.enrollments import EnrollmentReader
from tests.support.enrollment_api import (
    BASE,
    BULK,
    MY,
    NOT_FOUND,
    People,
    approve,
    assert_enrollment,
    build_people,
    expected,
    notified,
    reject,
)
from tests.support.enrollments import seed_enrollment
from tests.support.http import HeadersFor

pytestmark = pytest.mark.anyio


@pytest.fixture
async def people(container: Container, headers_for: HeadersFor) -> People:
    return await build_people(container, headers_for)


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
