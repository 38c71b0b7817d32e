"""/courses/lectures/ (Teacher API §4, supplement §6) on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from tests.support.catalog import (
    LECTURE_FIELDS,
    VIDEO_FIELDS,
    Headers,
    World,
    add_lecture,
    add_topic,
    add_video,
    assert_shape,
)
from tests.support.files import PNG
from tests.support.http import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED

pytestmark = pytest.mark.anyio
LIST = "/courses/lectures/"


def detail(lecture_id: int) -> str:
    return f"/courses/lectures/{lecture_id}/"


def form(**fields: Any) -> dict[str, Any]:
    """A multipart body (always multipart, even without a file); tuples are files."""
    return {
        name: value
        if isinstance(value, tuple)
        else (None, str(value).lower() if isinstance(value, bool) else str(value))
        for name, value in fields.items()
    }


@pytest.fixture
async def topic(container: Container, world: World) -> int:
    return await add_topic(container, world, name="Mechanics")


async def test_create_multipart_answers_201_with_the_lecture(
    client: httpx.AsyncClient, world: World, auth: Headers, topic: int
) -> None:
    response = await client.post(
        LIST,
        files=form(
            topic=topic,
            name="Newton",
            description="Laws",
            price="150.5",
            discount="30.5",
            available_days=30,
            picture=("cover.png", PNG, "image/png"),
        ),
        headers=auth["teacher"],
    )
    assert response.status_code == 201, response.text
    item = response.json()
    assert_shape(item, LECTURE_FIELDS)
    expected = {
        "topic": topic,
        "topic_name": "Mechanics",
        "course_name": "Physics 1",
        "teacher_name": "Ahmed Hassan",
        "name": "Newton",
        "description": "Laws",
        "price": "150.50",
        "discount": "30.50",
        "final_price": "120.00",
        "formatted_price": "120.00 EGP",
        "available_days": 30,
        "is_visible": True,
        "order": 0,
        "videos": [],
        "video_count": 0,
    }
    assert {k: item[k] for k in expected} == expected
    assert item["picture"].startswith("http://testserver/media/lectures/")
    assert (await client.get(item["picture"])).content == PNG
    assert (await client.get(detail(item["id"]), headers=auth["teacher"])).json() == item


async def test_defaults_and_free_lectures(client: httpx.AsyncClient, auth: Headers, topic: int) -> None:
    response = await client.post(
        LIST,
        files=form(topic=topic, name="Intro", price=0, available_days=1, is_visible=False),
        headers=auth["teacher"],
    )
    assert response.status_code == 201, response.text
    item = response.json()
    assert (
        item["discount"],
        item["final_price"],
        item["formatted_price"],
        item["picture"],
        item["is_visible"],
    ) == (
        "0.00",
        "0.00",
        "Free",
        None,
        False,
    )


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"price": "50", "discount": "60"}, {"discount": ["Discount cannot exceed the price."]}),
        ({"price": "-1"}, {"price": ["Ensure this value is greater than or equal to 0."]}),
        ({"price": "abc"}, {"price": ["A valid number is required."]}),
        ({"available_days": "0"}, {"available_days": ["Ensure this value is greater than or equal to 1."]}),
        ({"available_days": "366"}, {"available_days": ["Ensure this value is less than or equal to 365."]}),
        ({"topic": "99999"}, {"topic": ['Invalid pk "99999" - object does not exist.']}),
    ],
)
async def test_create_errors(
    client: httpx.AsyncClient, auth: Headers, topic: int, fields: dict[str, str], errors: dict[str, list[str]]
) -> None:
    body = {"topic": topic, "name": "L", "price": "100", "available_days": "30", **fields}
    response = await client.post(LIST, files=form(**body), headers=auth["teacher"])
    assert (response.status_code, response.json()) == (400, errors)


async def test_a_fake_picture_is_refused(client: httpx.AsyncClient, auth: Headers, topic: int) -> None:
    response = await client.post(
        LIST,
        files=form(
            topic=topic,
            name="L",
            price=1,
            available_days=1,
            picture=("cover.png", b"not an image", "image/png"),
        ),
        headers=auth["teacher"],
    )
    assert response.status_code == 400 and list(response.json()) == ["picture"]


@pytest.mark.parametrize("who", ["assistant", "other", "owner", "student"])
async def test_only_the_course_teacher_creates_and_deletes(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers, topic: int, who: str
) -> None:
    response = await client.post(
        LIST, files=form(topic=topic, name="L", price=1, available_days=1), headers=auth[who]
    )
    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    lecture = await add_lecture(container, world, topic)
    response = await client.delete(detail(lecture), headers=auth[who])
    assert (response.status_code, response.json()) == (403, FORBIDDEN)


@pytest.mark.parametrize(
    ("who", "status"), [("assistant", 200), ("other", 403), ("owner", 403), ("student", 403)]
)
async def test_update_scope(
    client: httpx.AsyncClient,
    container: Container,
    world: World,
    auth: Headers,
    topic: int,
    who: str,
    status: int,
) -> None:
    lecture = await add_lecture(container, world, topic)
    response = await client.patch(detail(lecture), json={"name": "Renamed"}, headers=auth[who])
    assert response.status_code == status, response.text
    assert response.json() == FORBIDDEN if status == 403 else response.json()["name"] == "Renamed"


async def test_anonymous_gets_401(
    client: httpx.AsyncClient, container: Container, world: World, topic: int
) -> None:
    lecture = await add_lecture(container, world, topic)
    for response in (
        await client.get(LIST),
        await client.get(detail(lecture)),
        await client.get(detail(lecture) + "videos/"),
        await client.post(LIST, files=form(topic=topic, name="L", price=1, available_days=1)),
        await client.patch(detail(lecture), json={"name": "B"}),
        await client.delete(detail(lecture)),
    ):
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


async def test_patch_json_and_multipart_and_picture_replacement(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers, topic: int
) -> None:
    lecture = await add_lecture(container, world, topic, price="100", discount="10")
    response = await client.patch(detail(lecture), json={"price": 80, "order": 2}, headers=auth["teacher"])
    assert response.status_code == 200, response.text
    assert (response.json()["price"], response.json()["final_price"], response.json()["order"]) == (
        "80.00",
        "70.00",
        2,
    )
    response = await client.patch(detail(lecture), json={"price": "5"}, headers=auth["teacher"])
    assert (response.status_code, response.json()) == (
        400,
        {"discount": ["Discount cannot exceed the price."]},
    )
    response = await client.patch(
        detail(lecture),
        files=form(is_visible=False, picture=("a.png", PNG, "image/png")),
        headers=auth["teacher"],
    )
    assert response.status_code == 200, response.text
    first = response.json()["picture"]
    assert response.json()["is_visible"] is False and (await client.get(first)).status_code == 200
    response = await client.patch(
        detail(lecture),
        data={"name": "New"},
        files={"picture": ("b.png", PNG, "image/png")},
        headers=auth["assistant"],
    )
    second = response.json()["picture"]
    assert second != first and (await client.get(first)).status_code == 404
    response = await client.patch(detail(lecture), json={"picture": None}, headers=auth["teacher"])
    assert response.json()["picture"] is None and (await client.get(second)).status_code == 404


async def test_put_requires_the_documented_fields(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers, topic: int
) -> None:
    lecture = await add_lecture(container, world, topic)
    response = await client.put(detail(lecture), json={"name": "X"}, headers=auth["teacher"])
    assert response.status_code == 400
    assert response.json() == {
        "topic": ["This field is required."],
        "price": ["This field is required."],
        "available_days": ["This field is required."],
    }
    body = {"topic": topic, "name": "X", "price": "10.00", "available_days": 9, "description": None}
    response = await client.put(detail(lecture), json=body, headers=auth["teacher"])
    assert response.status_code == 200, response.text
    assert {k: response.json()[k] for k in body} == body
    response = await client.put(detail(99999), json=body, headers=auth["teacher"])
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


async def test_videos_nested_and_bare_array_in_order(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers, topic: int
) -> None:
    lecture = await add_lecture(container, world, topic)
    late = await add_video(container, world, lecture, order=5)
    first = await add_video(container, world, lecture, order=1)
    hidden = await add_video(container, world, lecture, order=1, is_active=False)
    item = (await client.get(detail(lecture), headers=auth["teacher"])).json()
    assert [v["id"] for v in item["videos"]] == [first, hidden, late] and item["video_count"] == 3
    videos = (await client.get(detail(lecture) + "videos/", headers=auth["teacher"])).json()
    assert isinstance(videos, list) and [v["id"] for v in videos] == [first, hidden, late]
    for video in videos:
        assert_shape(video, VIDEO_FIELDS)
    student = (await client.get(detail(lecture), headers=auth["student"])).json()
    assert [v["id"] for v in student["videos"]] == [first, late] and student["video_count"] == 2
    assert all(v["video_url"] is None for v in student["videos"])
    student_videos = (await client.get(detail(lecture) + "videos/", headers=auth["student"])).json()
    assert [v["id"] for v in student_videos] == [first, late]


async def test_hidden_lectures_are_404_for_students(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers, topic: int
) -> None:
    hidden = await add_lecture(container, world, topic, is_visible=False)
    inactive_topic = await add_topic(container, world, is_active=False)
    under_inactive = await add_lecture(container, world, inactive_topic)
    for lecture in (hidden, under_inactive):
        for path in (detail(lecture), detail(lecture) + "videos/"):
            response = await client.get(path, headers=auth["student"])
            assert (response.status_code, response.json()) == (404, NOT_FOUND)
        assert (await client.get(detail(lecture), headers=auth["assistant"])).status_code == 200
    assert (await client.get(LIST, headers=auth["student"])).json()["count"] == 0
    assert (await client.get(LIST, headers=auth["other"])).json()["count"] == 0
    assert (await client.get(LIST, headers=auth["owner"])).json()["count"] == 2


async def test_filters_search_and_ordering(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers, topic: int
) -> None:
    waves = await add_topic(container, world, name="Waves")
    cheap = await add_lecture(container, world, topic, name="cheap", price="10", order=2)
    dear = await add_lecture(
        container, world, topic, name="dear", price="300", order=1, description="Big_one"
    )
    hidden = await add_lecture(
        container, world, waves, name="b hidden", price="50", order=0, is_visible=False
    )

    async def ids(query: str) -> list[int]:
        response = await client.get(LIST + query, headers=auth["teacher"])
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["results"]]

    assert await ids("") == [hidden, dear, cheap]
    assert await ids(f"?topic={topic}") == [dear, cheap]
    assert await ids("?is_visible=false") == [hidden]
    assert await ids("?search=waves") == [hidden]
    assert await ids("?search=BIG_") == [dear]
    assert await ids("?search=_") == [dear]
    assert await ids("?ordering=price") == [cheap, hidden, dear]
    assert await ids("?ordering=-price") == [dear, hidden, cheap]
    assert await ids("?ordering=name") == [hidden, cheap, dear]
    assert await ids("?ordering=-created_at") == [hidden, dear, cheap]
    response = await client.get(LIST + "?topic=abc", headers=auth["teacher"])
    assert (response.status_code, response.json()) == (400, {"topic": ["A valid integer is required."]})
    for item in (await client.get(LIST, headers=auth["teacher"])).json()["results"]:
        assert_shape(item, LECTURE_FIELDS)


async def test_delete_removes_videos_and_the_picture(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers, topic: int
) -> None:
    response = await client.post(
        LIST,
        files=form(topic=topic, name="L", price=1, available_days=1, picture=("c.png", PNG, "image/png")),
        headers=auth["teacher"],
    )
    item = response.json()
    await add_video(container, world, item["id"])
    response = await client.delete(detail(item["id"]), headers=auth["teacher"])
    assert response.status_code == 204
    assert (await client.get(item["picture"])).status_code == 404
    assert (await client.get("/courses/videos/", headers=auth["teacher"])).json()["count"] == 0
    assert (await client.delete(detail(item["id"]), headers=auth["teacher"])).status_code == 404


async def test_statement_counts_do_not_grow_with_the_content(
    client: httpx.AsyncClient,
    container: Container,
    world: World,
    auth: Headers,
    topic: int,
    count_queries: Callable[[], Any],
) -> None:
    lecture = await add_lecture(container, world, topic)

    async def grow(count: int) -> None:
        for n in range(count):
            await add_video(container, world, lecture, order=n)
            other = await add_lecture(container, world, topic)
            await add_video(container, world, other)

    async def measure() -> list[int]:
        counts = []
        for path in (detail(lecture), detail(lecture) + "videos/", LIST, LIST + "?all=true"):
            with count_queries() as counter:
                response = await client.get(path, headers=auth["teacher"])
            assert response.status_code == 200
            counts.append(counter.count)
        return counts

    await grow(1)
    small = await measure()
    await grow(49)
    assert await measure() == small
    assert len((await client.get(detail(lecture), headers=auth["teacher"])).json()["videos"]) == 50
