"""A student's own purchased lectures (API_SUPPLEMENT §5, GET /courses/purchases/my/)."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor
from edutrack.core.use_cases.purchases.common import PurchaseView, student_id_of, view
from edutrack.ports.clock import Clock
from edutrack.ports.purchases import PurchaseFilter, PurchaseReader
from edutrack.ports.readers import Page, PageRequest


@dataclass(frozen=True, slots=True)
class MyPurchaseQuery:
    lecture: int | None = None
    course: int | None = None
    is_expired: bool | None = None


class ListMyPurchases:
    """Students only (any status: what they bought stays visible). Their purchases, newest first, each
    with ``is_expired`` judged now; filters ``lecture``, ``course``, ``is_expired``."""

    def __init__(self, reader: PurchaseReader, clock: Clock) -> None:
        self._reader = reader
        self._clock = clock

    async def execute(self, actor: Actor, query: MyPurchaseQuery, page: PageRequest) -> Page[PurchaseView]:
        student_id = student_id_of(actor)
        now = self._clock.now()
        filters = PurchaseFilter(
            now=now,
            student_id=student_id,
            lecture=query.lecture,
            course=query.course,
            is_expired=query.is_expired,
        )
        result = await self._reader.list(filters, page)
        return Page(total=result.total, items=[view(row, now) for row in result.items])
