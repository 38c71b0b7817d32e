"""Courses over HTTP (SiteOwner §3, Teacher §2, API_SUPPLEMENT §5), on SQLite and PostgreSQL: the writes
(the reads: test_courses_reads_api.py; the shared helpers: tests/support/courses.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from edutrack.settings import Settings
from tests.support.courses import (
    COURSE_FIELDS,
    LIST,
    People,
    add_content,
    add_teacher,
    assert_shape,
    build_people,
    detail,
    enroll,
)
from tests.support.files import JPEG, PNG
from tests.support.http import (
    FORBIDDEN,
    NOT_FOUND,
    UNAUTHENTICATED,
    Headers,
    HeadersFor,
    MakeUser,
    form,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
async def people(
    container: Container, make_user: MakeUser, headers_for: HeadersFor, owner_headers: Headers
) -> People:
    return await build_people(container, make_user, headers_for, owner_headers)


async def create(client: httpx.AsyncClient, people: People, **fields: Any) -> dict[str, Any]:
    body = {"name": "Algebra", "teacher": people.world.teacher, "grade": people.world.first, **fields}
    response = await client.post(LIST, files=form(**body), headers=people.headers["owner"])
    assert response.status_code == 201, response.text
    return response.json()


def media_file(settings: Settings, url: str) -> Path:
    return settings.media_dir / "public" / url.split("/media/", 1)[1]


# --- create -----------------------------------------------------------------------------------------


async def test_create_answers_the_documented_course(
    client: httpx.AsyncClient, people: People, settings: Settings
) -> None:
    world = people.world
    item = await create(
        client, people, description="Equations", cover_picture=("c.png", PNG, "image/png"), is_active="false"
    )
    assert_shape(item, COURSE_FIELDS)
    assert {
        k: v for k, v in item.items() if k not in ("id", "cover_picture", "created_at", "updated_at")
    } == {
        "name": "Algebra",
        "teacher": world.teacher,
        "teacher_id": world.teacher,
        "teacher_name": "Ahmed Hassan",
        "grade": world.first,
        "grade_name": "First Secondary",
        "subject": world.math,
        "subject_name": "Math",
        "description": "Equations",
        "is_active": False,
        "topics": [],
        "topic_count": 0,
        "total_lectures": 0,
        "total_videos": 0,
    }
    assert item["cover_picture"].startswith("http://testserver/media/courses/")
    assert (await client.get(item["cover_picture"])).content == PNG
    assert media_file(settings, item["cover_picture"]).exists()
    assert (await client.get(detail(item["id"]), headers=people.headers["owner"])).json() == item
    plain = await create(client, people, name="Geometry")
    assert (plain["description"], plain["cover_picture"], plain["is_active"]) == (None, None, True)


async def test_create_errors_use_the_documented_bodies(
    client: httpx.AsyncClient, people: People, container: Container
) -> None:
    world = people.world
    owner = people.headers["owner"]

    async def post(**fields: Any) -> httpx.Response:
        body = {"name": "Algebra", "teacher": world.teacher, "grade": world.first, **fields}
        return await client.post(LIST, files=form(**body), headers=owner)

    third = (await client.post("/academics/grades/", json={"name": "Third Secondary"}, headers=owner)).json()
    response = await post(grade=third["id"])
    assert response.status_code == 400
    assert response.json() == {"grade": ["Teacher Ahmed Hassan does not teach grade Third Secondary."]}
    await create(client, people)
    response = await post()
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["A course with this Teacher, Grade, and Name already exists."]
    }
    response = await post(teacher=99, grade=98)
    assert response.status_code == 400
    assert response.json() == {
        "teacher": ['Invalid pk "99" - object does not exist.'],
        "grade": ['Invalid pk "98" - object does not exist.'],
    }
    bare, _ = await add_teacher(container, "bare", "Bare Teacher", None, [world.first])
    response = await post(teacher=bare)
    assert response.status_code == 400
    assert response.json() == {
        "teacher": ["Teacher Bare Teacher has no subject; assign one before creating a course."]
    }
    response = await post(name="Other", cover_picture=("c.png", b"not an image", "image/png"))
    assert response.status_code == 400 and list(response.json()) == ["cover_picture"]
    response = await client.post(LIST, files=form(name="X"), headers=owner)
    assert response.status_code == 400


async def test_only_the_site_owner_writes(client: httpx.AsyncClient, people: People) -> None:
    course = await create(client, people)
    body = form(name="X", teacher=people.world.teacher, grade=people.world.first)
    for who in ("teacher", "assistant", "other", "student"):
        headers = people.headers[who]
        assert (await client.post(LIST, files=body, headers=headers)).json() == FORBIDDEN
        response = await client.patch(detail(course["id"]), json={"name": "X"}, headers=headers)
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
        response = await client.delete(detail(course["id"]), headers=headers)
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
    for method, url in (("POST", LIST), ("PATCH", detail(course["id"])), ("DELETE", detail(course["id"]))):
        response = await client.request(method, url)
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


# --- update -----------------------------------------------------------------------------------------


async def test_patch_multipart_and_json(
    client: httpx.AsyncClient, people: People, settings: Settings
) -> None:
    owner = people.headers["owner"]
    course = await create(client, people, description="Basics", cover_picture=("c.png", PNG, "image/png"))
    old_file = media_file(settings, course["cover_picture"])
    response = await client.patch(
        detail(course["id"]),
        files=form(
            name="Algebra II",
            teacher=people.world.teacher,  # the stored values are accepted
            grade=people.world.first,
            is_active="false",
            cover_picture=("n.jpg", JPEG, "image/jpeg"),
        ),
        headers=owner,
    )
    assert response.status_code == 200, response.text
    item = response.json()
    assert_shape(item, COURSE_FIELDS)
    assert (item["name"], item["description"], item["is_active"]) == ("Algebra II", "Basics", False)
    assert item["cover_picture"] != course["cover_picture"] and item["cover_picture"].endswith(".jpg")
    assert not old_file.exists() and media_file(settings, item["cover_picture"]).exists()
    response = await client.patch(
        detail(course["id"]), json={"cover_picture": None, "description": None}, headers=owner
    )
    assert response.status_code == 200
    assert (response.json()["cover_picture"], response.json()["description"]) == (None, None)
    assert not media_file(settings, item["cover_picture"]).exists()


async def test_patch_errors(client: httpx.AsyncClient, people: People) -> None:
    owner = people.headers["owner"]
    course = await create(client, people)
    await create(client, people, name="Geometry")
    response = await client.patch(detail(course["id"]), json={"teacher": people.world.other}, headers=owner)
    assert (response.status_code, response.json()) == (
        400,
        {"teacher": ["Cannot change the teacher of an existing course."]},
    )
    response = await client.patch(detail(course["id"]), files=form(grade=people.world.second), headers=owner)
    assert (response.status_code, response.json()) == (
        400,
        {"grade": ["Cannot change the grade of an existing course."]},
    )
    response = await client.patch(detail(course["id"]), json={"name": "Geometry"}, headers=owner)
    assert response.json() == {
        "non_field_errors": ["A course with this Teacher, Grade, and Name already exists."]
    }
    response = await client.patch(detail(999), json={"name": "X"}, headers=owner)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


# --- delete -----------------------------------------------------------------------------------------


async def test_delete_refuses_a_course_with_students(
    client: httpx.AsyncClient, people: People, container: Container
) -> None:
    course = await create(client, people)
    await enroll(container, course["id"], "approved")
    response = await client.delete(detail(course["id"]), headers=people.headers["owner"])
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Cannot delete a course that has students enrolled in it."},
    )
    assert (await client.get(detail(course["id"]), headers=people.headers["owner"])).status_code == 200


async def test_delete_cascades_and_removes_the_files_afterwards(
    client: httpx.AsyncClient, people: People, container: Container, settings: Settings
) -> None:
    owner = people.headers["owner"]
    course = await create(client, people, cover_picture=("c.png", PNG, "image/png"))
    picture = settings.media_dir / "public" / "lectures" / "p-0-0"
    material = settings.media_dir / "private" / "materials" / "m-0-0"
    for path in (picture, material):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    await add_content(container, course["id"], picture="lectures/p", material="materials/m")
    response = await client.delete(detail(course["id"]), headers=owner)
    assert response.status_code == 204 and response.content == b""
    assert not media_file(settings, course["cover_picture"]).exists()
    assert not picture.exists() and not material.exists()
    assert (await client.get(detail(course["id"]), headers=owner)).status_code == 404
    assert (await client.delete(detail(course["id"]), headers=owner)).json() == NOT_FOUND
