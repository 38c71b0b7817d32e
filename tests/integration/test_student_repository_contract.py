"""The student repository and reader behave the same over the memory fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Role
from edutrack.core.entities.academics import ReferenceKind as K
from edutrack.core.entities.people import EducationalState, Gender, StudentProfile, StudentStatus
from edutrack.core.errors import Conflict, ValidationFailed
from edutrack.core.use_cases.academics.commands import NEW_ITEM
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from edutrack.ports.readers import PageRequest
from edutrack.ports.students import StudentFilter, StudentReader, StudentRow
from tests.support.clock import NOW
from tests.support.people import add_user

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)


@dataclass(frozen=True)
class Ref:
    grade: int
    other_grade: int
    school_type: int
    governorate: int
    area: int


@pytest.fixture
async def ref(contract_container: Container) -> Ref:
    owner = (
        await contract_container.get(CreateSiteOwner).execute(SYSTEM, NewSiteOwner("owner", "Owner-pass-1"))
    ).as_actor()

    async def create(kind: K, **fields: object) -> int:
        return (await contract_container.get(CreateReferenceItem).execute(owner, NEW_ITEM[kind](**fields))).id

    grade = await create(K.GRADE, name="Third")
    other_grade = await create(K.GRADE, name="First")
    school_type = await create(K.SCHOOL_TYPE, name="Public")
    governorate = await create(K.GOVERNORATE, name="Cairo")
    area = await create(K.AREA, name="Nasr City", governorate_id=governorate)
    return Ref(grade, other_grade, school_type, governorate, area)


def profile(ref: Ref, user_id: int, n: int, **overrides: object) -> StudentProfile:
    student = StudentProfile(
        user_id=user_id,
        student_code=f"S{n:08d}",
        name_ar="طالب",
        name_en=f"Student {n}",
        phone_number="01001234567",
        national_id=f"308031501{n:04d}1",
        birth_date=date(2008, 3, 15),
        gender=Gender.FEMALE,
        governorate_id=ref.governorate,
        area_id=ref.area,
        created_at=NOW + timedelta(minutes=n),
        updated_at=NOW + timedelta(minutes=n),
        father_number="01112223333",
        father_job="Doctor",
        school_type_id=ref.school_type,
        grade_id=ref.grade,
        school_name="School",
        facebook_link="https://facebook.com/x",
    )
    return replace(student, **overrides)  # type: ignore[arg-type]


async def add_student_profile(container: Container, ref: Ref, n: int, **overrides: object) -> StudentProfile:
    """User ``student<n>`` with the full ``profile`` row (``overrides`` replace its fields)."""
    gmail = f"student{n}@example.com"
    user = await add_user(
        container, Role.STUDENT, f"student{n}", f"Student {n}", password_hash="x", gmail=gmail, at=NOW
    )
    assert user.id is not None
    async with container.uow() as uow:
        student = await uow.students.add(profile(ref, user.id, n, **overrides))
        await uow.commit()
    return student


async def test_profiles_round_trip(contract_container: Container, ref: Ref) -> None:
    added = await add_student_profile(contract_container, ref, 1)
    assert added.id is not None
    async with contract_container.uow() as uow:
        loaded = await uow.students.get(added.id)
        assert loaded == added
        assert await uow.students.get_by_user(added.user_id) == added
        assert await uow.students.get(10**12) is None
        assert await uow.students.get_by_user(10**12) is None
        assert await uow.students.national_id_taken(added.national_id)
        assert not await uow.students.national_id_taken(added.national_id, exclude_student_id=added.id)
        assert not await uow.students.national_id_taken("30803150100099")
        assert await uow.students.code_taken("S00000001")
        assert not await uow.students.code_taken("S00000002")

        assert loaded is not None
        loaded.status = StudentStatus.VERIFIED
        loaded.educational_state = EducationalState.GRADUATE
        loaded.grade_id = None
        loaded.father_number = None
        loaded.updated_at = NOW + timedelta(days=1)
        await uow.students.save(loaded)
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.students.get(added.id) == loaded


async def test_a_taken_national_id_or_code_is_refused_by_the_store(
    contract_container: Container, ref: Ref
) -> None:
    first = await add_student_profile(contract_container, ref, 1)
    with pytest.raises(ValidationFailed) as info:
        await add_student_profile(contract_container, ref, 2, national_id=first.national_id)
    assert info.value.fields == {"national_id": ["A student with this national ID already exists."]}
    with pytest.raises(Conflict):
        await add_student_profile(contract_container, ref, 3, student_code=first.student_code)
    page = await contract_container.get(StudentReader).list(StudentFilter(), ALL)
    assert [row.id for row in page.items] == [first.id]  # the failed transactions left nothing behind


async def test_the_reader_joins_the_account(contract_container: Container, ref: Ref) -> None:
    added = await add_student_profile(contract_container, ref, 1)
    assert added.id is not None
    expected = StudentRow(
        id=added.id,
        user_id=added.user_id,
        username="student1",
        student_code="S00000001",
        name_ar="طالب",
        name_en="Student 1",
        phone_number="01001234567",
        father_number="01112223333",
        mother_number=None,
        father_job="Doctor",
        educational_state="school",
        school_type_id=ref.school_type,
        grade_id=ref.grade,
        division_id=None,
        school_name="School",
        national_id="30803150100011",
        birth_date=date(2008, 3, 15),
        gender="female",
        gmail="student1@example.com",
        facebook_link="https://facebook.com/x",
        governorate_id=ref.governorate,
        area_id=ref.area,
        status="pending",
        is_active=True,
        created_at=NOW + timedelta(minutes=1),
        updated_at=NOW + timedelta(minutes=1),
    )
    reader = contract_container.get(StudentReader)
    assert await reader.get(added.id) == expected
    assert await reader.get_by_user(added.user_id) == expected
    assert await reader.get(10**12) is None
    assert await reader.get(added.id + 1) is None
    assert await reader.get_by_user(10**12) is None


async def test_the_reader_filters_searches_orders_and_pages(contract_container: Container, ref: Ref) -> None:
    a = await add_student_profile(contract_container, ref, 1, name_en="Ahmed 100%_x")
    b = await add_student_profile(
        contract_container, ref, 2, name_ar="منى", grade_id=ref.other_grade, status=StudentStatus.VERIFIED
    )
    c = await add_student_profile(contract_container, ref, 3, school_type_id=None, student_code="S12345678")
    reader = contract_container.get(StudentReader)

    async def ids(**filters: object) -> list[int | None]:
        page = await reader.list(StudentFilter(**filters), ALL)  # type: ignore[arg-type]
        assert page.total == len(page.items)
        return [row.id for row in page.items]

    assert await ids() == [c.id, b.id, a.id]
    assert await ids(status=StudentStatus.VERIFIED) == [b.id]
    assert await ids(status=StudentStatus.DECLINED) == []
    assert await ids(grade=ref.other_grade) == [b.id]
    assert await ids(school_type=ref.school_type) == [b.id, a.id]
    assert await ids(search="AHMED") == [a.id]
    assert await ids(search="100%_") == [a.id]  # wildcards are literal
    assert await ids(search="%") == [a.id]
    assert await ids(search="منى") == [b.id]
    assert await ids(search="s1234") == [c.id]
    assert await ids(search="0100021") == [b.id]
    assert await ids(search="student", grade=ref.grade) == [c.id]
    assert await ids(search="S0000000", grade=ref.grade) == [a.id]

    page = await reader.list(StudentFilter(), PageRequest(offset=1, limit=1))
    assert (page.total, [row.id for row in page.items]) == (3, [b.id])
    page = await reader.list(StudentFilter(), PageRequest(offset=0, limit=0))
    assert (page.total, page.items) == (3, [])
    page = await reader.list(StudentFilter(), PageRequest(offset=10, limit=5))
    assert (page.total, page.items) == (3, [])
