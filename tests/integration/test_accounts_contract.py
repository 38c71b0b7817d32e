"""The account repositories behave the same over the memory fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from edutrack.composition import Container
from edutrack.core.actor import Role
from edutrack.core.entities.users import RefreshToken, User
from edutrack.core.errors import ValidationFailed
from tests.support.clock import NOW

pytestmark = pytest.mark.anyio


def user(username: str, gmail: str | None = None, role: Role = Role.TEACHER) -> User:
    return User(
        username=username,
        password_hash="x",
        role=role,
        name=username,
        gmail=gmail,
        created_at=NOW,
        updated_at=NOW,
    )


def token(jti: str, user_id: int, family: str, expires: datetime = NOW + timedelta(days=7)) -> RefreshToken:
    return RefreshToken(jti=jti, user_id=user_id, family_id=family, issued_at=NOW, expires_at=expires)


async def test_users_round_trip_and_lookups_ignore_case(contract_container: Container) -> None:
    async with contract_container.uow() as uow:
        added = await uow.users.add(user("Samir", gmail="Samir@Mail.com", role=Role.SITE_OWNER))
        await uow.commit()
    assert added.id is not None
    async with contract_container.uow() as uow:
        loaded = await uow.users.get(added.id)
        assert loaded is not None
        assert (loaded.username, loaded.role, loaded.gmail, loaded.created_at) == (
            "Samir",
            Role.SITE_OWNER,
            "Samir@Mail.com",
            NOW,
        )
        assert (await uow.users.get_by_username("SAMIR")).id == added.id  # type: ignore[union-attr]
        assert await uow.users.username_taken("samir")
        assert await uow.users.gmail_taken("samir@mail.COM")
        assert not await uow.users.gmail_taken("samir@mail.com", exclude_user_id=added.id)
        assert await uow.users.get(10**12) is None


async def test_duplicate_username_or_gmail_is_a_field_error(contract_container: Container) -> None:
    async with contract_container.uow() as uow:
        await uow.users.add(user("samir", gmail="s@mail.com"))
        await uow.commit()
    for duplicate, field in ((user("SAMIR"), "username"), (user("other", gmail="S@MAIL.COM"), "gmail")):
        with pytest.raises(ValidationFailed) as info:
            async with contract_container.uow() as uow:
                await uow.users.add(duplicate)
                await uow.commit()
        assert list(info.value.fields) == [field]


async def test_leaving_without_commit_rolls_back(contract_container: Container) -> None:
    async with contract_container.uow() as uow:
        await uow.users.add(user("ghost"))
    async with contract_container.uow() as uow:
        assert not await uow.users.username_taken("ghost")


async def test_save_changes_a_user(contract_container: Container) -> None:
    async with contract_container.uow() as uow:
        added = await uow.users.add(user("samir"))
        await uow.commit()
    async with contract_container.uow() as uow:
        loaded = await uow.users.get(added.id)  # type: ignore[arg-type]
        assert loaded is not None
        loaded.is_active = False
        loaded.last_login = NOW + timedelta(hours=1)
        await uow.users.save(loaded)
        await uow.commit()
    async with contract_container.uow() as uow:
        again = await uow.users.get(added.id)  # type: ignore[arg-type]
    assert again is not None and again.is_active is False and again.last_login == NOW + timedelta(hours=1)


async def test_refresh_tokens_are_consumed_once_and_revoked_by_family(contract_container: Container) -> None:
    async with contract_container.uow() as uow:
        owner = await uow.users.add(user("samir"))
        assert owner.id is not None
        await uow.refresh_tokens.add(token("a1", owner.id, "A"))
        await uow.refresh_tokens.add(token("a2", owner.id, "A"))
        await uow.refresh_tokens.add(token("b1", owner.id, "B"))
        await uow.refresh_tokens.add(token("old", owner.id, "C", expires=NOW - timedelta(seconds=1)))
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.refresh_tokens.consume("a1", NOW, successor_jti="a3") is True
        assert await uow.refresh_tokens.consume("a1", NOW, successor_jti="a4") is False
        assert await uow.refresh_tokens.consume("old", NOW, successor_jti="x") is False
        assert await uow.refresh_tokens.consume("missing", NOW, successor_jti="x") is False
        await uow.refresh_tokens.revoke_family("A", NOW)
        assert await uow.refresh_tokens.consume("a2", NOW, successor_jti="x") is False
        assert await uow.refresh_tokens.consume("b1", NOW, successor_jti="x") is True
        await uow.commit()
    async with contract_container.uow() as uow:
        a1 = await uow.refresh_tokens.get_by_jti("a1")
        assert a1 is not None and a1.used_at == NOW and a1.revoked_at == NOW
        assert await uow.refresh_tokens.successor_of("a1") is None  # "a3" was named but never added
        await uow.refresh_tokens.add(token("a3", a1.user_id, "A"))
        successor = await uow.refresh_tokens.successor_of("a1")
        assert successor is not None and successor.jti == "a3" and successor.family_id == "A"
        assert await uow.refresh_tokens.successor_of("a2") is None


async def test_revoke_for_user_keeps_the_named_family(contract_container: Container) -> None:
    async with contract_container.uow() as uow:
        owner = await uow.users.add(user("samir"))
        assert owner.id is not None
        await uow.refresh_tokens.add(token("keep", owner.id, "KEEP"))
        await uow.refresh_tokens.add(token("drop", owner.id, "DROP"))
        await uow.refresh_tokens.revoke_for_user(owner.id, NOW, keep_family="KEEP")
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.refresh_tokens.consume("keep", NOW, successor_jti="x")
        assert not await uow.refresh_tokens.consume("drop", NOW, successor_jti="x")


async def test_attempts_are_counted_by_atomic_hits_within_a_window(contract_container: Container) -> None:
    window = timedelta(minutes=15)
    async with contract_container.uow() as uow:
        assert [await uow.attempts.hit("login:username", "samir", window, NOW) for _ in range(3)] == [1, 2, 3]
        assert await uow.attempts.hit("login:username", "other", window, NOW) == 1
        assert await uow.attempts.hit("login:address", "samir", window, NOW) == 1
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.attempts.hit("login:username", "samir", window, NOW + timedelta(minutes=14)) == 4
        await uow.attempts.forgive("login:username", "samir")
        assert await uow.attempts.hit("login:username", "samir", window, NOW + timedelta(minutes=14)) == 4
        await uow.commit()
    async with contract_container.uow() as uow:  # the window that began at NOW has passed
        assert await uow.attempts.hit("login:username", "samir", window, NOW + timedelta(minutes=15)) == 1
        assert await uow.attempts.hit("login:username", "samir", window, NOW + timedelta(minutes=16)) == 2
        await uow.attempts.reset("login:username", "samir", seen=1)  # counted since: kept
        assert await uow.attempts.hit("login:username", "samir", window, NOW + timedelta(minutes=16)) == 3
        await uow.attempts.reset("login:username", "samir", seen=3)
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.attempts.hit("login:username", "samir", window, NOW + timedelta(minutes=17)) == 1
        assert await uow.attempts.hit("login:address", "samir", window, NOW + timedelta(minutes=1)) == 2
        assert await uow.attempts.hit("login:username", "x" * 300, window, NOW) == 1  # long keys are cut


async def test_purge_deletes_the_counters_whose_window_started_before_the_cut(
    contract_container: Container,
) -> None:
    window = timedelta(minutes=15)
    async with contract_container.uow() as uow:
        await uow.attempts.hit("login:username", "old", window, NOW)
        await uow.attempts.hit("login:address", "10.0.0.1", window, NOW + timedelta(hours=2))
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.attempts.purge(NOW + timedelta(hours=1)) == 1
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.attempts.purge(NOW + timedelta(hours=1)) == 0  # idempotent
        # the purged counter starts afresh; the kept one goes on counting
        assert await uow.attempts.hit("login:username", "old", window, NOW + timedelta(hours=2)) == 1
        assert await uow.attempts.hit("login:address", "10.0.0.1", window, NOW + timedelta(hours=2)) == 2
