"""The wallet ledger (§6). Every balance change locks the wallet row first (``FOR UPDATE`` on PostgreSQL,
the single writer of ``BEGIN IMMEDIATE`` on SQLite), changes it through ``Wallet.credit``/``debit`` and
appends the returned entry: never read-then-write without the lock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from edutrack.core.entities.wallets import LedgerEntry, Wallet
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
