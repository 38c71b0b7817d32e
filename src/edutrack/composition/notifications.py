"""Notifications: the notifier other features write through, and each user's list."""

from __future__ import annotations

from edutrack.adapters.memory.notifications import MemoryNotificationReader, MemoryNotifier
from edutrack.adapters.sql.readers.notifications import SqlNotificationReader
from edutrack.adapters.sql.repositories.notifications import SqlNotifier
from edutrack.composition.container import Container
from edutrack.core.use_cases.notifications.count_unread import CountUnreadNotifications
from edutrack.core.use_cases.notifications.list_notifications import ListNotifications
from edutrack.core.use_cases.notifications.mark_read import MarkAllNotificationsRead, MarkNotificationRead
from edutrack.ports.notifications import NotificationReader, Notifier


def _notifier(c: Container) -> Notifier:
    if c.memory_store is not None:
        return MemoryNotifier(c.memory_store, c.clock)
    assert c.write_sessions is not None
    return SqlNotifier(c.write_sessions, c.clock)


def wire(c: Container) -> None:
    c.component(Notifier, lambda c: _notifier(c))
    c.component(NotificationReader, lambda c: c.pick(MemoryNotificationReader, SqlNotificationReader))
    c.use_case(ListNotifications, lambda c: ListNotifications(c.get(NotificationReader)), replica=True)
    c.use_case(CountUnreadNotifications, lambda c: CountUnreadNotifications(c.get(NotificationReader)))
    c.use_case(MarkNotificationRead, lambda c: MarkNotificationRead(c.uow()))
    c.use_case(MarkAllNotificationsRead, lambda c: MarkAllNotificationsRead(c.uow()))
