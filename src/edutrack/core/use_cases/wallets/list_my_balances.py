"""A student's own balances (API_SUPPLEMENT §5)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.use_cases.shared import Query
from edutrack.core.use_cases.wallets.common import require_student
from edutrack.ports.wallets import MyBalanceRow, WalletReader


class ListMyBalances(Query[WalletReader]):
    """A student: their balance per course (every course with a wallet or an approved enrollment)."""

    async def execute(self, actor: Actor) -> list[MyBalanceRow]:
        return await self._reader.my_balances(require_student(actor))
