"""One reference item (§4)."""

from __future__ import annotations

from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.errors import found
from edutrack.core.use_cases.shared import Query
from edutrack.ports.academics import ReferenceReader, ReferenceRow


class GetReferenceItem(Query[ReferenceReader]):
    """Anyone, authenticated or not: reference data is public. A missing item is NotFound."""

    async def execute(self, kind: ReferenceKind, item_id: int) -> ReferenceRow:
        return found(await self._reader.get(kind, item_id))
