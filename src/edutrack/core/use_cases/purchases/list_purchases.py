"""Purchases for staff (API_SUPPLEMENT §5, GET /courses/purchases/)."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor
from edutrack.core.use_cases.purchases.common import PurchaseView, staff_scope, view
from edutrack.ports.clock import Clock
from edutrack.ports.purchases import PurchaseFilter, PurchaseReader
from edutrack.ports.readers import Page, PageRequest


@dataclass(frozen=True, slots=True)
class PurchaseQuery:
    lecture: int | None = None
    student: str | None = None
    """A student profile id or a student code."""
    course: int | None = None
    is_expired: bool | None = None


class ListPurchases:
    """Teachers and assistants: the purchases of their teacher's courses; the site owner: every purchase;
    students: PermissionDenied. Newest first, each with ``is_expired`` judged now; filters ``lecture``,
    ``student`` (id or code), ``course``, ``is_expired`` (a filter outside the scope simply matches
    nothing)."""

    def __init__(self, reader: PurchaseReader, clock: Clock) -> None:
        self._reader = reader
        self._clock = clock

    async def execute(self, actor: Actor, query: PurchaseQuery, page: PageRequest) -> Page[PurchaseView]:
        teacher = staff_scope(actor)
        now = self._clock.now()
        filters = PurchaseFilter(
            now=now,
            teacher=teacher,
            student=query.student,
            lecture=query.lecture,
            course=query.course,
            is_expired=query.is_expired,
        )
        result = await self._reader.list(filters, page)
        return Page(total=result.total, items=[view(row, now) for row in result.items])
