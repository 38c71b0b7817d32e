"""The reference catalog and reader behave the same over the memory fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest

from edutrack.composition import Container
from edutrack.core.entities.academics import (
    Area,
    Division,
    Governorate,
    Grade,
    ReferenceItem,
    ReferenceKind,
    SchoolType,
    Subject,
    VideoSecurity,
)
from edutrack.core.errors import InUse, NotFound
from edutrack.ports.academics import (
    AreaRow,
    DivisionRow,
    GradeRow,
    ReferenceFilter,
    ReferenceReader,
    SubjectRow,
    VideoSecurityRow,
)
from edutrack.ports.readers import NamedRef, PageRequest

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)


async def add(container: Container, *items: ReferenceItem) -> list[int]:
    async with container.uow() as uow:
        for item in items:
            await uow.reference.add(item)
        await uow.commit()
    return [item.id for item in items]  # type: ignore[misc]


async def test_academic_items_round_trip_with_their_id_lists(contract_container: Container) -> None:
    g1, g2, public, cairo = await add(
        contract_container, Grade("First", 1), Grade("Second", 2), SchoolType("Public"), Governorate("Cairo")
    )
    division, area, video = await add(
        contract_container,
        Division("Science", grade_ids=[g2, g1], school_type_ids=[public]),
        Area("Downtown", governorate_id=cairo),
        VideoSecurity("Watermark", Decimal("12.50")),
    )
    (subject,) = await add(contract_container, Subject("Physics", grade_ids=[g1], division_ids=[division]))
    async with contract_container.uow() as uow:
        loaded = await uow.reference.get(ReferenceKind.DIVISION, division)
        assert isinstance(loaded, Division)
        assert (loaded.name, sorted(loaded.grade_ids), loaded.school_type_ids) == (
            "Science",
            [g1, g2],
            [public],
        )
        assert await uow.reference.get(ReferenceKind.AREA, area) == Area("Downtown", cairo, id=area)
        assert await uow.reference.get(ReferenceKind.VIDEO_SECURITY, video) == VideoSecurity(
            "Watermark", Decimal("12.50"), id=video
        )
        assert await uow.reference.get(ReferenceKind.SUBJECT, subject) == Subject(
            "Physics", grade_ids=[g1], division_ids=[division], school_type_ids=[], id=subject
        )
        for bad in (10**12, 0, -5, division + 100):
            assert await uow.reference.get(ReferenceKind.DIVISION, bad) is None
    reader = contract_container.get(ReferenceReader)
    assert await reader.get(ReferenceKind.SUBJECT, subject) == SubjectRow(
        id=subject,
        name="Physics",
        grades=[NamedRef(g1, "First")],
        divisions=[
            DivisionRow(
                id=division,
                name="Science",
                grades=[NamedRef(g1, "First"), NamedRef(g2, "Second")],
                school_types=[NamedRef(public, "Public")],
            )
        ],
        school_types=[],
    )
    assert await reader.get(ReferenceKind.AREA, area) == AreaRow(id=area, name="Downtown", governorate=cairo)
    assert await reader.get(ReferenceKind.VIDEO_SECURITY, video) == VideoSecurityRow(
        id=video, name="Watermark", price_per_student=Decimal("12.50")
    )
    assert await reader.get(ReferenceKind.GRADE, 10**12) is None


async def test_academic_save_replaces_the_id_lists(contract_container: Container) -> None:
    g1, g2, public = await add(contract_container, Grade("First"), Grade("Second"), SchoolType("Public"))
    (division,) = await add(contract_container, Division("Science", grade_ids=[g1], school_type_ids=[public]))
    async with contract_container.uow() as uow:
        item = await uow.reference.get(ReferenceKind.DIVISION, division)
        assert isinstance(item, Division)
        item.name, item.grade_ids, item.school_type_ids = "Sciences", [g2], []
        await uow.reference.save(item)
        await uow.commit()
    row = await contract_container.get(ReferenceReader).get(ReferenceKind.DIVISION, division)
    assert row == DivisionRow(id=division, name="Sciences", grades=[NamedRef(g2, "Second")], school_types=[])


async def test_academic_changes_uncommitted_are_rolled_back(contract_container: Container) -> None:
    async with contract_container.uow() as uow:
        await uow.reference.add(Grade("First"))
    page = await contract_container.get(ReferenceReader).list(ReferenceKind.GRADE, ReferenceFilter(), ALL)
    assert page.total == 0


async def test_academic_delete_is_refused_while_referenced(contract_container: Container) -> None:
    grade, public, cairo = await add(
        contract_container, Grade("First"), SchoolType("Public"), Governorate("Cairo")
    )
    division, area = await add(
        contract_container, Division("Science", grade_ids=[grade]), Area("Downtown", governorate_id=cairo)
    )
    (subject,) = await add(
        contract_container, Subject("Physics", division_ids=[division], school_type_ids=[public])
    )
    blocked = [
        (ReferenceKind.GRADE, grade),
        (ReferenceKind.SCHOOL_TYPE, public),
        (ReferenceKind.GOVERNORATE, cairo),
        (ReferenceKind.DIVISION, division),
    ]
    for kind, item_id in blocked:
        with pytest.raises(InUse):
            async with contract_container.uow() as uow:
                await uow.reference.delete(kind, item_id)
    # a refused delete leaves the transaction usable: the next statement in it still works
    async with contract_container.uow() as uow:
        with pytest.raises(InUse):
            await uow.reference.delete(ReferenceKind.GRADE, grade)
        await uow.reference.delete(ReferenceKind.AREA, area)
        await uow.commit()
    assert await contract_container.get(ReferenceReader).get(ReferenceKind.AREA, area) is None
    async with contract_container.uow() as uow:
        for kind, item_id in [(ReferenceKind.SUBJECT, subject), *reversed(blocked)]:
            await uow.reference.delete(kind, item_id)
        await uow.commit()
    for kind, item_id in [*blocked, (ReferenceKind.GRADE, 10**12), (ReferenceKind.GRADE, 0)]:
        with pytest.raises(NotFound):
            async with contract_container.uow() as uow:
                await uow.reference.delete(kind, item_id)


async def test_academic_missing_ids_and_name_taken(contract_container: Container) -> None:
    cairo, giza = await add(contract_container, Governorate("Cairo"), Governorate("Giza"))
    first, area = await add(contract_container, Grade("First"), Area("Downtown", governorate_id=cairo))
    async with contract_container.uow() as uow:
        assert await uow.reference.missing_ids(ReferenceKind.GRADE, [first, first + 50, 10**12, -1]) == {
            first + 50,
            10**12,
            -1,
        }
        assert await uow.reference.missing_ids(ReferenceKind.GRADE, []) == set()
        assert await uow.reference.name_taken(Grade(" FIRST "))
        assert not await uow.reference.name_taken(Grade("first", id=first))
        assert not await uow.reference.name_taken(SchoolType("First"))
        assert await uow.reference.name_taken(Area("downtown", governorate_id=cairo))
        assert not await uow.reference.name_taken(Area("downtown", governorate_id=giza))
        assert not await uow.reference.name_taken(Area("downtown", governorate_id=cairo, id=area))


async def test_academic_reader_orders_filters_and_pages(contract_container: Container) -> None:
    late, early, tie = await add(contract_container, Grade("Late", 5), Grade("Early", 1), Grade("Tie", 5))
    grades = await contract_container.get(ReferenceReader).list(ReferenceKind.GRADE, ReferenceFilter(), ALL)
    assert grades.items == [GradeRow(early, "Early", 1), GradeRow(late, "Late", 5), GradeRow(tie, "Tie", 5)]
    ids = await add(
        contract_container,
        Subject("Math", grade_ids=[early]),
        Subject("Mathematics 100%", grade_ids=[early, late]),
        Subject("Arabic", grade_ids=[late]),
        Subject("math_x"),
    )
    reader = contract_container.get(ReferenceReader)

    async def listed(filters: ReferenceFilter, page: PageRequest = ALL) -> tuple[int, list[int]]:
        result = await reader.list(ReferenceKind.SUBJECT, filters, page)
        return result.total, [row.id for row in result.items]

    assert await listed(ReferenceFilter(parent=late)) == (2, [ids[1], ids[2]])
    assert await listed(ReferenceFilter(search="MATH")) == (3, [ids[0], ids[1], ids[3]])
    assert await listed(ReferenceFilter(search="%")) == (1, [ids[1]])
    assert await listed(ReferenceFilter(search="h_")) == (1, [ids[3]])
    assert await listed(ReferenceFilter(parent=early, search="ics")) == (1, [ids[1]])
    assert await listed(ReferenceFilter(), PageRequest(offset=1, limit=2)) == (4, ids[1:3])
    assert await listed(ReferenceFilter(), PageRequest(offset=0, limit=0)) == (4, [])
    assert await listed(ReferenceFilter(), PageRequest(offset=10, limit=5)) == (4, [])
