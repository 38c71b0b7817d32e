"""Notifications: the use cases send them after their commit; users read and mark them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from edutrack.core.entities.notifications import NewNotification, NotificationType
from edutrack.ports.readers import Page, PageRequest


class Notifier(Protocol):
    async def send(self, notifications: Sequence[NewNotification]) -> None:
        """Record the notifications in their own transaction (called only after the use case committed)."""
        ...


class NotificationRepository(Protocol):
    async def mark_read(self, user_id: int, notification_id: int) -> bool:
        """True when the user owns the notification (read or not); False when it is not theirs or missing."""
        ...

    async def mark_all_read(self, user_id: int) -> int:
        """Mark every unread notification of the user as read; the number changed."""
        ...


@dataclass(frozen=True, slots=True)
class NotificationRow:
    id: int
    notification_type: str
    title: str
    message: str
    is_read: bool
    metadata: dict[str, object] | None
    created_at: datetime

    @property
    def notification_type_display(self) -> str:
        """The human name of the type; a type this version does not know is shown the same way."""
        try:
            return NotificationType(self.notification_type).display
        except ValueError:
            return self.notification_type.replace("_", " ").capitalize()


class NotificationReader(Protocol):
    async def list_for(self, user_id: int, is_read: bool | None, page: PageRequest) -> Page[NotificationRow]:
        """The user's own notifications, newest first (created_at desc, id desc); ``is_read`` filters."""
        ...

    async def count_unread(self, user_id: int) -> int: ...
