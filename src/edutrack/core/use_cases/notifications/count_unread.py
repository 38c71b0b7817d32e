"""How many of the caller's notifications are unread (Teacher §14)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.policies.access import require_active
from edutrack.core.use_cases.shared import Query
from edutrack.ports.notifications import NotificationReader


class CountUnreadNotifications(Query[NotificationReader]):
    """Any authenticated, active user; counts only their own unread notifications."""

    async def execute(self, actor: Actor) -> int:
        require_active(actor)
        return await self._reader.count_unread(actor.user_id)
