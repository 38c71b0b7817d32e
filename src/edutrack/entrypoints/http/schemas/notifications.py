"""Response bodies of the notifications (Teacher §14), and the row → body encoder."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from edutrack.ports.notifications import NotificationRow


class NotificationOut(msgspec.Struct):
    id: int
    notification_type: str
    notification_type_display: str
    title: str
    message: str
    is_read: bool
    metadata: dict[str, Any] | None
    created_at: datetime


class CountOut(msgspec.Struct):
    count: int


def notification_out(row: NotificationRow) -> NotificationOut:
    return NotificationOut(
        id=row.id,
        notification_type=row.notification_type,
        notification_type_display=row.notification_type_display,
        title=row.title,
        message=row.message,
        is_read=row.is_read,
        metadata=row.metadata,
        created_at=row.created_at,
    )
