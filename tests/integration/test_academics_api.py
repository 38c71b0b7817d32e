"""Reference data over HTTP (§4), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from edutrack.core import messages as m
from edutrack.core.actor import Role
from tests.support.http import HeadersFor, MakeUser

pytestmark = pytest.mark.anyio

Headers = dict[str, str]
IN_USE = {"detail": "Cannot delete: it is in use."}
NOT_FOUND = {"detail": "Not found."}


async def created(
    client: httpx.AsyncClient, headers: Headers, resource: str, body: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(f"/academics/{resource}/", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


# (resource, create body, patch body, expected fields after create, after patch) for the simple kinds
SIMPLE = [
    (
        "grades",
        {"name": "First", "order": 1},
        {"order": 7},
        {"name": "First", "order": 1},
        {"name": "First", "order": 7},
    ),
    ("school-types", {"name": "Public"}, {"name": "Private"}, {"name": "Public"}, {"name": "Private"}),
    ("governorates", {"name": "Cairo"}, {"name": "Giza"}, {"name": "Cairo"}, {"name": "Giza"}),
    (
        "video-security",
        {"name": "Watermark", "price_per_student": 12.5},
        {"price_per_student": "3"},
        {"name": "Watermark", "price_per_student": "12.50"},
        {"name": "Watermark", "price_per_student": "3.00"},
    ),
]


@pytest.mark.parametrize(("resource", "body", "change", "after_create", "after_patch"), SIMPLE)
async def test_crud_of_the_simple_resources(
    client: httpx.AsyncClient,
    owner_headers: Headers,
    resource: str,
    body: dict[str, Any],
    change: dict[str, Any],
    after_create: dict[str, Any],
    after_patch: dict[str, Any],
) -> None:
    item = await created(client, owner_headers, resource, body)
    assert item == {"id": item["id"], **after_create}
    detail = f"/academics/{resource}/{item['id']}/"
    assert (await client.get(detail)).json() == item  # public, no headers
    assert (await client.get(detail.rstrip("/"))).json() == item  # no trailing slash: same answer
    listed = await client.get(f"/academics/{resource}/")
    assert listed.status_code == 200
    assert listed.json() == {"count": 1, "next": None, "previous": None, "results": [item]}
    patched = await client.patch(detail, json=change, headers=owner_headers)
    assert patched.status_code == 200, patched.text
    assert patched.json() == {"id": item["id"], **after_patch}
    deleted = await client.delete(detail, headers=owner_headers)
    assert deleted.status_code == 204 and deleted.content == b""
    assert (await client.get(detail)).json() == NOT_FOUND
    assert (await client.delete(detail, headers=owner_headers)).status_code == 404


async def test_divisions_subjects_and_areas_show_their_references(
    client: httpx.AsyncClient, owner_headers: Headers
) -> None:
    second = await created(client, owner_headers, "grades", {"name": "Second", "order": 2})
    first = await created(client, owner_headers, "grades", {"name": "First", "order": 1})
    public = await created(client, owner_headers, "school-types", {"name": "Public"})
    division = await created(
        client,
        owner_headers,
        "divisions",
        {"name": "Science", "grades": [second["id"], first["id"]], "school_types": [public["id"]]},
    )
    grades_detail = [{"id": first["id"], "name": "First"}, {"id": second["id"], "name": "Second"}]
    assert division == {
        "id": division["id"],
        "name": "Science",
        "grades": [first["id"], second["id"]],
        "school_types": [public["id"]],
        "grades_detail": grades_detail,
        "school_types_detail": [{"id": public["id"], "name": "Public"}],
    }
    subject = await created(
        client,
        owner_headers,
        "subjects",
        {"name": "Physics", "grades": [first["id"]], "divisions": [division["id"]]},
    )
    assert subject == {
        "id": subject["id"],
        "name": "Physics",
        "grades": [first["id"]],
        "grades_detail": [{"id": first["id"], "name": "First"}],
        "divisions": [division["id"]],
        "divisions_detail": [
            {
                "id": division["id"],
                "name": "Science",
                "grades": grades_detail,
                "school_types": [{"id": public["id"], "name": "Public"}],
            }
        ],
        "school_types": [],
        "school_types_detail": [],
        "grade_ids": [first["id"]],
        "division_ids": [division["id"]],
        "school_type_ids": [],
    }
    patched = await client.patch(
        f"/academics/subjects/{subject['id']}/", json={"school_types": [public["id"]]}, headers=owner_headers
    )
    assert patched.status_code == 200
    assert patched.json()["school_type_ids"] == [public["id"]]
    assert patched.json()["grade_ids"] == [first["id"]]  # untouched
    cairo = await created(client, owner_headers, "governorates", {"name": "Cairo"})
    area = await created(client, owner_headers, "areas", {"name": "Downtown", "governorate": cairo["id"]})
    assert area == {"id": area["id"], "name": "Downtown", "governorate": cairo["id"]}
    patched = await client.patch(
        f"/academics/areas/{area['id']}/", json={"name": "Zamalek"}, headers=owner_headers
    )
    assert patched.json() == {"id": area["id"], "name": "Zamalek", "governorate": cairo["id"]}


async def test_filters_by_parent_and_search(client: httpx.AsyncClient, owner_headers: Headers) -> None:
    first = await created(client, owner_headers, "grades", {"name": "First"})
    second = await created(client, owner_headers, "grades", {"name": "Second"})
    science = await created(client, owner_headers, "divisions", {"name": "Science", "grades": [first["id"]]})
    await created(client, owner_headers, "divisions", {"name": "Arts", "grades": [second["id"]]})
    math = await created(
        client, owner_headers, "subjects", {"name": "Math", "grades": [first["id"], second["id"]]}
    )
    await created(client, owner_headers, "subjects", {"name": "Arabic", "grades": [second["id"]]})
    cairo = await created(client, owner_headers, "governorates", {"name": "Cairo"})
    giza = await created(client, owner_headers, "governorates", {"name": "Giza"})
    downtown = await created(client, owner_headers, "areas", {"name": "Downtown", "governorate": cairo["id"]})
    await created(client, owner_headers, "areas", {"name": "Dokki", "governorate": giza["id"]})

    async def names(url: str) -> list[str]:
        response = await client.get(url)
        assert response.status_code == 200, response.text
        return [row["name"] for row in response.json()["results"]]

    assert await names(f"/academics/divisions/?grade={first['id']}") == [science["name"]]
    assert await names(f"/academics/subjects/?grade={first['id']}") == [math["name"]]
    assert await names(f"/academics/subjects/?grade={second['id']}") == ["Math", "Arabic"]
    assert await names(f"/academics/areas/?governorate={cairo['id']}") == [downtown["name"]]
    assert await names("/academics/areas/?search=DO") == ["Downtown", "Dokki"]
    assert await names("/academics/subjects/?search=%25") == []
    assert await names("/academics/grades/?search=sec") == ["Second"]
    bad = await client.get("/academics/areas/?governorate=abc")
    assert bad.status_code == 400 and bad.json() == {"governorate": ["A valid integer is required."]}


async def test_pagination_shape(client: httpx.AsyncClient, owner_headers: Headers) -> None:
    for index in range(3):
        await created(client, owner_headers, "governorates", {"name": f"Gov {index}"})

    def link(url: str) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}", parse_qs(parts.query)

    here = "http://testserver/academics/governorates"
    first = (await client.get("/academics/governorates/?page_size=2&search=gov")).json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    assert link(first["next"]) == (here, {"page_size": ["2"], "search": ["gov"], "page": ["2"]})
    second = (await client.get(first["next"])).json()
    assert [r["name"] for r in second["results"]] == ["Gov 2"] and second["next"] is None
    assert link(second["previous"]) == (here, {"page_size": ["2"], "search": ["gov"]})
    everything = (await client.get("/academics/governorates/?all=true")).json()
    assert everything == {"count": 3, "results": everything["results"]} and len(everything["results"]) == 3
    past = await client.get("/academics/governorates/?page=9")
    assert past.status_code == 404 and past.json() == {"detail": "Invalid page."}


async def test_writes_need_a_site_owner(
    client: httpx.AsyncClient, owner_headers: Headers, make_user: MakeUser, headers_for: HeadersFor
) -> None:
    grade = await created(client, owner_headers, "grades", {"name": "First"})
    detail = f"/academics/grades/{grade['id']}/"
    anonymous = [
        await client.post("/academics/grades/", json={"name": "X"}),
        await client.patch(detail, json={"name": "X"}),
        await client.delete(detail),
    ]
    for response in anonymous:
        assert response.status_code == 401
        assert response.json() == {"detail": "Authentication credentials were not provided."}
    await make_user(Role.TEACHER, "teacher", "Teacher-pass-1")
    teacher = await headers_for("teacher", "Teacher-pass-1")
    forbidden = [
        await client.post("/academics/grades/", json={"name": "X"}, headers=teacher),
        await client.patch(detail, json={"name": "X"}, headers=teacher),
        await client.delete(detail, headers=teacher),
    ]
    for response in forbidden:
        assert response.status_code == 403
        assert response.json() == {"detail": "You do not have permission to perform this action."}
    assert (await client.get(detail, headers=teacher)).json() == grade  # reading is fine for anyone


async def test_delete_in_use_is_refused(client: httpx.AsyncClient, owner_headers: Headers) -> None:
    grade = await created(client, owner_headers, "grades", {"name": "First"})
    division = await created(client, owner_headers, "divisions", {"name": "Science", "grades": [grade["id"]]})
    refused = await client.delete(f"/academics/grades/{grade['id']}/", headers=owner_headers)
    assert refused.status_code == 400 and refused.json() == IN_USE
    assert (await client.get(f"/academics/grades/{grade['id']}/")).status_code == 200
    assert (
        await client.delete(f"/academics/divisions/{division['id']}/", headers=owner_headers)
    ).status_code == 204
    assert (
        await client.delete(f"/academics/grades/{grade['id']}/", headers=owner_headers)
    ).status_code == 204


async def test_validation_errors(client: httpx.AsyncClient, owner_headers: Headers) -> None:
    await created(client, owner_headers, "grades", {"name": "First"})

    async def error(resource: str, body: object, method: str = "POST", item: int | None = None) -> Any:
        url = f"/academics/{resource}/" + (f"{item}/" if item else "")
        response = await client.request(method, url, json=body, headers=owner_headers)
        assert response.status_code == 400, response.text
        return response.json()

    assert await error("grades", {"name": "first"}) == {"name": ["grade with this name already exists."]}
    assert await error("grades", {"name": "  "}) == {"name": ["This field may not be blank."]}
    assert await error("grades", {"name": "x" * 101}) == {
        "name": ["Ensure this field has no more than 100 characters."]
    }
    assert await error("grades", {}) == {"name": ["This field is required."]}
    assert await error("grades", {"name": "Z", "order": "a"}) == {"order": ["A valid integer is required."]}
    assert await error("divisions", {"name": "Arts", "grades": [99]}) == {
        "grades": ['Invalid pk "99" - object does not exist.']
    }
    assert "grades" in await error("divisions", {"name": "Arts", "grades": [2**40]})
    assert await error("areas", {"name": "Downtown", "governorate": 5}) == {
        "governorate": ['Invalid pk "5" - object does not exist.']
    }
    assert await error("video-security", {"name": "W", "price_per_student": "-1"}) == {
        "price_per_student": ["Ensure this value is greater than or equal to 0."]
    }
    assert await error("video-security", {"name": "W", "price_per_student": "1.001"}) == {
        "price_per_student": ["Ensure that there are no more than 2 decimal places."]
    }


async def test_bad_ids_are_not_found(client: httpx.AsyncClient, owner_headers: Headers) -> None:
    for url in ("/academics/grades/999/", f"/academics/grades/{2**40}/", "/academics/subjects/0/"):
        assert (await client.get(url)).status_code == 404
        assert (await client.patch(url, json={"name": "X"}, headers=owner_headers)).status_code == 404
        assert (await client.delete(url, headers=owner_headers)).status_code == 404


async def test_subject_list_costs_the_same_statements_for_1_and_30_subjects(
    client: httpx.AsyncClient, owner_headers: Headers, count_queries: Callable[..., Any]
) -> None:
    grade = await created(client, owner_headers, "grades", {"name": "First"})
    public = await created(client, owner_headers, "school-types", {"name": "Public"})
    division = await created(
        client,
        owner_headers,
        "divisions",
        {"name": "Science", "grades": [grade["id"]], "school_types": [public["id"]]},
    )
    links = {"grades": [grade["id"]], "divisions": [division["id"]], "school_types": [public["id"]]}

    async def statements_for_list() -> int:
        with count_queries() as counter:
            response = await client.get("/academics/subjects/?page_size=100")
        assert response.status_code == 200
        return counter.count

    await created(client, owner_headers, "subjects", {"name": "Subject 0", **links})
    with_one = await statements_for_list()
    for index in range(1, 30):
        await created(client, owner_headers, "subjects", {"name": f"Subject {index}", **links})
    with_thirty = await statements_for_list()
    response = await client.get("/academics/subjects/?page_size=100")
    assert response.json()["count"] == 30
    assert all(
        row["divisions_detail"][0]["grades"] == [{"id": grade["id"], "name": "First"}]
        for row in response.json()["results"]
    )
    assert 0 < with_one == with_thirty


async def test_every_field_error_of_a_body_comes_at_once_and_nothing_is_written(
    client: httpx.AsyncClient, owner_headers: Headers
) -> None:
    grade = await created(client, owner_headers, "grades", {"name": "First", "order": 1})

    async def refused(method: str, url: str, body: object) -> Any:
        response = await client.request(method, url, json=body, headers=owner_headers)
        assert response.status_code == 400, response.text
        return response.json()

    required = {"name": [m.REQUIRED], "governorate": [m.REQUIRED]}
    assert await refused("POST", "/academics/areas/", {}) == required
    assert await refused("POST", "/academics/grades/", {"name": 5, "order": -1}) == {
        "name": [m.INVALID_STRING],
        "order": [m.min_value(0)],
    }
    assert await refused(
        "POST", "/academics/subjects/", {"name": "x" * 101, "grades": "1", "divisions": [0]}
    ) == {"name": [m.max_length(100)], "grades": [m.INVALID_LIST], "divisions": [m.min_value(1)]}
    assert await refused("PATCH", f"/academics/grades/{grade['id']}/", {"name": None, "order": "a"}) == {
        "name": [m.NULL],
        "order": [m.INVALID_INTEGER],
    }
    for resource, count in (("areas", 0), ("subjects", 0), ("grades", 1)):
        assert (await client.get(f"/academics/{resource}/")).json()["count"] == count
    assert (await client.get(f"/academics/grades/{grade['id']}/")).json() == grade
    missing = await client.patch(
        "/academics/video-security/999/", json={"price_per_student": "-1"}, headers=owner_headers
    )
    assert (missing.status_code, missing.json()) == (404, NOT_FOUND)  # the item first, then the body
