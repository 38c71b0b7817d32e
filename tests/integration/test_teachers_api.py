"""Teacher management over HTTP (SiteOwner §1), on SQLite and PostgreSQL (the error bodies:
``test_teachers_errors_api``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.actor import Role
from edutrack.core.entities.people import Gender, TeacherProfile
from edutrack.core.entities.users import User
from tests.support.files import png
from tests.support.http import NOT_FOUND, Headers, HeadersFor, MakeUser
from tests.support.teachers import PASSWORD, URL, form, post_teacher

pytestmark = pytest.mark.anyio

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def expected_item(refs: dict[str, int], item: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    named = lambda key, name: {"id": refs[key], "name": name}  # noqa: E731
    body = {
        "id": item["id"],
        "user_id": item["user_id"],
        "username": "mr_ahmed",
        "name": "Ahmed Hassan",
        "phone": "01012345678",
        "secondary_phone": None,
        "gmail": "ahmed@gmail.com",
        "gender": "male",
        "profile_picture": None,
        "biography": None,
        "facebook": None,
        "subject_detail": {
            "id": refs["math"],
            "name": "Math",
            "grades": [refs["first"], refs["second"]],
            "grades_detail": [named("first", "First"), named("second", "Second")],
            "divisions": [refs["science"]],
            "divisions_detail": [
                {
                    "id": refs["science"],
                    "name": "Science",
                    "grades": [named("second", "Second")],
                    "school_types": [named("public", "Public")],
                }
            ],
            "school_types": [refs["public"]],
            "school_types_detail": [named("public", "Public")],
            "grade_ids": [refs["first"], refs["second"]],
            "division_ids": [refs["science"]],
            "school_type_ids": [refs["public"]],
        },
        "grades_detail": [named("first", "First"), named("second", "Second")],
        "video_security_detail": None,
        "is_active": True,
        "created_at": item["created_at"],
        "subject_id": refs["math"],
        "grade_ids": [refs["first"], refs["second"]],
        "video_security_id": None,
    }
    body.update(overrides)
    return body


async def test_create_then_read_list_and_detail(
    client: httpx.AsyncClient, owner_headers: Headers, refs: dict[str, int]
) -> None:
    data = form(
        refs,
        secondary_phone="01112345678",
        biography="Algebra for everyone.",
        facebook="https://facebook.com/ahmed",
        video_security=str(refs["watermark"]),
        is_active="true",
    )
    response = await post_teacher(client, owner_headers, data)
    assert response.status_code == 201, response.text
    item = response.json()
    assert isinstance(item["id"], int) and isinstance(item["user_id"], int) and item["id"] != 0
    assert ISO.match(item["created_at"])
    assert item == expected_item(
        refs,
        item,
        secondary_phone="01112345678",
        biography="Algebra for everyone.",
        facebook="https://facebook.com/ahmed",
        video_security_detail={"id": refs["watermark"], "name": "Watermark", "price_per_student": "12.50"},
        video_security_id=refs["watermark"],
    )
    detail = await client.get(f"{URL}{item['id']}/", headers=owner_headers)
    assert detail.status_code == 200 and detail.json() == item
    listed = await client.get(URL, headers=owner_headers)
    assert listed.json() == {"count": 1, "next": None, "previous": None, "results": [item]}
    assert (await client.get(f"{URL}{item['id'] + 1000}/", headers=owner_headers)).json() == NOT_FOUND
    assert (await client.get(f"{URL}99999999999/", headers=owner_headers)).status_code == 404


async def test_the_new_teacher_can_log_in_as_a_teacher(
    client: httpx.AsyncClient, owner_headers: Headers, refs: dict[str, int]
) -> None:
    assert (await post_teacher(client, owner_headers, form(refs))).status_code == 201
    login = await client.post("/accounts/login/", json={"username": "mr_ahmed", "password": PASSWORD})
    assert login.status_code == 200, login.text
    assert login.json()["user"]["role"] == "teacher" and login.json()["user"]["name"] == "Ahmed Hassan"


async def test_permission_matrix(
    client: httpx.AsyncClient,
    owner_headers: Headers,
    refs: dict[str, int],
    make_user: MakeUser,
    headers_for: HeadersFor,
) -> None:
    item = (await post_teacher(client, owner_headers, form(refs))).json()
    detail = f"{URL}{item['id']}/"
    requests: list[Callable[[Headers], Any]] = [
        lambda h: client.get(URL, headers=h),
        lambda h: client.get(detail, headers=h),
        lambda h: post_teacher(client, h, form(refs, username="other", gmail="other@gmail.com")),
        lambda h: client.patch(detail, json={"name": "Changed"}, headers=h),
    ]
    for send in requests:
        anonymous = await send({})
        assert (anonymous.status_code, anonymous.json()) == (
            401,
            {"detail": "Authentication credentials were not provided."},
        )
    for role in (Role.TEACHER, Role.ASSISTANT, Role.STUDENT):
        user = await make_user(role)
        headers = await headers_for(user.username)
        for send in requests:
            response = await send(headers)
            assert (response.status_code, response.json()) == (
                403,
                {"detail": "You do not have permission to perform this action."},
            ), role
    teacher_headers = await headers_for("mr_ahmed", PASSWORD)  # the teacher itself is no site owner
    assert (await client.get(detail, headers=teacher_headers)).status_code == 403
    assert (await client.get(detail, headers=owner_headers)).json()["name"] == "Ahmed Hassan"


async def test_uploads_are_checked_by_their_bytes(
    client: httpx.AsyncClient, owner_headers: Headers, refs: dict[str, int], container: Container
) -> None:
    image = png()
    refused = [
        (("me.pdf", image, "application/pdf"), "File extension 'pdf' is not allowed."),
        (("me.png", b"hello, not an image", "image/png"), "Upload a valid image."),
        (("big.png", image + b"\0" * (6 * 1024 * 1024), "image/png"), "Image too large."),
    ]
    for upload, start in refused:
        response = await post_teacher(client, owner_headers, form(refs), {"profile_picture": upload})
        assert response.status_code == 400, response.text
        assert list(response.json()) == ["profile_picture"]
        assert response.json()["profile_picture"][0].startswith(start)
    media = container.settings.media_dir / "teachers"
    assert not media.exists() or not any(media.iterdir())

    response = await post_teacher(
        client, owner_headers, form(refs), {"profile_picture": ("me.png", image, "image/png")}
    )
    assert response.status_code == 201, response.text
    url = response.json()["profile_picture"]
    assert re.fullmatch(r"http://testserver/media/teachers/[0-9a-f]{32}\.png", url)
    served = await client.get(url)
    assert served.status_code == 200 and served.content == image


async def test_patch_by_json_and_by_multipart(
    client: httpx.AsyncClient, owner_headers: Headers, refs: dict[str, int], make_user: MakeUser
) -> None:
    item = (
        await post_teacher(
            client, owner_headers, form(refs), {"profile_picture": ("me.png", png(), "image/png")}
        )
    ).json()
    detail = f"{URL}{item['id']}/"
    old_picture = item["profile_picture"]

    response = await client.patch(
        detail,
        json={"name": "Ahmed H.", "video_security": refs["watermark"], "biography": "New bio"},
        headers=owner_headers,
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert changed == {
        **item,
        "name": "Ahmed H.",
        "biography": "New bio",
        "video_security_detail": {"id": refs["watermark"], "name": "Watermark", "price_per_student": "12.50"},
        "video_security_id": refs["watermark"],
    }

    new_image = png() + b"more"
    response = await client.patch(
        detail,
        data={"subject": str(refs["physics"]), "grades": [str(refs["second"])], "password": "Another-pass-9"},
        files={"profile_picture": ("new.webp.png", new_image, "image/png")},
        headers=owner_headers,
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert changed["subject_id"] == refs["physics"] and changed["grade_ids"] == [refs["second"]]
    assert changed["subject_detail"]["name"] == "Physics"
    assert changed["profile_picture"] != old_picture
    assert (await client.get(changed["profile_picture"])).content == new_image
    assert (await client.get(old_picture)).status_code == 404  # replaced: deleted after the commit
    login = await client.post("/accounts/token/", json={"username": "mr_ahmed", "password": "Another-pass-9"})
    assert login.status_code == 200

    response = await client.patch(
        detail, json={"video_security": None, "profile_picture": None}, headers=owner_headers
    )
    assert response.status_code == 200
    assert response.json()["video_security_detail"] is None and response.json()["profile_picture"] is None
    assert (await client.get(changed["profile_picture"])).status_code == 404


async def test_deactivated_teacher_cannot_log_in(
    client: httpx.AsyncClient, owner_headers: Headers, refs: dict[str, int], headers_for: HeadersFor
) -> None:
    item = (await post_teacher(client, owner_headers, form(refs))).json()
    teacher_headers = await headers_for("mr_ahmed", PASSWORD)
    response = await client.patch(f"{URL}{item['id']}/", data={"is_active": "false"}, headers=owner_headers)
    assert response.status_code == 200 and response.json()["is_active"] is False
    login = await client.post("/accounts/login/", json={"username": "mr_ahmed", "password": PASSWORD})
    assert (login.status_code, login.json()) == (403, {"detail": "User account is disabled."})
    earlier_token = await client.get("/accounts/me/", headers=teacher_headers)
    assert (earlier_token.status_code, earlier_token.json()) == (403, {"detail": "User account is disabled."})


async def test_list_filters(client: httpx.AsyncClient, owner_headers: Headers, refs: dict[str, int]) -> None:
    ahmed = (await post_teacher(client, owner_headers, form(refs))).json()
    mona = (
        await post_teacher(
            client,
            owner_headers,
            form(
                refs,
                username="ms_mona",
                gmail="mona@gmail.com",
                name="Mona Adel",
                gender="female",
                subject=str(refs["physics"]),
                grades=[str(refs["second"])],
                is_active="false",
            ),
        )
    ).json()

    async def ids(query: str) -> list[int]:
        response = await client.get(URL + query, headers=owner_headers)
        assert response.status_code == 200, response.text
        return [r["id"] for r in response.json()["results"]]

    assert await ids("") == [mona["id"], ahmed["id"]]
    assert await ids("?is_active=true") == [ahmed["id"]]
    assert await ids("?is_active=0") == [mona["id"]]
    assert await ids(f"?subject={refs['physics']}") == [mona["id"]]
    assert await ids(f"?grades={refs['first']}") == [ahmed["id"]]
    assert await ids(f"?grades={refs['second']}") == [mona["id"], ahmed["id"]]
    assert await ids("?search=mona%20AD") == [mona["id"]]
    assert await ids("?search=100%25") == []
    assert await ids("?subject=424242") == []
    everything = (await client.get(URL + "?all=true", headers=owner_headers)).json()
    assert everything == {"count": 2, "results": everything["results"]} and len(everything["results"]) == 2
    paged = (await client.get(URL + "?page_size=1&is_active=", headers=owner_headers)).json()
    assert (
        paged["count"] == 2
        and paged["next"] == "http://testserver/accounts/teachers/?page_size=1&is_active=&page=2"
    )
    bad = await client.get(URL + "?is_active=maybe&grades=x", headers=owner_headers)
    assert bad.status_code == 400


async def add_teachers(container: Container, refs: dict[str, int], count: int, start: int) -> None:
    """Teachers written straight through the unit of work: the listing is what is measured here."""
    now = container.clock.now()
    async with container.uow() as uow:
        for n in range(start, start + count):
            user = await uow.users.add(
                User(
                    username=f"t{n}",
                    password_hash="x",
                    role=Role.TEACHER,
                    name=f"Teacher {n}",
                    gmail=f"t{n}@gmail.com",
                    created_at=now,
                    updated_at=now,
                )
            )
            assert user.id is not None
            await uow.teachers.add(
                TeacherProfile(
                    user_id=user.id,
                    phone="01012345678",
                    gender=Gender.FEMALE,
                    subject_id=refs["math"] if n % 2 else refs["physics"],
                    grade_ids=[refs["first"], refs["second"]] if n % 2 else [refs["second"]],
                    video_security_id=refs["watermark"] if n % 3 else None,
                    created_at=now,
                    updated_at=now,
                )
            )
        await uow.commit()


async def test_the_list_costs_the_same_statements_for_2_or_200_teachers(
    client: httpx.AsyncClient,
    owner_headers: Headers,
    refs: dict[str, int],
    container: Container,
    count_queries: Callable[[], Any],
) -> None:
    await add_teachers(container, refs, 2, 0)
    with count_queries() as small:
        response = await client.get(URL + "?all=true", headers=owner_headers)
    assert response.status_code == 200 and response.json()["count"] == 2
    await add_teachers(container, refs, 198, 2)
    with count_queries() as large:
        response = await client.get(URL + "?page_size=200", headers=owner_headers)
    assert response.status_code == 200 and len(response.json()["results"]) == 200
    assert small.count == large.count, large.statements
    with count_queries() as detail:
        response = await client.get(f"{URL}{response.json()['results'][0]['id']}/", headers=owner_headers)
    assert response.status_code == 200 and detail.count <= small.count
