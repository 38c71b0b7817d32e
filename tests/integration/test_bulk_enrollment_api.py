"""``/appsembler_api/v0/bulk-enrollment/bulk-enroll`` over HTTP on SQLite and PostgreSQL (issue #14): the
document's sample call and its response shape exactly, values wrapped across lines, JSON and form bodies,
both path spellings, 404 for an unknown course and 400 for missing fields with nothing written, and
``email_students`` queuing one mail per address plus a notification the student lists."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from edutrack.adapters.sql.tables.bulk_enrollment import EnrollmentAllowanceModel
from edutrack.adapters.sql.tables.enrollments import EnrollmentModel
from edutrack.adapters.sql.tables.integrations import IntegrationAuditModel
from edutrack.adapters.sql.tables.mail import MailOutboxModel
from edutrack.composition import Container
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.policies.mail import DELIVER_NOW_JOB
from tests.support import students
from tests.support.bulk_enrollment import (
    RecordingQueue,
    Scene,
    build_scene,
    quiet,
    registration_ref,
    statuses,
)
from tests.support.http import HeadersFor
from tests.support.integrations import IntegrationClient, integration_client
from tests.support.people import PASSWORD

pytestmark = pytest.mark.anyio

PATH = "/appsembler_api/v0/bulk-enrollment/bulk-enroll"
NOTHING = {"enrollment": False, "allowed": False, "user": False, "auto_enroll": False}


@pytest.fixture(autouse=True)
def jobs(container: Container) -> RecordingQueue:
    return quiet(container)[0]


@pytest.fixture
async def partner(container: Container) -> IntegrationClient:
    return await integration_client(container, "partner")


@pytest.fixture
async def scene(container: Container, partner: IntegrationClient) -> Scene:
    return await build_scene(container, client_pk=partner.pk, password_hash=None)


async def _written(container: Container) -> list[int]:
    """Enrollments, allowances, queued mails and audit rows in the database."""
    assert container.read_sessions is not None
    async with container.read_sessions() as session:
        return [
            int(await session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (EnrollmentModel, EnrollmentAllowanceModel, MailOutboxModel, IntegrationAuditModel)
        ]


async def _outbox(container: Container) -> list[tuple[str, str]]:
    assert container.read_sessions is not None
    async with container.read_sessions() as session:
        rows = await session.execute(select(MailOutboxModel.to_address, MailOutboxModel.subject))
        return sorted((to, subject) for to, subject in rows)


def _result(identifier: str, before: dict[str, bool], after: dict[str, bool]) -> dict[str, Any]:
    return {"identifier": identifier, "after": after, "before": before}


async def test_the_documents_sample_call(
    client: httpx.AsyncClient,
    container: Container,
    scene: Scene,
    partner: IntegrationClient,
    jobs: RecordingQueue,
) -> None:
    one, two = scene.keys
    wrapped = two[:-4] + "\n\t" + two[-4:] + " "  # the sample wraps the last key across two lines
    body = {
        "action": "enroll",
        "auto_enroll": True,
        "identifiers": "test@appsembler.com,test1@appsembler.com,test2@appsembler.\n\tcom ",
        "email_students": True,
        "courses": f"{one},{wrapped}",
    }
    response = await client.post(PATH, json=body, headers=partner.headers)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert list(answer) == ["action", "courses", "email_students", "auto_enroll"]
    allowed = {"enrollment": False, "allowed": True, "user": False, "auto_enroll": True}
    emails = ["test@appsembler.com", "test1@appsembler.com", "test2@appsembler.com"]
    course = {
        "action": "enroll",
        "results": [_result(e, NOTHING, allowed) for e in emails],
        "auto_enroll": True,
    }
    assert answer == {
        "action": "enroll",
        "courses": {one: course, two: course},
        "email_students": True,
        "auto_enroll": True,
    }
    assert list(answer["courses"][one]) == ["action", "results", "auto_enroll"]
    assert list(answer["courses"][one]["results"][0]) == ["identifier", "after", "before"]
    assert await _written(container) == [0, 6, 3, 1]  # six allowances, one invitation per address, one audit
    assert [to for to, _ in await _outbox(container)] == sorted(emails)
    assert jobs.enqueued == [(DELIVER_NOW_JOB, {})]


async def test_the_documents_unenroll_answer_as_a_form(
    client: httpx.AsyncClient, container: Container, scene: Scene, partner: IntegrationClient
) -> None:
    """The document's response sample: an existing user, not enrolled, unenrolled with auto_enroll."""
    pupil, enrolled = scene.students
    one = scene.keys[0]
    enroll = {"action": "enroll", "identifiers": enrolled.username, "courses": one}
    assert (await client.post(PATH, json=enroll, headers=partner.headers)).status_code == 200
    form = {
        "action": "unenroll",
        "identifiers": f"{pupil.email}, {enrolled.email}\n",
        "courses": one,
        "auto_enroll": "true",
        "email_students": "0",
    }
    response = await client.post(PATH + "/", data=form, headers=partner.headers)
    assert response.status_code == 200, response.text
    was = {"enrollment": False, "allowed": False, "user": True, "auto_enroll": False}
    assert response.json() == {
        "action": "unenroll",
        "courses": {
            one: {
                "action": "unenroll",
                "results": [
                    _result(pupil.email, was, was),
                    _result(enrolled.email, was | {"enrollment": True}, was),
                ],
                "auto_enroll": True,
            }
        },
        "email_students": False,
        "auto_enroll": True,
    }
    assert await statuses(container, enrolled.id, scene.courses[0]) == [EnrollmentStatus.UNENROLLED]


async def test_an_unknown_course_is_404_and_nothing_is_written(
    client: httpx.AsyncClient, container: Container, scene: Scene, partner: IntegrationClient
) -> None:
    before = await _written(container)
    for courses in (f"{scene.keys[0]},course-v1:EduTrack+999+course", "course-v1:edX+DemoX+Demo_Course"):
        body = {
            "action": "enroll",
            "identifiers": f"{scene.students[0].email},new@example.com",
            "courses": courses,
            "auto_enroll": True,
            "email_students": True,
        }
        response = await client.post(PATH, json=body, headers=partner.headers)
        assert (response.status_code, response.json()) == (404, {"detail": "Not found"})
    assert await _written(container) == before


async def test_missing_and_bad_fields_are_400_and_nothing_is_written(
    client: httpx.AsyncClient, container: Container, scene: Scene, partner: IntegrationClient
) -> None:
    before = await _written(container)
    full = {"action": "enroll", "identifiers": "a@example.com", "courses": scene.keys[0]}
    cases: list[tuple[dict[str, Any], dict[str, list[str]]]] = [
        ({k: v for k, v in full.items() if k != "identifiers"}, {"identifiers": ["This field is required."]}),
        ({}, {f: ["This field is required."] for f in ("action", "identifiers", "courses")}),
        (full | {"identifiers": " ,\n, "}, {"identifiers": ["This field may not be blank."]}),
        (full | {"courses": ",,"}, {"courses": ["This field may not be blank."]}),
        (full | {"action": "purge"}, {"action": ['"purge" is not a valid choice.']}),
        (full | {"identifiers": ["a@example.com"]}, {"identifiers": ["Not a valid string."]}),
        (full | {"auto_enroll": "maybe"}, {"auto_enroll": ["Must be a valid boolean."]}),
    ]
    for body, errors in cases:
        response = await client.post(PATH, json=body, headers=partner.headers)
        assert (response.status_code, response.json()) == (400, errors), body
    response = await client.post(
        PATH, data={"action": "enroll", "courses": scene.keys[0]}, headers=partner.headers
    )
    assert (response.status_code, response.json()) == (400, {"identifiers": ["This field is required."]})
    assert await _written(container) == before


async def test_email_students_queues_one_mail_per_student_and_a_notification(
    client: httpx.AsyncClient,
    container: Container,
    scene: Scene,
    partner: IntegrationClient,
    headers_for: HeadersFor,
    jobs: RecordingQueue,
) -> None:
    a, b = scene.students
    body = {
        "action": "enroll",
        "identifiers": f"{a.email},{b.username}",
        "courses": ",".join(scene.keys),
        "email_students": "true",
    }
    response = await client.post(PATH, json=body, headers=partner.headers)
    assert response.status_code == 200, response.text
    assert await _outbox(container) == [
        (a.email, "Your EduTrack courses"),
        (b.email, "Your EduTrack courses"),
    ]
    assert jobs.enqueued == [(DELIVER_NOW_JOB, {})]
    listed = await client.get("/notifications/", headers=await headers_for(a.username, PASSWORD))
    assert listed.status_code == 200, listed.text
    types = [n["notification_type"] for n in listed.json()["results"]]
    assert types == ["enrollment_approved", "enrollment_approved"]


async def test_only_an_oauth_token_opens_it(
    client: httpx.AsyncClient, scene: Scene, headers_for: HeadersFor
) -> None:
    body = {"action": "enroll", "identifiers": "a@example.com", "courses": scene.keys[0]}
    response = await client.post(PATH, json=body)
    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Authentication credentials were not provided."},
    )
    student = await headers_for(scene.students[0].username, PASSWORD)
    assert (await client.post(PATH, json=body, headers=student)).status_code == 401


async def test_remembered_emails_are_enrolled_when_their_account_is_created(
    client: httpx.AsyncClient, container: Container, scene: Scene, partner: IntegrationClient
) -> None:
    """By the Appsembler accounts create and by the public registration, in their own transaction."""
    body = {
        "action": "enroll",
        "identifiers": "Staff55@Example.com,student9@example.com",
        "courses": scene.keys[0],
        "auto_enroll": True,
    }
    assert (await client.post(PATH, json=body, headers=partner.headers)).status_code == 200
    account = {"username": "staff55", "password": "Edx-pass-55", "email": "staff55@example.com", "name": "S"}
    created = await client.post("/appsembler_api/v0/accounts/create", json=account, headers=partner.headers)
    assert created.status_code == 200, created.text
    ref = await registration_ref(container)
    registered = await client.post("/accounts/students/register/", json=students.body(ref, 9))
    assert registered.status_code == 201, registered.text
    async with container.uow() as uow:
        found = await uow.enrollment_allowances.accounts({"staff55", "student9"})
    for username in ("staff55", "student9"):
        student_id = found[username].student_id
        assert student_id is not None
        assert await statuses(container, student_id, scene.courses[0]) == [EnrollmentStatus.APPROVED]
    assert (await _written(container))[1] == 0  # the allowances were taken
