"""A page of the caller's notifications (Teacher §14)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.policies.access import require_active
from edutrack.core.use_cases.shared import Query
from edutrack.ports.notifications import NotificationReader, NotificationRow
from edutrack.ports.readers import Page, PageRequest


class ListNotifications(Query[NotificationReader]):
    """Any authenticated, active user; each sees only their own notifications.

    Newest first (created_at desc, then id desc); ``is_read`` None means read and unread alike.
    """

    async def execute(self, actor: Actor, is_read: bool | None, page: PageRequest) -> Page[NotificationRow]:
        require_active(actor)
        return await self._reader.list_for(actor.user_id, is_read, page)
