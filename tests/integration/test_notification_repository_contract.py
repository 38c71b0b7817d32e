"""The notifier, repository and reader behave the same over the memory fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from edutrack.composition import Container
from edutrack.core.actor import Role
from edutrack.core.entities.notifications import NewNotification, NotificationType
from edutrack.core.entities.users import User
from edutrack.ports.notifications import NotificationReader, Notifier
from edutrack.ports.readers import PageRequest

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)
STATUS = NotificationType.STUDENT_STATUS_CHANGED


async def add_user(container: Container, username: str) -> int:
    now = datetime(2026, 4, 1, tzinfo=UTC)
    async with container.uow() as uow:
        user = await uow.users.add(
            User(
                username=username,
                password_hash="x",
                role=Role.STUDENT,
                name=username,
                created_at=now,
                updated_at=now,
            )
        )
        await uow.commit()
    assert user.id is not None
    return user.id


async def test_send_list_mark_and_count(contract_container: Container) -> None:
    c = contract_container
    alice, bob = await add_user(c, "alice"), await add_user(c, "bob")
    metadata: dict[str, object] = {"status": "verified", "ids": [1, 2], "nested": {"ok": True}, "name": "حسن"}
    await c.get(Notifier).send([NewNotification(alice, STATUS, "Old", "first", metadata)])
    await c.get(Notifier).send(
        [
            NewNotification(alice, NotificationType.BALANCE_ADDED, "Mid", "second"),
            NewNotification(bob, STATUS, "Bob", "for bob"),
            NewNotification(alice, NotificationType.CODE_REDEEMED, "New", "third"),
            NewNotification(9999, STATUS, "Nobody", "skipped: no such user"),
        ]
    )
    await c.get(Notifier).send([])

    page = await c.get(NotificationReader).list_for(alice, None, ALL)
    assert page.total == 3
    assert [(r.title, r.message, r.notification_type) for r in page.items] == [
        ("New", "third", "code_redeemed"),
        ("Mid", "second", "balance_added"),
        ("Old", "first", "student_status_changed"),
    ]
    new, mid, old = page.items
    assert old.metadata == metadata and mid.metadata is None
    assert not any(r.is_read for r in page.items)
    assert old.created_at.utcoffset() is not None and old.created_at <= mid.created_at == new.created_at
    assert (await c.get(NotificationReader).list_for(alice, None, PageRequest(offset=1, limit=1))).items == [
        mid
    ]
    assert (await c.get(NotificationReader).list_for(alice, None, PageRequest(offset=5, limit=5))).items == []
    (bobs,) = (await c.get(NotificationReader).list_for(bob, None, ALL)).items

    async with c.uow() as uow:
        assert await uow.notifications.mark_read(alice, mid.id) is True
        assert await uow.notifications.mark_read(alice, mid.id) is True  # already read: still hers
        assert await uow.notifications.mark_read(alice, bobs.id) is False
        for missing in (0, -1, 10**12, bobs.id + 100):
            assert await uow.notifications.mark_read(alice, missing) is False
        await uow.commit()
    async with c.uow() as uow:  # not committed: nothing changes
        assert await uow.notifications.mark_read(alice, new.id) is True

    assert await c.get(NotificationReader).count_unread(alice) == 2
    assert await c.get(NotificationReader).count_unread(bob) == 1
    assert [r.title for r in (await c.get(NotificationReader).list_for(alice, True, ALL)).items] == ["Mid"]
    unread = await c.get(NotificationReader).list_for(alice, False, ALL)
    assert (unread.total, [r.title for r in unread.items]) == (2, ["New", "Old"])

    async with c.uow() as uow:
        assert await uow.notifications.mark_all_read(alice) == 2
        await uow.commit()
    async with c.uow() as uow:
        assert await uow.notifications.mark_all_read(alice) == 0
    assert await c.get(NotificationReader).count_unread(alice) == 0
    assert await c.get(NotificationReader).count_unread(bob) == 1
    assert (await c.get(NotificationReader).list_for(bob, None, ALL)).items == [bobs]
