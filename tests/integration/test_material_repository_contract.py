"""Materials repository and reader contract: the same tests on the memory fakes, SQLite and PostgreSQL.

The seeding helpers (``tests/support/materials.py``: ``seed_world``, ``seed_lecture``) write courses,
topics and lectures straight into the store or the tables, so the materials tests depend on nothing but
the schema."""

from __future__ import annotations

from datetime import timedelta

import pytest

from edutrack.composition import Container
from edutrack.ports.materials import MaterialFilter, MaterialReader
from edutrack.ports.readers import PageRequest
from tests.support.clock import NOW
from tests.support.materials import add_material, seed_lecture, seed_world

pytestmark = pytest.mark.anyio


async def test_add_get_save_delete_round_trip(contract_container: Container) -> None:
    world = await seed_world(contract_container)
    place = await seed_lecture(contract_container, world)
    other = await seed_lecture(contract_container, world, course=place.course, name="Lecture 2")
    material_id = await add_material(contract_container, place.lecture)
    async with contract_container.uow() as uow:
        material = await uow.materials.get(material_id)
        assert material is not None
        assert (material.lecture_id, material.title, material.description) == (
            place.lecture,
            "Notes",
            "Chapter one",
        )
        assert (material.file, material.file_size, material.created_at) == ("materials/a.pdf", 1234, NOW)
        material.title, material.file, material.file_size = "Renamed", "materials/b.pdf", 99
        material.lecture_id = other.lecture
        material.updated_at = NOW + timedelta(hours=1)
        await uow.materials.save(material)
        await uow.commit()
    async with contract_container.uow() as uow:
        saved = await uow.materials.get(material_id)
        assert saved is not None
        assert (saved.title, saved.file, saved.file_size, saved.lecture_id) == (
            "Renamed",
            "materials/b.pdf",
            99,
            other.lecture,
        )
        assert saved.updated_at == NOW + timedelta(hours=1)
        await uow.materials.delete(material_id)
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.materials.get(material_id) is None
        assert await uow.materials.get(2**40) is None
        assert await uow.materials.get(0) is None


async def test_lecture_teacher_and_file_keys(contract_container: Container) -> None:
    world = await seed_world(contract_container)
    first = await seed_lecture(contract_container, world)
    second = await seed_lecture(contract_container, world, course=first.course, name="Lecture 2")
    elsewhere = await seed_lecture(contract_container, world, teacher=world.other)
    await add_material(contract_container, first.lecture, key="materials/1.pdf")
    await add_material(contract_container, first.lecture, key="materials/2.pdf")
    await add_material(contract_container, second.lecture, key="materials/3.pdf")
    await add_material(contract_container, elsewhere.lecture, key="materials/4.pdf")
    async with contract_container.uow() as uow:
        assert await uow.materials.lecture_teacher(first.lecture) == world.teacher
        assert await uow.materials.lecture_teacher(elsewhere.lecture) == world.other
        assert await uow.materials.lecture_teacher(999_999) is None
        assert await uow.materials.lecture_teacher(2**40) is None
        assert sorted(await uow.materials.file_keys(lecture_id=first.lecture)) == [
            "materials/1.pdf",
            "materials/2.pdf",
        ]
        assert await uow.materials.file_keys(topic_id=second.topic) == ["materials/3.pdf"]
        assert sorted(await uow.materials.file_keys(course_id=first.course)) == [
            "materials/1.pdf",
            "materials/2.pdf",
            "materials/3.pdf",
        ]
        assert await uow.materials.file_keys() == []


async def test_add_to_a_missing_lecture_is_refused(contract_container: Container) -> None:
    await seed_world(contract_container)
    with pytest.raises(Exception) as caught:
        await add_material(contract_container, 999_999)
    assert type(caught.value).__name__ == "Conflict"


async def test_reader_rows_filters_visibility_and_order(contract_container: Container) -> None:
    world = await seed_world(contract_container)
    shown = await seed_lecture(contract_container, world)
    hidden = await seed_lecture(contract_container, world, course=shown.course, lecture_visible=False)
    closed_topic = await seed_lecture(contract_container, world, course=shown.course, topic_active=False)
    closed_course = await seed_lecture(contract_container, world, course_active=False)
    theirs = await seed_lecture(contract_container, world, teacher=world.other)
    a = await add_material(contract_container, shown.lecture, "B notes", minutes=2)
    b = await add_material(contract_container, shown.lecture, "A notes", minutes=1)
    c = await add_material(contract_container, hidden.lecture, minutes=3)
    d = await add_material(contract_container, closed_topic.lecture, minutes=4)
    e = await add_material(contract_container, closed_course.lecture, minutes=5)
    f = await add_material(contract_container, theirs.lecture, minutes=6)
    reader = contract_container.get(MaterialReader)
    everything = PageRequest(offset=0, limit=None)

    async def ids(filters: MaterialFilter, page: PageRequest = everything) -> list[int]:
        return [row.id for row in (await reader.list(filters, page)).items]

    assert await ids(MaterialFilter()) == [b, a, c, d, e, f]
    assert await ids(MaterialFilter(teacher=world.teacher)) == [b, a, c, d, e]
    assert await ids(MaterialFilter(teacher=world.other)) == [f]
    assert await ids(MaterialFilter(visible_only=True)) == [b, a, f]
    assert await ids(MaterialFilter(lecture=shown.lecture)) == [b, a]
    assert await ids(MaterialFilter(course=shown.course)) == [b, a, c, d]
    assert await ids(MaterialFilter(course=shown.course, visible_only=True)) == [b, a]
    assert await ids(MaterialFilter(ordering=(("title", False), ("id", True)))) == [b, a, f, e, d, c]
    assert await ids(MaterialFilter(ordering=(("created_at", True),))) == [f, e, d, c, a, b]
    page = await reader.list(MaterialFilter(), PageRequest(offset=1, limit=2))
    assert page.total == 6 and [row.id for row in page.items] == [a, c]
    assert (await reader.list(MaterialFilter(), PageRequest(offset=0, limit=0))).total == 6

    row = await reader.get(a)
    assert row is not None
    assert (row.lecture_id, row.lecture_name, row.course_id, row.teacher_id) == (
        shown.lecture,
        "Lecture 1",
        shown.course,
        world.teacher,
    )
    assert (row.title, row.description, row.file, row.file_size, row.visible) == (
        "B notes",
        "Chapter one",
        "materials/a.pdf",
        1234,
        True,
    )
    assert row.created_at == NOW + timedelta(minutes=2) and row.updated_at == NOW + timedelta(minutes=2)
    for hidden_id in (c, d, e):
        hidden_row = await reader.get(hidden_id)
        assert hidden_row is not None and hidden_row.visible is False
    assert await reader.get(999_999) is None
    assert await reader.get(2**40) is None
