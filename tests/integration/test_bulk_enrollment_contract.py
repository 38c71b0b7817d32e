"""Contract of the bulk-enrollment repository and the mail outbox (issue #14): the same behaviour over the
memory fakes, SQLite and PostgreSQL — allowances remembered, updated, forgotten and taken; accounts found
by username or email; the outbox claimed, retried and marked; on PostgreSQL two claims in two concurrent
transactions never return the same mail."""

from __future__ import annotations

from datetime import timedelta

import pytest

from edutrack.composition import Container
from edutrack.core.actor import Role
from edutrack.core.entities.bulk_enrollment import EnrollmentAllowance
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.entities.mail import OutgoingMail
from edutrack.ports.bulk_enrollment import OpenEnrollment
from tests.support.bulk_enrollment import add_enrollment, build_scene
from tests.support.clock import NOW
from tests.support.integrations import integration_client

pytestmark = pytest.mark.anyio


async def test_allowances_are_remembered_updated_forgotten_and_taken(contract_container: Container) -> None:
    c = contract_container
    scene = await build_scene(c, students=0)
    client = await integration_client(c, "partner")
    one, two = scene.courses
    async with c.uow() as uow:
        repo = uow.enrollment_allowances
        await repo.remember(EnrollmentAllowance("New@Example.com", one, True, NOW, client.pk))
        await repo.remember(EnrollmentAllowance("new@example.com", two, False, NOW, client.pk))
        await repo.remember(EnrollmentAllowance("other@example.com", one, True, NOW, None))
        await repo.remember(
            EnrollmentAllowance("NEW@example.com", two, True, NOW, None)
        )  # updates auto_enroll
        await uow.commit()
    async with c.uow() as uow:
        found = await uow.enrollment_allowances.allowances({"new@example.com"}, [one, two])
        assert sorted((a.email, a.course_id, a.auto_enroll, a.created_by) for a in found) == [
            ("new@example.com", one, True, client.pk),
            ("new@example.com", two, True, client.pk),  # the first creator stays
        ]
        assert await uow.enrollment_allowances.forget("NEW@example.com", two) is True
        assert await uow.enrollment_allowances.forget("new@example.com", two) is False
        await uow.commit()
    async with c.uow() as uow:  # taken in a transaction that rolls back: still there
        assert list(await uow.enrollment_allowances.take("new@EXAMPLE.com")) == [one]
    async with c.uow() as uow:
        assert list(await uow.enrollment_allowances.take("new@example.com")) == [one]
        assert list(await uow.enrollment_allowances.take("new@example.com")) == []
        await uow.commit()
    async with c.uow() as uow:
        left = await uow.enrollment_allowances.allowances(
            {"new@example.com", "other@example.com"}, [one, two]
        )
        assert [(a.email, a.course_id) for a in left] == [("other@example.com", one)]


async def test_accounts_and_open_enrollments(contract_container: Container) -> None:
    c = contract_container
    scene = await build_scene(c, students=2)
    a, b = scene.students
    one, two = scene.courses
    await add_enrollment(c, a.id, one, EnrollmentStatus.APPROVED)
    pending = await add_enrollment(c, b.id, one, EnrollmentStatus.PENDING)
    await add_enrollment(c, b.id, two, EnrollmentStatus.REJECTED)
    async with c.uow() as uow:
        repo = uow.enrollment_allowances
        found = await repo.accounts(
            {
                a.email.upper(),
                b.username.upper(),
                scene.teacher_email,
                "ghost",
                "ghost@example.com",
                b.email + "x",
            }
        )
        assert found.keys() == {a.email.upper(), b.username.upper(), scene.teacher_email}
        assert (found[a.email.upper()].student_id, found[a.email.upper()].role) == (a.id, Role.STUDENT)
        assert found[b.username.upper()].user_id == b.user_id
        assert found[scene.teacher_email].student_id is None
        assert found[scene.teacher_email].role is Role.TEACHER
        opened = await repo.open_enrollments({a.id, b.id}, [one, two])
        assert sorted((e.student_id, e.course_id, e.status) for e in opened) == sorted(
            [(a.id, one, EnrollmentStatus.APPROVED), (b.id, one, EnrollmentStatus.PENDING)]
        )
        assert OpenEnrollment(pending, b.id, one, EnrollmentStatus.PENDING) in opened
        assert await repo.accounts(set()) == {} and await repo.open_enrollments(set(), [one]) == []


async def _queue(c: Container, *addresses: str, at=NOW) -> list[int]:  # type: ignore[no-untyped-def]
    async with c.uow() as uow:
        ids = [await uow.outbox.add(OutgoingMail(a, "Subject", "Body", at)) for a in addresses]
        await uow.commit()
    return ids


async def test_outbox_claim_retry_and_marks(contract_container: Container) -> None:
    c = contract_container
    first, second, third = await _queue(c, "a@example.com", "b@example.com", "c@example.com")
    lease = NOW + timedelta(minutes=10)
    async with c.uow() as uow:
        claimed = await uow.outbox.claim(NOW, 2, lease)
        await uow.commit()
    assert [(m.id, m.to, m.subject, m.body, m.attempts) for m in claimed] == [
        (first, "a@example.com", "Subject", "Body", 1),
        (second, "b@example.com", "Subject", "Body", 1),
    ]
    async with c.uow() as uow:
        assert [m.id for m in await uow.outbox.claim(NOW, 10, lease)] == [third]  # the others are held
        assert await uow.outbox.mark_sent(first, NOW) is True
        assert await uow.outbox.mark_sent(first, NOW) is False  # conditional
        assert await uow.outbox.mark_failed(second, "boom", retry_at=NOW + timedelta(seconds=30)) is True
        assert await uow.outbox.mark_failed(third, "boom", retry_at=None) is True  # given up
        assert await uow.outbox.mark_failed(third, "boom", retry_at=None) is False
        await uow.commit()
    async with c.uow() as uow:
        assert await uow.outbox.claim(NOW + timedelta(seconds=29), 10, lease) == []
        (again,) = await uow.outbox.claim(NOW + timedelta(seconds=30), 10, lease)
        assert (again.id, again.attempts) == (second, 2)
    async with c.uow() as uow:  # that claim rolled back: the mail is due again; sent and failed ones never
        assert [m.id for m in await uow.outbox.claim(NOW + timedelta(days=1), 10, lease)] == [second]


async def test_two_concurrent_claims_never_share_a_mail(pg_container: Container) -> None:
    c = pg_container
    ids = await _queue(c, *(f"m{n}@example.com" for n in range(6)))
    lease = NOW + timedelta(minutes=10)
    one, two = c.uow(), c.uow()
    async with one as first, two as second:
        mine = await first.outbox.claim(NOW, 4, lease)  # holds row locks until it commits
        theirs = await second.outbox.claim(NOW, 4, lease)  # SKIP LOCKED: only the others
        assert {m.id for m in mine}.isdisjoint({m.id for m in theirs})
        assert sorted(m.id for m in mine + theirs) == ids
        await first.commit()
        await second.commit()
