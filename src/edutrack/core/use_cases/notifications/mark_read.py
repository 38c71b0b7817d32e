"""Mark the caller's notifications as read (Teacher §14)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.errors import NotFound
from edutrack.core.policies.access import require_active
from edutrack.ports.uow import UnitOfWork

NOT_FOUND = "Notification not found"


class MarkNotificationRead:
    """Any authenticated, active user, on one of their own notifications.

    Invariants: someone else's notification and a missing one are the same NotFound (``{"error": ...}``),
    so ids of other users' notifications are not revealed; marking a read notification again succeeds.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, actor: Actor, notification_id: int) -> None:
        require_active(actor)
        async with self._uow as uow:
            if not await uow.notifications.mark_read(actor.user_id, notification_id):
                raise NotFound(NOT_FOUND, key="error")
            await uow.commit()


class MarkAllNotificationsRead:
    """Any authenticated, active user: every one of their unread notifications becomes read.

    Returns how many changed (zero is fine: the call is idempotent).
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, actor: Actor) -> int:
        require_active(actor)
        async with self._uow as uow:
            changed = await uow.notifications.mark_all_read(actor.user_id)
            await uow.commit()
        return changed
