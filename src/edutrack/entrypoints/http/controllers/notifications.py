"""Notifications (Teacher §14, supplement §10): every authenticated user reads and marks their own."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath

from edutrack.core.use_cases.notifications.count_unread import CountUnreadNotifications
from edutrack.core.use_cases.notifications.list_notifications import ListNotifications
from edutrack.core.use_cases.notifications.mark_read import MarkAllNotificationsRead, MarkNotificationRead
from edutrack.entrypoints.http.conventions import paginate, parse_bool
from edutrack.entrypoints.http.openapi import AllQuery, BoolQuery, Paged, PageQuery, PageSizeQuery
from edutrack.entrypoints.http.schemas.common import MessageOut
from edutrack.entrypoints.http.schemas.notifications import CountOut, NotificationOut, notification_out
from edutrack.entrypoints.http.security import actor_of
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.readers import PageRequest


class NotificationController(Controller):
    path = "/notifications"
    tags = ["notifications"]

    @get(
        "/",
        summary="List my notifications",
        description=(
            "The caller's own notifications, newest first (created_at desc, then id desc). "
            "Filter with ?is_read=true|false. Paginated (?page, ?page_size, ?all=true)."
        ),
    )
    async def list_notifications(
        self,
        request: Request,
        list_notifications: Inject[ListNotifications],
        is_read: BoolQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[NotificationOut]:
        actor = actor_of(request)
        read_filter = parse_bool("is_read", is_read)

        async def fetch(page: PageRequest) -> object:
            return await list_notifications.execute(actor, read_filter, page)

        return await paginate(request, fetch, notification_out)

    @get("/unread-count/", summary="How many of my notifications are unread")
    async def unread_count(
        self, request: Request, count_unread_notifications: Inject[CountUnreadNotifications]
    ) -> CountOut:
        return CountOut(count=await count_unread_notifications.execute(actor_of(request)))

    @post(
        "/mark-all-read/",
        status_code=200,
        summary="Mark all my notifications as read",
        description="No request body. Idempotent: succeeds when nothing is unread.",
    )
    async def mark_all_read(
        self, request: Request, mark_all_notifications_read: Inject[MarkAllNotificationsRead]
    ) -> MessageOut:
        await mark_all_notifications_read.execute(actor_of(request))
        return MessageOut(message="All notifications marked as read")

    @post(
        "/{notification_id:int}/mark-read/",
        status_code=200,
        summary="Mark one of my notifications as read",
        description=(
            "No request body. Marking an already read notification succeeds again. Another user's "
            'notification or a missing id is 404 {"error": "Notification not found"}.'
        ),
    )
    async def mark_read(
        self,
        request: Request,
        mark_notification_read: Inject[MarkNotificationRead],
        notification_id: FromPath[int],
    ) -> MessageOut:
        await mark_notification_read.execute(actor_of(request), notification_id)
        return MessageOut(message="Notification marked as read")


CONTROLLERS: list[type[Controller]] = [NotificationController]
