"""Enrollment codes over the memory fakes: generation, single use, the documented refusals, cancel and
restore with their unenrollments, and the audit entry of every change (issue #14, API_SUPPLEMENT §11)."""

from __future__ import annotations

import re

import pytest

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.enrollment_codes import CodeAction, CodeStatus
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.errors import NotFound, PermissionDenied
from edutrack.core.policies import enrollment_codes as policy
from edutrack.core.use_cases.enrollment_codes import generate_codes
from edutrack.core.use_cases.enrollment_codes.change_code_status import ChangeCodeStatus, CodeStatusChange
from edutrack.core.use_cases.enrollment_codes.common import CodeRefused
from edutrack.core.use_cases.enrollment_codes.enroll_with_code import CodeRedemption, EnrollWithCode
from edutrack.core.use_cases.enrollment_codes.generate_codes import (
    GenerateEnrollmentCodes,
    NewEnrollmentCodes,
)
from edutrack.ports.notifications import NotificationReader
from edutrack.ports.readers import PageRequest
from tests.support.enrollment_codes import (
    Scene,
    add_enrollment,
    audit,
    build_scene,
    code_row,
    enrollments_of,
    generate,
)

pytestmark = pytest.mark.anyio

CODE = re.compile(r"[A-Za-z0-9]{8}")
ENROLLMENT = ("code_used",)


@pytest.fixture
async def scene(container: Container) -> Scene:
    return await build_scene(container)


async def _enroll(container: Container, scene: Scene, email: str, code: str) -> None:
    await container.get(EnrollWithCode).execute(scene.actor, CodeRedemption(email=email, code=code))


async def _refusal(container: Container, scene: Scene, email: str, code: str) -> dict[str, object]:
    with pytest.raises(CodeRefused) as caught:
        await _enroll(container, scene, email, code)
    return caught.value.body()


async def _notices(container: Container, user_id: int) -> list[tuple[str, dict[str, object] | None]]:
    page = await container.get(NotificationReader).list_for(user_id, None, PageRequest(offset=0, limit=None))
    return [(row.notification_type, row.metadata) for row in reversed(page.items)]


async def _status(container: Container, scene: Scene, code: str, action: CodeAction) -> bool:
    result = await container.get(ChangeCodeStatus).execute(scene.actor, CodeStatusChange(code, action))
    return result.changed


def test_codes_are_eight_alphanumerics_from_the_policy() -> None:
    drawn = {policy.new_enrollment_code() for _ in range(200)}
    assert len(drawn) == 200 and all(CODE.fullmatch(code) for code in drawn)
    assert policy.is_code_shaped("VQSG0xsg") and not policy.is_code_shaped("VQSG0xs!")
    assert not policy.is_code_shaped("VQSG0xsgX")


async def test_generate_stores_unique_codes_and_audits_them(container: Container, scene: Scene) -> None:
    result = await container.get(GenerateEnrollmentCodes).execute(
        scene.actor, NewEnrollmentCodes(f" {scene.key} ", 20)
    )
    assert result.course_key == scene.key
    assert result.course_url == f"/courses/{scene.key}/about"
    assert len(set(result.codes)) == 20 and all(CODE.fullmatch(code) for code in result.codes)
    row = await code_row(container, result.codes[0])
    assert row is not None and row.status is CodeStatus.ACTIVE and row.created_by_client == scene.client.pk
    (entry,) = await audit(container)
    assert (entry.action, entry.target, entry.client_name) == ("codes_generated", scene.key, "partner")
    assert entry.details["count"] == 20 and sorted(entry.details["codes"]) == sorted(result.codes)  # type: ignore[arg-type]


async def test_a_colliding_code_is_drawn_again(
    container: Container, scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    (taken,) = await generate(container, scene)
    draws = iter([taken, taken, "Fresh001", taken, "Fresh002"])
    monkeypatch.setattr(generate_codes, "new_enrollment_code", lambda: next(draws))
    result = await container.get(GenerateEnrollmentCodes).execute(
        scene.actor, NewEnrollmentCodes(scene.key, 2)
    )
    assert sorted(result.codes) == ["Fresh001", "Fresh002"]


@pytest.mark.parametrize("key", ["course-v1:EduTrack+999+course", "course-v1:edX+DemoX+Demo_Course", "", "1"])
async def test_generate_for_an_unknown_course_is_not_found(
    container: Container, scene: Scene, key: str
) -> None:
    with pytest.raises(NotFound) as caught:
        await container.get(GenerateEnrollmentCodes).execute(scene.actor, NewEnrollmentCodes(key, 3))
    assert caught.value.body() == {"detail": "Not found"}
    assert await audit(container) == []


@pytest.mark.parametrize("actor", [SYSTEM, Actor(user_id=5, username="s", role=Role.STUDENT, student_id=1)])
async def test_only_integration_clients_use_codes(container: Container, scene: Scene, actor: Actor) -> None:
    with pytest.raises(PermissionDenied):
        await container.get(GenerateEnrollmentCodes).execute(actor, NewEnrollmentCodes(scene.key, 1))
    with pytest.raises(PermissionDenied):
        await container.get(EnrollWithCode).execute(actor, CodeRedemption("a@b.c", "VQSG0xsg"))
    with pytest.raises(PermissionDenied):
        await container.get(ChangeCodeStatus).execute(actor, CodeStatusChange("VQSG0xsg", CodeAction.CANCEL))


async def test_a_code_enrolls_one_student_once(container: Container, scene: Scene) -> None:
    (code,) = await generate(container, scene)
    first, second = scene.students[:2]
    await _enroll(container, scene, first.email.upper(), code)  # the email in any case
    ((enrollment, status),) = await enrollments_of(container, first.id, scene.course)
    assert status is EnrollmentStatus.APPROVED
    row = await code_row(container, code)
    assert row is not None and (row.used_by, row.enrollment_id) == (first.id, enrollment)
    assert await _refusal(container, scene, second.email, code) == {
        "success": "false",
        "reason": "Enrollment code error.",
    }
    assert await enrollments_of(container, second.id, scene.course) == []
    (entry,) = await audit(container, ENROLLMENT)
    assert entry.target == code and entry.details["enrollment_id"] == enrollment
    assert entry.details["student_id"] == first.id
    assert await _notices(container, first.user_id) == [
        (
            "enrollment_approved",
            {"enrollment_id": enrollment, "course_id": scene.course, "status": "approved"},
        )
    ]
    assert await _notices(container, second.user_id) == []


async def test_a_pending_request_is_approved_instead(container: Container, scene: Scene) -> None:
    student = scene.students[0]
    pending = await add_enrollment(container, student.id, scene.course, EnrollmentStatus.PENDING)
    (code,) = await generate(container, scene)
    await _enroll(container, scene, student.email, code)
    assert await enrollments_of(container, student.id, scene.course) == [(pending, EnrollmentStatus.APPROVED)]
    row = await code_row(container, code)
    assert row is not None and row.enrollment_id == pending
    (entry,) = await audit(container, ENROLLMENT)
    assert entry.details["approved_pending_request"] is True


async def test_refusals_write_nothing(container: Container, scene: Scene) -> None:
    student = scene.students[0]
    approved = await add_enrollment(container, student.id, scene.course, EnrollmentStatus.APPROVED)
    (code,) = await generate(container, scene)
    (closed,) = await generate(container, scene, course=scene.inactive_course)
    (cancelled,) = await generate(container, scene)
    assert await _status(container, scene, cancelled, CodeAction.CANCEL)
    before = await audit(container)
    other = scene.students[1]
    cases = [
        (student.email, code, "Already enrolled."),
        ("nobody@example.com", code, "User not found."),
        (scene.teacher_email, code, "User not found."),  # not a student
        (other.email, "NoSuch00", "Enrollment code error."),
        (other.email, "bad code!", "Enrollment code error."),
        (other.email, code.swapcase(), "Enrollment code error."),  # codes are case-sensitive
        (other.email, cancelled, "Enrollment code error."),
        (other.email, closed, "Enrollment code error."),  # the document's "Enrollment closed"
    ]
    for email, given, reason in cases:
        assert await _refusal(container, scene, email, given) == {"success": "false", "reason": reason}
    for unused in (code, closed):
        row = await code_row(container, unused)
        assert row is not None and row.used_by is None and row.used_at is None
    assert await enrollments_of(container, student.id, scene.course) == [
        (approved, EnrollmentStatus.APPROVED)
    ]
    assert await enrollments_of(container, other.id, scene.course) == []
    assert await enrollments_of(container, other.id, scene.inactive_course) == []
    assert await audit(container) == before


async def test_cancel_unenrolls_the_student_and_the_code_stays_unusable(
    container: Container, scene: Scene
) -> None:
    (code,) = await generate(container, scene)
    first, second = scene.students[:2]
    await _enroll(container, scene, first.email, code)
    ((enrollment, _),) = await enrollments_of(container, first.id, scene.course)
    assert await _status(container, scene, code, CodeAction.CANCEL)
    assert await enrollments_of(container, first.id, scene.course) == [
        (enrollment, EnrollmentStatus.UNENROLLED)
    ]
    row = await code_row(container, code)
    assert row is not None and row.status is CodeStatus.CANCELLED
    assert (row.used_by, row.used_at, row.enrollment_id) == (None, None, None)
    assert (await _refusal(container, scene, second.email, code))["reason"] == "Enrollment code error."
    assert [kind for kind, _ in await _notices(container, first.user_id)] == [
        "enrollment_approved",
        "unenrolled",
    ]
    entry = (await audit(container, ("code_cancelled",)))[0]
    assert entry.details["used_by_student_id"] == first.id
    assert entry.details["unenrolled_enrollment_id"] == enrollment
    # cancelling again changes nothing and records nothing
    assert not await _status(container, scene, code, CodeAction.CANCEL)
    assert len(await audit(container, ("code_cancelled",))) == 1


async def test_restore_makes_a_code_usable_again(container: Container, scene: Scene) -> None:
    (code,) = await generate(container, scene)
    first, second = scene.students[:2]
    assert not await _status(container, scene, code, CodeAction.RESTORE)  # active and unused: nothing to do
    assert await audit(container, ("code_restored",)) == []
    assert await _status(container, scene, code, CodeAction.CANCEL)
    assert await _status(container, scene, code, CodeAction.RESTORE)
    await _enroll(container, scene, first.email, code)
    # restoring a used code unenrolls its student and frees it for another one
    assert await _status(container, scene, code, CodeAction.RESTORE)
    assert [s for _, s in await enrollments_of(container, first.id, scene.course)] == [
        EnrollmentStatus.UNENROLLED
    ]
    await _enroll(container, scene, second.email, code)
    assert [s for _, s in await enrollments_of(container, second.id, scene.course)] == [
        EnrollmentStatus.APPROVED
    ]
    # the unenrolled student may be enrolled again with another code
    (again,) = await generate(container, scene)
    await _enroll(container, scene, first.email, again)
    statuses = [s for _, s in await enrollments_of(container, first.id, scene.course)]
    assert statuses == [EnrollmentStatus.UNENROLLED, EnrollmentStatus.APPROVED]
    actions = [row.action for row in await audit(container)]
    assert actions == [
        "codes_generated",
        "code_cancelled",
        "code_restored",
        "code_used",
        "code_restored",
        "code_used",
        "codes_generated",
        "code_used",
    ]


@pytest.mark.parametrize("given", ["NoSuch00", "bad code!", ""])
async def test_status_of_an_unknown_code(container: Container, scene: Scene, given: str) -> None:
    with pytest.raises(CodeRefused) as caught:
        await container.get(ChangeCodeStatus).execute(scene.actor, CodeStatusChange(given, CodeAction.CANCEL))
    assert caught.value.body() == {
        "success": "false",
        "reason": f"The enrollment code ({given}) was not found",
    }
    assert await audit(container) == []
