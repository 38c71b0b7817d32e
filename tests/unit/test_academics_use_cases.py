"""Reference data use cases (§4) over the in-memory fakes: rules, permissions, filters and paging."""

from __future__ import annotations

from decimal import Decimal

import pytest

from edutrack.composition import Container
from edutrack.core.actor import Actor, Role
from edutrack.core.entities.academics import ReferenceKind as K
from edutrack.core.errors import AccountDisabled, InUse, NotFound, PermissionDenied, ValidationFailed
from edutrack.core.use_cases.academics.commands import (
    ITEM_CHANGES,
    NEW_ITEM,
    AreaChanges,
    DivisionChanges,
    GradeChanges,
    NewArea,
    NewGrade,
    NewSchoolType,
    NewSubject,
    NewVideoSecurity,
    VideoSecurityChanges,
)
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.academics.delete_item import DeleteReferenceItem
from edutrack.core.use_cases.academics.get_item import GetReferenceItem
from edutrack.core.use_cases.academics.list_items import ListReferenceItems
from edutrack.core.use_cases.academics.update_item import UpdateReferenceItem
from edutrack.ports.academics import (
    AreaRow,
    DivisionRow,
    GradeRow,
    ReferenceFilter,
    SubjectRow,
    VideoSecurityRow,
)
from edutrack.ports.readers import NamedRef, PageRequest

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)


async def create(container: Container, actor: Actor, kind: K, **fields: object) -> int:
    row = await container.get(CreateReferenceItem).execute(actor, NEW_ITEM[kind](**fields))
    return row.id


async def errors_of(call: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as info:
        await call  # type: ignore[misc]
    return info.value.fields


async def test_grades_are_created_listed_by_order_then_id_and_updated_partially(
    container: Container, owner: Actor
) -> None:
    third = await create(container, owner, K.GRADE, name="Third", order=3)
    first = await create(container, owner, K.GRADE, name="  First  ", order=1)
    also_third = await create(container, owner, K.GRADE, name="Third bis", order=3)
    page = await container.get(ListReferenceItems).execute(K.GRADE, ReferenceFilter(), ALL)
    assert page.total == 3
    assert [row.id for row in page.items] == [first, third, also_third]
    assert page.items[0] == GradeRow(id=first, name="First", order=1)

    updated = await container.get(UpdateReferenceItem).execute(owner, first, GradeChanges(order=9))
    assert updated == GradeRow(id=first, name="First", order=9)


async def test_a_subject_shows_its_grades_divisions_and_school_types(
    container: Container, owner: Actor
) -> None:
    g2 = await create(container, owner, K.GRADE, name="Second", order=2)
    g1 = await create(container, owner, K.GRADE, name="First", order=1)
    public = await create(container, owner, K.SCHOOL_TYPE, name="Public")
    science = await create(
        container, owner, K.DIVISION, name="Science", grade_ids=[g2, g1], school_type_ids=[public]
    )
    subject = await container.get(CreateReferenceItem).execute(
        owner, NewSubject(name="Physics", grade_ids=(g2, g1, g2), division_ids=(science,))
    )
    science_row = DivisionRow(
        id=science,
        name="Science",
        grades=[NamedRef(g1, "First"), NamedRef(g2, "Second")],
        school_types=[NamedRef(public, "Public")],
    )
    assert subject == SubjectRow(
        id=subject.id,
        name="Physics",
        grades=[NamedRef(g1, "First"), NamedRef(g2, "Second")],
        divisions=[science_row],
        school_types=[],
    )
    assert await container.get(GetReferenceItem).execute(K.SUBJECT, subject.id) == subject


async def test_update_changes_only_the_given_fields(container: Container, owner: Actor) -> None:
    grade = await create(container, owner, K.GRADE, name="First", order=1)
    school = await create(container, owner, K.SCHOOL_TYPE, name="Public")
    division = await create(
        container, owner, K.DIVISION, name="Arts", grade_ids=[grade], school_type_ids=[school]
    )
    row = await container.get(UpdateReferenceItem).execute(
        owner, division, DivisionChanges(name="Literature")
    )
    assert isinstance(row, DivisionRow)
    assert (row.name, row.grades, row.school_types) == (
        "Literature",
        [NamedRef(grade, "First")],
        [NamedRef(school, "Public")],
    )
    row = await container.get(UpdateReferenceItem).execute(owner, division, DivisionChanges(grade_ids=()))
    assert isinstance(row, DivisionRow)
    assert (row.name, row.grades) == ("Literature", [])


async def test_names_are_unique_per_kind_ignoring_case(container: Container, owner: Actor) -> None:
    await create(container, owner, K.GRADE, name="First")
    other = await create(container, owner, K.GRADE, name="Second")
    await create(container, owner, K.SUBJECT, name="first")  # another kind: fine
    expected = {"name": ["grade with this name already exists."]}
    assert (
        await errors_of(container.get(CreateReferenceItem).execute(owner, NewGrade(name=" FIRST ")))
        == expected
    )
    assert (
        await errors_of(container.get(UpdateReferenceItem).execute(owner, other, GradeChanges(name="first")))
        == expected
    )
    # renaming an item to its own name (other case) is fine
    row = await container.get(UpdateReferenceItem).execute(owner, other, GradeChanges(name="SECOND"))
    assert row.name == "SECOND"
    await create(container, owner, K.SCHOOL_TYPE, name="Azhar")
    assert await errors_of(
        container.get(CreateReferenceItem).execute(owner, NewSchoolType(name="azhar"))
    ) == {"name": ["school type with this name already exists."]}


async def test_area_names_are_unique_per_governorate(container: Container, owner: Actor) -> None:
    cairo = await create(container, owner, K.GOVERNORATE, name="Cairo")
    giza = await create(container, owner, K.GOVERNORATE, name="Giza")
    await create(container, owner, K.AREA, name="Downtown", governorate_id=cairo)
    in_giza = await create(container, owner, K.AREA, name="downtown", governorate_id=giza)
    assert await errors_of(
        container.get(CreateReferenceItem).execute(owner, NewArea(name="DOWNTOWN", governorate_id=cairo))
    ) == {"name": ["area with this name already exists."]}
    assert await errors_of(
        container.get(UpdateReferenceItem).execute(owner, in_giza, AreaChanges(governorate_id=cairo))
    ) == {"name": ["area with this name already exists."]}
    page = await container.get(ListReferenceItems).execute(K.AREA, ReferenceFilter(parent=giza), ALL)
    assert page.items == [AreaRow(id=in_giza, name="downtown", governorate=giza)]


async def test_referenced_ids_must_exist(container: Container, owner: Actor) -> None:
    grade = await create(container, owner, K.GRADE, name="First")
    assert await errors_of(
        container.get(CreateReferenceItem).execute(
            owner,
            NewSubject(name="Math", grade_ids=(grade, 99), division_ids=(2**40,), school_type_ids=(7,)),
        )
    ) == {
        "grades": ['Invalid pk "99" - object does not exist.'],
        "divisions": ['Invalid pk "1099511627776" - object does not exist.'],
        "school_types": ['Invalid pk "7" - object does not exist.'],
    }
    assert await errors_of(
        container.get(CreateReferenceItem).execute(owner, NewArea(name="Downtown", governorate_id=5))
    ) == {"governorate": ['Invalid pk "5" - object does not exist.']}
    page = await container.get(ListReferenceItems).execute(K.SUBJECT, ReferenceFilter(), ALL)
    assert page.total == 0  # nothing was written


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("   ", {"name": ["This field may not be blank."]}),
        (" " + "x" * 101, {"name": ["Ensure this field has no more than 100 characters."]}),
    ],
)
async def test_names_are_trimmed_and_not_blank(
    container: Container, owner: Actor, name: str, expected: dict[str, list[str]]
) -> None:
    """Shape, type and range (a missing name, a negative order) are the edge's; the name rule is the
    core's, on create and on update."""
    assert await errors_of(container.get(CreateReferenceItem).execute(owner, NewGrade(name=name))) == expected
    grade = await create(container, owner, K.GRADE, name="First")
    assert (
        await errors_of(container.get(UpdateReferenceItem).execute(owner, grade, GradeChanges(name=name)))
        == expected
    )


async def test_video_security_price_is_exact_money(container: Container, owner: Actor) -> None:
    row = await container.get(CreateReferenceItem).execute(
        owner, NewVideoSecurity(name="Watermark", price_per_student=Decimal("12.5"))
    )
    assert row == VideoSecurityRow(id=row.id, name="Watermark", price_per_student=Decimal("12.50"))
    assert str(row.price_per_student) == "12.50"
    free = await container.get(CreateReferenceItem).execute(owner, NewVideoSecurity(name="None"))
    assert isinstance(free, VideoSecurityRow) and free.price_per_student == Decimal("0")
    changed = await container.get(UpdateReferenceItem).execute(
        owner, row.id, VideoSecurityChanges(price_per_student=Decimal("3"))
    )
    assert changed == VideoSecurityRow(id=row.id, name="Watermark", price_per_student=Decimal("3.00"))


async def test_only_an_active_site_owner_writes(container: Container, owner: Actor) -> None:
    grade = await create(container, owner, K.GRADE, name="First")
    teacher = Actor(user_id=42, username="t", role=Role.TEACHER)
    disabled = Actor(user_id=owner.user_id, username="owner", role=Role.SITE_OWNER, is_active=False)
    with pytest.raises(PermissionDenied):
        await container.get(CreateReferenceItem).execute(teacher, NewGrade(name="Second"))
    with pytest.raises(PermissionDenied):
        await container.get(UpdateReferenceItem).execute(teacher, grade, GradeChanges(name="Second"))
    with pytest.raises(PermissionDenied):
        await container.get(DeleteReferenceItem).execute(teacher, K.GRADE, grade)
    with pytest.raises(AccountDisabled):
        await container.get(DeleteReferenceItem).execute(disabled, K.GRADE, grade)
    assert (await container.get(GetReferenceItem).execute(K.GRADE, grade)).name == "First"


async def test_delete_refuses_items_in_use_and_missing_items(container: Container, owner: Actor) -> None:
    grade = await create(container, owner, K.GRADE, name="First")
    division = await create(container, owner, K.DIVISION, name="Science", grade_ids=[grade])
    subject = await create(container, owner, K.SUBJECT, name="Physics", division_ids=[division])
    cairo = await create(container, owner, K.GOVERNORATE, name="Cairo")
    area = await create(container, owner, K.AREA, name="Downtown", governorate_id=cairo)
    for kind, item_id in ((K.GRADE, grade), (K.DIVISION, division), (K.GOVERNORATE, cairo)):
        with pytest.raises(InUse) as info:
            await container.get(DeleteReferenceItem).execute(owner, kind, item_id)
        assert info.value.body() == {"detail": "Cannot delete: it is in use."}
    for kind, item_id in ((K.SUBJECT, subject), (K.DIVISION, division), (K.GRADE, grade), (K.AREA, area)):
        await container.get(DeleteReferenceItem).execute(owner, kind, item_id)
    for kind, item_id in ((K.GRADE, grade), (K.GRADE, 2**40), (K.AREA, -1)):
        with pytest.raises(NotFound):
            await container.get(DeleteReferenceItem).execute(owner, kind, item_id)
        with pytest.raises(NotFound):
            await container.get(GetReferenceItem).execute(kind, item_id)
        with pytest.raises(NotFound):
            await container.get(UpdateReferenceItem).execute(owner, item_id, ITEM_CHANGES[kind](name="x"))


async def test_filters_and_pages(container: Container, owner: Actor) -> None:
    g1 = await create(container, owner, K.GRADE, name="First")
    g2 = await create(container, owner, K.GRADE, name="Second")
    ids = [
        await create(container, owner, K.SUBJECT, name=name, grade_ids=grades)
        for name, grades in (("Math", [g1]), ("Mathematics 100%", [g1, g2]), ("Arabic", [g2]), ("Math_x", []))
    ]
    lister = container.get(ListReferenceItems)
    by_grade = await lister.execute(K.SUBJECT, ReferenceFilter(parent=g2), ALL)
    assert [r.id for r in by_grade.items] == [ids[1], ids[2]]
    searched = await lister.execute(K.SUBJECT, ReferenceFilter(search="MATH"), ALL)
    assert [r.id for r in searched.items] == [ids[0], ids[1], ids[3]]
    wildcard = await lister.execute(K.SUBJECT, ReferenceFilter(search="%"), ALL)
    assert [r.id for r in wildcard.items] == [ids[1]]
    underscore = await lister.execute(K.SUBJECT, ReferenceFilter(search="h_"), ALL)
    assert [r.id for r in underscore.items] == [ids[3]]
    page = await lister.execute(K.SUBJECT, ReferenceFilter(), PageRequest(offset=1, limit=2))
    assert page.total == 4 and [r.id for r in page.items] == ids[1:3]


async def test_stored_items_cannot_be_changed_behind_the_unit_of_work(
    container: Container, owner: Actor
) -> None:
    grade = await create(container, owner, K.GRADE, name="First")
    division = await create(container, owner, K.DIVISION, name="Science", grade_ids=[grade])
    async with container.uow() as uow:
        loaded = await uow.reference.get(K.DIVISION, division)
        assert loaded is not None
        loaded.grade_ids.append(12345)  # type: ignore[union-attr]
        loaded.name = "Changed"
        await uow.commit()  # nothing saved
    row = await container.get(GetReferenceItem).execute(K.DIVISION, division)
    assert isinstance(row, DivisionRow) and (row.name, row.grades) == ("Science", [NamedRef(grade, "First")])
