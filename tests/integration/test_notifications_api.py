"""Notifications over HTTP (Teacher §14), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.actor import Role
from edutrack.core.entities.notifications import NewNotification, NotificationType
from edutrack.ports.notifications import Notifier
from tests.support.http import HeadersFor, MakeUser

pytestmark = pytest.mark.anyio

Headers = dict[str, str]
ANONYMOUS = {"detail": "Authentication credentials were not provided."}
NOT_FOUND = {"error": "Notification not found"}
STATUS = NotificationType.STUDENT_STATUS_CHANGED


async def user_with_headers(make_user: MakeUser, headers_for: HeadersFor, role: Role) -> tuple[int, Headers]:
    user = await make_user(role)
    assert user.id is not None
    return user.id, await headers_for(user.username)


async def test_the_full_cycle_for_a_student(
    client: httpx.AsyncClient, container: Container, make_user: MakeUser, headers_for: HeadersFor
) -> None:
    me, headers = await user_with_headers(make_user, headers_for, Role.STUDENT)
    other, other_headers = await user_with_headers(make_user, headers_for, Role.TEACHER)
    await container.get(Notifier).send(
        [
            NewNotification(
                me, STATUS, "Account verified", "Your account is now verified.", {"status": "verified"}
            ),
            NewNotification(other, NotificationType.ENROLLMENT_REQUESTED, "Request", "A student asked."),
            NewNotification(me, NotificationType.BALANCE_ADDED, "Balance", "50.00 EGP were added."),
        ]
    )

    response = await client.get("/notifications/", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (2, None, None)
    newest, oldest = body["results"]
    assert set(newest) == {
        "id",
        "notification_type",
        "notification_type_display",
        "title",
        "message",
        "is_read",
        "metadata",
        "created_at",
    }
    assert newest == {
        "id": newest["id"],
        "notification_type": "balance_added",
        "notification_type_display": "Balance added",
        "title": "Balance",
        "message": "50.00 EGP were added.",
        "is_read": False,
        "metadata": None,
        "created_at": newest["created_at"],
    }
    assert isinstance(newest["id"], int)
    assert datetime.fromisoformat(newest["created_at"]).utcoffset() is not None
    assert oldest["notification_type_display"] == "Student status changed"
    assert oldest["metadata"] == {"status": "verified"}
    assert newest["id"] > oldest["id"]

    assert (await client.get("/notifications/unread-count/", headers=headers)).json() == {"count": 2}
    response = await client.post(f"/notifications/{oldest['id']}/mark-read/", headers=headers)
    assert (response.status_code, response.json()) == (200, {"message": "Notification marked as read"})
    response = await client.post(
        f"/notifications/{oldest['id']}/mark-read", headers=headers
    )  # no slash, again
    assert response.status_code == 200
    assert (await client.get("/notifications/unread-count", headers=headers)).json() == {"count": 1}

    read = (await client.get("/notifications/?is_read=true", headers=headers)).json()
    assert [n["id"] for n in read["results"]] == [oldest["id"]] and read["results"][0]["is_read"] is True
    unread = (await client.get("/notifications/?is_read=0", headers=headers)).json()
    assert [n["id"] for n in unread["results"]] == [newest["id"]]
    response = await client.get("/notifications/?is_read=maybe", headers=headers)
    assert (response.status_code, response.json()) == (400, {"is_read": ["Must be a valid boolean."]})

    response = await client.post("/notifications/mark-all-read/", headers=headers)
    assert (response.status_code, response.json()) == (200, {"message": "All notifications marked as read"})
    assert (await client.get("/notifications/unread-count/", headers=headers)).json() == {"count": 0}
    response = await client.post("/notifications/mark-all-read/", headers=headers)  # nothing left: still fine
    assert response.status_code == 200

    # the other user's notification is untouched and invisible
    assert (await client.get("/notifications/unread-count/", headers=other_headers)).json() == {"count": 1}
    theirs = (await client.get("/notifications/", headers=other_headers)).json()["results"]
    assert [n["title"] for n in theirs] == ["Request"]
    response = await client.post(f"/notifications/{theirs[0]['id']}/mark-read/", headers=headers)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert (await client.get("/notifications/unread-count/", headers=other_headers)).json() == {"count": 1}


@pytest.mark.parametrize("missing", ["999999", "0", "2147483648", "99999999999999999999"])
async def test_a_missing_notification_is_the_documented_404(
    client: httpx.AsyncClient, owner_headers: Headers, missing: str
) -> None:
    response = await client.post(f"/notifications/{missing}/mark-read/", headers=owner_headers)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


@pytest.mark.parametrize("role", [Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT, Role.STUDENT])
async def test_every_role_has_its_own_notifications(
    client: httpx.AsyncClient, make_user: MakeUser, headers_for: HeadersFor, role: Role
) -> None:
    _, headers = await user_with_headers(make_user, headers_for, role)
    response = await client.get("/notifications/", headers=headers)
    assert (response.status_code, response.json()) == (
        200,
        {"count": 0, "next": None, "previous": None, "results": []},
    )
    assert (await client.get("/notifications/unread-count/", headers=headers)).json() == {"count": 0}


async def test_anonymous_callers_are_refused(client: httpx.AsyncClient) -> None:
    for method, path in [
        ("GET", "/notifications/"),
        ("GET", "/notifications/unread-count/"),
        ("POST", "/notifications/mark-all-read/"),
        ("POST", "/notifications/1/mark-read/"),
    ]:
        response = await client.request(method, path)
        assert (response.status_code, response.json()) == (401, ANONYMOUS), path


async def test_pagination_and_a_constant_number_of_statements(
    client: httpx.AsyncClient,
    container: Container,
    make_user: MakeUser,
    headers_for: HeadersFor,
    count_queries: Callable[..., object],
) -> None:
    me, headers = await user_with_headers(make_user, headers_for, Role.STUDENT)
    await container.get(Notifier).send([NewNotification(me, STATUS, "n0", "m")])
    with count_queries() as small:  # type: ignore[attr-defined]
        assert (await client.get("/notifications/", headers=headers)).status_code == 200
    await container.get(Notifier).send([NewNotification(me, STATUS, f"n{i}", "m") for i in range(1, 30)])
    with count_queries() as large:  # type: ignore[attr-defined]
        body = (await client.get("/notifications/?page_size=10&page=2", headers=headers)).json()
    assert small.count == large.count
    assert body["count"] == 30
    assert [n["title"] for n in body["results"]] == [f"n{i}" for i in range(19, 9, -1)]
    assert body["next"] == "http://testserver/notifications/?page_size=10&page=3"
    assert body["previous"] == "http://testserver/notifications/?page_size=10"
    everything = (await client.get("/notifications/?all=true", headers=headers)).json()
    assert set(everything) == {"count", "results"} and len(everything["results"]) == 30
    response = await client.get("/notifications/?page=9", headers=headers)
    assert (response.status_code, response.json()) == (404, {"detail": "Invalid page."})
