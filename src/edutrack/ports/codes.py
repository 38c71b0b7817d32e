"""Recharge codes (§6). A code is redeemed at most once whatever the concurrency: ``claim`` is a single
conditional statement (``UPDATE … WHERE id = … AND used_at IS NULL``) whose row count says who won."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from edutrack.core.entities.wallets import RechargeCode
from edutrack.ports.readers import Page, PageRequest


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


# --- the read side ------------------------------------------------------------------------------------


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
