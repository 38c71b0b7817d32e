"""The wallet ledger (§6). Every balance change locks the wallet row first (``FOR UPDATE`` on PostgreSQL,
the single writer of ``BEGIN IMMEDIATE`` on SQLite), changes it through ``Wallet.credit``/``debit`` and
appends the returned entry: never read-then-write without the lock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from edutrack.core.entities.wallets import LedgerEntry, RechargeCode, Wallet
from edutrack.ports.readers import Page, PageRequest


class WalletRepository(Protocol):
    async def get_for_update(self, student_id: int, course_id: int) -> Wallet | None:
        """The wallet, row-locked until the transaction ends; None when the student has none yet."""
        ...

    async def get_or_create_for_update(self, student_id: int, course_id: int, now: datetime) -> Wallet:
        """As ``get_for_update``, creating an empty wallet first when missing (race-safe: a concurrent
        creation is absorbed by the unique (student, course) constraint and the row is then locked)."""
        ...

    async def record(self, wallet: Wallet, entry: LedgerEntry) -> LedgerEntry:
        """Store the wallet's new balance and append the entry (returned with its id), in one go."""
        ...


# --- the read side ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One ledger entry as the student's statement shows it; ``id`` is the ``transaction_id``."""

    id: int
    kind: str
    amount: Decimal  # signed
    balance_after: Decimal
    course_id: int
    course_name: str
    reason: str | None
    actor_name: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StudentBalanceRow:
    student_id: int
    student_name: str
    student_code: str
    course_id: int
    course_name: str
    balance: Decimal  # 0.00 when the student has no wallet yet
    enrolled_at: datetime


@dataclass(frozen=True, slots=True)
class MyBalanceRow:
    course_id: int
    course_name: str
    balance: Decimal


@dataclass(frozen=True, slots=True)
class BalanceFilter:
    """``student`` matches the profile id or the student code (the caller resolves which)."""

    course_id: int | None = None
    student_id: int | None = None
    student_code: str | None = None


class WalletReader(Protocol):
    async def student_balances(self, teacher_id: int, filters: BalanceFilter) -> list[StudentBalanceRow]:
        """One row per approved enrollment in the teacher's courses, by course name, course, student
        name, student."""
        ...

    async def my_balances(self, student_id: int) -> list[MyBalanceRow]:
        """The student's balance in every course where they hold a wallet or an approved enrollment,
        by course name then id."""
        ...

    async def my_transactions(self, student_id: int, page: PageRequest) -> Page[LedgerRow]:
        """The student's ledger entries, newest first (``created_at``, then ``id``, descending)."""
        ...

    async def student_id_by_code(self, student_code: str) -> int | None:
        """The profile id of the student with that code (codes never change and are never reused)."""
        ...


class RechargeCodeRepository(Protocol):
    async def add_many(self, codes: list[RechargeCode]) -> list[RechargeCode]:
        """Insert the codes (distinct ``code`` values); those whose ``code`` already exists are skipped
        without failing the transaction. Returns the stored ones, with their ids, in the given order."""
        ...

    async def get_by_code(self, code: str) -> RechargeCode | None:
        """By its normalised form (16 symbols, no dashes)."""
        ...

    async def claim(self, code_id: int, student_id: int, now: datetime) -> bool:
        """Mark the code used by the student if it still is unused; True when this call won it."""
        ...


@dataclass(frozen=True, slots=True)
class RechargeCodeRow:
    id: int
    course_id: int
    course_name: str
    teacher_name: str
    code: str  # normalised (16 symbols); shown with dashes
    value: Decimal
    used_by: int | None
    used_by_name: str | None
    used_at: datetime | None
    created_at: datetime
    expires_at: datetime | None
    created_by: int | None
    created_by_username: str | None

    @property
    def is_used(self) -> bool:
        return self.used_at is not None


@dataclass(frozen=True, slots=True)
class CodeFilter:
    course_id: int | None = None
    is_used: bool | None = None


class RechargeCodeReader(Protocol):
    async def list(self, filters: CodeFilter, page: PageRequest) -> Page[RechargeCodeRow]:
        """Newest first (``created_at``, then ``id``, descending)."""
        ...

    async def by_ids(self, ids: Sequence[int]) -> list[RechargeCodeRow]:
        """The given codes, by id."""
        ...

    def export(self, filters: CodeFilter, *, chunk: int = 1000) -> AsyncIterator[RechargeCodeRow]:
        """Every matching code by id, fetched ``chunk`` rows at a time (keyset), for CSV exports."""
        ...
