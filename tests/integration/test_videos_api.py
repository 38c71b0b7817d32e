"""/courses/videos/ (Teacher API §5) on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from tests.support.catalog import (
    VIDEO_FIELDS,
    Headers,
    World,
    add_lecture,
    add_topic,
    add_video,
    assert_shape,
)
from tests.support.http import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED

pytestmark = pytest.mark.anyio
LIST = "/courses/videos/"
BUNNY = "https://vz-abc.b-cdn.net/1/playlist.m3u8"


def detail(video_id: int) -> str:
    return f"/courses/videos/{video_id}/"


@pytest.fixture
async def lecture(container: Container, world: World) -> int:
    return await add_lecture(container, world, await add_topic(container, world))


async def test_create_answers_201_with_the_video(
    client: httpx.AsyncClient, auth: Headers, lecture: int
) -> None:
    body = {
        "lecture": lecture,
        "name": "Part 1",
        "platform": "bunnystream",
        "video_url": BUNNY,
        "order": 2,
        "duration_minutes": 65,
    }
    response = await client.post(LIST, json=body, headers=auth["teacher"])
    assert response.status_code == 201, response.text
    item = response.json()
    assert_shape(item, VIDEO_FIELDS)
    assert {k: item[k] for k in body} == body
    assert (item["platform_display"], item["duration_display"], item["is_active"]) == (
        "Bunny Stream",
        "1h 05m",
        True,
    )
    assert (await client.get(detail(item["id"]), headers=auth["assistant"])).json() == item
    response = await client.post(
        LIST,
        json={"lecture": lecture, "name": "Short", "platform": "youtube", "video_url": "https://youtu.be/x"},
        headers=auth["teacher"],
    )
    item = response.json()
    assert (item["platform_display"], item["duration_minutes"], item["duration_display"], item["order"]) == (
        "YouTube",
        None,
        None,
        0,
    )


@pytest.mark.parametrize(
    ("platform", "url", "message"),
    [
        ("youtube", "https://vimeo.com/1", "YouTube URL must contain 'youtube.com' or 'youtu.be'."),
        ("bunnystream", "https://youtu.be/1", "Bunny Stream URL must contain 'bunnycdn' or 'b-cdn.net'."),
        ("vdocipher", "http://player.vdocipher.com/1", "VDO Cipher URL must be a valid HTTPS URL."),
    ],
)
async def test_documented_url_errors(
    client: httpx.AsyncClient, auth: Headers, lecture: int, platform: str, url: str, message: str
) -> None:
    body = {"lecture": lecture, "name": "V", "platform": platform, "video_url": url}
    response = await client.post(LIST, json=body, headers=auth["teacher"])
    assert (response.status_code, response.json()) == (400, {"video_url": [message]})


async def test_other_field_errors(client: httpx.AsyncClient, auth: Headers, lecture: int) -> None:
    body = {"lecture": lecture, "name": "V", "platform": "vimeo", "video_url": "https://vimeo.com/1"}
    response = await client.post(LIST, json=body, headers=auth["teacher"])
    assert (response.status_code, response.json()) == (400, {"platform": ['"vimeo" is not a valid choice.']})
    body = {"lecture": 99999, "name": "V", "platform": "youtube", "video_url": "https://youtu.be/1"}
    response = await client.post(LIST, json=body, headers=auth["teacher"])
    assert (response.status_code, response.json()) == (
        400,
        {"lecture": ['Invalid pk "99999" - object does not exist.']},
    )
    body = {
        "lecture": lecture,
        "name": "V",
        "platform": "youtube",
        "video_url": "https://youtu.be/1",
        "duration_minutes": -5,
    }
    response = await client.post(LIST, json=body, headers=auth["teacher"])
    assert (response.status_code, response.json()) == (
        400,
        {"duration_minutes": ["Ensure this value is greater than or equal to 0."]},
    )


@pytest.mark.parametrize("who", ["assistant", "other", "owner", "student"])
async def test_only_the_course_teacher_creates_and_deletes(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers, lecture: int, who: str
) -> None:
    body = {"lecture": lecture, "name": "V", "platform": "youtube", "video_url": "https://youtu.be/1"}
    response = await client.post(LIST, json=body, headers=auth[who])
    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    video = await add_video(container, world, lecture)
    response = await client.delete(detail(video), headers=auth[who])
    assert (response.status_code, response.json()) == (403, FORBIDDEN)


@pytest.mark.parametrize(
    ("who", "status"), [("assistant", 200), ("other", 403), ("owner", 403), ("student", 403)]
)
async def test_update_scope(
    client: httpx.AsyncClient,
    container: Container,
    world: World,
    auth: Headers,
    lecture: int,
    who: str,
    status: int,
) -> None:
    video = await add_video(container, world, lecture)
    response = await client.patch(detail(video), json={"duration_minutes": 45}, headers=auth[who])
    assert response.status_code == status, response.text
    assert response.json() == FORBIDDEN if status == 403 else response.json()["duration_display"] == "45m"


async def test_anonymous_gets_401(
    client: httpx.AsyncClient, container: Container, world: World, lecture: int
) -> None:
    video = await add_video(container, world, lecture)
    for response in (
        await client.get(LIST),
        await client.get(detail(video)),
        await client.post(LIST, json={}),
        await client.put(detail(video), json={}),
        await client.delete(detail(video)),
    ):
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


async def test_put_patch_and_delete(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers, lecture: int
) -> None:
    video = await add_video(container, world, lecture)
    response = await client.put(detail(video), json={"name": "X"}, headers=auth["teacher"])
    assert response.status_code == 400
    assert set(response.json()) == {"lecture", "platform", "video_url"}
    body = {
        "lecture": lecture,
        "name": "Renamed",
        "platform": "vdocipher",
        "video_url": "https://player.vdocipher.com/v2/?otp=1",
        "order": 3,
        "duration_minutes": None,
        "is_active": False,
    }
    response = await client.put(detail(video), json=body, headers=auth["assistant"])
    assert response.status_code == 200, response.text
    assert {k: response.json()[k] for k in body} == body
    response = await client.patch(detail(video), json={"platform": "youtube"}, headers=auth["teacher"])
    assert (response.status_code, response.json()) == (
        400,
        {"video_url": ["YouTube URL must contain 'youtube.com' or 'youtu.be'."]},
    )
    assert (await client.delete(detail(video), headers=auth["teacher"])).status_code == 204
    response = await client.get(detail(video), headers=auth["teacher"])
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


async def test_students_see_active_videos_without_url(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers, lecture: int
) -> None:
    shown = await add_video(container, world, lecture)
    hidden = await add_video(container, world, lecture, is_active=False)
    hidden_lecture = await add_lecture(container, world, await add_topic(container, world), is_visible=False)
    under_hidden = await add_video(container, world, hidden_lecture)
    item = (await client.get(detail(shown), headers=auth["student"])).json()
    assert item["video_url"] is None and item["name"]
    for video in (hidden, under_hidden):
        response = await client.get(detail(video), headers=auth["student"])
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    listed = (await client.get(LIST, headers=auth["student"])).json()
    assert [v["id"] for v in listed["results"]] == [shown] and listed["results"][0]["video_url"] is None
    for who in ("teacher", "assistant", "owner"):
        listed = (await client.get(LIST, headers=auth[who])).json()
        assert listed["count"] == 3 and all(v["video_url"] for v in listed["results"])
    assert (await client.get(LIST, headers=auth["other"])).json()["count"] == 1


async def test_filters_search_and_ordering(
    client: httpx.AsyncClient, container: Container, world: World, auth: Headers, lecture: int
) -> None:
    second_lecture = await add_lecture(container, world, await add_topic(container, world))
    long = await add_video(container, world, lecture, name="Long", duration_minutes=90, order=1)
    short = await add_video(
        container,
        world,
        lecture,
        name="Short",
        duration_minutes=5,
        order=2,
        platform="bunnystream",
        video_url=BUNNY,
    )
    unknown = await add_video(container, world, second_lecture, name="Unknown", order=0, is_active=False)

    async def ids(query: str) -> list[int]:
        response = await client.get(LIST + query, headers=auth["teacher"])
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["results"]]

    assert await ids("") == [unknown, long, short]
    assert await ids(f"?lecture={lecture}") == [long, short]
    assert await ids("?platform=bunnystream") == [short]
    assert await ids("?is_active=false") == [unknown]
    assert await ids("?search=B-CDN") == [short]
    assert await ids("?search=long") == [long]
    assert await ids("?ordering=duration_minutes") == [unknown, short, long]
    assert await ids("?ordering=-duration_minutes") == [long, short, unknown]
    assert await ids("?ordering=-order") == [short, long, unknown]
    response = await client.get(LIST + "?platform=vimeo", headers=auth["teacher"])
    assert (response.status_code, response.json()) == (
        400,
        {"platform": ["Select a valid choice. vimeo is not one of the available choices."]},
    )


async def test_statement_counts_do_not_grow(
    client: httpx.AsyncClient,
    container: Container,
    world: World,
    auth: Headers,
    lecture: int,
    count_queries: Callable[[], Any],
) -> None:
    video = await add_video(container, world, lecture)

    async def measure() -> list[int]:
        counts = []
        for path in (LIST, LIST + "?all=true", detail(video)):
            with count_queries() as counter:
                assert (await client.get(path, headers=auth["student"])).status_code == 200
            counts.append(counter.count)
        return counts

    small = await measure()
    for n in range(49):
        await add_video(container, world, lecture, order=n)
    assert await measure() == small
