"""One reference item (§4)."""

from __future__ import annotations

from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.errors import NotFound
from edutrack.ports.academics import ReferenceReader, ReferenceRow


class GetReferenceItem:
    """Anyone, authenticated or not: reference data is public. A missing item is NotFound."""

    def __init__(self, reader: ReferenceReader) -> None:
        self._reader = reader

    async def execute(self, kind: ReferenceKind, item_id: int) -> ReferenceRow:
        row = await self._reader.get(kind, item_id)
        if row is None:
            raise NotFound()
        return row
