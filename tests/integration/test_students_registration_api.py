"""Student registration over HTTP (§5), on SQLite and PostgreSQL: the documented profile, every problem
of a form in one answer, nothing written when any rule fails."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.http import Headers
from tests.support.students import FIELDS, PASSWORD, Ref, assert_iso, body, register

pytestmark = pytest.mark.anyio


# --- registration --------------------------------------------------------------------------------


async def test_registration_is_public_and_returns_the_documented_profile(
    client: httpx.AsyncClient, ref: Ref
) -> None:
    student = await register(client, ref)
    assert list(student) == FIELDS
    assert isinstance(student["id"], int) and isinstance(student["user_id"], int)
    assert isinstance(student["student_code"], str) and len(student["student_code"]) == 9
    assert_iso(student["created_at"])
    assert_iso(student["updated_at"])
    assert {
        k: v
        for k, v in student.items()
        if k not in {"id", "user_id", "student_code", "created_at", "updated_at"}
    } == {
        "username": "student1",
        "name_ar": "طالب مجتهد",
        "name_en": "Student Number 1",
        "phone_number": "01001234567",
        "father_number": "01112223333",
        "mother_number": None,
        "father_job": "Engineer",
        "educational_state": "school",
        "school_type": ref.school_type,
        "grade": ref.grade,
        "division": ref.division,
        "school_name": "Cairo Secondary",
        "national_id": "30803150100011",
        "birth_date": "2008-03-15",
        "gender": "male",
        "gmail": "student1@example.com",
        "facebook_link": "https://facebook.com/student",
        "governorate": ref.cairo,
        "area": ref.nasr_city,
        "status": "pending",
        "is_active": True,
    }
    login = await client.post("/accounts/login/", json={"username": "student1", "password": PASSWORD})
    assert login.status_code == 200
    assert login.json()["user"]["role"] == "student"
    assert login.json()["user"]["name"] == "Student Number 1"


async def test_minimal_registration_defaults(client: httpx.AsyncClient, ref: Ref) -> None:
    minimal = {
        k: v
        for k, v in body(ref).items()
        if k
        not in {"father_number", "mother_number", "educational_state", "school_type", "grade", "division"}
        | {"school_name", "facebook_link"}
    }
    response = await client.post("/accounts/students/register/", json=minimal)
    assert response.status_code == 201, response.text
    student = response.json()
    assert student["educational_state"] == "school"
    for field in ("father_number", "mother_number", "school_type", "grade", "division", "school_name"):
        assert student[field] is None
    assert student["facebook_link"] is None


async def test_registration_reports_every_problem_at_once_and_writes_nothing(
    client: httpx.AsyncClient, ref: Ref, owner_headers: Headers
) -> None:
    response = await client.post(
        "/accounts/students/register/",
        json={
            "username": "ok_name",
            "password": "12345678",
            "phone_number": "01312345678",
            "father_number": "123",
            "mother_number": "+20 155 555 5555",
            "national_id": "30803150500011",
            "birth_date": "2008-03-15",
            "gender": "other",
            "gmail": "nope",
            "governorate": ref.giza,
            "area": ref.nasr_city,
            "grade": ref.other_grade,
            "division": ref.division,
        },
    )
    assert response.status_code == 400
    phone = "Phone number must be exactly 11 digits and start with 010, 011, 012 or 015."
    assert response.json() == {
        "password": ["Password validation error", "This password is entirely numeric."],
        "name_ar": ["This field is required."],
        "name_en": ["This field is required."],
        "phone_number": [phone],
        "father_number": [phone],
        "father_job": ["This field is required."],
        "national_id": ["National ID governorate code is not valid."],
        "gender": ['"other" is not a valid choice.'],
        "gmail": ["Enter a valid email address."],
        "area": [f"Area {ref.nasr_city} is not in governorate {ref.giza}."],
        "division": [f"Division {ref.division} is not in grade {ref.other_grade}."],
    }
    listed = await client.get("/accounts/students/", headers=owner_headers)
    assert listed.json()["count"] == 0
    login = await client.post("/accounts/login/", json={"username": "ok_name", "password": "12345678"})
    assert login.status_code == 401


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"username": "student1"}, {"username": ["Username already exists."]}),
        ({"gmail": "STUDENT1@example.com"}, {"gmail": ["This email is already associated with an account."]}),
        (
            {"national_id": "30803150100011"},
            {"national_id": ["A student with this national ID already exists."]},
        ),
        ({"governorate": 99}, {"governorate": ['Invalid pk "99" - object does not exist.']}),
        ({"area": 2**31 + 5}, {"area": [f'Invalid pk "{2**31 + 5}" - object does not exist.']}),
        ({"grade": 99, "division": None}, {"grade": ['Invalid pk "99" - object does not exist.']}),
        ({"school_type": 99}, {"school_type": ['Invalid pk "99" - object does not exist.']}),
        ({"division": 99}, {"division": ['Invalid pk "99" - object does not exist.']}),
        (
            {"birth_date": "2008-02-30"},
            {"birth_date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        (
            {"birth_date": "2008-03-16"},
            {"national_id": ["National ID birth date does not match the birth date."]},
        ),
        ({"national_id": "3080315010001"}, {"national_id": ["National ID must be exactly 14 digits."]}),
        (
            {"mother_number": "0141234567"},
            {
                "mother_number": [
                    "Phone number must be exactly 11 digits and start with 010, 011, 012 or 015."
                ]
            },
        ),
        ({"educational_state": "retired"}, {"educational_state": ['"retired" is not a valid choice.']}),
        ({"gender": "x"}, {"gender": ['"x" is not a valid choice.']}),
        ({"facebook_link": "not a link"}, {"facebook_link": ["Enter a valid URL."]}),
        ({"grade": "three"}, {"grade": ["A valid integer is required."]}),
        (
            {"password": "student2"},
            {"password": ["Password validation error", "The password is too similar to the username."]},
        ),
        (
            {"educational_state": "graduate"},
            {f: ["Must be empty for a graduate."] for f in ("school_type", "grade", "division")},
        ),
        (
            {"school_type": None, "grade": None},
            {"grade": ["A grade is required when a division is given."]},
        ),
    ],
)
async def test_registration_errors(
    client: httpx.AsyncClient, ref: Ref, overrides: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    await register(client, ref)
    response = await client.post("/accounts/students/register/", json=body(ref, 2, **overrides))
    assert response.status_code == 400, response.text
    assert response.json() == errors


REQUIRED_FIELDS = [
    "username",
    "password",
    "name_ar",
    "name_en",
    "phone_number",
    "father_job",
    "national_id",
    "birth_date",
    "gender",
    "gmail",
    "governorate",
    "area",
]


async def assert_nothing_written(client: httpx.AsyncClient, owner_headers: Headers) -> None:
    listed = await client.get("/accounts/students/", headers=owner_headers)
    assert listed.json()["count"] == 0
    login = await client.post("/accounts/login/", json={"username": "student1", "password": PASSWORD})
    assert login.status_code == 401


async def test_an_empty_registration_names_every_required_field_and_writes_nothing(
    client: httpx.AsyncClient, ref: Ref, owner_headers: Headers
) -> None:
    response = await client.post("/accounts/students/register/", json={})
    assert response.status_code == 400
    assert response.json() == {name: ["This field is required."] for name in REQUIRED_FIELDS}
    nulls = await client.post("/accounts/students/register/", json=dict.fromkeys(REQUIRED_FIELDS))
    assert (nulls.status_code, nulls.json()) == (400, response.json())
    await assert_nothing_written(client, owner_headers)


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (  # types: msgspec, before the handler
            {"grade": "three", "area": True},
            {"grade": ["A valid integer is required."], "area": ["A valid integer is required."]},
        ),
        (  # the rest of the shape: the schema's conversion
            {"name_en": "  ", "birth_date": "15/03/2008"},
            {
                "name_en": ["This field may not be blank."],
                "birth_date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
            },
        ),
        (  # one refused at the edge, one broken rule of the core: still one answer
            {"gender": "x", "phone_number": "0101"},
            {
                "gender": ['"x" is not a valid choice.'],
                "phone_number": [
                    "Phone number must be exactly 11 digits and start with 010, 011, 012 or 015."
                ],
            },
        ),
    ],
)
async def test_two_wrong_fields_are_both_named_and_nothing_is_written(
    client: httpx.AsyncClient,
    ref: Ref,
    owner_headers: Headers,
    overrides: dict[str, Any],
    errors: dict[str, list[str]],
) -> None:
    response = await client.post("/accounts/students/register/", json=body(ref, **overrides))
    assert (response.status_code, response.json()) == (400, errors)
    await assert_nothing_written(client, owner_headers)


async def test_a_division_of_another_school_type_is_refused(client: httpx.AsyncClient, ref: Ref) -> None:
    response = await client.post(
        "/accounts/students/register/", json=body(ref, school_type=ref.other_school_type)
    )
    assert response.status_code == 400
    assert response.json() == {
        "division": [f"Division {ref.division} is not in school type {ref.other_school_type}."]
    }


async def test_registration_needs_a_json_object(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/accounts/students/register/", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
