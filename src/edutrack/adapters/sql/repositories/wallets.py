"""Wallets, their append-only ledger, and recharge codes in SQL.

Balance changes lock the wallet row first (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the
transaction already holds the single writer lock of ``BEGIN IMMEDIATE``). A code is claimed by one
conditional ``UPDATE`` whose row count decides the winner."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.tables.wallets import LedgerEntryModel, RechargeCodeModel, WalletModel
from edutrack.core.entities.wallets import LedgerEntry, RechargeCode, Wallet

_WALLET_COLUMNS = (
    WalletModel.id,
    WalletModel.student_id,
    WalletModel.course_id,
    WalletModel.balance,
    WalletModel.created_at,
    WalletModel.updated_at,
)
_CODE_FIELDS = ("course_id", "code", "value", "created_at", "created_by", "expires_at", "used_by", "used_at")


def _insert_ignoring_conflicts(session: AsyncSession, model: type[Any], columns: list[str]) -> Any:
    """``INSERT … ON CONFLICT (columns) DO NOTHING`` in the session's dialect."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(model).on_conflict_do_nothing(index_elements=columns)


class SqlWalletRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_for_update(self, student_id: int, course_id: int) -> Wallet | None:
        if not (valid_id(student_id) and valid_id(course_id)):
            return None
        result = await self._session.execute(
            select(*_WALLET_COLUMNS)
            .where(WalletModel.student_id == student_id, WalletModel.course_id == course_id)
            .with_for_update()
        )
        row = result.one_or_none()
        if row is None:
            return None
        return Wallet(
            id=row.id,
            student_id=row.student_id,
            course_id=row.course_id,
            balance=row.balance,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    async def get_or_create_for_update(self, student_id: int, course_id: int, now: datetime) -> Wallet:
        """A concurrent creation of the same wallet is absorbed by ``ON CONFLICT DO NOTHING`` on the
        unique (student, course) key: PostgreSQL waits for the other transaction, then skips."""
        wallet = await self.get_for_update(student_id, course_id)
        if wallet is not None:
            return wallet
        statement = _insert_ignoring_conflicts(self._session, WalletModel, ["student_id", "course_id"])
        await self._session.execute(
            statement.values(
                student_id=student_id, course_id=course_id, balance=0, created_at=now, updated_at=now
            )
        )
        wallet = await self.get_for_update(student_id, course_id)
        assert wallet is not None
        return wallet

    async def record(self, wallet: Wallet, entry: LedgerEntry) -> LedgerEntry:
        assert wallet.id is not None and entry.wallet_id == wallet.id
        await self._session.execute(
            update(WalletModel)
            .where(WalletModel.id == wallet.id)
            .values(balance=wallet.balance, updated_at=wallet.updated_at)
        )
        entry_id = await self._session.scalar(
            insert(LedgerEntryModel)
            .values(
                wallet_id=entry.wallet_id,
                student_id=entry.student_id,
                course_id=entry.course_id,
                kind=entry.kind.value,
                amount=entry.amount,
                balance_after=entry.balance_after,
                actor_id=entry.actor_id,
                reason=entry.reason,
                reference=entry.reference,
                created_at=entry.created_at,
            )
            .returning(LedgerEntryModel.id)
        )
        return LedgerEntry(
            id=entry_id,
            wallet_id=entry.wallet_id,
            student_id=entry.student_id,
            course_id=entry.course_id,
            kind=entry.kind,
            amount=entry.amount,
            balance_after=entry.balance_after,
            created_at=entry.created_at,
            actor_id=entry.actor_id,
            reason=entry.reason,
            reference=entry.reference,
        )


class SqlRechargeCodeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_many(self, codes: list[RechargeCode]) -> list[RechargeCode]:
        """One multi-row ``INSERT … ON CONFLICT (code) DO NOTHING RETURNING id, code``."""
        if not codes:
            return []
        statement = _insert_ignoring_conflicts(self._session, RechargeCodeModel, ["code"])
        rows = [{name: getattr(code, name) for name in _CODE_FIELDS} for code in codes]
        result = await self._session.execute(
            statement.values(rows).returning(RechargeCodeModel.id, RechargeCodeModel.code)
        )
        ids = {row.code: row.id for row in result}
        stored = []
        for code in codes:
            if code.code in ids:
                code.id = ids[code.code]
                stored.append(code)
        return stored

    async def get_by_code(self, code: str) -> RechargeCode | None:
        row = await self._session.scalar(select(RechargeCodeModel).where(RechargeCodeModel.code == code))
        if row is None:
            return None
        return RechargeCode(id=row.id, **{name: getattr(row, name) for name in _CODE_FIELDS})

    async def claim(self, code_id: int, student_id: int, now: datetime) -> bool:
        if not valid_id(code_id):
            return False
        result = await self._session.execute(
            update(RechargeCodeModel)
            .where(RechargeCodeModel.id == code_id, RechargeCodeModel.used_at.is_(None))
            .values(used_by=student_id, used_at=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]
