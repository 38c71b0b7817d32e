"""Wallets, ledger and recharge codes over the in-memory state; same behaviour as the SQL adapters.
Callers get copies: a change only counts once ``record`` (or ``claim``) stores it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.courses import CourseTables
from edutrack.adapters.memory.enrollments import EnrollmentTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.students import StudentTables
from edutrack.adapters.memory.teachers import TeacherTables
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.entities.wallets import LedgerEntry, RechargeCode, Wallet
from edutrack.core.errors import Conflict
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.wallets import (
    BalanceFilter,
    CodeFilter,
    LedgerRow,
    MyBalanceRow,
    RechargeCodeRow,
    StudentBalanceRow,
)

T = TypeVar("T")
ZERO = Decimal("0.00")

CONFLICT = "The request conflicts with the current state of the resource."


@dataclass
class WalletTables:
    wallets: dict[int, Wallet] = field(default_factory=dict)
    ledger: dict[int, LedgerEntry] = field(default_factory=dict)
    codes: dict[int, RechargeCode] = field(default_factory=dict)


class MemoryWalletRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(WalletTables)

    def _find(self, student_id: int, course_id: int) -> Wallet | None:
        for wallet in self._tables.wallets.values():
            if wallet.student_id == student_id and wallet.course_id == course_id:
                return wallet
        return None

    async def get_for_update(self, student_id: int, course_id: int) -> Wallet | None:
        wallet = self._find(student_id, course_id)
        return replace(wallet) if wallet is not None else None

    async def get_or_create_for_update(self, student_id: int, course_id: int, now: datetime) -> Wallet:
        wallet = self._find(student_id, course_id)
        if wallet is None:
            students = self._state.of(StudentTables).students
            if student_id not in students or course_id not in self._state.of(CourseTables).courses:
                raise Conflict(CONFLICT)  # the foreign keys
            wallet = Wallet(
                id=self._state.next_id("wallets"),
                student_id=student_id,
                course_id=course_id,
                balance=Decimal("0.00"),
                created_at=now,
                updated_at=now,
            )
            self._tables.wallets[wallet.id] = wallet  # type: ignore[index]
        return replace(wallet)

    async def record(self, wallet: Wallet, entry: LedgerEntry) -> LedgerEntry:
        assert wallet.id is not None and entry.wallet_id == wallet.id
        if wallet.balance < 0 or entry.balance_after < 0:
            raise ValueError("balance >= 0")  # the database's check constraints
        self._tables.wallets[wallet.id] = replace(wallet)
        stored = replace(entry, id=self._state.next_id("ledger"))
        self._tables.ledger[stored.id] = stored  # type: ignore[index]
        return stored


class MemoryRechargeCodeRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(WalletTables)

    async def add_many(self, codes: list[RechargeCode]) -> list[RechargeCode]:
        taken = {code.code for code in self._tables.codes.values()}
        stored = []
        for code in codes:
            if code.code in taken:
                continue
            if code.course_id not in self._state.of(CourseTables).courses:
                raise Conflict(CONFLICT)
            code.id = self._state.next_id("codes")
            self._tables.codes[code.id] = replace(code)
            taken.add(code.code)
            stored.append(code)
        return stored

    async def get_by_code(self, code: str) -> RechargeCode | None:
        for stored in self._tables.codes.values():
            if stored.code == code:
                return replace(stored)
        return None

    async def claim(self, code_id: int, student_id: int, now: datetime) -> bool:
        stored = self._tables.codes.get(code_id)
        if stored is None or stored.used_at is not None:
            return False
        stored.used_by = student_id
        stored.used_at = now
        return True


# --- readers (committed state) ------------------------------------------------------------------------


def _page(items: list[T], page: PageRequest) -> list[T]:
    end = None if page.limit is None else page.offset + page.limit
    return items[page.offset : end]


class MemoryWalletReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _balance(self, student_id: int, course_id: int) -> Decimal:
        for wallet in self._store.state.of(WalletTables).wallets.values():
            if wallet.student_id == student_id and wallet.course_id == course_id:
                return wallet.balance
        return ZERO

    async def student_balances(self, teacher_id: int, filters: BalanceFilter) -> list[StudentBalanceRow]:
        state = self._store.state
        courses = state.of(CourseTables).courses
        students = state.of(StudentTables).students
        rows = []
        for enrollment in state.of(EnrollmentTables).enrollments.values():
            course = courses[enrollment.course_id]
            student = students[enrollment.student_id]
            if (
                enrollment.status is not EnrollmentStatus.APPROVED
                or course.teacher_id != teacher_id
                or filters.course_id not in (None, course.id)
                or filters.student_id not in (None, student.id)
                or filters.student_code not in (None, student.student_code)
            ):
                continue
            assert course.id is not None and student.id is not None
            rows.append(
                StudentBalanceRow(
                    student_id=student.id,
                    student_name=state.of(AccountTables).users[student.user_id].name,
                    student_code=student.student_code,
                    course_id=course.id,
                    course_name=course.name,
                    balance=self._balance(student.id, course.id),
                    enrolled_at=enrollment.enrolled_at,
                )
            )
        return sorted(rows, key=lambda r: (r.course_name, r.course_id, r.student_name, r.student_id))

    async def my_balances(self, student_id: int) -> list[MyBalanceRow]:
        state = self._store.state
        wallets = state.of(WalletTables).wallets
        courses = state.of(CourseTables).courses
        course_ids = {w.course_id for w in wallets.values() if w.student_id == student_id} | {
            e.course_id
            for e in state.of(EnrollmentTables).enrollments.values()
            if e.student_id == student_id and e.status is EnrollmentStatus.APPROVED
        }
        rows = [
            MyBalanceRow(course_id=c, course_name=courses[c].name, balance=self._balance(student_id, c))
            for c in course_ids
        ]
        return sorted(rows, key=lambda r: (r.course_name, r.course_id))

    async def my_transactions(self, student_id: int, page: PageRequest) -> Page[LedgerRow]:
        state = self._store.state
        courses = state.of(CourseTables).courses
        users = state.of(AccountTables).users
        entries = sorted(
            (e for e in state.of(WalletTables).ledger.values() if e.student_id == student_id),
            key=lambda e: (e.created_at, e.id),
            reverse=True,
        )
        rows = [
            LedgerRow(
                id=e.id,  # type: ignore[arg-type]
                kind=e.kind.value,
                amount=e.amount,
                balance_after=e.balance_after,
                course_id=e.course_id,
                course_name=courses[e.course_id].name,
                reason=e.reason,
                actor_name=users[e.actor_id].name if e.actor_id in users else None,
                created_at=e.created_at,
            )
            for e in _page(entries, page)
        ]
        return Page(total=len(entries), items=rows)

    async def student_id_by_code(self, student_code: str) -> int | None:
        for student in self._store.state.of(StudentTables).students.values():
            if student.student_code == student_code:
                return student.id
        return None


class MemoryRechargeCodeReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _row(self, code: RechargeCode) -> RechargeCodeRow:
        state = self._store.state
        users = state.of(AccountTables).users
        course = state.of(CourseTables).courses[code.course_id]
        teacher = state.of(TeacherTables).teachers[course.teacher_id]
        used_by = state.of(StudentTables).students.get(code.used_by) if code.used_by is not None else None
        creator = users.get(code.created_by) if code.created_by is not None else None
        assert code.id is not None
        return RechargeCodeRow(
            id=code.id,
            course_id=code.course_id,
            course_name=course.name,
            teacher_name=users[teacher.user_id].name,
            code=code.code,
            value=code.value,
            used_by=code.used_by,
            used_by_name=users[used_by.user_id].name if used_by is not None else None,
            used_at=code.used_at,
            created_at=code.created_at,
            expires_at=code.expires_at,
            created_by=code.created_by,
            created_by_username=creator.username if creator is not None else None,
        )

    def _matching(self, filters: CodeFilter) -> list[RechargeCode]:
        return [
            code
            for code in sorted(self._store.state.of(WalletTables).codes.values(), key=lambda c: c.id or 0)
            if filters.course_id in (None, code.course_id)
            and filters.is_used in (None, code.used_at is not None)
        ]

    async def list(self, filters: CodeFilter, page: PageRequest) -> Page[RechargeCodeRow]:
        codes = sorted(self._matching(filters), key=lambda c: (c.created_at, c.id or 0), reverse=True)
        return Page(total=len(codes), items=[self._row(code) for code in _page(codes, page)])

    async def by_ids(self, ids: Sequence[int]) -> list[RechargeCodeRow]:
        codes = self._store.state.of(WalletTables).codes
        return [self._row(codes[i]) for i in sorted(set(ids)) if i in codes]

    async def export(self, filters: CodeFilter, *, chunk: int = 1000) -> AsyncIterator[RechargeCodeRow]:
        for code in self._matching(filters):
            yield self._row(code)
