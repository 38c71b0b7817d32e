"""Students over HTTP (SiteOwner §2, §5), on SQLite and PostgreSQL: the own profile and the site owner's
side (registration: ``test_students_registration_api``)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.actor import Role
from edutrack.ports.notifications import NotificationReader
from edutrack.ports.readers import PageRequest
from tests.support.http import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, Headers, HeadersFor, MakeUser
from tests.support.students import FIELDS, PASSWORD, Ref, register

pytestmark = pytest.mark.anyio

# --- own profile ---------------------------------------------------------------------------------


async def test_a_student_reads_and_patches_their_own_profile(
    client: httpx.AsyncClient, ref: Ref, headers_for: HeadersFor
) -> None:
    student = await register(client, ref)
    await register(client, ref, 2)
    headers = await headers_for("student1", PASSWORD)
    response = await client.get("/accounts/students/me/", headers=headers)
    assert response.status_code == 200
    assert response.json() == student

    response = await client.patch(
        "/accounts/students/me/",
        headers=headers,
        json={
            "name_en": "Renamed",
            "mother_number": "0155 000 1111",
            "governorate": ref.giza,
            "area": ref.dokki,
            "gmail": "renamed@example.com",
            "school_name": None,
            # read-only: ignored
            "status": "verified",
            "student_code": "S00000000",
            "national_id": "30803150100029",
            "birth_date": "2001-01-01",
            "username": "hijack",
        },
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert list(updated) == FIELDS
    changed = {
        "name_en": "Renamed",
        "mother_number": "01550001111",
        "governorate": ref.giza,
        "area": ref.dokki,
        "gmail": "renamed@example.com",
        "school_name": None,
    }
    assert {k: v for k, v in updated.items() if k != "updated_at"} == {
        **{k: v for k, v in student.items() if k != "updated_at"},
        **changed,
    }
    me = await client.get("/accounts/me/", headers=headers)
    assert me.json()["name"] == "Renamed"

    for patch, errors in [
        ({"gmail": "student2@example.com"}, {"gmail": ["This email is already associated with an account."]}),
        ({"area": ref.nasr_city}, {"area": [f"Area {ref.nasr_city} is not in governorate {ref.giza}."]}),
        (
            {"phone_number": "0101"},
            {"phone_number": ["Phone number must be exactly 11 digits and start with 010, 011, 012 or 015."]},
        ),
        ({"name_ar": None}, {"name_ar": ["This field may not be null."]}),
        (
            {"grade": ref.other_grade},
            {"division": [f"Division {ref.division} is not in grade {ref.other_grade}."]},
        ),
        ({"gender": "x"}, {"gender": ['"x" is not a valid choice.']}),
    ]:
        response = await client.patch("/accounts/students/me/", headers=headers, json=patch)
        assert response.status_code == 400, patch
        assert response.json() == errors
    after = await client.get("/accounts/students/me/", headers=headers)
    assert after.json() == updated


async def test_own_profile_needs_a_student(
    client: httpx.AsyncClient, make_user: MakeUser, headers_for: HeadersFor, owner_headers: Headers
) -> None:
    for method in ("GET", "PATCH"):
        response = await client.request(method, "/accounts/students/me/", json={})
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)
        response = await client.request(method, "/accounts/students/me/", json={}, headers=owner_headers)
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
    for role in (Role.TEACHER, Role.ASSISTANT):
        user = await make_user(role)
        headers = await headers_for(user.username)
        response = await client.get("/accounts/students/me/", headers=headers)
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
    bare = await make_user(Role.STUDENT)  # a student account without a profile
    headers = await headers_for(bare.username)
    response = await client.get("/accounts/students/me/", headers=headers)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


# --- the site owner's side -----------------------------------------------------------------------


async def test_permission_matrix_of_the_site_owner_endpoints(
    client: httpx.AsyncClient,
    ref: Ref,
    make_user: MakeUser,
    headers_for: HeadersFor,
    owner_headers: Headers,
) -> None:
    student = await register(client, ref)
    calls = [
        ("GET", "/accounts/students/", None),
        ("GET", f"/accounts/students/{student['id']}/", None),
        ("PATCH", f"/accounts/students/{student['id']}/status/", {"status": "verified"}),
    ]
    teacher = await make_user(Role.TEACHER)
    assistant = await make_user(Role.ASSISTANT)
    forbidden = [
        await headers_for("student1", PASSWORD),
        await headers_for(teacher.username),
        await headers_for(assistant.username),
    ]
    for method, path, payload in calls:
        response = await client.request(method, path, json=payload)
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED), path
        for headers in forbidden:
            response = await client.request(method, path, json=payload, headers=headers)
            assert (response.status_code, response.json()) == (403, FORBIDDEN), path
        response = await client.request(method, path, json=payload, headers=owner_headers)
        assert response.status_code == 200, path


async def test_the_site_owner_lists_filters_and_searches(
    client: httpx.AsyncClient, ref: Ref, owner_headers: Headers
) -> None:
    first = await register(client, ref, 1, name_en="Ahmed Ali")
    second = await register(
        client, ref, 2, name_ar="منى حسن", name_en="Mona", grade=ref.other_grade, division=None
    )
    third = await register(client, ref, 3, school_type=ref.other_school_type, division=None)
    response = await client.patch(
        f"/accounts/students/{second['id']}/status/", json={"status": "verified"}, headers=owner_headers
    )
    assert response.status_code == 200

    async def ids(query: str) -> list[int]:
        response = await client.get(f"/accounts/students/{query}", headers=owner_headers)
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["count"] == len(data["results"])
        return [row["id"] for row in data["results"]]

    everyone = await ids("")
    assert sorted(everyone) == sorted([first["id"], second["id"], third["id"]])
    assert await ids("?status=verified") == [second["id"]]
    assert sorted(await ids("?status=pending")) == sorted([first["id"], third["id"]])
    assert await ids(f"?grade={ref.other_grade}") == [second["id"]]
    assert await ids(f"?school_type={ref.other_school_type}") == [third["id"]]
    assert await ids("?search=AHMED") == [first["id"]]
    assert await ids("?search=منى") == [second["id"]]
    assert await ids(f"?search={third['student_code'].lower()}") == [third["id"]]
    assert await ids("?search=0100031") == [third["id"]]
    assert await ids("?search=nobody") == []
    assert await ids(f"?status=pending&grade={ref.grade}&search=student") == [third["id"]]

    page = await client.get("/accounts/students/?page_size=2", headers=owner_headers)
    data = page.json()
    assert list(data) == ["count", "results", "next", "previous"]
    assert (data["count"], len(data["results"]), data["previous"]) == (3, 2, None)
    assert data["next"] == "http://testserver/accounts/students/?page_size=2&page=2"
    assert list(data["results"][0]) == FIELDS
    all_rows = await client.get("/accounts/students/?all=true", headers=owner_headers)
    assert list(all_rows.json()) == ["count", "results"]
    assert all_rows.json()["count"] == 3

    for query, errors in [
        (
            "?status=unknown",
            {"status": ["Select a valid choice. unknown is not one of the available choices."]},
        ),
        ("?grade=abc", {"grade": ["A valid integer is required."]}),
        ("?school_type=x", {"school_type": ["A valid integer is required."]}),
    ]:
        response = await client.get(f"/accounts/students/{query}", headers=owner_headers)
        assert (response.status_code, response.json()) == (400, errors)


async def test_the_site_owner_reads_one_student(
    client: httpx.AsyncClient, ref: Ref, owner_headers: Headers
) -> None:
    student = await register(client, ref)
    response = await client.get(f"/accounts/students/{student['id']}/", headers=owner_headers)
    assert (response.status_code, response.json()) == (200, student)
    for missing in (student["id"] + 100, 2**40):
        response = await client.get(f"/accounts/students/{missing}/", headers=owner_headers)
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


async def test_status_changes_notify_and_deactivation_blocks_old_tokens(
    client: httpx.AsyncClient, container: Container, ref: Ref, headers_for: HeadersFor, owner_headers: Headers
) -> None:
    student = await register(client, ref)
    student_headers = await headers_for("student1", PASSWORD)
    path = f"/accounts/students/{student['id']}/status/"

    response = await client.patch(path, json={"status": "verified"}, headers=owner_headers)
    assert (response.status_code, response.json()) == (200, {"status": "verified", "is_active": True})
    response = await client.patch(path, json={}, headers=owner_headers)
    assert (response.status_code, response.json()) == (200, {"status": "verified", "is_active": True})
    response = await client.patch(path, json={"status": "bogus"}, headers=owner_headers)
    assert (response.status_code, response.json()) == (400, {"status": ['"bogus" is not a valid choice.']})
    response = await client.patch(path, json={"is_active": "maybe"}, headers=owner_headers)
    assert (response.status_code, response.json()) == (400, {"is_active": ["Must be a valid boolean."]})
    response = await client.patch(
        "/accounts/students/999/status/", json={"status": "verified"}, headers=owner_headers
    )
    assert (response.status_code, response.json()) == (404, NOT_FOUND)

    response = await client.patch(
        path, json={"status": "suspended_temporary", "is_active": False}, headers=owner_headers
    )
    assert (response.status_code, response.json()) == (
        200,
        {"status": "suspended_temporary", "is_active": False},
    )
    response = await client.get("/accounts/students/me/", headers=student_headers)
    assert (response.status_code, response.json()) == (403, {"detail": "User account is disabled."})
    detail = await client.get(f"/accounts/students/{student['id']}/", headers=owner_headers)
    assert (detail.json()["status"], detail.json()["is_active"]) == ("suspended_temporary", False)

    page = await container.get(NotificationReader).list_for(student["user_id"], None, PageRequest(limit=None))
    assert [(n.notification_type, n.metadata) for n in reversed(page.items)] == [
        ("student_status_changed", {"status": "verified", "is_active": True}),
        ("student_status_changed", {"status": "suspended_temporary", "is_active": False}),
    ]


async def test_listing_sends_a_constant_number_of_statements(
    client: httpx.AsyncClient, ref: Ref, owner_headers: Headers, count_queries: Any
) -> None:
    await register(client, ref, 1)
    with count_queries() as one:
        response = await client.get("/accounts/students/", headers=owner_headers)
    assert response.json()["count"] == 1
    for n in range(2, 31):
        await register(client, ref, n)
    with count_queries() as many:
        response = await client.get("/accounts/students/", headers=owner_headers)
    assert response.json()["count"] == 30
    assert one.count == many.count


async def test_reference_data_a_student_uses_cannot_be_deleted(
    client: httpx.AsyncClient, ref: Ref, owner_headers: Headers
) -> None:
    await register(client, ref)
    for resource, item in [
        ("grades", ref.grade),
        ("school-types", ref.school_type),
        ("divisions", ref.division),
        ("areas", ref.nasr_city),
        ("governorates", ref.cairo),
    ]:
        response = await client.delete(f"/academics/{resource}/{item}/", headers=owner_headers)
        assert (response.status_code, response.json()) == (400, {"detail": "Cannot delete: it is in use."})
