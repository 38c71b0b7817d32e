"""The assistant repository and reader behave the same over the memory fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from edutrack.composition import Container
from edutrack.core.actor import Role
from edutrack.core.entities.people import AssistantProfile, Gender
from edutrack.core.entities.users import RefreshToken, User
from edutrack.core.errors import Conflict
from edutrack.ports.assistants import AssistantFilter, AssistantReader, AssistantRow
from edutrack.ports.readers import PageRequest
from tests.support.clock import NOW
from tests.support.people import add_teacher

pytestmark = pytest.mark.anyio

ALL = PageRequest(offset=0, limit=None)


def user(username: str, role: Role, name: str, gmail: str | None = None) -> User:
    return User(
        username=username,
        password_hash="x",
        role=role,
        name=name,
        gmail=gmail,
        created_at=NOW,
        updated_at=NOW,
    )


async def teacher(container: Container, username: str, name: str) -> int:
    """A teacher with a profile: its profile id."""
    made = await add_teacher(container, username, name, gender=Gender.FEMALE, password_hash="x", at=NOW)
    assert made.actor.teacher_id is not None
    return made.actor.teacher_id


async def assistant(
    container: Container,
    teacher_id: int,
    username: str,
    name: str,
    *,
    phone: str = "01112345678",
    created_at: datetime = NOW,
    picture: str | None = None,
) -> AssistantProfile:
    async with container.uow() as uow:
        account = await uow.users.add(user(username, Role.ASSISTANT, name, gmail=f"{username}@Gmail.com"))
        assert account.id is not None
        profile = await uow.assistants.add(
            AssistantProfile(
                user_id=account.id,
                teacher_id=teacher_id,
                phone=phone,
                gender=Gender.MALE,
                profile_picture=picture,
                created_at=created_at,
                updated_at=created_at,
            )
        )
        await uow.commit()
    return profile


async def test_round_trip_save_and_the_reader_row(contract_container: Container) -> None:
    teacher_id = await teacher(contract_container, "teach", "Ms Teacher")
    added = await assistant(contract_container, teacher_id, "helper", "Helper", picture="assistants/a.png")
    assert added.id is not None
    async with contract_container.uow() as uow:
        loaded = await uow.assistants.get(added.id)
        assert loaded == added
        assert await uow.assistants.get(10**12) is None and await uow.assistants.get(0) is None
        loaded.phone, loaded.gender, loaded.profile_picture = "01598765432", None, None
        loaded.updated_at = NOW + timedelta(hours=1)
        await uow.assistants.save(loaded)
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.assistants.get(added.id) == loaded
    row = await contract_container.get(AssistantReader).get(added.id)
    assert row == AssistantRow(
        id=added.id,
        user_id=added.user_id,
        username="helper",
        name="Helper",
        phone="01598765432",
        gmail="helper@Gmail.com",
        gender=None,
        profile_picture=None,
        is_active=True,
        created_at=NOW,
        teacher=teacher_id,
        teacher_name="Ms Teacher",
    )
    assert await contract_container.get(AssistantReader).get(2**31) is None


async def test_an_unknown_teacher_is_refused(contract_container: Container) -> None:
    async with contract_container.uow() as uow:
        account = await uow.users.add(user("lonely", Role.ASSISTANT, "Lonely"))
        assert account.id is not None
        with pytest.raises(Conflict):
            await uow.assistants.add(
                AssistantProfile(
                    user_id=account.id, teacher_id=4242, phone="01112345678", created_at=NOW, updated_at=NOW
                )
            )
            await uow.commit()


async def test_delete_removes_the_profile_the_user_and_its_tokens(contract_container: Container) -> None:
    teacher_id = await teacher(contract_container, "teach", "Teacher")
    added = await assistant(contract_container, teacher_id, "helper", "Helper")
    kept = await assistant(contract_container, teacher_id, "other", "Other")
    assert added.id is not None
    async with contract_container.uow() as uow:
        await uow.refresh_tokens.add(
            RefreshToken(
                jti="j1",
                user_id=added.user_id,
                family_id="f",
                issued_at=NOW,
                expires_at=NOW + timedelta(days=1),
            )
        )
        await uow.commit()
    async with contract_container.uow() as uow:
        await uow.assistants.delete(added.id)
        await uow.assistants.delete(10**12)  # nothing to delete is not an error
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.assistants.get(added.id) is None
        assert await uow.users.get(added.user_id) is None
        assert await uow.refresh_tokens.get_by_jti("j1") is None
        assert await uow.assistants.get(kept.id or 0) == kept
    assert (await contract_container.get(AssistantReader).list(AssistantFilter(), ALL)).total == 1


async def test_list_filters_searches_orders_and_pages(contract_container: Container) -> None:
    first_teacher = await teacher(contract_container, "t1", "First Teacher")
    second_teacher = await teacher(contract_container, "t2", "Second Teacher")
    amal = await assistant(contract_container, first_teacher, "amal", "Amal Adel")
    basma = await assistant(
        contract_container, first_teacher, "basma", "Basma 100%_", phone="01099998888", created_at=NOW
    )
    carim = await assistant(
        contract_container, second_teacher, "carim", "Carim", created_at=NOW + timedelta(minutes=5)
    )
    reader = contract_container.get(AssistantReader)

    async def ids(filters: AssistantFilter, page: PageRequest = ALL) -> tuple[int, list[int | None]]:
        result = await reader.list(filters, page)
        return result.total, [r.id for r in result.items]

    assert await ids(AssistantFilter()) == (3, [carim.id, basma.id, amal.id])  # newest, then highest id
    assert await ids(AssistantFilter(teacher=first_teacher)) == (2, [basma.id, amal.id])
    assert await ids(AssistantFilter(teacher=999)) == (0, [])
    assert await ids(AssistantFilter(search="AMAL X")) == (0, [])
    assert await ids(AssistantFilter(search="amal a")) == (1, [amal.id])
    assert await ids(AssistantFilter(search="9999888")) == (1, [basma.id])
    assert await ids(AssistantFilter(search="CARIM@gmail")) == (1, [carim.id])
    assert await ids(AssistantFilter(search="100%_")) == (1, [basma.id])  # wildcards are literal
    assert await ids(AssistantFilter(search="%")) == (1, [basma.id])
    assert await ids(AssistantFilter(teacher=second_teacher, search="amal")) == (0, [])
    assert await ids(AssistantFilter(), PageRequest(offset=1, limit=1)) == (3, [basma.id])
    assert await ids(AssistantFilter(), PageRequest(offset=0, limit=0)) == (3, [])
    rows = (await reader.list(AssistantFilter(), ALL)).items
    assert {r.teacher_name for r in rows} == {"First Teacher", "Second Teacher"}
