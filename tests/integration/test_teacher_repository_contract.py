"""The teacher repository and reader behave the same over the memory fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest

from edutrack.composition import Container
from edutrack.core.actor import Role
from edutrack.core.entities.academics import Grade, ReferenceItem, Subject, VideoSecurity
from edutrack.core.entities.people import Gender, TeacherProfile
from edutrack.core.entities.users import User
from edutrack.core.errors import Conflict
from edutrack.ports.academics import SubjectRow, VideoSecurityRow
from edutrack.ports.readers import NamedRef, PageRequest
from edutrack.ports.teachers import TeacherFilter, TeacherReader, TeacherRow
from tests.support.clock import NOW

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)


async def add_reference(container: Container, *items: ReferenceItem) -> list[int]:
    async with container.uow() as uow:
        for item in items:
            await uow.reference.add(item)
        await uow.commit()
    return [item.id for item in items if item.id is not None]


async def add_teacher_profile(
    container: Container, username: str, name: str, **profile: object
) -> TeacherProfile:
    async with container.uow() as uow:
        user = await uow.users.add(
            User(
                username=username,
                password_hash="x",
                role=Role.TEACHER,
                name=name,
                gmail=f"{username}@gmail.com",
                is_active=bool(profile.pop("is_active", True)),
                created_at=NOW,
                updated_at=NOW,
            )
        )
        assert user.id is not None
        fields: dict[str, object] = {"phone": "01012345678", "gender": Gender.MALE, "subject_id": None}
        fields.update(profile)
        teacher = TeacherProfile(user_id=user.id, created_at=NOW, updated_at=NOW, **fields)  # type: ignore[arg-type]
        await uow.teachers.add(teacher)
        await uow.commit()
    return teacher


async def test_add_get_and_save_round_trip(contract_container: Container) -> None:
    first, second, third = await add_reference(
        contract_container, Grade("First", 1), Grade("Second", 2), Grade("Third", 3)
    )
    (math,) = await add_reference(contract_container, Subject("Math", grade_ids=[first, second, third]))
    teacher = await add_teacher_profile(
        contract_container,
        "ahmed",
        "Ahmed",
        subject_id=math,
        grade_ids=[third, first, third],
        biography="Bio",
    )
    assert teacher.id is not None
    async with contract_container.uow() as uow:
        stored = await uow.teachers.get(teacher.id)
        assert stored is not None
        assert stored.grade_ids == [first, third] and stored.gender is Gender.MALE
        assert (stored.subject_id, stored.biography, stored.created_at) == (math, "Bio", NOW)
        stored.grade_ids = [second]
        stored.phone = "01198765432"
        stored.profile_picture = "teachers/abc.png"
        await uow.teachers.save(stored)
        await uow.commit()
    async with contract_container.uow() as uow:
        again = await uow.teachers.get(teacher.id)
        assert again is not None
        assert (again.grade_ids, again.phone, again.profile_picture) == (
            [second],
            "01198765432",
            "teachers/abc.png",
        )
        assert await uow.teachers.get(teacher.id + 1000) is None
        assert await uow.teachers.get(2**40) is None
        assert await uow.teachers.get(0) is None


async def test_broken_references_are_refused_by_the_store(contract_container: Container) -> None:
    async with contract_container.uow() as uow:
        with pytest.raises(Conflict):
            await uow.teachers.add(
                TeacherProfile(
                    user_id=4242,
                    phone="01012345678",
                    gender=Gender.MALE,
                    subject_id=None,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )


async def test_reader_rows_filters_and_order(contract_container: Container) -> None:
    first, second = await add_reference(contract_container, Grade("First", 2), Grade("Second", 1))
    (math,) = await add_reference(contract_container, Subject("Math", grade_ids=[first, second]))
    (watermark,) = await add_reference(contract_container, VideoSecurity("Watermark", Decimal("12.5")))
    ahmed = await add_teacher_profile(
        contract_container,
        "ahmed",
        "Ahmed Hassan",
        subject_id=math,
        grade_ids=[first, second],
        video_security_id=watermark,
        secondary_phone="01112345678",
        profile_picture="teachers/a.png",
    )
    mona = await add_teacher_profile(
        contract_container, "mona", "Mona 100%_Adel", gender=Gender.FEMALE, is_active=False
    )
    assert ahmed.id is not None and mona.id is not None
    reader = contract_container.get(TeacherReader)

    row = await reader.get(ahmed.id)
    assert row == TeacherRow(
        id=ahmed.id,
        user_id=ahmed.user_id,
        username="ahmed",
        name="Ahmed Hassan",
        gmail="ahmed@gmail.com",
        is_active=True,
        phone="01012345678",
        secondary_phone="01112345678",
        gender="male",
        profile_picture="teachers/a.png",
        biography=None,
        facebook=None,
        created_at=NOW,
        subject=SubjectRow(
            id=math, name="Math", grades=[NamedRef(second, "Second"), NamedRef(first, "First")]
        ),
        grades=[NamedRef(second, "Second"), NamedRef(first, "First")],  # by grade order
        video_security=VideoSecurityRow(id=watermark, name="Watermark", price_per_student=Decimal("12.50")),
    )
    assert row.subject_id == math and row.video_security_id == watermark
    bare = await reader.get(mona.id)
    assert bare is not None and (bare.subject, bare.grades, bare.video_security) == (None, [], None)
    assert await reader.get(mona.id + 1000) is None and await reader.get(2**40) is None

    async def ids(**filters: object) -> list[int]:
        return [r.id for r in (await reader.list(TeacherFilter(**filters), ALL)).items]  # type: ignore[arg-type]

    assert await ids() == [mona.id, ahmed.id]
    assert await ids(is_active=False) == [mona.id]
    assert await ids(subject_id=math) == [ahmed.id]
    assert await ids(grade_id=second) == [ahmed.id]
    assert await ids(search="100%_") == [mona.id]  # wildcards are literal
    assert await ids(search="HASSAN") == [ahmed.id]
    page = await reader.list(TeacherFilter(), PageRequest(offset=1, limit=1))
    assert page.total == 2 and [r.id for r in page.items] == [ahmed.id]
    empty = await reader.list(TeacherFilter(), PageRequest(offset=0, limit=0))
    assert (empty.total, empty.items) == (2, [])
