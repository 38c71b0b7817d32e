"""Recharge codes over HTTP: generation, list, CSV export and redemption (SiteOwner §5, API_SUPPLEMENT §5,
§6) — exact bodies, permissions, throttling, query counts."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.entities.people import StudentStatus
from edutrack.core.entities.wallets import RechargeCode
from tests.support.http import FORBIDDEN, UNAUTHENTICATED, HeadersFor
from tests.support.money import STUDENT_PASSWORD, Api, approve_ids, make_api, student_with_login

pytestmark = pytest.mark.anyio

CODE = re.compile(r"^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$")


@pytest.fixture
async def api(container: Container, headers_for: HeadersFor) -> Api:
    return await make_api(container, headers_for)


async def owner_id(container: Container) -> int:
    async with container.uow() as uow:
        user = await uow.users.get_by_username("root_owner")
    assert user is not None and user.id is not None
    return user.id


async def create(client: httpx.AsyncClient, api: Api, **body: object) -> httpx.Response:
    return await client.post(
        "/payments/codes/", json={"course": api.money.course, "value": "50", **body}, headers=api.owner
    )


async def test_the_owner_generates_one_code(
    client: httpx.AsyncClient, api: Api, container: Container
) -> None:
    response = await create(client, api, value=100, expires_at="2099-01-01T10:00:00+02:00")
    assert response.status_code == 201, response.text
    code = response.json()
    assert code == {
        "id": code["id"],
        "course": api.money.course,
        "course_name": "Algebra",
        "teacher_name": "Ahmed Hassan",
        "code": code["code"],
        "value": "100.00",
        "is_used": False,
        "used_by": None,
        "used_by_name": None,
        "used_at": None,
        "created_at": code["created_at"],
        "expires_at": "2099-01-01T08:00:00Z",
        "created_by": await owner_id(container),
        "created_by_username": "root_owner",
    }
    assert isinstance(code["id"], int) and CODE.match(code["code"])
    assert datetime.fromisoformat(code["created_at"]).tzinfo is not None


async def test_a_batch_is_one_answer(client: httpx.AsyncClient, api: Api) -> None:
    response = await create(client, api, count=25)
    assert response.status_code == 201, response.text
    batch = response.json()
    assert batch.keys() == {"count", "results"} and batch["count"] == 25
    codes = [row["code"] for row in batch["results"]]
    assert len(set(codes)) == 25 and all(CODE.match(c) for c in codes)
    assert [row["id"] for row in batch["results"]] == sorted(row["id"] for row in batch["results"])
    assert {row["value"] for row in batch["results"]} == {"50.00"}
    single = await create(client, api, count=1)
    assert single.status_code == 201 and "code" in single.json()


async def test_generation_errors(client: httpx.AsyncClient, api: Api) -> None:
    cases = [
        ({"course": 9999}, {"course": ['Invalid pk "9999" - object does not exist.']}),
        ({"value": "0.99"}, {"value": ["Ensure this value is greater than or equal to 1."]}),
        ({"value": 0}, {"value": ["Ensure this value is greater than or equal to 1."]}),
        ({"count": 1001}, {"count": ["Ensure this value is less than or equal to 1000."]}),
        ({"count": 0}, {"count": ["Ensure this value is greater than or equal to 1."]}),
        ({"expires_at": "2020-01-01T00:00:00Z"}, {"expires_at": ["The expiry must be in the future."]}),
    ]
    for body, answer in cases:
        response = await create(client, api, **body)
        assert (response.status_code, response.json()) == (400, answer), body
    for headers, status, answer in (
        (api.teacher, 403, FORBIDDEN),
        (api.student, 403, FORBIDDEN),
        (api.assistant, 403, FORBIDDEN),
        ({}, 401, UNAUTHENTICATED),
    ):
        response = await client.post(
            "/payments/codes/", json={"course": api.money.course, "value": "5"}, headers=headers
        )
        assert (response.status_code, response.json()) == (status, answer)
        for path in ("/payments/codes/", "/payments/codes/export/"):
            response = await client.get(path, headers=headers)
            assert (response.status_code, response.json()) == (status, answer), path
    listed = await client.get("/payments/codes/", headers=api.owner)
    assert listed.json()["count"] == 0


async def test_a_bad_code_body_names_every_field_and_creates_nothing(
    client: httpx.AsyncClient, api: Api
) -> None:
    url = "/payments/codes/"
    required = ["This field is required."]
    empty = await client.post(url, json={}, headers=api.owner)
    assert (empty.status_code, empty.json()) == (400, {"course": required, "value": required})
    wrong_types = {"course": "x", "value": "5", "count": "many"}
    response = await client.post(url, json=wrong_types, headers=api.owner)
    assert (response.status_code, response.json()) == (
        400,
        {"course": ["A valid integer is required."], "count": ["A valid integer is required."]},
    )
    wrong_values = {"course": 0, "value": "0.5", "count": 1001}
    response = await client.post(url, json=wrong_values, headers=api.owner)
    assert (response.status_code, response.json()) == (
        400,
        {
            "value": ["Ensure this value is greater than or equal to 1."],
            "count": ["Ensure this value is less than or equal to 1000."],
            "course": ['Invalid pk "0" - object does not exist.'],
        },
    )
    listed = await client.get("/payments/codes/", headers=api.owner)
    assert listed.json()["count"] == 0


async def test_list_filters_and_export(
    client: httpx.AsyncClient, api: Api, container: Container, count_queries
) -> None:
    first = (await create(client, api, count=3)).json()["results"]
    other = (await create(client, api, course=api.money.other_course, value="20")).json()
    redeemed = await client.post(
        "/payments/codes/redeem/", json={"code": first[1]["code"]}, headers=api.student
    )
    assert redeemed.status_code == 200, redeemed.text

    everything = (await client.get("/payments/codes/", headers=api.owner)).json()
    assert everything["count"] == 4
    assert [r["id"] for r in everything["results"]] == [
        other["id"],
        first[2]["id"],
        first[1]["id"],
        first[0]["id"],
    ]
    used = (await client.get("/payments/codes/?is_used=true", headers=api.owner)).json()["results"]
    assert [(r["id"], r["is_used"], r["used_by"], r["used_by_name"]) for r in used] == [
        (first[1]["id"], True, api.money.student.id, "Pupil 1")
    ]
    assert datetime.fromisoformat(used[0]["used_at"]).tzinfo is not None
    unused = (
        await client.get(f"/payments/codes/?is_used=false&course={api.money.course}", headers=api.owner)
    ).json()
    assert [r["id"] for r in unused["results"]] == [first[2]["id"], first[0]["id"]]
    bad = await client.get("/payments/codes/?is_used=maybe", headers=api.owner)
    assert (bad.status_code, bad.json()) == (400, {"is_used": ["Must be a valid boolean."]})

    response = await client.get(f"/payments/codes/export/?course={api.money.course}", headers=api.owner)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == [
        "id", "code", "course", "course_name", "teacher_name", "value", "is_used", "used_by", "used_by_name",
        "used_at", "created_at", "expires_at", "created_by", "created_by_username",
    ]  # fmt: skip
    assert [row[0] for row in rows[1:]] == [str(code["id"]) for code in first]
    assert rows[2][1:10] == [
        first[1]["code"], str(api.money.course), "Algebra", "Ahmed Hassan", "50.00", "true",
        str(api.money.student.id), "Pupil 1", rows[2][9],
    ]  # fmt: skip
    assert rows[1][6:10] == ["false", "", "", ""] and rows[1][11] == ""
    used_only = await client.get("/payments/codes/export/?is_used=true", headers=api.owner)
    assert len(list(csv.reader(io.StringIO(used_only.text)))) == 2

    with count_queries() as small:
        assert (await client.get("/payments/codes/", headers=api.owner)).status_code == 200
    await create(client, api, count=30)
    with count_queries() as large:
        assert (await client.get("/payments/codes/", headers=api.owner)).status_code == 200
    assert large.count == small.count


# --- redeem --------------------------------------------------------------------------------------------


async def test_redeem(client: httpx.AsyncClient, api: Api) -> None:
    code = (await create(client, api, value="120.5")).json()
    typed = " " + code["code"].lower().replace("-", " ") + " "
    response = await client.post("/payments/codes/redeem/", json={"code": typed}, headers=api.student)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == {
        "detail": "Code redeemed successfully",
        "course": "Algebra",
        "amount_added": "120.50",
        "new_balance": "120.50",
        "transaction_id": body["transaction_id"],
    }
    [entry] = (await client.get("/payments/transactions/my/", headers=api.student)).json()["results"]
    assert (entry["id"], entry["kind"], entry["amount"]) == (body["transaction_id"], "code_redeem", "120.50")
    again = await client.post("/payments/codes/redeem/", json={"code": code["code"]}, headers=api.student)
    assert (again.status_code, again.json()) == (400, {"error": "This code has already been used"})
    mine = (await client.get("/payments/balance/my/", headers=api.student)).json()
    assert mine == [{"course_id": api.money.course, "course_name": "Algebra", "balance": "120.50"}]


async def test_redeem_errors(
    client: httpx.AsyncClient, api: Api, container: Container, headers_for: HeadersFor
) -> None:
    async with container.uow() as uow:
        [expired] = await uow.codes.add_many(
            [
                RechargeCode(
                    course_id=api.money.course,
                    code="EXPRDEXPRDEXPRD2",
                    value=Decimal("10"),
                    created_at=datetime(2026, 1, 1, tzinfo=UTC),
                    expires_at=datetime.now(UTC) - timedelta(minutes=1),
                )
            ]
        )
        await uow.commit()
    elsewhere = (await create(client, api, course=api.money.other_course)).json()
    unverified = await student_with_login(container, 5, status=StudentStatus.PENDING)
    await approve_ids(container, unverified.id, api.money.other_course)
    unverified_headers = await headers_for(unverified.username, STUDENT_PASSWORD)
    cases = [
        (api.student, "EXPR-DEXP-RDEX-PRD2", 400, {"error": "This code has expired"}),
        (api.student, elsewhere["code"], 403, {"error": "Student is not enrolled in this course"}),
        (api.student, "AAAA-BBBB-CCCC-DDDD", 404, {"error": "Invalid code"}),
        (api.student, "nonsense", 404, {"error": "Invalid code"}),
        (api.student, "", 400, {"code": ["This field may not be blank."]}),
        (unverified_headers, elsewhere["code"], 403, {"detail": "Your account is not verified."}),
        (api.teacher, elsewhere["code"], 403, FORBIDDEN),
        (api.owner, elsewhere["code"], 403, FORBIDDEN),
        ({}, elsewhere["code"], 401, UNAUTHENTICATED),
    ]
    for headers, code, status, answer in cases:
        response = await client.post("/payments/codes/redeem/", json={"code": code}, headers=headers)
        assert (response.status_code, response.json()) == (status, answer), code
    assert expired.id is not None
    missing = await client.post("/payments/codes/redeem/", json={}, headers=api.student)
    assert missing.status_code == 400 and "code" in missing.json()


async def test_guessing_is_throttled(client: httpx.AsyncClient, api: Api) -> None:
    valid = (await create(client, api)).json()
    for n in range(10):
        response = await client.post(
            "/payments/codes/redeem/", json={"code": f"AAAA-AAAA-AAAA-AAA{n + 2}"}, headers=api.student
        )
        assert response.status_code == 404
    for code in ("AAAA-AAAA-AAAA-AAAA", valid["code"]):
        response = await client.post("/payments/codes/redeem/", json={"code": code}, headers=api.student)
        assert (response.status_code, response.json()) == (
            429,
            {"detail": "Too many attempts. Try again later."},
        )
        assert response.headers["retry-after"] == "900"  # the 15-minute window, at the latest
    assert (await client.get("/payments/balance/my/", headers=api.student)).json()[0]["balance"] == "0.00"
