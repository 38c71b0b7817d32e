"""Bulk enrollment over the memory fakes (issue #14): the before/after table of every combination of
account, enrollment and allowance, remembered auto-enrollments taken by a registration, 404 and nothing
written, the audit entry, and the mail and notifications of ``email_students``."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from edutrack.adapters.memory.bulk_enrollment import AllowanceTables
from edutrack.adapters.memory.integrations import IntegrationTables
from edutrack.adapters.memory.mail import MailTables
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM
from edutrack.core.entities.bulk_enrollment import BulkAction, EnrollmentAllowance, IdentifierState
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.errors import NotFound, PermissionDenied
from edutrack.core.policies.course_keys import course_key
from edutrack.core.policies.mail import DELIVER_NOW_JOB
from edutrack.core.use_cases.bulk_enrollment.bulk_enroll import BulkEnroll, BulkEnrollment, IdentifierResult
from edutrack.ports.notifications import NotificationReader
from edutrack.ports.readers import PageRequest
from tests.support.bulk_enrollment import (
    Scene,
    add_enrollment,
    build_scene,
    quiet,
    registration_ref,
    statuses,
)
from tests.support.clock import NOW
from tests.support.students import register_in

pytestmark = pytest.mark.anyio

S = EnrollmentStatus


@pytest.fixture
async def scene(container: Container) -> Scene:
    quiet(container)
    return await build_scene(container)


async def bulk(
    container: Container,
    scene: Scene,
    action: BulkAction,
    identifiers: list[str],
    *,
    courses: list[str] | None = None,
    auto_enroll: bool = False,
    email_students: bool = False,
) -> dict[str, list[IdentifierResult]]:
    result = await container.get(BulkEnroll).execute(
        scene.actor,
        BulkEnrollment(
            action, tuple(identifiers), tuple(courses or scene.keys[:1]), auto_enroll, email_students
        ),
    )
    assert result.action is action and result.auto_enroll is auto_enroll
    return {course.course_key: course.results for course in result.courses}


async def remember(container: Container, email: str, course: int, auto: bool) -> None:
    async with container.uow() as uow:
        await uow.enrollment_allowances.remember(EnrollmentAllowance(email, course, auto, NOW, None))
        await uow.commit()


def allowances(container: Container) -> dict[tuple[str, int], bool]:
    assert container.memory_store is not None
    tables = container.memory_store.state.of(AllowanceTables)
    return {key: a.auto_enroll for key, a in tables.allowances.items()}


def audit_actions(container: Container) -> list[str]:
    assert container.memory_store is not None
    return [e.action.value for e in container.memory_store.state.of(IntegrationTables).audit.values()]


def outbox(container: Container) -> list[tuple[str, str]]:
    assert container.memory_store is not None
    return [(r.to, r.status.value) for r in container.memory_store.state.of(MailTables).outbox.values()]


@dataclass(frozen=True)
class Case:
    user: bool
    enrolled: EnrollmentStatus | None  # the open enrollment, for an existing student
    allowed: bool | None  # None: no allowance; else its auto_enroll
    action: BulkAction
    auto_enroll: bool

    def before(self) -> IdentifierState:
        return IdentifierState(
            self.enrolled is S.APPROVED, self.allowed is not None, self.user, bool(self.allowed)
        )

    def after(self) -> IdentifierState:
        if self.action is BulkAction.UNENROLL:
            return IdentifierState(False, False, self.user, False)
        if self.user:
            return IdentifierState(True, self.allowed is not None, True, bool(self.allowed))
        return IdentifierState(False, True, False, self.auto_enroll)


CASES = [
    Case(user, enrolled, allowed, action, auto)
    for user, enrolled, allowed, action, auto in itertools.product(
        (True, False), (None, S.PENDING, S.APPROVED), (None, True, False), BulkAction, (True, False)
    )
    if user or enrolled is None
]


@pytest.mark.parametrize("case", CASES, ids=str)
async def test_before_and_after_of_every_combination(container: Container, scene: Scene, case: Case) -> None:
    course = scene.courses[0]
    pupil = scene.students[0]
    email = pupil.email if case.user else "newcomer@example.com"
    if case.enrolled is not None:
        await add_enrollment(container, pupil.id, course, case.enrolled)
    if case.allowed is not None:
        await remember(container, email, course, case.allowed)
    identifier = email.upper() if case.user else email  # emails are matched case-insensitively
    results = await bulk(container, scene, case.action, [identifier], auto_enroll=case.auto_enroll)
    assert results == {course_key(course): [IdentifierResult(identifier, case.before(), case.after())]}
    if case.user:
        expected = {
            (BulkAction.ENROLL, None): [S.APPROVED],
            (BulkAction.ENROLL, S.PENDING): [S.APPROVED],
            (BulkAction.ENROLL, S.APPROVED): [S.APPROVED],
            (BulkAction.UNENROLL, None): [],
            (BulkAction.UNENROLL, S.PENDING): [S.UNENROLLED],
            (BulkAction.UNENROLL, S.APPROVED): [S.UNENROLLED],
        }[(case.action, case.enrolled)]
        assert await statuses(container, pupil.id, course) == expected
    after = case.after()
    assert allowances(container) == ({(email, course): after.auto_enroll} if after.allowed else {})
    assert audit_actions(container) == [f"bulk_{case.action.value}ed"]


async def test_usernames_unknown_names_and_staff_accounts(container: Container, scene: Scene) -> None:
    pupil = scene.students[1]
    results = await bulk(
        container,
        scene,
        BulkAction.ENROLL,
        [pupil.username.upper(), "ghost", scene.teacher_email],
        auto_enroll=True,
    )
    (row, ghost, teacher) = results[scene.keys[0]]
    assert row.after == IdentifierState(True, False, True, False)
    assert ghost == IdentifierResult("ghost", invalid=True)
    assert teacher == IdentifierResult(scene.teacher_email, error=True)
    assert allowances(container) == {}


async def test_many_courses_and_a_repeated_identifier(container: Container, scene: Scene) -> None:
    a, b = scene.students
    results = await bulk(
        container, scene, BulkAction.ENROLL, [a.email, b.username, a.email], courses=scene.keys
    )
    for key in scene.keys:
        first, second, again = results[key]
        assert first.before is not None and not first.before.enrollment
        assert first.after is not None and first.after.enrollment and second.after == first.after
        assert again.before == again.after == first.after  # already done by the first occurrence
    for course in scene.courses:
        assert await statuses(container, a.id, course) == [S.APPROVED]


async def test_an_unknown_course_key_writes_nothing(container: Container, scene: Scene) -> None:
    for keys in ([scene.keys[0], course_key(999)], [scene.keys[0], "course-v1:edX+DemoX+Demo_Course"]):
        with pytest.raises(NotFound) as caught:
            await bulk(
                container,
                scene,
                BulkAction.ENROLL,
                [scene.students[0].email, "new@example.com"],
                courses=keys,
                auto_enroll=True,
                email_students=True,
            )
        assert caught.value.body() == {"detail": "Not found"}
    assert await statuses(container, scene.students[0].id, scene.courses[0]) == []
    assert allowances(container) == {} and audit_actions(container) == [] and outbox(container) == []


async def test_only_an_integration_client_may_call(container: Container, scene: Scene) -> None:
    with pytest.raises(PermissionDenied):
        await container.get(BulkEnroll).execute(
            SYSTEM, BulkEnrollment(BulkAction.ENROLL, ("a@example.com",), tuple(scene.keys))
        )


async def test_the_audit_entry_has_the_counts_and_identifiers(container: Container, scene: Scene) -> None:
    a, b = scene.students
    await add_enrollment(container, b.id, scene.courses[0], S.APPROVED)
    await bulk(
        container, scene, BulkAction.ENROLL, [a.email, b.email, "new@example.com", "ghost"], auto_enroll=True
    )
    assert container.memory_store is not None
    (entry,) = container.memory_store.state.of(IntegrationTables).audit.values()
    assert entry.action.value == "bulk_enrolled" and entry.client_id == scene.actor.client_id
    assert entry.target == scene.keys[0]
    assert entry.details["identifiers"] == [a.email, b.email, "new@example.com", "ghost"]
    assert entry.details["counts"] == {
        "enrolled": 1,
        "unenrolled": 0,
        "allowed": 1,
        "disallowed": 0,
        "unchanged": 1,
        "invalid": 1,
    }


async def test_auto_enroll_then_registration_enrolls(container: Container, scene: Scene) -> None:
    ref = await registration_ref(container)
    await bulk(
        container,
        scene,
        BulkAction.ENROLL,
        ["Student7@Example.com"],
        courses=scene.keys[:1],
        auto_enroll=True,
    )
    await bulk(
        container, scene, BulkAction.ENROLL, ["student7@example.com"], courses=scene.keys[1:]
    )  # no auto
    assert len(allowances(container)) == 2
    row = await register_in(container, ref, 7, gmail="STUDENT7@example.com")
    assert await statuses(container, row.id, scene.courses[0]) == [S.APPROVED]
    assert (
        await statuses(container, row.id, scene.courses[1]) == []
    )  # allowed without auto_enroll: not enrolled
    assert allowances(container) == {}  # taken with the account
    assert audit_actions(container) == ["bulk_enrolled", "bulk_enrolled", "auto_enrolled"]
    assert container.memory_store is not None
    auto = list(container.memory_store.state.of(IntegrationTables).audit.values())[-1]
    assert auto.client_id is None and auto.target == "student7"
    assert auto.details["course_id"] == scene.keys[0]


async def test_email_students_queues_one_mail_per_address_and_notifies(container: Container) -> None:
    queue, _ = quiet(container)
    scene = await build_scene(container)
    a, b = scene.students
    await add_enrollment(container, b.id, scene.courses[0], S.APPROVED)
    await bulk(
        container,
        scene,
        BulkAction.ENROLL,
        [a.email, b.email, "new@example.com"],
        courses=scene.keys,
        auto_enroll=True,
        email_students=True,
    )
    # a: two courses, one mail; b: enrolled in the second course; the newcomer: one invitation
    assert sorted(outbox(container)) == [
        ("new@example.com", "pending"),
        (a.email, "pending"),
        (b.email, "pending"),
    ]
    assert queue.enqueued == [(DELIVER_NOW_JOB, {})]
    assert container.memory_store is not None
    mails = {r.to: r for r in container.memory_store.state.of(MailTables).outbox.values()}
    assert mails[b.email].subject == "You have been enrolled in Geometry"
    assert mails[b.email].body == "Hello Pupil 1,\n\nYou have been enrolled in Geometry.\n\n— EduTrack\n"
    assert mails[a.email].subject == "Your EduTrack courses"
    assert "Algebra" in mails[a.email].body and "Geometry" in mails[a.email].body
    assert mails["new@example.com"].body.startswith("Hello,\n\nYou have been invited to Algebra: create")
    reader = container.get(NotificationReader)
    page = await reader.list_for(a.user_id, None, PageRequest(offset=0, limit=None))
    assert [n.notification_type for n in page.items] == ["enrollment_approved", "enrollment_approved"]
    await bulk(container, scene, BulkAction.UNENROLL, [a.username], email_students=True)
    page = await reader.list_for(a.user_id, None, PageRequest(offset=0, limit=None))
    assert page.items[0].notification_type == "unenrolled"
    assert len(outbox(container)) == 4


async def test_without_email_students_no_mail_and_no_notification(container: Container, scene: Scene) -> None:
    a = scene.students[0]
    await bulk(container, scene, BulkAction.ENROLL, [a.email, "new@example.com"], auto_enroll=True)
    assert outbox(container) == []
    page = await container.get(NotificationReader).list_for(
        a.user_id, None, PageRequest(offset=0, limit=None)
    )
    assert page.items == []
