"""A body with several wrong or missing fields gets all of its field errors in one answer, and nothing is
written: topics and videos (JSON), lectures (multipart on create, multipart or JSON on update) and courses
(multipart), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from edutrack.settings import Settings
from tests.support.catalog import YOUTUBE, Headers, World, add_lecture, add_topic
from tests.support.files import PNG

pytestmark = pytest.mark.anyio
TOPICS, LECTURES, VIDEOS, COURSES = "/courses/topics/", "/courses/lectures/", "/courses/videos/", "/courses/"
REQUIRED = ["This field is required."]
BLANK = ["This field may not be blank."]
INTEGER = ["A valid integer is required."]
NOT_AN_IMAGE = ["Upload a valid image. The file you uploaded was either not an image or a corrupted image."]


def form(**fields: Any) -> dict[str, Any]:
    """A multipart body (always multipart, even without a file); tuples are files."""
    return {name: value if isinstance(value, tuple) else (None, str(value)) for name, value in fields.items()}


async def count(client: httpx.AsyncClient, auth: Headers, path: str) -> int:
    response = await client.get(path, headers=auth["owner"])
    assert response.status_code == 200, response.text
    return int(response.json()["count"])


async def test_topic_bodies(client: httpx.AsyncClient, world: World, auth: Headers) -> None:
    teacher = auth["teacher"]
    for body, errors in (
        ({}, {"course": REQUIRED, "name": REQUIRED}),
        (
            {"course": "x", "name": 5, "order": -1, "is_active": "yes"},
            {
                "course": INTEGER,
                "name": ["Not a valid string."],
                "order": ["Ensure this value is greater than or equal to 0."],
                "is_active": ["Must be a valid boolean."],
            },
        ),
        ({"course": world.course, "name": "  "}, {"name": BLANK}),
    ):
        response = await client.post(TOPICS, json=body, headers=teacher)
        assert (response.status_code, response.json()) == (400, errors)
    assert await count(client, auth, TOPICS) == 0


async def test_topic_updates(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers
) -> None:
    topic = await add_topic(container, world, name="Kept")
    path = f"{TOPICS}{topic}/"
    response = await client.put(path, json={"name": " "}, headers=auth["teacher"])
    assert (response.status_code, response.json()) == (400, {"course": REQUIRED, "name": BLANK})
    response = await client.patch(path, json={"course": 0, "order": "x"}, headers=auth["assistant"])
    assert (response.status_code, response.json()) == (
        400,
        {"course": ["Ensure this value is greater than or equal to 1."], "order": INTEGER},
    )
    assert (await client.get(path, headers=auth["teacher"])).json()["name"] == "Kept"


async def test_lecture_bodies(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers
) -> None:
    teacher = auth["teacher"]
    topic = await add_topic(container, world)
    for fields, errors in (
        ({"other": "1"}, {name: REQUIRED for name in ("topic", "name", "price", "available_days")}),
        (
            {"topic": "a", "name": "L", "price": "1", "available_days": "0", "is_visible": "maybe"},
            {
                "topic": INTEGER,
                "available_days": ["Ensure this value is greater than or equal to 1."],
                "is_visible": ["Must be a valid boolean."],
            },
        ),
        (
            {
                "topic": topic,
                "name": " ",
                "price": "abc",
                "available_days": "1",
                "discount": "-1",
                "picture": ("c.png", b"not an image", "image/png"),
            },
            {
                "name": BLANK,
                "price": ["A valid number is required."],
                "discount": ["Ensure this value is greater than or equal to 0."],
                "picture": NOT_AN_IMAGE,
            },
        ),
    ):
        response = await client.post(LECTURES, files=form(**fields), headers=teacher)
        assert (response.status_code, response.json()) == (400, errors)
    assert await count(client, auth, LECTURES) == 0
    response = await client.post(
        LECTURES,
        files=form(topic=topic, name="L", price="1", available_days="1", picture=""),
        headers=teacher,
    )
    assert response.status_code == 201 and response.json()["picture"] is None  # an empty part is no file


async def test_lecture_updates(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers, settings: Settings
) -> None:
    topic = await add_topic(container, world)
    lecture = await add_lecture(container, world, topic, name="Kept")
    path = f"{LECTURES}{lecture}/"
    response = await client.put(path, files=form(name=" ", price="-1"), headers=auth["teacher"])
    assert (response.status_code, response.json()) == (
        400,
        {
            "topic": REQUIRED,
            "name": BLANK,
            "price": ["Ensure this value is greater than or equal to 0."],
            "available_days": REQUIRED,
        },
    )
    response = await client.patch(path, json={"picture": "x", "discount": "1.001"}, headers=auth["teacher"])
    assert (response.status_code, response.json()) == (
        400,
        {
            "discount": ["Ensure that there are no more than 2 decimal places."],
            "picture": ["The submitted data was not a file. Check the encoding type on the form."],
        },
    )
    response = await client.patch(
        path, files=form(name="New", picture=("a.png", PNG, "image/png")), headers=auth["other"]
    )
    assert response.status_code == 403
    item = (await client.get(path, headers=auth["teacher"])).json()
    assert (item["name"], item["price"], item["picture"]) == ("Kept", "100.00", None)
    assert not [path for path in settings.media_dir.rglob("*") if path.is_file()]  # the refused file is gone


async def test_video_bodies(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers
) -> None:
    teacher = auth["teacher"]
    lecture = await add_lecture(container, world, await add_topic(container, world))
    for body, errors in (
        ({}, {name: REQUIRED for name in ("lecture", "name", "platform", "video_url")}),
        (
            {"lecture": "x", "platform": "youtube", "video_url": YOUTUBE, "duration_minutes": -1},
            {
                "lecture": INTEGER,
                "name": REQUIRED,
                "duration_minutes": ["Ensure this value is greater than or equal to 0."],
            },
        ),
        (
            {"lecture": lecture, "name": " ", "platform": "vimeo", "video_url": " "},
            {"name": BLANK, "platform": ['"vimeo" is not a valid choice.'], "video_url": BLANK},
        ),
    ):
        response = await client.post(VIDEOS, json=body, headers=teacher)
        assert (response.status_code, response.json()) == (400, errors)
    response = await client.put(f"{VIDEOS}999/", json={"platform": "x"}, headers=teacher)
    assert (response.status_code, response.json()) == (
        400,
        {
            "lecture": REQUIRED,
            "name": REQUIRED,
            "platform": ['"x" is not a valid choice.'],
            "video_url": REQUIRED,
        },
    )
    assert await count(client, auth, VIDEOS) == 0


async def test_course_bodies(client: httpx.AsyncClient, world: World, auth: Headers) -> None:
    owner = auth["owner"]
    before = await count(client, auth, COURSES)
    for fields, errors in (
        ({"other": "1"}, {"name": REQUIRED, "teacher": REQUIRED, "grade": REQUIRED}),
        ({"name": "A", "teacher": "a", "grade": "b"}, {"teacher": INTEGER, "grade": INTEGER}),
        (
            {
                "name": " ",
                "teacher": world.teacher.actor.teacher_id,
                "grade": world.grade,
                "description": "x" * 10_001,
                "cover_picture": ("c.png", b"not an image", "image/png"),
            },
            {
                "name": BLANK,
                "description": ["Ensure this field has no more than 10000 characters."],
                "cover_picture": NOT_AN_IMAGE,
            },
        ),
    ):
        response = await client.post(COURSES, files=form(**fields), headers=owner)
        assert (response.status_code, response.json()) == (400, errors)
    response = await client.patch(
        f"{COURSES}{world.course}/", json={"name": "  ", "cover_picture": "x"}, headers=owner
    )
    assert (response.status_code, response.json()) == (
        400,
        {
            "name": BLANK,
            "cover_picture": ["The submitted data was not a file. Check the encoding type on the form."],
        },
    )
    assert await count(client, auth, COURSES) == before
    assert (await client.get(f"{COURSES}{world.course}/", headers=owner)).json()["name"] == "Physics 1"
