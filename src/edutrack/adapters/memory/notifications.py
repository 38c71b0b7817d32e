"""Notifications in memory: the repository (in a unit of work), the reader and the notifier (committed
state), behaving like the SQL adapters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.core.entities.notifications import NewNotification
from edutrack.ports.clock import Clock
from edutrack.ports.notifications import NotificationRow
from edutrack.ports.readers import Page, PageRequest


@dataclass
class StoredNotification:
    user_id: int
    notification_type: str
    title: str
    message: str
    created_at: datetime
    metadata: dict[str, object] | None = None
    is_read: bool = False
    id: int = 0


@dataclass
class NotificationTables:
    notifications: dict[int, StoredNotification] = field(default_factory=dict)


class MemoryNotificationRepository:
    def __init__(self, state: MemoryState) -> None:
        self._tables = state.of(NotificationTables)

    async def mark_read(self, user_id: int, notification_id: int) -> bool:
        found = self._tables.notifications.get(notification_id)
        if found is None or found.user_id != user_id:
            return False
        found.is_read = True
        return True

    async def mark_all_read(self, user_id: int) -> int:
        unread = [n for n in self._tables.notifications.values() if n.user_id == user_id and not n.is_read]
        for notification in unread:
            notification.is_read = True
        return len(unread)


def _row(stored: StoredNotification) -> NotificationRow:
    return NotificationRow(
        id=stored.id,
        notification_type=stored.notification_type,
        title=stored.title,
        message=stored.message,
        is_read=stored.is_read,
        metadata=dict(stored.metadata) if stored.metadata is not None else None,
        created_at=stored.created_at,
    )


class MemoryNotificationReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def list_for(self, user_id: int, is_read: bool | None, page: PageRequest) -> Page[NotificationRow]:
        mine = [
            n
            for n in self._store.state.of(NotificationTables).notifications.values()
            if n.user_id == user_id and (is_read is None or n.is_read == is_read)
        ]
        mine.sort(key=lambda n: (n.created_at, n.id), reverse=True)
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(mine), items=[_row(n) for n in mine[page.offset : end]])

    async def count_unread(self, user_id: int) -> int:
        return sum(
            1
            for n in self._store.state.of(NotificationTables).notifications.values()
            if n.user_id == user_id and not n.is_read
        )


class MemoryNotifier:
    """Writes straight into the committed state, in its own "transaction" (under the store's lock).

    A recipient deleted since the caller's commit is skipped, like the SQL notifier does."""

    def __init__(self, store: MemoryStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def send(self, notifications: Sequence[NewNotification]) -> None:
        if not notifications:
            return
        now = self._clock.now()
        async with self._store.lock:
            state = self._store.state
            users = state.of(AccountTables).users
            stored_notifications = state.of(NotificationTables).notifications
            for new in notifications:
                if new.user_id not in users:
                    continue
                stored = StoredNotification(
                    user_id=new.user_id,
                    notification_type=new.notification_type.value,
                    title=new.title,
                    message=new.message,
                    created_at=now,
                    metadata=dict(new.metadata) if new.metadata is not None else None,
                    id=state.next_id("notifications"),
                )
                stored_notifications[stored.id] = stored
