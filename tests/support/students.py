"""Students: the reference items a registration points at (``Ref``) and registration over HTTP."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import httpx

from edutrack.composition import Container
from edutrack.core.actor import Actor
from edutrack.core.entities.academics import ReferenceKind as K
from edutrack.core.entities.people import Gender
from edutrack.core.use_cases.academics.commands import NEW_ITEM
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.students.register_student import RegisterStudent, StudentRegistration
from edutrack.ports.students import StudentRow

PASSWORD = "Student-pass-1"
FIELDS = [
    "id",
    "user_id",
    "username",
    "student_code",
    "name_ar",
    "name_en",
    "phone_number",
    "father_number",
    "mother_number",
    "father_job",
    "educational_state",
    "school_type",
    "grade",
    "division",
    "school_name",
    "national_id",
    "birth_date",
    "gender",
    "gmail",
    "facebook_link",
    "governorate",
    "area",
    "status",
    "is_active",
    "created_at",
    "updated_at",
]


@dataclass(frozen=True)
class Ref:
    grade: int
    other_grade: int
    school_type: int
    other_school_type: int
    division: int
    cairo: int
    giza: int
    nasr_city: int
    dokki: int


async def build_ref(container: Container, actor: Actor) -> Ref:
    """Grades, school types, a division, two governorates and an area in each, created by ``actor``."""

    async def create(kind: K, **fields: object) -> int:
        return (await container.get(CreateReferenceItem).execute(actor, NEW_ITEM[kind](**fields))).id

    grade = await create(K.GRADE, name="Third secondary", order=3)
    other_grade = await create(K.GRADE, name="First secondary", order=1)
    school_type = await create(K.SCHOOL_TYPE, name="Public")
    other_school_type = await create(K.SCHOOL_TYPE, name="Azhar")
    division = await create(K.DIVISION, name="Science", grade_ids=[grade], school_type_ids=[school_type])
    cairo = await create(K.GOVERNORATE, name="Cairo")
    giza = await create(K.GOVERNORATE, name="Giza")
    nasr_city = await create(K.AREA, name="Nasr City", governorate_id=cairo)
    dokki = await create(K.AREA, name="Dokki", governorate_id=giza)
    return Ref(grade, other_grade, school_type, other_school_type, division, cairo, giza, nasr_city, dokki)


def body(ref: Ref, n: int = 1, **overrides: object) -> dict[str, Any]:
    values: dict[str, Any] = {
        "username": f"student{n}",
        "password": PASSWORD,
        "name_ar": "طالب مجتهد",
        "name_en": f"Student Number {n}",
        "phone_number": "+20 100 123 4567",
        "father_number": "0111 222 3333",
        "father_job": "Engineer",
        "educational_state": "school",
        "school_type": ref.school_type,
        "grade": ref.grade,
        "division": ref.division,
        "school_name": "Cairo Secondary",
        "national_id": f"308031501{n:04d}1",
        "birth_date": "2008-03-15",
        "gender": "male",
        "gmail": f"student{n}@example.com",
        "facebook_link": "https://facebook.com/student",
        "governorate": ref.cairo,
        "area": ref.nasr_city,
    }
    values.update(overrides)
    return values


async def register(client: httpx.AsyncClient, ref: Ref, n: int = 1, **overrides: object) -> dict[str, Any]:
    response = await client.post("/accounts/students/register/", json=body(ref, n, **overrides))
    assert response.status_code == 201, response.text
    return response.json()


def assert_iso(value: str) -> None:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert parsed.tzinfo is not None


def registration(ref: Ref, n: int = 1, **overrides: object) -> StudentRegistration:
    base = StudentRegistration(
        username=f"student{n}",
        password=PASSWORD,
        name_ar="طالب مجتهد",
        name_en=f"Student Number {n}",
        phone_number="+20 100 123 4567",
        father_number="0111 222 3333",
        father_job="Engineer",
        school_type=ref.school_type,
        grade=ref.grade,
        division=ref.division,
        school_name="Cairo Secondary",
        national_id=f"308031501{n:04d}1",
        birth_date=date(2008, 3, 15),
        gender=Gender.MALE,
        gmail=f"student{n}@example.com",
        governorate=ref.cairo,
        area=ref.nasr_city,
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


async def register_in(container: Container, ref: Ref, n: int = 1, **overrides: object) -> StudentRow:
    """A registration through the use case (the HTTP one is ``register``)."""
    return await container.get(RegisterStudent).execute(registration(ref, n, **overrides))
