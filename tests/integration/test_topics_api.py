"""/courses/topics/ (Teacher API §3) on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.use_cases.lessons.commands import NewLecture
from edutrack.core.use_cases.lessons.lectures import CreateLecture
from tests.support.catalog import (
    TOPIC_DETAIL_FIELDS,
    TOPIC_FIELDS,
    TOPIC_LECTURE_FIELDS,
    Headers,
    World,
    add_course,
    add_lecture,
    add_topic,
    add_video,
    assert_shape,
)
from tests.support.files import PNG
from tests.support.http import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED

pytestmark = pytest.mark.anyio
LIST = "/courses/topics/"


def detail(topic_id: int) -> str:
    return f"/courses/topics/{topic_id}/"


async def test_create_answers_201_with_the_topic(
    client: httpx.AsyncClient, world: World, auth: Headers
) -> None:
    response = await client.post(
        LIST,
        json={"course": world.course, "name": "Mechanics", "description": "Forces"},
        headers=auth["teacher"],
    )
    assert response.status_code == 201, response.text
    item = response.json()
    assert_shape(item, TOPIC_DETAIL_FIELDS)
    assert {
        k: item[k] for k in ("course", "course_name", "name", "description", "order", "is_active", "lectures")
    } == {
        "course": world.course,
        "course_name": "Physics 1",
        "name": "Mechanics",
        "description": "Forces",
        "order": 0,
        "is_active": True,
        "lectures": [],
    }
    assert (await client.get(detail(item["id"]), headers=auth["teacher"])).json() == item


async def test_create_errors(client: httpx.AsyncClient, world: World, auth: Headers) -> None:
    response = await client.post(LIST, json={}, headers=auth["teacher"])
    assert response.status_code == 400 and set(response.json()) <= {"course", "name"}
    assert all(messages == ["This field is required."] for messages in response.json().values())
    response = await client.post(LIST, json={"course": 99999, "name": "A"}, headers=auth["teacher"])
    assert (response.status_code, response.json()) == (
        400,
        {"course": ['Invalid pk "99999" - object does not exist.']},
    )
    response = await client.post(LIST, json={"course": world.course, "name": " "}, headers=auth["teacher"])
    assert (response.status_code, response.json()) == (400, {"name": ["This field may not be blank."]})
    response = await client.post(
        LIST, json={"course": world.course, "name": "A", "order": -1}, headers=auth["teacher"]
    )
    assert (response.status_code, response.json()) == (
        400,
        {"order": ["Ensure this value is greater than or equal to 0."]},
    )
    response = await client.post(
        LIST, content=b"{", headers={**auth["teacher"], "content-type": "application/json"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("who", ["assistant", "other", "owner", "student"])
async def test_only_the_course_teacher_creates_and_deletes(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers, who: str
) -> None:
    response = await client.post(LIST, json={"course": world.course, "name": "A"}, headers=auth[who])
    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    topic = await add_topic(container, world)
    response = await client.delete(detail(topic), headers=auth[who])
    assert (response.status_code, response.json()) == (403, FORBIDDEN)


@pytest.mark.parametrize(
    ("who", "status"), [("assistant", 200), ("other", 403), ("owner", 403), ("student", 403)]
)
async def test_update_scope(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers, who: str, status: int
) -> None:
    topic = await add_topic(container, world)
    response = await client.patch(detail(topic), json={"name": "Renamed"}, headers=auth[who])
    assert response.status_code == status, response.text
    if status == 403:
        assert response.json() == FORBIDDEN
    else:
        assert response.json()["name"] == "Renamed"


async def test_anonymous_gets_401(client: httpx.AsyncClient, container: Container, world: World) -> None:
    topic = await add_topic(container, world)
    for response in (
        await client.get(LIST),
        await client.get(detail(topic)),
        await client.get(detail(topic) + "lectures/"),
        await client.post(LIST, json={"course": world.course, "name": "A"}),
        await client.patch(detail(topic), json={"name": "B"}),
        await client.delete(detail(topic)),
    ):
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


async def test_put_and_patch(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers
) -> None:
    topic = await add_topic(container, world, description="old")
    response = await client.put(detail(topic), json={"name": "Only name"}, headers=auth["teacher"])
    assert (response.status_code, response.json()) == (400, {"course": ["This field is required."]})
    body = {"course": world.course, "name": "Waves", "description": None, "order": 5, "is_active": False}
    response = await client.put(detail(topic), json=body, headers=auth["teacher"])
    assert response.status_code == 200, response.text
    item = response.json()
    assert {k: item[k] for k in body} == body
    response = await client.patch(detail(topic), json={"course": world.other_course}, headers=auth["teacher"])
    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    response = await client.patch(detail(99999), json={"name": "x"}, headers=auth["teacher"])
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


async def test_detail_nests_lectures_with_videos_in_order(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers
) -> None:
    topic = await add_topic(container, world)
    second = await add_lecture(container, world, topic, order=2, price="150", discount="30")
    first = await add_lecture(container, world, topic, order=1, price="0")
    late = await add_video(container, world, second, order=1, duration_minutes=65)
    early = await add_video(container, world, second, order=0)
    response = await client.get(detail(topic), headers=auth["teacher"])
    assert response.status_code == 200
    item = response.json()
    assert_shape(item, TOPIC_DETAIL_FIELDS)
    assert [lecture["id"] for lecture in item["lectures"]] == [first, second]
    free, paid = item["lectures"]
    assert (free["formatted_price"], free["final_price"], free["video_count"], free["videos"]) == (
        "Free",
        "0.00",
        0,
        [],
    )
    assert (paid["price"], paid["discount"], paid["final_price"], paid["formatted_price"]) == (
        "150.00",
        "30.00",
        "120.00",
        "120.00 EGP",
    )
    assert (paid["teacher_name"], paid["course_name"], paid["topic_name"]) == (
        "Ahmed Hassan",
        "Physics 1",
        item["name"],
    )
    assert [v["id"] for v in paid["videos"]] == [early, late]
    assert paid["videos"][1]["duration_display"] == "1h 05m"
    assert paid["videos"][1]["video_url"] == "https://www.youtube.com/watch?v=abc"


async def test_topic_lectures_is_a_bare_array(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers
) -> None:
    topic = await add_topic(container, world)
    data = NewLecture(topic_id=topic, name="Pic", price=Decimal("10.00"), available_days=5)
    lecture = await container.get(CreateLecture).execute(world.teacher.actor, data)
    await add_lecture(container, world, topic, is_visible=False, order=1)
    response = await client.get(detail(topic) + "lectures/", headers=auth["teacher"])
    assert response.status_code == 200
    items = response.json()
    assert isinstance(items, list) and len(items) == 2
    for item in items:
        assert_shape(item, TOPIC_LECTURE_FIELDS)
    assert items[0]["id"] == lecture.id
    student = await client.get(detail(topic) + "lectures/", headers=auth["student"])
    assert [i["id"] for i in student.json()] == [lecture.id]


async def test_students_see_active_topics_of_active_courses(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers
) -> None:
    shown = await add_topic(container, world, name="Shown")
    hidden = await add_topic(container, world, name="Hidden", is_active=False)
    closed = await add_course(container, world.reference, world.teacher, is_active=False)
    in_closed = await add_topic(container, world, course=closed, name="Closed")
    lecture = await add_lecture(container, world, shown)
    await add_video(container, world, lecture)
    response = await client.get(LIST, headers=auth["student"])
    assert [t["id"] for t in response.json()["results"]] == [shown]
    for topic in (hidden, in_closed):
        for path in (detail(topic), detail(topic) + "lectures/"):
            response = await client.get(path, headers=auth["student"])
            assert (response.status_code, response.json()) == (404, NOT_FOUND)
    item = (await client.get(detail(shown), headers=auth["student"])).json()
    assert item["lectures"][0]["videos"][0]["video_url"] is None
    staff = {"teacher": 3, "assistant": 3, "owner": 3, "other": 1}
    for who, count in staff.items():
        assert (await client.get(LIST, headers=auth[who])).json()["count"] == count, who


async def test_filters_search_and_ordering(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers
) -> None:
    alpha = await add_topic(container, world, name="alpha", order=3)
    beta = await add_topic(container, world, name="beta 100%", order=1, description="optics")
    gamma = await add_topic(container, world, name="gamma", order=2, is_active=False)
    other = await add_topic(container, world, course=world.other_course, name="delta", order=0)

    async def ids(query: str) -> list[int]:
        response = await client.get(LIST + query, headers=auth["owner"])
        assert response.status_code == 200, response.text
        return [t["id"] for t in response.json()["results"]]

    assert await ids("") == [other, beta, gamma, alpha]
    assert await ids(f"?course={world.course}") == [beta, gamma, alpha]
    assert await ids("?is_active=false") == [gamma]
    assert await ids("?search=OPTICS") == [beta]
    assert await ids("?search=100%25") == [beta]
    assert await ids("?search=0%25") == [beta]
    assert await ids("?search=%25") == [beta]
    assert await ids("?search=other physics") == [other]
    assert await ids("?ordering=name") == [alpha, beta, other, gamma]
    assert await ids("?ordering=-name") == [gamma, other, beta, alpha]
    assert await ids("?ordering=-order") == [alpha, gamma, beta, other]
    assert await ids("?ordering=created_at,unknown") == [alpha, beta, gamma, other]
    response = await client.get(LIST + "?is_active=maybe", headers=auth["owner"])
    assert (response.status_code, response.json()) == (400, {"is_active": ["Must be a valid boolean."]})
    page = (await client.get(LIST + "?page_size=2", headers=auth["owner"])).json()
    assert page["count"] == 4 and page["next"] == "http://testserver/courses/topics/?page_size=2&page=2"
    everything = (await client.get(LIST + "?all=true", headers=auth["owner"])).json()
    assert set(everything) == {"count", "results"} and everything["count"] == 4
    for item in everything["results"]:
        assert_shape(item, TOPIC_FIELDS)


async def test_lecture_count_counts_what_the_caller_sees(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers
) -> None:
    topic = await add_topic(container, world)
    await add_lecture(container, world, topic)
    await add_lecture(container, world, topic, is_visible=False)
    teacher = (await client.get(LIST, headers=auth["teacher"])).json()["results"][0]
    student = (await client.get(LIST, headers=auth["student"])).json()["results"][0]
    assert (teacher["lecture_count"], student["lecture_count"]) == (2, 1)


async def test_delete_removes_content_and_lecture_pictures(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers
) -> None:
    topic = await add_topic(container, world)
    response = await client.post(
        "/courses/lectures/",
        data={"topic": str(topic), "name": "Pic", "price": "10", "available_days": "5"},
        files={"picture": ("pic.png", PNG, "image/png")},
        headers=auth["teacher"],
    )
    assert response.status_code == 201, response.text
    picture = response.json()["picture"]
    assert (await client.get(picture)).status_code == 200
    response = await client.delete(detail(topic), headers=auth["teacher"])
    assert response.status_code == 204
    assert (await client.get(picture)).status_code == 404
    assert (await client.get(detail(topic), headers=auth["teacher"])).status_code == 404
    assert (await client.get("/courses/lectures/", headers=auth["teacher"])).json()["count"] == 0


async def test_statement_counts_do_not_grow_with_the_content(
    client: httpx.AsyncClient,
    container: Container,
    world: World,
    auth: Headers,
    count_queries: Callable[[], Any],
) -> None:
    topic = await add_topic(container, world)

    async def grow(count: int) -> None:
        for n in range(count):
            lecture = await add_lecture(container, world, topic, order=n)
            await add_video(container, world, lecture)
            await add_video(container, world, lecture)
            await add_topic(container, world)

    async def measure() -> list[int]:
        counts = []
        for path in (detail(topic), detail(topic) + "lectures/", LIST, LIST + "?all=true"):
            with count_queries() as counter:
                response = await client.get(path, headers=auth["teacher"])
            assert response.status_code == 200
            counts.append(counter.count)
        return counts

    await grow(1)
    small = await measure()
    await grow(49)
    assert await measure() == small
    body = (await client.get(detail(topic), headers=auth["teacher"])).json()
    assert len(body["lectures"]) == 50 and all(len(lecture["videos"]) == 2 for lecture in body["lectures"])
