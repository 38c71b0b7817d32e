"""``/appsembler_api/v0/enrollment-codes/*`` over HTTP on SQLite and PostgreSQL: the document's bodies
exactly, JSON and form bodies, both path spellings, the documented refusals, and nothing written on any
refusal (issue #14, API_SUPPLEMENT §11)."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import func, select

from edutrack.adapters.sql.tables.enrollment_codes import EnrollmentCodeModel
from edutrack.adapters.sql.tables.enrollments import EnrollmentModel
from edutrack.adapters.sql.tables.integrations import IntegrationAuditModel
from edutrack.composition import Container
from edutrack.core.entities.enrollment_codes import CodeStatus
from edutrack.core.entities.enrollments import EnrollmentStatus
from tests.support.enrollment_codes import Scene, add_enrollment, audit, build_scene, code_row, enrollments_of

pytestmark = pytest.mark.anyio

BASE = "/appsembler_api/v0/enrollment-codes"
GENERATE, ENROLL, STATUS = f"{BASE}/generate", f"{BASE}/enroll-user", f"{BASE}/status"
CODE = re.compile(r"[A-Za-z0-9]{8}")
OK = {"success": "true"}
CODE_ERROR = {"success": "false", "reason": "Enrollment code error."}
ALREADY = {"success": "false", "reason": "Already enrolled."}


@pytest.fixture
async def scene(container: Container) -> Scene:
    return await build_scene(container, students=2)


async def _written(container: Container) -> tuple[int, int, int]:
    """(codes, enrollments, audit rows) in the database."""
    assert container.read_sessions is not None
    async with container.read_sessions() as session:
        return tuple(  # type: ignore[return-value]
            [
                await session.scalar(select(func.count()).select_from(model))
                for model in (EnrollmentCodeModel, EnrollmentModel, IntegrationAuditModel)
            ]
        )


async def _codes(client: httpx.AsyncClient, scene: Scene, count: int = 1) -> list[str]:
    response = await client.post(
        GENERATE,
        json={"course_id": scene.key, "total_registration_codes": count},
        headers=scene.client.headers,
    )
    assert response.status_code == 200, response.text
    return response.json()["codes"]


async def test_generate_answers_the_documented_body(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    made = calls = 0
    for path, count, as_form in [(GENERATE, 5, False), (GENERATE + "/", "20", False), (GENERATE, "3", True)]:
        body = {"course_id": scene.key, "total_registration_codes": count}
        sent = {"data": body} if as_form else {"json": body}
        response = await client.post(path, headers=scene.client.headers, **sent)  # type: ignore[arg-type]
        assert response.status_code == 200, response.text
        answer = response.json()
        assert list(answer) == ["course_id", "codes", "course_url"]
        assert answer["course_id"] == scene.key
        assert answer["course_url"] == f"/courses/{scene.key}/about"
        codes = answer["codes"]
        assert len(codes) == len(set(codes)) == int(count)
        assert all(CODE.fullmatch(code) for code in codes)
        made, calls = made + int(count), calls + 1
        assert await _written(container) == (made, 0, calls)  # one audit entry per call


BAD_COUNTS = [
    (0, "Ensure this value is greater than or equal to 1."),
    ("0", "Ensure this value is greater than or equal to 1."),
    (1001, "Ensure this value is less than or equal to 1000."),
    ("1001", "Ensure this value is less than or equal to 1000."),
    ("abc", "A valid integer is required."),
    (None, "This field may not be null."),
    ([3], "A valid integer is required."),
]


async def test_generate_refuses_a_bad_count_and_writes_nothing(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    for count, error in BAD_COUNTS:
        response = await client.post(
            GENERATE,
            json={"course_id": scene.key, "total_registration_codes": count},
            headers=scene.client.headers,
        )
        assert (response.status_code, response.json()) == (400, {"total_registration_codes": [error]}), count
    assert await _written(container) == (0, 0, 0)


async def test_a_thousand_codes_at_once(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    codes = await _codes(client, scene, 1000)
    assert len(set(codes)) == 1000 and all(CODE.fullmatch(code) for code in codes)
    assert await _written(container) == (1000, 0, 1)


async def test_generate_field_errors_and_unknown_courses(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    headers = scene.client.headers
    missing = await client.post(GENERATE, json={}, headers=headers)
    assert missing.status_code == 400
    assert missing.json() == {
        "course_id": ["This field is required."],
        "total_registration_codes": ["This field is required."],
    }
    form = await client.post(
        GENERATE + "/", data={"course_id": scene.key, "total_registration_codes": "x"}, headers=headers
    )
    assert (form.status_code, form.json()) == (
        400,
        {"total_registration_codes": ["A valid integer is required."]},
    )
    for key in ("course-v1:EduTrack+99999+course", "course-v1:edX+DemoX+Demo_Course", "nonsense"):
        for path in (GENERATE, GENERATE + "/"):
            response = await client.post(
                path, json={"course_id": key, "total_registration_codes": 2}, headers=headers
            )
            assert (response.status_code, response.json()) == (404, {"detail": "Not found"})
    malformed = await client.post(
        GENERATE, content=b"{not json", headers={**headers, "Content-Type": "application/json"}
    )
    assert malformed.status_code == 400
    assert await _written(container) == (0, 0, 0)


async def test_enroll_user_with_a_code(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    first, second = scene.students
    code, other = await _codes(client, scene, 2)
    response = await client.post(
        ENROLL, json={"email": first.email, "enrollment_code": code}, headers=scene.client.headers
    )
    assert (response.status_code, response.json()) == (200, OK)
    ((enrollment, status),) = await enrollments_of(container, first.id, scene.course)
    assert status is EnrollmentStatus.APPROVED
    row = await code_row(container, code)
    assert row is not None and (row.used_by, row.enrollment_id) == (first.id, enrollment)
    # a form body and the slashed path; the code's spaces trimmed, the email in any case
    form = await client.post(
        ENROLL + "/",
        data={"email": second.email.upper(), "enrollment_code": f" {other} "},
        headers=scene.client.headers,
    )
    assert (form.status_code, form.json()) == (200, OK)
    assert [s for _, s in await enrollments_of(container, second.id, scene.course)] == [
        EnrollmentStatus.APPROVED
    ]
    assert [row.action for row in await audit(container)] == ["codes_generated", "code_used", "code_used"]


async def test_enroll_user_refusals_are_the_documented_bodies_and_write_nothing(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    first, second = scene.students
    headers = scene.client.headers
    await add_enrollment(container, first.id, scene.course, EnrollmentStatus.APPROVED)
    used, fresh, cancelled = await _codes(client, scene, 3)
    closed = (
        await client.post(
            GENERATE,
            json={
                "course_id": f"course-v1:EduTrack+{scene.inactive_course}+course",
                "total_registration_codes": 1,
            },
            headers=headers,
        )
    ).json()["codes"][0]
    assert (
        await client.post(ENROLL, json={"email": second.email, "enrollment_code": used}, headers=headers)
    ).json() == OK
    assert (
        await client.post(STATUS, json={"enrollment_code": cancelled, "action": "cancel"}, headers=headers)
    ).json() == OK
    before = await _written(container)
    cases = [
        ({"email": first.email, "enrollment_code": fresh}, ALREADY),
        ({"email": first.email, "enrollment_code": "NoSuch00"}, CODE_ERROR),
        ({"email": first.email, "enrollment_code": used}, CODE_ERROR),
        ({"email": first.email, "enrollment_code": cancelled}, CODE_ERROR),
        ({"email": second.email, "enrollment_code": closed}, CODE_ERROR),
        (
            {"email": "nobody@example.com", "enrollment_code": fresh},
            {"success": "false", "reason": "User not found."},
        ),
        (
            {"email": first.email},
            {
                "success": "false",
                "reason": "Invalid parameters.",
                "enrollment_code": ["This field is required."],
            },
        ),
        (
            {"email": 5, "enrollment_code": fresh},
            {"success": "false", "reason": "Invalid parameters.", "email": ["Not a valid string."]},
        ),
    ]
    for body, expected in cases:
        for path in (ENROLL, ENROLL + "/"):
            response = await client.post(path, json=body, headers=headers)
            assert (response.status_code, response.json()) == (400, expected), body
    assert await _written(container) == before
    row = await code_row(container, fresh)
    assert row is not None and row.used_at is None


async def test_cancel_and_restore(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    first, second = scene.students
    headers = scene.client.headers
    (code,) = await _codes(client, scene)
    assert (
        await client.post(ENROLL, json={"email": first.email, "enrollment_code": code}, headers=headers)
    ).json() == OK
    cancel = await client.post(STATUS, json={"enrollment_code": code, "action": "cancel"}, headers=headers)
    assert (cancel.status_code, cancel.json()) == (200, OK)
    assert [s for _, s in await enrollments_of(container, first.id, scene.course)] == [
        EnrollmentStatus.UNENROLLED
    ]
    row = await code_row(container, code)
    assert row is not None and (row.status, row.used_by) == (CodeStatus.CANCELLED, None)
    refused = await client.post(
        ENROLL, json={"email": second.email, "enrollment_code": code}, headers=headers
    )
    assert (refused.status_code, refused.json()) == (400, CODE_ERROR)
    restore = await client.post(
        STATUS + "/", data={"enrollment_code": code, "action": "restore"}, headers=headers
    )
    assert (restore.status_code, restore.json()) == (200, OK)
    again = await client.post(ENROLL, json={"email": second.email, "enrollment_code": code}, headers=headers)
    assert (again.status_code, again.json()) == (200, OK)
    actions = [row.action for row in await audit(container)]
    assert actions == ["codes_generated", "code_used", "code_cancelled", "code_restored", "code_used"]


async def test_status_refusals_write_nothing(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    headers = scene.client.headers
    (code,) = await _codes(client, scene)
    before = await _written(container)
    cases = [
        (
            {"enrollment_code": "V5QBQMN6", "action": "restore"},
            {"success": "false", "reason": "The enrollment code (V5QBQMN6) was not found"},
        ),
        (
            {"enrollment_code": code, "action": "delete"},
            {
                "success": "false",
                "reason": "Invalid parameters.",
                "action": ['"delete" is not a valid choice.'],
            },
        ),
        (
            {"action": "cancel"},
            {
                "success": "false",
                "reason": "Invalid parameters.",
                "enrollment_code": ["This field is required."],
            },
        ),
    ]
    for body, expected in cases:
        for path in (STATUS, STATUS + "/"):
            response = await client.post(path, json=body, headers=headers)
            assert (response.status_code, response.json()) == (400, expected), body
    assert await _written(container) == before


async def test_only_an_oauth_client_token_opens_the_codes(
    client: httpx.AsyncClient, container: Container, scene: Scene, owner_headers: dict[str, str]
) -> None:
    body = {"course_id": scene.key, "total_registration_codes": 1}
    for headers, detail in [
        ({}, "Authentication credentials were not provided."),
        ({"Authorization": "Bearer nope"}, "Invalid Token."),
        (owner_headers, "Invalid Token."),
    ]:
        response = await client.post(GENERATE, json=body, headers=headers)
        assert (response.status_code, response.json()) == (401, {"detail": detail})
    assert await _written(container) == (0, 0, 0)
