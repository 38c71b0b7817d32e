"""Buying a lecture opens its content (API_SUPPLEMENT §5, §9): while a student holds unexpired access,
video URLs and material file links show and the file downloads; everyone else's view is unchanged. On
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.entities.content import Platform
from edutrack.core.use_cases.lessons.commands import NewVideo
from edutrack.core.use_cases.lessons.videos import CreateVideo
from tests.support.http import HeadersFor, StatementCounter
from tests.support.money import Shop, add_lecture, approve, build_shop, fund, reopen, seed_purchase
from tests.support.people import PASSWORD

pytestmark = pytest.mark.anyio

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
URL = "https://www.youtube.com/watch?v=motion"
FORBIDDEN = {"detail": "You do not have permission to perform this action."}


@dataclass(frozen=True)
class Scene:
    shop: Shop
    video: int  # in `shop.lecture`
    free_video: int  # in `shop.free`
    material: int  # in `shop.lecture`
    student: dict[str, str]
    classmate: dict[str, str]
    teacher: dict[str, str]
    owner: dict[str, str]


@pytest.fixture
async def scene(client: httpx.AsyncClient, container: Container, headers_for: HeadersFor) -> Scene:
    shop = await build_shop(container)
    cast = shop.cast
    await approve(container, cast.student, cast.course)
    await approve(container, cast.classmate, cast.course)
    teacher = cast.teacher.actor

    async def video(lecture: int) -> int:
        data = NewVideo(lecture_id=lecture, name="Part 1", platform=Platform.YOUTUBE, video_url=URL)
        return (await container.get(CreateVideo).execute(teacher, data)).id

    headers = {m.username: await headers_for(m.username, PASSWORD) for m in (cast.student, cast.classmate)}
    teacher_headers = await headers_for(cast.teacher.username, PASSWORD)
    upload = await client.post(
        "/materials/",
        data={"lecture": str(shop.lecture), "title": "Notes"},
        files={"file": ("notes.pdf", PDF, "application/pdf")},
        headers=teacher_headers,
    )
    assert upload.status_code == 201, upload.text
    return Scene(
        shop=shop,
        video=await video(shop.lecture),
        free_video=await video(shop.free),
        material=upload.json()["id"],
        student=headers[cast.student.username],
        classmate=headers[cast.classmate.username],
        teacher=teacher_headers,
        owner=await headers_for(cast.owner.username, PASSWORD),
    )


async def video_urls(client: httpx.AsyncClient, scene: Scene, headers: dict[str, str]) -> dict[str, Any]:
    """The URL of the lecture's video as every content endpoint shows it."""
    lecture, topic, course = scene.shop.lecture, scene.shop.topic, scene.shop.cast.course

    async def get(path: str, **params: object) -> Any:
        response = await client.get(path, headers=headers, params=params)
        assert response.status_code == 200, (path, response.text)
        return response.json()

    def in_lectures(lectures: list[dict[str, Any]]) -> Any:
        (found,) = [item for item in lectures if item["id"] == lecture]
        (video,) = found["videos"]
        return video["video_url"]

    course_body = await get(f"/courses/{course}/")
    (topic_body,) = [t for t in course_body["topics"] if t["id"] == topic]
    return {
        "video": (await get(f"/courses/videos/{scene.video}/"))["video_url"],
        "videos": [v["video_url"] for v in (await get("/courses/videos/", lecture=lecture))["results"]],
        "lecture_videos": [v["video_url"] for v in await get(f"/courses/lectures/{lecture}/videos/")],
        "lecture": in_lectures([await get(f"/courses/lectures/{lecture}/")]),
        "lectures": in_lectures((await get("/courses/lectures/", topic=topic))["results"]),
        "topic": in_lectures((await get(f"/courses/topics/{topic}/"))["lectures"]),
        "course": in_lectures(topic_body["lectures"]),
    }


def everywhere(url: str | None) -> dict[str, Any]:
    return {
        "video": url,
        "videos": [url],
        "lecture_videos": [url],
        "lecture": url,
        "lectures": url,
        "topic": url,
        "course": url,
    }


async def material_views(client: httpx.AsyncClient, scene: Scene, headers: dict[str, str]) -> tuple[Any, ...]:
    listed = (await client.get("/materials/", headers=headers)).json()["results"]
    detail = (await client.get(f"/materials/{scene.material}/", headers=headers)).json()
    download = await client.get(f"/materials/{scene.material}/file/", headers=headers)
    body = download.content if download.status_code == 200 else download.json()
    return [m["file"] for m in listed], detail["file"], download.status_code, body


FILE_URL = "http://testserver/materials/{}/file/"


async def test_buying_opens_videos_and_materials(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    cast = scene.shop.cast
    closed = everywhere(None)
    assert await video_urls(client, scene, scene.student) == closed
    assert await material_views(client, scene, scene.student) == ([None], None, 403, FORBIDDEN)
    await fund(container, cast.student, cast.course, "80")
    bought = await client.post(f"/courses/lectures/{scene.shop.lecture}/purchase/", headers=scene.student)
    assert bought.status_code == 201, bought.text
    assert await video_urls(client, scene, scene.student) == everywhere(URL)
    file_url = FILE_URL.format(scene.material)
    assert await material_views(client, scene, scene.student) == ([file_url], file_url, 200, PDF)
    # the free lecture, not bought, stays closed; a classmate sees nothing new
    free = (await client.get(f"/courses/videos/{scene.free_video}/", headers=scene.student)).json()
    assert free["video_url"] is None
    assert await video_urls(client, scene, scene.classmate) == closed
    assert await material_views(client, scene, scene.classmate) == ([None], None, 403, FORBIDDEN)
    # staff see what they always saw
    for headers in (scene.teacher, scene.owner):
        assert await video_urls(client, scene, headers) == everywhere(URL)
        assert await material_views(client, scene, headers) == ([file_url], file_url, 200, PDF)


async def test_expired_access_closes_again_and_a_reopen_opens_it(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    cast = scene.shop.cast
    now = container.clock.now()
    purchase = await seed_purchase(
        container, cast.student, scene.shop.lecture, at=now - timedelta(days=30, seconds=1)
    )
    assert await video_urls(client, scene, scene.student) == everywhere(None)
    assert await material_views(client, scene, scene.student) == ([None], None, 403, FORBIDDEN)
    await reopen(container, purchase, cast.teacher, 1, now, "")
    file_url = FILE_URL.format(scene.material)
    assert await video_urls(client, scene, scene.student) == everywhere(URL)
    assert await material_views(client, scene, scene.student) == ([file_url], file_url, 200, PDF)


async def test_the_access_check_costs_a_constant_number_of_statements(
    client: httpx.AsyncClient,
    container: Container,
    scene: Scene,
    count_queries: Callable[[], AbstractContextManager[StatementCounter]],
) -> None:
    cast = scene.shop.cast
    now = container.clock.now()
    await seed_purchase(container, cast.student, scene.shop.lecture, at=now)
    path = "/courses/lectures/"
    with count_queries() as one:
        assert (await client.get(path, headers=scene.student)).status_code == 200
    with count_queries() as one_material:
        assert (await client.get("/materials/", headers=scene.student)).status_code == 200
    for n in range(10):
        lecture = await add_lecture(container, cast.teacher.actor, scene.shop.topic, f"More {n}")
        await seed_purchase(container, cast.student, lecture, at=now)
        await container.get(CreateVideo).execute(
            cast.teacher.actor,
            NewVideo(lecture_id=lecture, name="V", platform=Platform.YOUTUBE, video_url=URL),
        )
    with count_queries() as many:
        body = (await client.get(path, headers=scene.student)).json()
    assert one.count == many.count
    assert all(
        video["video_url"] == URL
        for row in body["results"]
        for video in row["videos"]
        if row["id"] != scene.shop.free
    )
    with count_queries() as many_material:
        assert (await client.get("/materials/", headers=scene.student)).status_code == 200
    assert one_material.count == many_material.count
