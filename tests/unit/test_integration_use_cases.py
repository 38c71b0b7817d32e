"""Integrations use cases on the memory fakes (issue #14): clients, tokens and their expiry by the clock,
revocation, the accounts, the audit and the analytics windows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.integrations import TOKEN_LIFETIME_SECONDS
from edutrack.core.errors import NotAuthenticated, NotFound, PermissionDenied, ValidationFailed
from edutrack.core.policies.time_windows import window_of
from edutrack.core.use_cases.integrations.accounts import (
    CreateIntegrationAccount,
    GetIntegrationUser,
    NewAccount,
    UserExists,
    WrongParameters,
)
from edutrack.core.use_cases.integrations.analytics import AccountsBatch, BatchQuery, EnrollmentsBatch
from edutrack.core.use_cases.integrations.audit import ListIntegrationAudit
from edutrack.core.use_cases.integrations.clients import (
    CreateOAuthClient,
    ListOAuthClients,
    NewClient,
    RevokeOAuthClient,
)
from edutrack.core.use_cases.integrations.tokens import (
    GRANT,
    AuthenticateClient,
    InvalidClient,
    InvalidRequest,
    IssueAccessToken,
    TokenRequest,
    UnsupportedGrantType,
)
from edutrack.ports.integrations import AuditFilter
from edutrack.ports.readers import PageRequest
from tests.support.integrations import integration_client

pytestmark = pytest.mark.anyio

CAIRO = ZoneInfo("Africa/Cairo")
STUDENT = Actor(user_id=5, username="s", role=Role.STUDENT, student_id=1)
GOOD = NewAccount(username="staff55", password="Edx-pass-55", email="Staff55@example.com", name="Staff Test")


async def test_client_secret_is_shown_once_and_stored_hashed(container: Container) -> None:
    created = await container.get(CreateOAuthClient).execute(SYSTEM, NewClient(name="  Partner  "))
    assert created.name == "Partner" and len(created.client_secret) >= 43
    async with container.uow() as uow:
        stored = await uow.oauth_clients.by_client_id(created.client_id)
    assert stored is not None and created.client_secret not in stored.secret_hash
    [row] = await container.get(ListOAuthClients).execute(SYSTEM)
    assert (row.client_id, row.is_active) == (created.client_id, True)
    with pytest.raises(ValidationFailed):
        await container.get(CreateOAuthClient).execute(SYSTEM, NewClient(name=" "))
    with pytest.raises(PermissionDenied):
        await container.get(CreateOAuthClient).execute(STUDENT, NewClient(name="x"))


@pytest.mark.parametrize(
    ("request_", "error"),
    [
        (TokenRequest(None, "a", "b"), InvalidRequest),
        (TokenRequest("password", "a", "b"), UnsupportedGrantType),
        (TokenRequest(GRANT, None, "b"), InvalidRequest),
        (TokenRequest(GRANT, "a", ""), InvalidRequest),
        (TokenRequest(GRANT, "unknown", "b"), InvalidClient),
    ],
)
async def test_token_refusals(container: Container, request_: TokenRequest, error: type[Exception]) -> None:
    with pytest.raises(error):
        await container.get(IssueAccessToken).execute(request_)


async def test_tokens_expire_by_the_clock_and_die_with_their_client(
    container: Container, clock: FrozenClock
) -> None:
    partner = await integration_client(container, "Partner")
    authenticate = container.get(AuthenticateClient)
    actor = await authenticate.execute(partner.token)
    assert (actor.role, actor.client_id, actor.username, actor.user_id) == (
        Role.INTEGRATION,
        partner.pk,
        "Partner",
        0,
    )
    with pytest.raises(InvalidClient):
        await container.get(IssueAccessToken).execute(TokenRequest(GRANT, partner.client_id, "wrong"))
    clock.advance(seconds=TOKEN_LIFETIME_SECONDS)
    with pytest.raises(NotAuthenticated) as expired:
        await authenticate.execute(partner.token)
    assert expired.value.body() == {"detail": "Invalid Token."}
    fresh = await container.get(IssueAccessToken).execute(
        TokenRequest(GRANT, partner.client_id, partner.client_secret)
    )
    await authenticate.execute(fresh.access_token)
    await container.get(RevokeOAuthClient).execute(SYSTEM, partner.client_id)
    with pytest.raises(NotAuthenticated):
        await authenticate.execute(fresh.access_token)
    with pytest.raises(InvalidClient):
        await container.get(IssueAccessToken).execute(
            TokenRequest(GRANT, partner.client_id, partner.client_secret)
        )
    with pytest.raises(NotFound):
        await container.get(RevokeOAuthClient).execute(SYSTEM, partner.client_id)


async def test_create_account_and_get_user(container: Container) -> None:
    partner = await integration_client(container)
    actor = await container.get(AuthenticateClient).execute(partner.token)
    create = container.get(CreateIntegrationAccount)
    with pytest.raises(PermissionDenied):
        await create.execute(STUDENT, GOOD)
    created = await create.execute(actor, GOOD)
    async with container.uow() as uow:
        user = await uow.users.get(created.user_id)
        student = await uow.students.get(created.student_id)
    assert user is not None and (user.role, user.gmail, user.name) == (
        Role.STUDENT,
        "Staff55@example.com",
        "Staff Test",
    )
    assert student is not None and student.status.value == "verified" and student.governorate_id is None
    assert await container.get(GetIntegrationUser).execute(actor, "STAFF55") == "staff55"
    with pytest.raises(NotFound) as missing:
        await container.get(GetIntegrationUser).execute(actor, "nobody")
    assert missing.value.body() == {"detail": "Not found"}
    with pytest.raises(UserExists) as taken:
        await create.execute(actor, NewAccount("other", "Edx-pass-55", "staff55@EXAMPLE.com", "x"))
    assert taken.value.body() == {"user_message": "User already exists"}
    page = await container.get(ListIntegrationAudit).execute(SYSTEM, AuditFilter(), PageRequest())
    assert [(r.action, r.target, r.client) for r in page.items] == [
        ("account_created", "staff55", partner.client_id)
    ]
    with pytest.raises(PermissionDenied):
        await container.get(ListIntegrationAudit).execute(actor, AuditFilter(), PageRequest())


@pytest.mark.parametrize(
    "command",
    [
        NewAccount(None, "Edx-pass-55", "a@b.co", "n"),
        NewAccount("ok", "short", "a@b.co", "n"),
        NewAccount("ok", "12345678901", "a@b.co", "n"),
        NewAccount("ok", "Edx-pass-55", "nope", "n"),
        NewAccount("no way", "Edx-pass-55", "a@b.co", "n"),
        NewAccount("ok", "Edx-pass-55", "a@b.co", "x" * 201),
    ],
)
async def test_wrong_parameters_write_nothing(container: Container, command: NewAccount) -> None:
    partner = await integration_client(container)
    actor = await container.get(AuthenticateClient).execute(partner.token)
    with pytest.raises(WrongParameters) as refused:
        await container.get(CreateIntegrationAccount).execute(actor, command)
    assert refused.value.body() == {"user_message": "Wrong parameters on user creation"}
    async with container.uow() as uow:
        assert not await uow.users.username_taken("ok")


def test_windows_are_inclusive_whole_days_in_the_zone() -> None:
    start, until = window_of(date(2015, 12, 9), date(2015, 12, 19), CAIRO)
    assert start == datetime(2015, 12, 8, 22, 0, tzinfo=UTC)
    assert until == datetime(2015, 12, 19, 22, 0, tzinfo=UTC)
    start, until = window_of(datetime(2015, 12, 9, tzinfo=UTC), datetime(2015, 12, 19, 12, 0), CAIRO)
    assert start == datetime(2015, 12, 9, tzinfo=UTC)
    assert until == datetime(2015, 12, 19, 12, 0, tzinfo=CAIRO) + timedelta(microseconds=1)
    assert window_of(None, None, CAIRO) == (None, None)


async def test_batches_need_a_client_and_a_known_course(container: Container) -> None:
    with pytest.raises(PermissionDenied):
        await container.get(AccountsBatch).execute(STUDENT, BatchQuery())
    partner = await integration_client(container)
    actor = await container.get(AuthenticateClient).execute(partner.token)
    rows = await container.get(AccountsBatch).execute(actor, BatchQuery())
    assert [row async for row in rows] == []
    for key in ("course-v1:EduTrack+42+course", "nonsense"):
        with pytest.raises(NotFound):
            await container.get(EnrollmentsBatch).execute(actor, BatchQuery(course_key=key))
