"""Money (§6): a per-(student, course) wallet whose balance is the sum of its append-only ledger entries,
recharge codes, and lecture purchases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from edutrack.core.errors import RuleViolation

INSUFFICIENT_BALANCE = "Insufficient balance"
ALREADY_HAS_ACCESS = "You already have active access to this lecture"


class LedgerKind(StrEnum):
    CODE_REDEEM = "code_redeem"
    MANUAL_ADD = "manual_add"
    PURCHASE = "purchase"


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    wallet_id: int
    student_id: int
    course_id: int
    kind: LedgerKind
    amount: Decimal  # signed: credits positive, debits negative
    balance_after: Decimal
    created_at: datetime
    actor_id: int | None = None
    reason: str | None = None
    reference: str | None = None
    id: int | None = None


@dataclass(slots=True)
class Wallet:
    """Loaded for update (row-locked) before any change; ``credit``/``debit`` return the entry to append."""

    student_id: int
    course_id: int
    balance: Decimal
    created_at: datetime
    updated_at: datetime
    id: int | None = None

    def _entry(self, kind: LedgerKind, amount: Decimal, now: datetime, **about: object) -> LedgerEntry:
        assert self.id is not None
        self.balance += amount
        self.updated_at = now
        return LedgerEntry(
            wallet_id=self.id,
            student_id=self.student_id,
            course_id=self.course_id,
            kind=kind,
            amount=amount,
            balance_after=self.balance,
            created_at=now,
            **about,  # type: ignore[arg-type]
        )

    def credit(self, kind: LedgerKind, amount: Decimal, now: datetime, **about: object) -> LedgerEntry:
        if amount <= 0:
            raise ValueError("a credit is positive")
        return self._entry(kind, amount, now, **about)

    def debit(self, kind: LedgerKind, amount: Decimal, now: datetime, **about: object) -> LedgerEntry:
        """Never below zero: ``Insufficient balance`` otherwise."""
        if amount < 0:
            raise ValueError("a debit amount is given positive")
        if amount > self.balance:
            raise RuleViolation(INSUFFICIENT_BALANCE, key="error")
        return self._entry(kind, -amount, now, **about)


@dataclass(slots=True)
class RechargeCode:
    course_id: int
    code: str  # normalised: 16 symbols, no dashes
    value: Decimal
    created_at: datetime
    created_by: int | None = None
    expires_at: datetime | None = None
    used_by: int | None = None
    used_at: datetime | None = None
    id: int | None = None


@dataclass(slots=True)
class Purchase:
    """Access to a lecture: ``expires_at = purchased_at + available_days``; reopens add ``extra_days``."""

    student_id: int
    lecture_id: int
    amount_paid: Decimal
    purchased_at: datetime
    expires_at: datetime
    extra_days: int = 0
    is_current: bool = True
    reopened_by: int | None = None
    reopened_at: datetime | None = None
    reopen_logs: list[ReopenLog] = field(default_factory=list)
    id: int | None = None

    @property
    def effective_expiry(self) -> datetime:
        return self.expires_at + timedelta(days=self.extra_days)

    def is_expired(self, now: datetime) -> bool:
        return now > self.effective_expiry


@dataclass(frozen=True, slots=True)
class ReopenLog:
    extra_days: int
    reopened_at: datetime
    reopened_by: int | None = None
    note: str = ""
