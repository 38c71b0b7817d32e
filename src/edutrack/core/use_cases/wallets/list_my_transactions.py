"""A student's statement: their ledger entries (API_SUPPLEMENT §5, §6)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.use_cases.shared import Query
from edutrack.core.use_cases.wallets.common import require_student
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.wallets import LedgerRow, WalletReader


class ListMyTransactions(Query[WalletReader]):
    """A student: their own ledger entries in every course, newest first; amounts are signed."""

    async def execute(self, actor: Actor, page: PageRequest) -> Page[LedgerRow]:
        return await self._reader.my_transactions(require_student(actor), page)
