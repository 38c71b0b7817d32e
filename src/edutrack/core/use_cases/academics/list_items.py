"""A page of reference items (§4)."""

from __future__ import annotations

from edutrack.core.entities.academics import ReferenceKind
from edutrack.ports.academics import ReferenceFilter, ReferenceReader, ReferenceRow
from edutrack.ports.readers import Page, PageRequest


class ListReferenceItems:
    """Anyone, authenticated or not: reference data is public (the registration form needs it).

    Grades come by (order, id), everything else by id; ``parent`` and ``search`` filter as the port says.
    """

    def __init__(self, reader: ReferenceReader) -> None:
        self._reader = reader

    async def execute(
        self, kind: ReferenceKind, filters: ReferenceFilter, page: PageRequest
    ) -> Page[ReferenceRow]:
        return await self._reader.list(kind, filters, page)
