"""The site owner's list of recharge codes (SiteOwner §5)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.policies.access import require_site_owner
from edutrack.core.use_cases.shared import Query
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.wallets import CodeFilter, RechargeCodeReader, RechargeCodeRow


class ListRechargeCodes(Query[RechargeCodeReader]):
    """Site owner only: every code, newest first; filters course and is_used."""

    async def execute(self, actor: Actor, filters: CodeFilter, page: PageRequest) -> Page[RechargeCodeRow]:
        require_site_owner(actor)
        return await self._reader.list(filters, page)
