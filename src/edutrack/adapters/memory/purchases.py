"""Lecture purchases in memory: the repository (in a unit of work) and the reader/access query (committed
state), behaving as the SQL adapters do (one current purchase per student and lecture)."""

from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from edutrack.adapters.memory import courses as memory_courses
from edutrack.adapters.memory import lessons as memory_lessons
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.students import StudentTables
from edutrack.adapters.memory.teachers import TeacherTables
from edutrack.core.entities.content import Course, Lecture, Topic
from edutrack.core.entities.wallets import ALREADY_HAS_ACCESS, Purchase, ReopenLog
from edutrack.core.errors import Conflict, RuleViolation
from edutrack.core.policies.digits import is_ascii_number
from edutrack.ports.purchases import LectureOffer, OwnedPurchase, PurchaseFilter, PurchaseRow, ReopenLogRow
from edutrack.ports.readers import Page, PageRequest

CONFLICT = "The request conflicts with the current state of the resource."


@dataclass
class PurchaseTables:
    """Purchases; their reopen logs (a table of their own in SQL) are kept on each purchase."""

    purchases: dict[int, Purchase] = field(default_factory=dict)


def _path(state: MemoryState, lecture_id: int) -> tuple[Lecture | None, Topic | None, Course | None]:
    """A lecture with its topic and course, as far as they exist."""
    lessons = state.of(memory_lessons.LessonTables)
    lecture = lessons.lectures.get(lecture_id)
    topic = lessons.topics.get(lecture.topic_id) if lecture else None
    course = state.of(memory_courses.CourseTables).courses.get(topic.course_id) if topic else None
    return lecture, topic, course


class MemoryPurchaseRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(PurchaseTables)

    async def offer(self, lecture_id: int) -> LectureOffer | None:
        lecture, topic, course = _path(self._state, lecture_id)
        if lecture is None or topic is None or course is None or course.id is None:
            return None
        return LectureOffer(
            lecture_id=lecture_id,
            name=lecture.name,
            course_id=course.id,
            teacher_id=course.teacher_id,
            price=lecture.price,
            discount=lecture.discount,
            available_days=lecture.available_days,
            visible=lecture.is_visible and topic.is_active and course.is_active,
        )

    async def of_student_lecture(
        self, student_id: int, lecture_id: int, *, for_update: bool = False
    ) -> list[Purchase]:
        found = [
            copy.deepcopy(p)
            for p in self._tables.purchases.values()
            if p.student_id == student_id and p.lecture_id == lecture_id
        ]
        return sorted(found, key=lambda p: p.id or 0)

    async def retire(self, purchase_id: int) -> None:
        stored = self._tables.purchases.get(purchase_id)
        if stored is not None:
            stored.is_current = False

    async def add(self, purchase: Purchase) -> Purchase:
        lectures = self._state.of(memory_lessons.LessonTables).lectures
        students = self._state.of(StudentTables).students
        if purchase.lecture_id not in lectures or purchase.student_id not in students:
            raise Conflict(CONFLICT)
        for other in self._tables.purchases.values():
            if (other.student_id, other.lecture_id) == (purchase.student_id, purchase.lecture_id) and (
                other.is_current
            ):
                raise RuleViolation(ALREADY_HAS_ACCESS, key="error")
        purchase.id = self._state.next_id("purchases")
        purchase.is_current = True
        self._tables.purchases[purchase.id] = copy.deepcopy(purchase)
        return purchase

    async def get(self, purchase_id: int, *, for_update: bool = False) -> OwnedPurchase | None:
        stored = self._tables.purchases.get(purchase_id)
        if stored is None:
            return None
        _, _, course = _path(self._state, stored.lecture_id)
        if course is None:
            return None
        return OwnedPurchase(purchase=copy.deepcopy(stored), teacher_id=course.teacher_id)

    async def add_reopen(self, purchase_id: int, log: ReopenLog) -> None:
        stored = self._tables.purchases.get(purchase_id)
        if stored is None:
            return
        stored.extra_days += log.extra_days
        stored.reopened_by = log.reopened_by
        stored.reopened_at = log.reopened_at
        stored.reopen_logs.append(log)


class MemoryPurchaseReader:
    """Both the purchase reader and the lecture access query, over the committed state."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _name(self, user_id: int | None) -> str | None:
        user = self._store.state.of(AccountTables).users.get(user_id) if user_id is not None else None
        return user.name if user is not None else None

    def _row(self, purchase: Purchase) -> PurchaseRow | None:
        state = self._store.state
        lecture, topic, course = _path(state, purchase.lecture_id)
        teacher = state.of(TeacherTables).teachers.get(course.teacher_id) if course else None
        if lecture is None or topic is None or course is None or teacher is None or purchase.id is None:
            return None
        logs = sorted(purchase.reopen_logs, key=lambda log: log.reopened_at)
        return PurchaseRow(
            id=purchase.id,
            student_id=purchase.student_id,
            lecture_id=purchase.lecture_id,
            lecture_name=lecture.name,
            topic_name=topic.name,
            course_id=course.id or 0,
            course_name=course.name,
            teacher_id=course.teacher_id,
            teacher_name=self._name(teacher.user_id) or "",
            purchased_at=purchase.purchased_at,
            expires_at=purchase.expires_at,
            amount_paid=purchase.amount_paid,
            extra_days=purchase.extra_days,
            reopened_by=purchase.reopened_by,
            reopened_by_name=self._name(purchase.reopened_by),
            reopened_at=purchase.reopened_at,
            reopen_logs=tuple(
                ReopenLogRow(
                    extra_days=log.extra_days,
                    reopened_by_name=self._name(log.reopened_by),
                    reopened_at=log.reopened_at,
                    note=log.note,
                )
                for log in logs
            ),
        )

    def _student_matches(self, row: PurchaseRow, raw: str) -> bool:
        raw = raw.strip()
        student = self._store.state.of(StudentTables).students.get(row.student_id)
        by_code = student is not None and student.student_code == raw
        return by_code or (is_ascii_number(raw) and int(raw) == row.student_id)

    def _matches(self, row: PurchaseRow, filters: PurchaseFilter) -> bool:
        return (
            (filters.teacher is None or row.teacher_id == filters.teacher)
            and (filters.student_id is None or row.student_id == filters.student_id)
            and (filters.student is None or self._student_matches(row, filters.student))
            and (filters.lecture is None or row.lecture_id == filters.lecture)
            and (filters.course is None or row.course_id == filters.course)
            and (filters.is_expired is None or row.is_expired(filters.now) == filters.is_expired)
        )

    async def get(self, purchase_id: int) -> PurchaseRow | None:
        purchase = self._store.state.of(PurchaseTables).purchases.get(purchase_id)
        return self._row(purchase) if purchase is not None else None

    async def list(self, filters: PurchaseFilter, page: PageRequest) -> Page[PurchaseRow]:
        rows = [
            row
            for p in self._store.state.of(PurchaseTables).purchases.values()
            if (row := self._row(p)) is not None
        ]
        rows = [row for row in rows if self._matches(row, filters)]
        rows.sort(key=lambda row: (row.purchased_at, row.id), reverse=True)
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(rows), items=rows[page.offset : end])

    async def lectures_with_access(
        self, student_id: int, lecture_ids: Collection[int] | None, now: datetime
    ) -> frozenset[int]:
        wanted = None if lecture_ids is None else set(lecture_ids)
        return frozenset(
            p.lecture_id
            for p in self._store.state.of(PurchaseTables).purchases.values()
            if p.student_id == student_id
            and (wanted is None or p.lecture_id in wanted)
            and not p.is_expired(now)
        )
