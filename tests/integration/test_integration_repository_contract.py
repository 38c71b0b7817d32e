"""Integrations repositories and readers (issue #14): the same tests on the memory fakes, SQLite and
PostgreSQL — clients, hashed tokens, revocation, the audit trail and the analytics streams."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta

import pytest

from edutrack.composition import Container
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.entities.integrations import AuditAction, AuditEntry, OAuthClient, OAuthToken
from edutrack.core.errors import DomainError
from edutrack.ports.integrations import AnalyticsReader, AuditFilter, IntegrationReader, TimeWindow
from edutrack.ports.readers import PageRequest
from tests.support.enrollments import build_cast, seed_enrollment

pytestmark = pytest.mark.anyio

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
ALL = PageRequest(offset=0, limit=None)


async def _client(c: Container, client_id: str, name: str = "Partner") -> int:
    async with c.uow() as uow:
        pk = await uow.oauth_clients.add(
            OAuthClient(client_id=client_id, secret_hash="s" * 64, name=name, created_at=T0)
        )
        await uow.commit()
    return pk


async def test_clients_tokens_and_revocation(contract_container: Container) -> None:
    c = contract_container
    reader = c.get(IntegrationReader)
    pk = await _client(c, "alpha")
    other = await _client(c, "beta", "Other")
    async with c.uow() as uow:
        found = await uow.oauth_clients.by_client_id("alpha")
        assert found is not None and (found.id, found.name, found.is_active) == (pk, "Partner", True)
        assert await uow.oauth_clients.by_client_id("nobody") is None
        await uow.oauth_tokens.add(OAuthToken("h1", pk, T0, T0 + timedelta(hours=10)))
        await uow.oauth_tokens.add(OAuthToken("h0", pk, T0 - timedelta(hours=11), T0 - timedelta(hours=1)))
        await uow.oauth_tokens.add(OAuthToken("h2", other, T0, T0 + timedelta(hours=10)))
        assert await uow.oauth_tokens.delete_expired(pk, T0) == 1
        await uow.commit()
    with pytest.raises(DomainError):  # the digest is unique
        async with c.uow() as uow:
            await uow.oauth_tokens.add(OAuthToken("h1", other, T0, T0 + timedelta(hours=1)))
            await uow.commit()
    with pytest.raises(DomainError):  # so is the client id
        await _client(c, "alpha")
    owner = await reader.token_owner("h1", T0)
    assert owner is not None and (owner.client_pk, owner.name) == (pk, "Partner")
    assert await reader.token_owner("h1", T0 + timedelta(hours=10)) is None  # expiry is exclusive
    assert await reader.token_owner("h0", T0 - timedelta(hours=2)) is None  # swept
    assert await reader.token_owner("zz", T0) is None
    async with c.uow() as uow:
        assert await uow.oauth_clients.revoke("alpha", T0)
        assert not await uow.oauth_clients.revoke("nobody", T0)
        await uow.commit()
    async with c.uow() as uow:
        assert not await uow.oauth_clients.revoke("alpha", T0)  # already revoked
    assert await reader.token_owner("h1", T0) is None
    assert await reader.token_owner("h2", T0) is not None
    rows = await reader.clients()
    assert [(r.id, r.client_id, r.is_active, r.revoked_at) for r in rows] == [
        (pk, "alpha", False, T0),
        (other, "beta", True, None),
    ]


async def test_audit_records_in_the_transaction_and_reads_back(contract_container: Container) -> None:
    c = contract_container
    reader = c.get(IntegrationReader)
    pk = await _client(c, "alpha", "Alpha")
    async with c.uow() as uow:  # rolled back: nothing recorded
        await uow.integration_audit.record(AuditEntry(AuditAction.CODE_USED, "lost", T0, pk))
    async with c.uow() as uow:
        await uow.integration_audit.record(
            AuditEntry(AuditAction.ACCOUNT_CREATED, "ali", T0, pk, {"user_id": 3})
        )
        await uow.integration_audit.record(
            AuditEntry(AuditAction.AUTO_ENROLLED, "x" * 400, T0 + timedelta(seconds=1))
        )
        await uow.commit()
    page = await reader.audit(AuditFilter(), ALL)
    assert page.total == 2
    newest, oldest = page.items
    assert (newest.client, newest.client_name, newest.action, len(newest.target)) == (
        None,
        None,
        "auto_enrolled",
        300,
    )
    assert (oldest.client, oldest.client_name, oldest.target, oldest.details) == (
        "alpha",
        "Alpha",
        "ali",
        {"user_id": 3},
    )
    assert oldest.created_at == T0
    assert (await reader.audit(AuditFilter(client=str(pk)), ALL)).total == 1
    assert (await reader.audit(AuditFilter(client="alpha", action=AuditAction.CODE_USED), ALL)).total == 0
    assert (await reader.audit(AuditFilter(created_after=T0 + timedelta(seconds=1)), ALL)).total == 1
    assert (await reader.audit(AuditFilter(created_before=T0), ALL)).total == 1
    assert (await reader.audit(AuditFilter(), PageRequest(offset=1, limit=1))).items[0].target == "ali"


async def test_analytics_streams(contract_container: Container) -> None:
    c = contract_container
    cast = await build_cast(c)
    approved = await seed_enrollment(
        c, cast.student, cast.course, EnrollmentStatus.APPROVED, at=T0, decided_by=cast.teacher
    )
    requested = await seed_enrollment(c, cast.classmate, cast.second_course, EnrollmentStatus.APPROVED, at=T0)
    await seed_enrollment(c, cast.unverified, cast.course, EnrollmentStatus.PENDING, at=T0)
    reader = c.get(AnalyticsReader)
    accounts = reader.accounts(TimeWindow())
    assert inspect.isasyncgen(accounts)
    rows = [row async for row in accounts]
    assert [r.id for r in rows] == sorted(r.id for r in rows)
    assert {"salma", "omar", "newbie", "mr_ahmed"} <= {r.username for r in rows}
    assert [r async for r in reader.accounts(TimeWindow(until=T0 - timedelta(days=365 * 30)))] == []
    enrolled = [r async for r in reader.enrollments(TimeWindow(), None)]
    assert [(r.enrollment_id, r.username, r.course_id, r.date_enrolled) for r in enrolled] == [
        (approved, "salma", cast.course, T0 + timedelta(hours=1)),
        (requested, "omar", cast.second_course, T0),
    ]
    assert enrolled[0].user_id == cast.student.actor.user_id
    assert [r.enrollment_id async for r in reader.enrollments(TimeWindow(), cast.second_course)] == [
        requested
    ]
    window = TimeWindow(start=T0 + timedelta(minutes=1), until=T0 + timedelta(hours=1, microseconds=1))
    assert [r.enrollment_id async for r in reader.enrollments(window, None)] == [approved]
    assert await reader.course_exists(cast.course) and not await reader.course_exists(2**31 - 1)
