"""Change some fields of a reference item (§4, PATCH)."""

from __future__ import annotations

from collections.abc import Mapping

from edutrack.core.actor import Actor
from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.errors import NotFound
from edutrack.core.policies.access import require_site_owner
from edutrack.core.use_cases.academics.create_item import check_item, clean_fields
from edutrack.ports.readers import ReferenceReader, ReferenceRow
from edutrack.ports.uow import UnitOfWork


class UpdateReferenceItem:
    """Site owner only.

    Invariants: only the given fields change; they follow the same rules as on create (name unique per
    kind, or per governorate for areas; referenced ids exist; price is money >= 0). A missing item is
    NotFound.
    """

    def __init__(self, uow: UnitOfWork, reader: ReferenceReader) -> None:
        self._uow = uow
        self._reader = reader

    async def execute(
        self, actor: Actor, kind: ReferenceKind, item_id: int, changes: Mapping[str, object]
    ) -> ReferenceRow:
        require_site_owner(actor)
        async with self._uow as uow:
            item = await uow.reference.get(kind, item_id)
            if item is None:
                raise NotFound()
            cleaned = clean_fields(kind, changes)
            for name, value in cleaned.items():
                setattr(item, name, value)
            await check_item(uow.reference, item, cleaned)
            await uow.reference.save(item)
            await uow.commit()
        row = await self._reader.get(kind, item_id)
        if row is None:
            raise NotFound()
        return row
