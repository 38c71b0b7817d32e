"""Reading courses over HTTP (API_SUPPLEMENT §5, Teacher §2): the detail, who sees what, the list's filters,
my courses and statement counts, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.actor import Role
from tests.support.courses import (
    COURSE_FIELDS,
    LECTURE_FIELDS,
    LIST,
    MINE,
    MY_COURSE_FIELDS,
    TOPIC_FIELDS,
    VIDEO_FIELDS,
    People,
    add_content,
    add_course,
    assert_shape,
    build_people,
    detail,
)
from tests.support.http import (
    FORBIDDEN,
    NOT_FOUND,
    OWNER_PASSWORD,
    UNAUTHENTICATED,
    Headers,
    HeadersFor,
    MakeUser,
    StatementCounter,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
async def people(
    container: Container, make_user: MakeUser, headers_for: HeadersFor, owner_headers: Headers
) -> People:
    return await build_people(container, make_user, headers_for, owner_headers)


# --- reads ------------------------------------------------------------------------------------------


async def test_detail_nests_topics_lectures_and_videos(
    client: httpx.AsyncClient, people: People, container: Container
) -> None:
    world = people.world
    course_id = await add_course(container, world, "Algebra")
    content = await add_content(container, course_id, topics=2, lectures=2, videos=2)
    await add_content(container, course_id, topic_active=False)
    owner = (await client.get(detail(course_id), headers=people.headers["owner"])).json()
    assert_shape(owner, COURSE_FIELDS)
    assert (owner["topic_count"], owner["total_lectures"], owner["total_videos"]) == (3, 5, 9)
    topic = owner["topics"][0]
    assert_shape(topic, TOPIC_FIELDS)
    assert (topic["id"], topic["course"], topic["course_name"]) == (content.topics[1], course_id, "Algebra")
    lecture = topic["lectures"][0]
    assert_shape(lecture, LECTURE_FIELDS)
    assert (lecture["id"], lecture["teacher_name"], lecture["final_price"]) == (
        content.lectures[3],
        "Ahmed Hassan",
        "80.00",
    )
    assert [v["id"] for v in lecture["videos"]] == [content.videos[7], content.videos[6]]
    assert_shape(lecture["videos"][0], VIDEO_FIELDS)
    student = (await client.get(detail(course_id), headers=people.headers["student"])).json()
    assert (student["topic_count"], student["total_lectures"], student["total_videos"]) == (2, 4, 8)
    assert [t["id"] for t in student["topics"]] == [content.topics[1], content.topics[0]]
    assert student["topics"][0]["lectures"][0]["videos"][0]["video_url"] is None


async def test_visibility_matrix(client: httpx.AsyncClient, people: People, container: Container) -> None:
    world = people.world
    active = await add_course(container, world, "Algebra")
    hidden = await add_course(container, world, "Draft", is_active=False)
    other_hidden = await add_course(container, world, "Other draft", teacher=world.other, is_active=False)
    expected = {
        "owner": [other_hidden, hidden, active],
        "teacher": [hidden, active],
        "assistant": [hidden, active],
        "other": [other_hidden, active],
        "student": [active],
    }
    for who, ids in expected.items():
        response = await client.get(LIST, headers=people.headers[who])
        assert response.status_code == 200
        page = response.json()
        assert set(page) == {"count", "next", "previous", "results"}
        assert page["count"] == len(ids) and [c["id"] for c in page["results"]] == ids, who
        for item in page["results"]:
            assert_shape(item, COURSE_FIELDS)
    for who, course_id, status in (
        ("student", hidden, 404),
        ("other", hidden, 404),
        ("teacher", other_hidden, 404),
        ("assistant", hidden, 200),
        ("teacher", hidden, 200),
        ("owner", other_hidden, 200),
        ("student", active, 200),
    ):
        response = await client.get(detail(course_id), headers=people.headers[who])
        assert response.status_code == status, (who, course_id)
        if status == 404:
            assert response.json() == NOT_FOUND
    for url in (LIST, detail(active), MINE):
        response = await client.get(url)
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


async def test_list_filters_search_and_pages(
    client: httpx.AsyncClient, people: People, container: Container
) -> None:
    world = people.world
    owner = people.headers["owner"]
    algebra = await add_course(container, world, "Algebra", description="Equations 50%")
    geometry = await add_course(container, world, "Geometry", grade=world.second)
    statistics = await add_course(container, world, "Statistics", teacher=world.other)

    async def ids(query: str) -> list[int]:
        response = await client.get(LIST + query, headers=owner)
        assert response.status_code == 200, response.text
        return [c["id"] for c in response.json()["results"]]

    assert await ids(f"?teacher={world.other}") == [statistics]
    assert await ids(f"?grade={world.second}") == [geometry]
    assert await ids(f"?subject={world.math}") == [statistics, geometry, algebra]
    assert await ids("?search=EQUATIONS") == [algebra]
    assert await ids("?search=50%25") == [algebra]
    assert await ids("?search=geo") == [geometry]
    page = (await client.get(LIST + "?page_size=2", headers=owner)).json()
    assert page["count"] == 3 and page["next"] == "http://testserver/courses/?page_size=2&page=2"
    assert (await client.get(LIST + "?all=true", headers=owner)).json().keys() == {"count", "results"}
    response = await client.get(LIST + "?teacher=abc", headers=owner)
    assert (response.status_code, response.json()) == (400, {"teacher": ["A valid integer is required."]})


async def test_my_courses(
    client: httpx.AsyncClient,
    people: People,
    container: Container,
    make_user: MakeUser,
    headers_for: HeadersFor,
) -> None:
    world = people.world
    hidden = await add_course(container, world, "Draft", is_active=False, cover="courses/x.png")
    await add_content(container, hidden, topics=2, topic_active=False)
    await add_course(container, world, "Statistics", teacher=world.other)
    response = await client.get(MINE, headers=people.headers["teacher"])
    assert response.status_code == 200
    page = response.json()
    assert page["count"] == 1 and page["previous"] is None and page["next"] is None
    item = page["results"][0]
    assert_shape(item, MY_COURSE_FIELDS)
    assert {k: v for k, v in item.items() if k != "created_at"} == {
        "id": hidden,
        "name": "Draft",
        "teacher": world.teacher,
        "teacher_name": "Ahmed Hassan",
        "grade": world.first,
        "grade_name": "First Secondary",
        "subject": world.math,
        "subject_name": "Math",
        "description": None,
        "cover_picture": "http://testserver/media/courses/x.png",
        "is_active": False,
        "topic_count": 2,
    }
    for who in ("assistant", "student", "owner"):
        response = await client.get(MINE, headers=people.headers[who])
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
    await make_user(Role.TEACHER, "profileless")
    response = await client.get(MINE, headers=await headers_for("profileless", OWNER_PASSWORD))
    assert (response.status_code, response.json()) == (404, {"detail": "Teacher profile not found."})


# --- statement counts -------------------------------------------------------------------------------

# the app's own statements per request, the principal's read included (issue 16's budgets): a detail nests
# topics, lectures and videos; a list's items nest them too
DETAIL_BUDGET = 5
LIST_BUDGET = 4


async def test_the_list_costs_the_same_for_1_or_50_courses(
    client: httpx.AsyncClient,
    people: People,
    container: Container,
    count_queries: Callable[[], AbstractContextManager[StatementCounter]],
) -> None:
    headers = people.headers["student"]
    first = await add_course(container, people.world, "Course 0")
    await add_content(container, first)

    async def cost(url: str, who: str = "student") -> int:
        with count_queries() as counter:
            response = await client.get(url, headers=people.headers[who])
        assert response.status_code == 200
        return counter.count

    one, mine_one = await cost(LIST), await cost(MINE, "teacher")
    for n in range(1, 50):
        course_id = await add_course(container, people.world, f"Course {n}")
        await add_content(container, course_id)
    assert (await client.get(LIST, headers=headers)).json()["count"] == 50
    assert (await client.get(MINE, headers=people.headers["teacher"])).json()["count"] == 50
    assert await cost(LIST) == one
    assert await cost(MINE, "teacher") == mine_one


async def test_the_list_and_the_detail_keep_within_their_statement_budgets(
    client: httpx.AsyncClient,
    people: People,
    container: Container,
    count_queries: Callable[[], AbstractContextManager[StatementCounter]],
) -> None:
    for n in range(12):
        course_id = await add_course(container, people.world, f"Course {n}")
        await add_content(container, course_id, topics=2, lectures=2, videos=2)

    async def cost(url: str, who: str) -> int:
        with count_queries() as counter:
            response = await client.get(url, headers=people.headers[who])
        assert response.status_code == 200, (url, response.text)
        return counter.count

    for who in ("student", "owner", "teacher"):
        for size in (1, 10, 50):
            assert await cost(f"{LIST}?page_size={size}", who) <= LIST_BUDGET, (who, size)
        assert await cost(f"{LIST}?page_size=5&page=3", who) <= LIST_BUDGET, who
        assert await cost(detail(course_id), who) <= DETAIL_BUDGET, who


async def test_the_lists_total_comes_with_its_page(
    client: httpx.AsyncClient, people: People, container: Container
) -> None:
    for n in range(12):
        await add_course(container, people.world, f"Course {n}")
    headers = people.headers["student"]

    async def page(query: str) -> tuple[int, dict[str, Any]]:
        response = await client.get(LIST + query, headers=headers)
        return response.status_code, response.json()

    async def names(query: str) -> tuple[int, int, list[str]]:
        status, body = await page(query)
        return status, body["count"], [course["name"] for course in body["results"]]

    status, body = await page("?page_size=5&page=3")
    assert (status, body["count"], len(body["results"]), body["next"]) == (200, 12, 2, None)
    assert await page("?page_size=5&page=4") == (404, {"detail": "Invalid page."})
    assert await names("?page_size=5&page=last") == (200, 12, ["Course 1", "Course 0"])
    assert await page("?search=nothing-like-it") == (
        200,
        {"count": 0, "next": None, "previous": None, "results": []},
    )
    assert await names("?search=COURSE%201&page_size=2") == (200, 3, ["Course 11", "Course 10"])


async def test_the_detail_costs_the_same_for_1_or_50_children(
    client: httpx.AsyncClient,
    people: People,
    container: Container,
    count_queries: Callable[[], AbstractContextManager[StatementCounter]],
) -> None:
    headers = people.headers["owner"]
    small = await add_course(container, people.world, "Small")
    await add_content(container, small)
    big = await add_course(container, people.world, "Big")
    await add_content(container, big, topics=50, lectures=1, videos=1)
    await add_content(container, big, topics=1, lectures=50, videos=1)
    await add_content(container, big, topics=1, lectures=1, videos=50)

    async def cost(course_id: int) -> tuple[int, dict[str, Any]]:
        with count_queries() as counter:
            response = await client.get(detail(course_id), headers=headers)
        assert response.status_code == 200
        return counter.count, response.json()

    small_cost, _ = await cost(small)
    big_cost, body = await cost(big)
    assert (body["topic_count"], body["total_lectures"], body["total_videos"]) == (52, 101, 150)
    assert big_cost == small_cost <= DETAIL_BUDGET
