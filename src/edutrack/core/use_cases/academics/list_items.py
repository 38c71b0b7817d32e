"""A page of reference items (§4)."""

from __future__ import annotations

from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.use_cases.shared import Query
from edutrack.ports.academics import ReferenceFilter, ReferenceReader, ReferenceRow
from edutrack.ports.readers import Page, PageRequest


class ListReferenceItems(Query[ReferenceReader]):
    """Anyone, authenticated or not: reference data is public (the registration form needs it).

    Grades come by (order, id), everything else by id; ``parent`` and ``search`` filter as the port says.
    """

    async def execute(
        self, kind: ReferenceKind, filters: ReferenceFilter, page: PageRequest
    ) -> Page[ReferenceRow]:
        return await self._reader.list(kind, filters, page)
