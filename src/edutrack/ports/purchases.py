"""Lecture purchases (Teacher API §7, API_SUPPLEMENT §5/§6): the write side reached through the unit of
work, the read rows, and the access query every content reader asks before opening a video or a file.

A student has access to a lecture while one of their purchases of it is unexpired
(``now <= expires_at + extra_days``). At most one purchase per (student, lecture) is *current*: the partial
unique index on ``is_current`` backs "one active purchase" whatever the concurrency; an expired current
purchase is retired (``is_current = false``) before the next one is inserted.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol

from edutrack.core.entities.wallets import Purchase, ReopenLog
from edutrack.ports.readers import Page, PageRequest


@dataclass(frozen=True, slots=True)
class LectureOffer:
    """What buying a lecture needs to know: its course, price and access length, and whether students
    may see it at all (active course, active topic, visible lecture)."""

    lecture_id: int
    name: str
    course_id: int
    teacher_id: int
    price: Decimal
    discount: Decimal
    available_days: int
    visible: bool


@dataclass(frozen=True, slots=True)
class OwnedPurchase:
    """A purchase with the teacher profile id owning the lecture's course (who may reopen it)."""

    purchase: Purchase
    teacher_id: int


class PurchaseRepository(Protocol):
    async def offer(self, lecture_id: int) -> LectureOffer | None:
        """The lecture as it is sold; None when there is no such lecture."""
        ...

    async def of_student_lecture(
        self, student_id: int, lecture_id: int, *, for_update: bool = False
    ) -> list[Purchase]:
        """Every purchase of the lecture by the student (current or retired), oldest first. With
        ``for_update`` the rows stay locked until the transaction ends (a reopen of one of them waits)."""
        ...

    async def retire(self, purchase_id: int) -> None:
        """Mark the purchase as no longer current (it stays in the history)."""
        ...

    async def add(self, purchase: Purchase) -> Purchase:
        """Insert a current purchase and assign ``purchase.id``. A concurrent current purchase of the same
        (student, lecture) is refused with RuleViolation("You already have active access ...")."""
        ...

    async def get(self, purchase_id: int, *, for_update: bool = False) -> OwnedPurchase | None:
        """The purchase and its course's teacher; ``for_update`` locks the purchase row (not the catalog's)
        until the transaction ends (a purchase retiring it waits)."""
        ...

    async def add_reopen(self, purchase_id: int, log: ReopenLog) -> None:
        """Add ``log.extra_days`` to the purchase's ``extra_days`` in one statement (concurrent reopens
        both count), set ``reopened_by``/``reopened_at`` from the log, and append the log row."""
        ...


@dataclass(frozen=True, slots=True)
class ReopenLogRow:
    extra_days: int
    reopened_by_name: str | None
    reopened_at: datetime
    note: str


@dataclass(frozen=True, slots=True)
class PurchaseRow:
    id: int
    student_id: int
    lecture_id: int
    lecture_name: str
    topic_name: str
    course_id: int
    course_name: str
    teacher_id: int
    teacher_name: str
    purchased_at: datetime
    expires_at: datetime
    amount_paid: Decimal
    extra_days: int
    reopened_by: int | None
    reopened_by_name: str | None
    reopened_at: datetime | None
    reopen_logs: tuple[ReopenLogRow, ...] = field(default=())

    @property
    def effective_expiry(self) -> datetime:
        return self.expires_at + timedelta(days=self.extra_days)

    def is_expired(self, now: datetime) -> bool:
        return now > self.effective_expiry


@dataclass(frozen=True, slots=True)
class PurchaseFilter:
    """``teacher``: the scope of a teacher or assistant (None: every purchase). ``student`` matches the
    student profile id or the student code. ``is_expired`` is judged at ``now``."""

    now: datetime
    teacher: int | None = None
    student_id: int | None = None
    student: str | None = None
    lecture: int | None = None
    course: int | None = None
    is_expired: bool | None = None


class PurchaseReader(Protocol):
    async def get(self, purchase_id: int) -> PurchaseRow | None: ...

    async def list(self, filters: PurchaseFilter, page: PageRequest) -> Page[PurchaseRow]:
        """Newest first (``purchased_at``, then ``id``). One COUNT, one page query and one query for the
        reopen logs of the page, whatever its size."""
        ...


class LectureAccess(Protocol):
    async def lectures_with_access(
        self, student_id: int, lecture_ids: Collection[int] | None, now: datetime
    ) -> frozenset[int]:
        """The lectures (among ``lecture_ids``; every lecture when None) the student may open at ``now``:
        those with an unexpired purchase. One statement."""
        ...
