"""The site owner's CSV export of recharge codes (API_SUPPLEMENT §6)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from edutrack.core.actor import Actor
from edutrack.core.policies.access import require_site_owner
from edutrack.core.use_cases.shared import Query
from edutrack.ports.wallets import CodeFilter, RechargeCodeReader, RechargeCodeRow


class ExportRechargeCodes(Query[RechargeCodeReader]):
    """Site owner only: every matching code by id, streamed in chunks (the permission is checked before
    the first row is read)."""

    def execute(self, actor: Actor, filters: CodeFilter) -> AsyncIterator[RechargeCodeRow]:
        require_site_owner(actor)
        return self._reader.export(filters)
