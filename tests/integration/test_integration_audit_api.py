"""``GET /integrations/audit/`` (issue #14), on SQLite and PostgreSQL: the site owner's view of every
privileged change made through the Appsembler API, filtered and paginated in a fixed number of
statements."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.actor import Role
from edutrack.core.entities.integrations import AuditAction, AuditEntry
from tests.support.http import FORBIDDEN, HeadersFor, MakeUser, StatementCounter
from tests.support.integrations import IntegrationClient, integration_client

pytestmark = pytest.mark.anyio

AUDIT = "/integrations/audit/"
CountQueries = Callable[[], AbstractContextManager[StatementCounter]]
DAY = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # 11:00 in Cairo


async def _record(container: Container, *entries: AuditEntry) -> None:
    async with container.uow() as uow:
        for entry in entries:
            await uow.integration_audit.record(entry)
        await uow.commit()


async def _seed(container: Container) -> tuple[IntegrationClient, IntegrationClient]:
    alpha = await integration_client(container, "Alpha LMS")
    beta = await integration_client(container, "Beta CRM")
    await _record(
        container,
        AuditEntry(AuditAction.ACCOUNT_CREATED, "ali", DAY, alpha.pk, {"user_id": 7}),
        AuditEntry(
            AuditAction.CODES_GENERATED, "course-v1:EduTrack+1+course", DAY + timedelta(hours=1), beta.pk
        ),
        AuditEntry(AuditAction.CODE_USED, "AbCd1234", DAY + timedelta(days=1), alpha.pk, {"email": "a@b.co"}),
        AuditEntry(AuditAction.AUTO_ENROLLED, "sara", DAY + timedelta(days=2), None, {"course_id": "k"}),
    )
    return alpha, beta


async def test_rows_filters_and_pages(
    client: httpx.AsyncClient,
    container: Container,
    owner_headers: dict[str, str],
    count_queries: CountQueries,
) -> None:
    alpha, beta = await _seed(container)
    with count_queries() as counter:
        response = await client.get(AUDIT, params={"page_size": 2}, headers=owner_headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == 4 and body["next"] is not None
    assert [r["target"] for r in body["results"]] == ["sara", "AbCd1234"]
    assert body["results"][0] == {
        "id": body["results"][0]["id"],
        "client": None,
        "client_name": None,
        "action": "auto_enrolled",
        "target": "sara",
        "details": {"course_id": "k"},
        "created_at": "2026-03-12T09:00:00Z",
    }
    assert (
        body["results"][1]["client"] == alpha.client_id and body["results"][1]["client_name"] == "Alpha LMS"
    )
    # the owner's authentication (1) + COUNT + page, whatever the page size
    assert counter.count == 3, counter.statements

    async def targets(**params: object) -> list[str]:
        answer = await client.get(AUDIT, params=params, headers=owner_headers)
        assert answer.status_code == 200, answer.text
        return [r["target"] for r in answer.json()["results"]]

    assert await targets(client=alpha.client_id) == ["AbCd1234", "ali"]
    assert await targets(client=str(beta.pk)) == ["course-v1:EduTrack+1+course"]
    assert await targets(client="nobody") == []
    assert await targets(action="code_used") == ["AbCd1234"]
    assert await targets(date="2026-03-10") == ["course-v1:EduTrack+1+course", "ali"]
    assert await targets(created_after="2026-03-11", created_before="2026-03-12") == ["sara", "AbCd1234"]
    assert await targets(created_after="2026-03-10T10:00:00Z") == [
        "sara",
        "AbCd1234",
        "course-v1:EduTrack+1+course",
    ]


async def test_refusals(
    client: httpx.AsyncClient,
    container: Container,
    owner_headers: dict[str, str],
    make_user: MakeUser,
    headers_for: HeadersFor,
) -> None:
    partner = await integration_client(container)
    teacher = await make_user(Role.TEACHER)
    by_teacher = await client.get(AUDIT, headers=await headers_for(teacher.username))
    assert (by_teacher.status_code, by_teacher.json()) == (403, FORBIDDEN)
    assert (await client.get(AUDIT, headers=partner.headers)).status_code == 401
    bad_action = await client.get(AUDIT, params={"action": "deleted"}, headers=owner_headers)
    assert (bad_action.status_code, list(bad_action.json())) == (400, ["action"])
    bad_date = await client.get(AUDIT, params={"date": "10/03/2026"}, headers=owner_headers)
    assert (bad_date.status_code, list(bad_date.json())) == (400, ["date"])


@pytest.mark.parametrize("field", ["date", "created_after", "created_before"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "0001-01-01T00:00:00+05:00"])
async def test_a_date_at_the_ends_of_the_calendar_is_400_not_a_500(
    client: httpx.AsyncClient, owner_headers: dict[str, str], field: str, value: str
) -> None:
    """Found by the schemathesis run: the window's next day or its UTC form overflowed into a 500."""
    response = await client.get(AUDIT, params={field: value}, headers=owner_headers)
    assert (response.status_code, response.json()) == (
        400,
        {field: ["Ensure this date is between 0002-01-01 and 9998-12-31."]},
    )
