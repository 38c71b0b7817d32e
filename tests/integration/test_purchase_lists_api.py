"""Lecture purchases over HTTP (Teacher §7, API_SUPPLEMENT §5/§6) on SQLite and PostgreSQL: the lists and
their statement counts, and the lectures a purchase keeps from deletion (buying and reopening:
test_purchases_api)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.entities.wallets import ReopenLog
from edutrack.core.errors import DomainError
from edutrack.entrypoints.http.errors import status_of
from tests.support.http import FORBIDDEN, UNAUTHENTICATED, HeadersFor, StatementCounter
from tests.support.money import add_lecture, seed_purchase
from tests.support.people import student_id
from tests.support.purchase_api import (
    MY,
    STAFF_LIST,
    People,
    build_people,
    check_shape,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
async def people(container: Container, headers_for: HeadersFor) -> People:
    return await build_people(container, headers_for)


# --- lists ------------------------------------------------------------------------------------------------


async def test_my_purchases(client: httpx.AsyncClient, container: Container, people: People) -> None:
    shop, cast = people.shop, people.shop.cast
    now = container.clock.now()
    expired = await seed_purchase(
        container, cast.student, shop.free, at=now - timedelta(days=8), days=7, paid="0"
    )
    active = await seed_purchase(container, cast.student, shop.lecture, at=now - timedelta(days=1))
    await seed_purchase(container, cast.classmate, shop.lecture)
    assert ((r := await client.get(MY)).status_code, r.json()) == (401, UNAUTHENTICATED)
    for headers in (people.teacher, people.owner):
        assert ((r := await client.get(MY, headers=headers)).status_code, r.json()) == (403, FORBIDDEN)
    body = (await client.get(MY, headers=people.student)).json()
    assert (body["count"], body["next"], body["previous"]) == (2, None, None)
    for row in body["results"]:
        check_shape(row)
    assert [(r["id"], r["is_expired"], r["amount_paid"]) for r in body["results"]] == [
        (active, False, "80.00"),
        (expired, True, "0.00"),
    ]
    filtered = (await client.get(MY, headers=people.student, params={"is_expired": "true"})).json()
    assert [r["id"] for r in filtered["results"]] == [expired]
    filtered = (await client.get(MY, headers=people.student, params={"lecture": shop.lecture})).json()
    assert [r["id"] for r in filtered["results"]] == [active]
    page = (await client.get(MY, headers=people.student, params={"page_size": 1})).json()
    assert page["count"] == 2 and page["next"] is not None and len(page["results"]) == 1
    r = await client.get(MY, headers=people.student, params={"is_expired": "maybe"})
    assert r.status_code == 400


async def test_staff_list_scope_and_filters(
    client: httpx.AsyncClient, container: Container, people: People
) -> None:
    shop, cast = people.shop, people.shop.cast
    now = container.clock.now()
    mine = await seed_purchase(container, cast.student, shop.lecture, at=now - timedelta(days=40))
    mate = await seed_purchase(container, cast.classmate, shop.free, at=now - timedelta(days=1), paid="0")
    theirs = await seed_purchase(container, cast.student, shop.other_lecture, at=now - timedelta(days=2))

    async def ids(headers: dict[str, str], **params: object) -> list[int]:
        response = await client.get(STAFF_LIST, headers=headers, params=params)
        assert response.status_code == 200, response.text
        for row in response.json()["results"]:
            check_shape(row)
        return [row["id"] for row in response.json()["results"]]

    assert ((r := await client.get(STAFF_LIST)).status_code, r.json()) == (401, UNAUTHENTICATED)
    r = await client.get(STAFF_LIST, headers=people.student)
    assert (r.status_code, r.json()) == (403, FORBIDDEN)
    assert await ids(people.teacher) == [mate, mine]
    assert await ids(people.assistant) == [mate, mine]
    assert await ids(people.other) == [theirs]
    assert await ids(people.owner) == [mate, theirs, mine]
    assert await ids(people.owner, student="ST00000001") == [theirs, mine]
    assert await ids(people.owner, student=str(student_id(cast.classmate))) == [mate]
    assert await ids(people.teacher, lecture=shop.lecture) == [mine]
    assert await ids(people.owner, course=cast.other_course) == [theirs]
    assert await ids(people.teacher, course=cast.other_course) == []
    assert await ids(people.teacher, is_expired="true") == [mine]
    assert await ids(people.owner, is_expired="false") == [mate, theirs]


async def test_lists_take_a_constant_number_of_statements(
    client: httpx.AsyncClient,
    container: Container,
    people: People,
    count_queries: Callable[[], AbstractContextManager[StatementCounter]],
) -> None:
    shop, cast = people.shop, people.shop.cast
    first = await seed_purchase(container, cast.student, shop.lecture)
    async with container.uow() as uow:
        await uow.purchases.add_reopen(
            first, ReopenLog(1, container.clock.now(), cast.teacher.actor.user_id, "a")
        )
        await uow.commit()
    with count_queries() as one_mine:
        assert (await client.get(MY, headers=people.student)).json()["count"] == 1
    with count_queries() as one_staff:
        assert (await client.get(STAFF_LIST, headers=people.teacher)).json()["count"] == 1
    for n in range(12):
        lecture = await add_lecture(container, cast.teacher.actor, shop.topic, f"Extra {n}")
        purchase = await seed_purchase(container, cast.student, lecture)
        async with container.uow() as uow:
            for _ in range(2):
                await uow.purchases.add_reopen(purchase, ReopenLog(1, container.clock.now(), None, ""))
            await uow.commit()
    with count_queries() as many_mine:
        assert (await client.get(MY, headers=people.student)).json()["count"] == 13
    with count_queries() as many_staff:
        assert (await client.get(STAFF_LIST, headers=people.teacher)).json()["count"] == 13
    assert one_mine.count == many_mine.count
    assert one_staff.count == many_staff.count


SOLD_LECTURE = {
    "detail": "Cannot delete: students have bought this lecture. Hide it instead (is_visible false)."
}
SOLD_TOPIC = {
    "detail": "Cannot delete: students have bought lectures of this topic. Deactivate it instead (is_active"
    " false)."
}


async def test_a_bought_lecture_and_its_topic_cannot_be_deleted(
    client: httpx.AsyncClient, container: Container, people: People
) -> None:
    """Found by schemathesis: the purchase's foreign key refused the delete with a 500. The purchase (and the
    money behind it) keeps referring to the lecture, so the teacher is told to hide it instead."""
    shop = people.shop
    purchase = await seed_purchase(container, shop.cast.student, shop.lecture)
    r = await client.delete(f"/courses/lectures/{shop.lecture}/", headers=people.teacher)
    assert (r.status_code, r.json()) == (400, SOLD_LECTURE)
    r = await client.delete(f"/courses/topics/{shop.topic}/", headers=people.teacher)
    assert (r.status_code, r.json()) == (400, SOLD_TOPIC)
    assert (await client.get(f"/courses/lectures/{shop.lecture}/", headers=people.teacher)).status_code == 200
    mine = (await client.get(MY, headers=people.student)).json()["results"]
    assert [row["id"] for row in mine] == [purchase]
    # a lecture nobody bought still goes
    r = await client.delete(f"/courses/lectures/{shop.hidden}/", headers=people.teacher)
    assert r.status_code == 204, r.text


async def test_a_delete_racing_past_the_check_is_still_refused_by_the_foreign_key(
    container: Container, people: People
) -> None:
    """Behind DeleteLecture's check, the purchases' foreign key refuses too: a domain error, never a 500
    (PostgreSQL names the key, so the teacher gets the same message; SQLite serialises writers, so there
    the check always decides, and the bare key is a 409 conflict)."""
    shop = people.shop
    await seed_purchase(container, shop.cast.student, shop.lecture)
    with pytest.raises(DomainError) as caught:
        async with container.uow() as uow:
            await uow.lectures.delete(shop.lecture)
    if container.settings.database_url.startswith("postgresql"):
        assert (status_of(caught.value), caught.value.body()) == (400, SOLD_LECTURE)
    else:
        assert status_of(caught.value) == 409
