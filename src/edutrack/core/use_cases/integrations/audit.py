"""The audit trail of the Appsembler-compatible API, for the site owner."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.errors import PermissionDenied
from edutrack.ports.integrations import AuditFilter, AuditRow, IntegrationReader
from edutrack.ports.readers import Page, PageRequest


class ListIntegrationAudit:
    """The site owner only (anyone else 403): every privileged change made through the Appsembler API,
    newest first, filtered by client (its ``client_id`` or primary key), action and an inclusive time
    window; one COUNT and one page query whatever the page size."""

    def __init__(self, reader: IntegrationReader) -> None:
        self._reader = reader

    async def execute(self, actor: Actor, filters: AuditFilter, page: PageRequest) -> Page[AuditRow]:
        if not actor.is_site_owner:
            raise PermissionDenied()
        return await self._reader.audit(filters, page)
