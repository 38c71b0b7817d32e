"""Notification use cases over the memory fakes: own notifications only, newest first, marking read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.memory.notifications import NotificationTables
from edutrack.composition import Container
from edutrack.core.actor import Actor, Role
from edutrack.core.entities.notifications import NewNotification, NotificationType
from edutrack.core.entities.users import User
from edutrack.core.errors import AccountDisabled, NotFound
from edutrack.core.use_cases.notifications.count_unread import CountUnreadNotifications
from edutrack.core.use_cases.notifications.list_notifications import ListNotifications
from edutrack.core.use_cases.notifications.mark_read import MarkAllNotificationsRead, MarkNotificationRead
from edutrack.ports.notifications import NotificationRow, Notifier
from edutrack.ports.readers import PageRequest

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)


async def add_user(container: Container, username: str, role: Role = Role.STUDENT) -> Actor:
    now = container.clock.now()
    async with container.uow() as uow:
        user = await uow.users.add(
            User(
                username=username, password_hash="x", role=role, name=username, created_at=now, updated_at=now
            )
        )
        await uow.commit()
    return user.as_actor()


def note(user: Actor, title: str, kind: NotificationType = NotificationType.BALANCE_ADDED) -> NewNotification:
    return NewNotification(user.user_id, kind, title, f"{title} message", {"title": title})


async def titles(container: Container, actor: Actor, is_read: bool | None = None) -> list[str]:
    page = await container.get(ListNotifications).execute(actor, is_read, ALL)
    return [row.title for row in page.items]


async def test_a_user_sees_only_their_own_notifications_newest_first(
    container: Container, clock: FrozenClock
) -> None:
    alice, bob = await add_user(container, "alice"), await add_user(container, "bob")
    await container.get(Notifier).send([note(alice, "first"), note(bob, "bob's")])
    clock.advance(minutes=5)
    await container.get(Notifier).send([note(alice, "second"), note(alice, "third")])

    page = await container.get(ListNotifications).execute(alice, None, ALL)
    assert page.total == 3
    # same created_at for "second" and "third": the higher id comes first
    assert [row.title for row in page.items] == ["third", "second", "first"]
    newest = page.items[0]
    assert newest == NotificationRow(
        id=newest.id,
        notification_type="balance_added",
        title="third",
        message="third message",
        is_read=False,
        metadata={"title": "third"},
        created_at=datetime(2026, 4, 29, 8, 5, tzinfo=UTC),
    )
    assert newest.notification_type_display == "Balance added"
    assert await titles(container, bob) == ["bob's"]

    second_page = await container.get(ListNotifications).execute(alice, None, PageRequest(offset=2, limit=2))
    assert (second_page.total, [r.title for r in second_page.items]) == (3, ["first"])


async def test_mark_read_is_limited_to_the_owner_and_feeds_the_unread_count(container: Container) -> None:
    alice, bob = await add_user(container, "alice"), await add_user(container, "bob")
    await container.get(Notifier).send([note(alice, "a1"), note(alice, "a2"), note(bob, "b1")])
    a1, _ = sorted(
        (await container.get(ListNotifications).execute(alice, None, ALL)).items, key=lambda r: r.id
    )
    (b1,) = (await container.get(ListNotifications).execute(bob, None, ALL)).items

    assert await container.get(CountUnreadNotifications).execute(alice) == 2
    await container.get(MarkNotificationRead).execute(alice, a1.id)
    await container.get(MarkNotificationRead).execute(alice, a1.id)  # again: still fine
    assert await container.get(CountUnreadNotifications).execute(alice) == 1
    assert await titles(container, alice, is_read=True) == ["a1"]
    assert await titles(container, alice, is_read=False) == ["a2"]

    for foreign in (b1.id, 999, 0, -1, 10**12):
        with pytest.raises(NotFound) as caught:
            await container.get(MarkNotificationRead).execute(alice, foreign)
        assert caught.value.body() == {"error": "Notification not found"}
    assert await container.get(CountUnreadNotifications).execute(bob) == 1

    assert await container.get(MarkAllNotificationsRead).execute(alice) == 1
    assert await container.get(MarkAllNotificationsRead).execute(alice) == 0
    assert await container.get(CountUnreadNotifications).execute(alice) == 0
    assert await container.get(CountUnreadNotifications).execute(bob) == 1


async def test_the_notifier_skips_users_that_no_longer_exist_and_empty_batches(container: Container) -> None:
    alice = await add_user(container, "alice")
    ghost = Actor(user_id=4242, username="ghost", role=Role.STUDENT)
    await container.get(Notifier).send([])
    await container.get(Notifier).send([note(ghost, "lost"), note(alice, "kept")])
    assert await titles(container, alice) == ["kept"]
    assert container.memory_store is not None
    assert [
        n.user_id for n in container.memory_store.state.of(NotificationTables).notifications.values()
    ] == [alice.user_id]


async def test_every_type_has_a_display_name_and_unknown_types_are_shown_too() -> None:
    assert NotificationType.STUDENT_STATUS_CHANGED.display == "Student status changed"
    row = NotificationRow(1, "future_event_kind", "t", "m", False, None, datetime(2026, 1, 1, tzinfo=UTC))
    assert row.notification_type_display == "Future event kind"


async def test_a_disabled_actor_is_refused_everywhere(container: Container) -> None:
    alice = await add_user(container, "alice")
    disabled = Actor(user_id=alice.user_id, username="alice", role=Role.STUDENT, is_active=False)
    with pytest.raises(AccountDisabled):
        await container.get(ListNotifications).execute(disabled, None, ALL)
    with pytest.raises(AccountDisabled):
        await container.get(CountUnreadNotifications).execute(disabled)
    with pytest.raises(AccountDisabled):
        await container.get(MarkNotificationRead).execute(disabled, 1)
    with pytest.raises(AccountDisabled):
        await container.get(MarkAllNotificationsRead).execute(disabled)
