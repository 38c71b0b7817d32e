"""Student use cases over the in-memory fakes, the site owner's side: list, detail and status changes
(with their notification)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.memory.notifications import NotificationTables
from edutrack.composition import Container
from edutrack.core.actor import Actor, Role
from edutrack.core.entities.people import StudentStatus
from edutrack.core.entities.users import User
from edutrack.core.errors import (
    AccountDisabled,
    InvalidRefreshToken,
    NotFound,
    PermissionDenied,
)
from edutrack.core.use_cases.auth.authenticate import Authenticate
from edutrack.core.use_cases.auth.login import Login, LoginAttempt
from edutrack.core.use_cases.auth.refresh import RefreshTokens
from edutrack.core.use_cases.students.get_student import GetStudent
from edutrack.core.use_cases.students.list_students import ListStudents
from edutrack.core.use_cases.students.set_status import SetStudentStatus, StudentStatusChanges
from edutrack.ports.readers import PageRequest
from edutrack.ports.students import StudentFilter
from tests.support.students import PASSWORD, Ref, register_in

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)
VERIFIED = StudentStatusChanges(status=StudentStatus.VERIFIED)


# --- the site owner's side -----------------------------------------------------------------------


async def test_the_site_owner_lists_filters_and_searches_students(
    container: Container, ref: Ref, owner: Actor, clock: FrozenClock
) -> None:
    first = await register_in(container, ref, 1, name_en="Ahmed Ali")
    clock.advance(minutes=1)
    second = await register_in(
        container, ref, 2, name_ar="منى", name_en="Mona Hassan", grade=ref.other_grade, division=None
    )
    clock.advance(minutes=1)
    third = await register_in(container, ref, 3, school_type=ref.other_school_type, division=None)
    await container.get(SetStudentStatus).execute(owner, second.id, VERIFIED)
    list_students = container.get(ListStudents)

    async def ids(**filters: object) -> list[int]:
        page = await list_students.execute(owner, StudentFilter(**filters), ALL)  # type: ignore[arg-type]
        assert page.total == len(page.items)
        return [row.id for row in page.items]

    assert await ids() == [third.id, second.id, first.id]  # newest first
    assert await ids(status=StudentStatus.VERIFIED) == [second.id]
    assert await ids(status=StudentStatus.PENDING) == [third.id, first.id]
    assert await ids(grade=ref.other_grade) == [second.id]
    assert await ids(school_type=ref.other_school_type) == [third.id]
    assert await ids(search="ahmed") == [first.id]
    assert await ids(search="منى") == [second.id]
    assert await ids(search=third.student_code.lower()) == [third.id]
    assert await ids(search="0100021") == [second.id]  # part of the national id
    assert await ids(search="nobody") == []
    page = await list_students.execute(owner, StudentFilter(), PageRequest(offset=1, limit=1))
    assert (page.total, [row.id for row in page.items]) == (3, [second.id])


async def test_the_site_owner_reads_any_student(container: Container, ref: Ref, owner: Actor) -> None:
    row = await register_in(container, ref)
    assert await container.get(GetStudent).execute(owner, row.id) == row
    with pytest.raises(NotFound):
        await container.get(GetStudent).execute(owner, row.id + 1)


@pytest.mark.parametrize("role", [Role.STUDENT, Role.TEACHER, Role.ASSISTANT])
async def test_only_the_site_owner_manages_students(container: Container, ref: Ref, role: Role) -> None:
    row = await register_in(container, ref)
    actor = Actor(user_id=row.user_id, username="someone", role=role)
    with pytest.raises(PermissionDenied):
        await container.get(ListStudents).execute(actor, StudentFilter(), ALL)
    with pytest.raises(PermissionDenied):
        await container.get(GetStudent).execute(actor, row.id)
    with pytest.raises(PermissionDenied):
        await container.get(SetStudentStatus).execute(actor, row.id, VERIFIED)


async def test_a_disabled_site_owner_is_refused(container: Container, owner: Actor) -> None:
    disabled = replace(owner, is_active=False)
    with pytest.raises(AccountDisabled):
        await container.get(ListStudents).execute(disabled, StudentFilter(), ALL)


async def test_status_changes_are_saved_and_notified_after_the_commit(
    container: Container, ref: Ref, owner: Actor, clock: FrozenClock
) -> None:
    row = await register_in(container, ref)
    pair = await container.get(Login).execute(LoginAttempt("student1", PASSWORD, "203.0.113.7"))
    clock.advance(minutes=1)
    set_status = container.get(SetStudentStatus)
    result = await set_status.execute(owner, row.id, VERIFIED)
    assert (result.status, result.is_active) == (StudentStatus.VERIFIED, True)
    result = await set_status.execute(owner, row.id, StudentStatusChanges(is_active=False))
    assert (result.status, result.is_active) == (StudentStatus.VERIFIED, False)
    unchanged = await set_status.execute(
        owner, row.id, StudentStatusChanges(status=StudentStatus.VERIFIED, is_active=False)
    )
    assert (unchanged.status, unchanged.is_active) == (StudentStatus.VERIFIED, False)
    nothing = await set_status.execute(owner, row.id, StudentStatusChanges())
    assert (nothing.status, nothing.is_active) == (StudentStatus.VERIFIED, False)

    state = container.memory_store.state  # type: ignore[union-attr]
    sent = sorted(state.of(NotificationTables).notifications.values(), key=lambda n: n.id)
    assert [(n.user_id, n.notification_type, n.metadata) for n in sent] == [
        (row.user_id, "student_status_changed", {"status": "verified", "is_active": True}),
        (row.user_id, "student_status_changed", {"status": "verified", "is_active": False}),
    ]
    assert sent[0].title == "Account status updated"
    assert sent[0].message == "Your account is now verified."
    assert sent[1].message == "Your account is now verified. Your account has been disabled."

    stored = await container.get(GetStudent).execute(owner, row.id)
    assert (stored.status, stored.is_active, stored.updated_at) == ("verified", False, clock.now())
    with pytest.raises(AccountDisabled):
        await container.get(Authenticate).execute(pair.access)
    with pytest.raises(InvalidRefreshToken):  # revoked when the account was disabled
        await container.get(RefreshTokens).execute(pair.refresh)


async def test_a_failed_status_change_notifies_nobody(container: Container, owner: Actor) -> None:
    with pytest.raises(NotFound):
        await container.get(SetStudentStatus).execute(owner, 42, VERIFIED)
    assert container.memory_store.state.of(NotificationTables).notifications == {}  # type: ignore[union-attr]


async def test_a_student_account_without_profile_is_not_a_student_to_manage(
    container: Container, owner: Actor
) -> None:
    async with container.uow() as uow:
        user = await uow.users.add(
            User(
                username="bare",
                password_hash="x",
                role=Role.STUDENT,
                name="Bare",
                created_at=container.clock.now(),
            )
        )
        await uow.commit()
    assert user.id is not None
    page = await container.get(ListStudents).execute(owner, StudentFilter(), ALL)
    assert page.total == 0
