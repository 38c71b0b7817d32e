"""Enrollment use cases (Teacher §6, API_SUPPLEMENT §5) over the in-memory fakes: rules, permissions,
decisions, history and notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.memory.enrollments import EnrollmentTables
from edutrack.adapters.memory.notifications import NotificationTables
from edutrack.composition import Container
from edutrack.core.entities.enrollments import ALREADY_ENROLLED, EnrollmentStatus
from edutrack.core.errors import (
    AccountNotVerified,
    DomainError,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from edutrack.core.use_cases.enrollments.approve_enrollment import ApproveEnrollment
from edutrack.core.use_cases.enrollments.bulk_action import (
    BulkActionCommand,
    BulkApproveEnrollments,
    BulkError,
)
from edutrack.core.use_cases.enrollments.common import Decision, DecisionCommand
from edutrack.core.use_cases.enrollments.list_my_enrollments import ListMyEnrollments
from edutrack.core.use_cases.enrollments.list_pending_enrollments import ListPendingEnrollments
from edutrack.core.use_cases.enrollments.reject_enrollment import RejectEnrollment
from edutrack.core.use_cases.enrollments.request_enrollment import RequestEnrollment
from edutrack.entrypoints.http.schemas.enrollments import (
    BulkActionIn,
    DecisionIn,
    bulk_action_command,
    decision_command,
)
from edutrack.ports.enrollments import EnrollmentReader
from edutrack.ports.readers import PageRequest
from tests.support.enrollments import Cast, build_cast, seed_enrollment
from tests.support.people import Member

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)
NOT_FOUND = {"error": "Enrollment not found"}
NOT_YOURS = {"error": "You can only manage enrollments for your own courses"}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}


@pytest.fixture
async def cast(container: Container) -> Cast:
    return await build_cast(container)


def notifications(container: Container) -> list[tuple[int, str, str, str, dict[str, object] | None]]:
    assert container.memory_store is not None
    stored = sorted(
        container.memory_store.state.of(NotificationTables).notifications.values(), key=lambda n: n.id
    )
    return [(n.user_id, n.notification_type, n.title, n.message, n.metadata) for n in stored]


def body_of(caught: pytest.ExceptionInfo[DomainError]) -> dict[str, object]:
    return caught.value.body()


# --- requesting -------------------------------------------------------------------------------------------


async def test_a_verified_student_requests_and_the_teacher_is_notified(
    container: Container, cast: Cast, clock: FrozenClock
) -> None:
    row = await container.get(RequestEnrollment).execute(cast.student.actor, cast.course)
    assert (row.status, row.student_id, row.course_id) == (
        EnrollmentStatus.PENDING,
        cast.student.actor.student_id,
        cast.course,
    )
    assert (row.enrolled_at, row.approved_by, row.responded_at, row.response_note) == (
        clock.now(),
        None,
        None,
        None,
    )
    assert (row.student_name, row.course_name, row.teacher_name) == (
        "Salma Adel",
        "Mechanics",
        "Ahmed Hassan",
    )
    assert notifications(container) == [
        (
            cast.teacher.actor.user_id,
            "enrollment_requested",
            "New enrollment request",
            "Salma Adel (ST00000001) asked to join Mechanics.",
            {"enrollment_id": row.id, "course_id": cast.course, "student_id": cast.student.actor.student_id},
        )
    ]


@pytest.mark.parametrize("status", [EnrollmentStatus.PENDING, EnrollmentStatus.APPROVED])
async def test_one_open_enrollment_per_course(
    container: Container, cast: Cast, status: EnrollmentStatus
) -> None:
    await seed_enrollment(container, cast.student, cast.course, status)
    with pytest.raises(RuleViolation) as caught:
        await container.get(RequestEnrollment).execute(cast.student.actor, cast.course)
    assert body_of(caught) == {"detail": ALREADY_ENROLLED}
    assert notifications(container) == []
    # other courses and other students are not affected
    await container.get(RequestEnrollment).execute(cast.student.actor, cast.second_course)
    await container.get(RequestEnrollment).execute(cast.classmate.actor, cast.course)


async def test_a_rejected_student_may_ask_again(container: Container, cast: Cast) -> None:
    first = await container.get(RequestEnrollment).execute(cast.student.actor, cast.course)
    await container.get(RejectEnrollment).execute(cast.teacher.actor, DecisionCommand(first.id, "Full"))
    again = await container.get(RequestEnrollment).execute(cast.student.actor, cast.course)
    assert again.id != first.id and again.status == EnrollmentStatus.PENDING
    mine = await container.get(ListMyEnrollments).execute(cast.student.actor, ALL)
    assert [(r.id, r.status) for r in mine.items] == [
        (again.id, EnrollmentStatus.PENDING),
        (first.id, EnrollmentStatus.REJECTED),
    ]


@pytest.mark.parametrize("which", ["inactive_course", "missing"])
async def test_an_invisible_course_is_an_invalid_pk(container: Container, cast: Cast, which: str) -> None:
    course = cast.inactive_course if which == "inactive_course" else 9999
    with pytest.raises(ValidationFailed) as caught:
        await container.get(RequestEnrollment).execute(cast.student.actor, course)
    assert body_of(caught) == {"course": [f'Invalid pk "{course}" - object does not exist.']}


async def test_only_verified_students_request(container: Container, cast: Cast) -> None:
    with pytest.raises(AccountNotVerified) as caught:
        await container.get(RequestEnrollment).execute(cast.unverified.actor, cast.course)
    assert body_of(caught) == {"detail": "Your account is not verified."}
    for member in (cast.teacher, cast.assistant, cast.owner):
        with pytest.raises(PermissionDenied) as denied:
            await container.get(RequestEnrollment).execute(member.actor, cast.course)
        assert body_of(denied) == FORBIDDEN
    assert (
        container.memory_store is not None
        and container.memory_store.state.of(EnrollmentTables).enrollments == {}
    )


# --- listing ----------------------------------------------------------------------------------------------


async def test_my_enrollments_every_status_newest_first(
    container: Container, cast: Cast, clock: FrozenClock
) -> None:
    c = container
    approved = await seed_enrollment(
        c, cast.student, cast.course, EnrollmentStatus.APPROVED, decided_by=cast.teacher
    )
    rejected = await seed_enrollment(
        c, cast.student, cast.other_course, EnrollmentStatus.REJECTED, at=clock.now() + timedelta(minutes=1)
    )
    pending = await seed_enrollment(
        c, cast.student, cast.second_course, at=clock.now() + timedelta(minutes=2)
    )
    await seed_enrollment(c, cast.classmate, cast.course)
    page = await c.get(ListMyEnrollments).execute(cast.student.actor, ALL)
    assert (page.total, [r.id for r in page.items]) == (3, [pending, rejected, approved])
    only = await c.get(ListMyEnrollments).execute(cast.student.actor, ALL, EnrollmentStatus.REJECTED)
    assert [r.id for r in only.items] == [rejected]
    unverified = await c.get(ListMyEnrollments).execute(cast.unverified.actor, ALL)
    assert unverified.total == 0
    for member in (cast.teacher, cast.assistant, cast.owner):
        with pytest.raises(PermissionDenied):
            await c.get(ListMyEnrollments).execute(member.actor, ALL)


async def test_pending_lists_the_teachers_own_courses_oldest_first(
    container: Container, cast: Cast, clock: FrozenClock
) -> None:
    c = container
    later = await seed_enrollment(c, cast.student, cast.course, at=clock.now() + timedelta(minutes=3))
    earlier = await seed_enrollment(c, cast.classmate, cast.second_course, at=clock.now())
    await seed_enrollment(c, cast.classmate, cast.course, EnrollmentStatus.REJECTED)
    await seed_enrollment(c, cast.student, cast.second_course, EnrollmentStatus.APPROVED)
    theirs = await seed_enrollment(c, cast.student, cast.other_course)
    for member in (cast.teacher, cast.assistant):
        page = await c.get(ListPendingEnrollments).execute(member.actor, ALL)
        assert (page.total, [r.id for r in page.items]) == (2, [earlier, later])
        one = await c.get(ListPendingEnrollments).execute(member.actor, ALL, cast.course)
        assert [r.id for r in one.items] == [later]
        foreign = await c.get(ListPendingEnrollments).execute(member.actor, ALL, cast.other_course)
        assert foreign.total == 0
    for member in (cast.other, cast.other_assistant):
        page = await c.get(ListPendingEnrollments).execute(member.actor, ALL)
        assert [r.id for r in page.items] == [theirs]
    for member in (cast.student, cast.owner):
        with pytest.raises(PermissionDenied):
            await c.get(ListPendingEnrollments).execute(member.actor, ALL)


# --- deciding ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("decision", list(Decision))
@pytest.mark.parametrize("who", ["teacher", "assistant"])
async def test_a_decision_is_kept_and_notified(
    container: Container, cast: Cast, clock: FrozenClock, decision: Decision, who: str
) -> None:
    decider: Member = getattr(cast, who)
    enrollment_id = await seed_enrollment(container, cast.student, cast.course)
    clock.advance(hours=2)
    use_case = (
        container.get(ApproveEnrollment) if decision is Decision.APPROVE else container.get(RejectEnrollment)
    )
    row = await use_case.execute(decider.actor, DecisionCommand(enrollment_id, "See you in class"))
    assert (row.status, row.approved_by, row.approved_by_name) == (
        decision.status,
        decider.actor.user_id,
        decider.name,
    )
    assert (row.responded_at, row.response_note) == (clock.now(), "See you in class")
    approved = decision is Decision.APPROVE
    assert notifications(container) == [
        (
            cast.student.actor.user_id,
            f"enrollment_{decision.status.value}",
            "Enrollment approved" if approved else "Enrollment rejected",
            (
                "Your enrollment in Mechanics has been approved. Note: See you in class"
                if approved
                else "Your enrollment request for Mechanics has been rejected. Note: See you in class"
            ),
            {"enrollment_id": enrollment_id, "course_id": cast.course, "status": decision.status.value},
        )
    ]
    async with container.uow() as uow:
        assert await uow.enrollments.is_approved(cast.student.actor.student_id or 0, cast.course) is approved


@pytest.mark.parametrize("decision", list(Decision))
async def test_only_a_pending_enrollment_is_decided(
    container: Container, cast: Cast, decision: Decision
) -> None:
    enrollment_id = await seed_enrollment(container, cast.student, cast.course)
    await container.get(ApproveEnrollment).execute(cast.teacher.actor, DecisionCommand(enrollment_id))
    before = notifications(container)
    use_case = (
        container.get(ApproveEnrollment) if decision is Decision.APPROVE else container.get(RejectEnrollment)
    )
    with pytest.raises(RuleViolation) as caught:
        await use_case.execute(cast.assistant.actor, DecisionCommand(enrollment_id, "again"))
    assert body_of(caught) == {"error": f"Cannot {decision.value} enrollment with status: approved"}
    assert notifications(container) == before
    row = await container.get(EnrollmentReader).get(enrollment_id)
    assert row is not None and (row.approved_by, row.response_note) == (cast.teacher.actor.user_id, None)


async def test_who_may_decide(container: Container, cast: Cast) -> None:
    enrollment_id = await seed_enrollment(container, cast.student, cast.course)
    for member in (cast.other, cast.other_assistant):
        for use_case in (container.get(ApproveEnrollment), container.get(RejectEnrollment)):
            with pytest.raises(PermissionDenied) as caught:
                await use_case.execute(member.actor, DecisionCommand(enrollment_id))
            assert body_of(caught) == NOT_YOURS
    for member in (cast.student, cast.owner):
        with pytest.raises(PermissionDenied) as caught:
            await container.get(ApproveEnrollment).execute(member.actor, DecisionCommand(enrollment_id))
        assert body_of(caught) == FORBIDDEN
    for missing in (9999, 0, 2**40):
        with pytest.raises(NotFound) as not_found:
            await container.get(RejectEnrollment).execute(cast.teacher.actor, DecisionCommand(missing))
        assert body_of(not_found) == NOT_FOUND
    row = await container.get(EnrollmentReader).get(enrollment_id)
    assert row is not None and row.status == EnrollmentStatus.PENDING
    assert notifications(container) == []


async def test_the_note_is_optional_and_bounded(container: Container, cast: Cast) -> None:
    """The edge trims the note and bounds it (blank is none); the decision keeps what it is given."""
    enrollment_id = await seed_enrollment(container, cast.student, cast.course)
    with pytest.raises(ValidationFailed) as caught:
        decision_command(enrollment_id, DecisionIn(response_note=" " + "x" * 1001))
    assert body_of(caught) == {"response_note": ["Ensure this field has no more than 1000 characters."]}
    assert decision_command(enrollment_id, DecisionIn(response_note=" ok ")) == DecisionCommand(
        enrollment_id, "ok"
    )
    assert decision_command(enrollment_id, None) == DecisionCommand(enrollment_id)
    command = decision_command(enrollment_id, DecisionIn(response_note="   "))
    row = await container.get(ApproveEnrollment).execute(cast.teacher.actor, command)
    assert row.response_note is None and row.status == EnrollmentStatus.APPROVED
    assert notifications(container)[0][3] == "Your enrollment in Mechanics has been approved."


# --- bulk -------------------------------------------------------------------------------------------------


async def test_bulk_reports_each_failure_and_keeps_the_successes(container: Container, cast: Cast) -> None:
    c = container
    first = await seed_enrollment(c, cast.student, cast.course)
    second = await seed_enrollment(c, cast.classmate, cast.second_course)
    approved = await seed_enrollment(c, cast.classmate, cast.course, EnrollmentStatus.APPROVED)
    theirs = await seed_enrollment(c, cast.student, cast.other_course)
    ids = [second, 9999, theirs, first, approved, second]
    result = await c.get(BulkApproveEnrollments).execute(
        cast.assistant.actor, BulkActionCommand(tuple(ids), Decision.APPROVE)
    )
    assert (result.processed, result.total_requested, result.action) == (2, 5, Decision.APPROVE)
    assert result.errors == [
        BulkError(9999, "Enrollment not found"),
        BulkError(theirs, "You can only manage enrollments for your own courses"),
        BulkError(approved, "Cannot approve enrollment with status: approved"),
    ]
    rows = {r.id: r for r in await c.get(EnrollmentReader).get_many([first, second, theirs])}
    assert [rows[i].status for i in (first, second, theirs)] == [
        EnrollmentStatus.APPROVED,
        EnrollmentStatus.APPROVED,
        EnrollmentStatus.PENDING,
    ]
    assert rows[first].approved_by == cast.assistant.actor.user_id and rows[first].response_note is None
    assert sorted((n[0], n[1]) for n in notifications(c)) == sorted(
        [
            (cast.student.actor.user_id, "enrollment_approved"),
            (cast.classmate.actor.user_id, "enrollment_approved"),
        ]
    )
    again = await c.get(BulkApproveEnrollments).execute(
        cast.teacher.actor, BulkActionCommand((first,), Decision.REJECT)
    )
    assert (again.processed, again.errors) == (
        0,
        [BulkError(first, "Cannot reject enrollment with status: approved")],
    )


async def test_bulk_rejects(container: Container, cast: Cast) -> None:
    enrollment_id = await seed_enrollment(container, cast.student, cast.course)
    result = await container.get(BulkApproveEnrollments).execute(
        cast.teacher.actor, BulkActionCommand((enrollment_id,), Decision.REJECT)
    )
    assert (result.processed, result.total_requested, result.action, result.errors) == (
        1,
        1,
        Decision.REJECT,
        [],
    )
    assert [n[1] for n in notifications(container)] == ["enrollment_rejected"]


async def test_bulk_validates_its_input_and_caller(container: Container, cast: Cast) -> None:
    bulk = container.get(BulkApproveEnrollments)
    with pytest.raises(ValidationFailed) as caught:
        bulk_action_command(BulkActionIn(enrollment_ids=[], action="accept"))
    assert body_of(caught) == {
        "enrollment_ids": ["Ensure this field has at least 1 elements."],
        "action": ['"accept" is not a valid choice.'],
    }
    with pytest.raises(ValidationFailed) as too_many:
        bulk_action_command(BulkActionIn(enrollment_ids=list(range(1, 502)), action="approve"))
    assert body_of(too_many) == {"enrollment_ids": ["Ensure this field has no more than 500 elements."]}
    assert bulk_action_command(BulkActionIn(enrollment_ids=[3, 1, 3], action="reject")) == BulkActionCommand(
        (3, 1, 3), Decision.REJECT
    )
    for member in (cast.student, cast.owner):
        with pytest.raises(PermissionDenied):
            await bulk.execute(member.actor, BulkActionCommand((1,), Decision.APPROVE))
