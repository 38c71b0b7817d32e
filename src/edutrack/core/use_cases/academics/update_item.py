"""Change some fields of a reference item (§4, PATCH)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.errors import NotFound, found
from edutrack.core.policies.access import require_site_owner
from edutrack.core.use_cases.academics.commands import ReferenceChanges
from edutrack.core.use_cases.academics.create_item import check_item, entity_values
from edutrack.ports.academics import ReferenceReader, ReferenceRow
from edutrack.ports.uow import UnitOfWork


class UpdateReferenceItem:
    """Site owner only; the changes command's class says which kind of item is changed.

    Invariants: only the set fields change; they follow the same rules as on create (name trimmed, not
    blank and unique per kind, or per governorate for areas; referenced ids exist). A missing item is
    NotFound.
    """

    def __init__(self, uow: UnitOfWork, reader: ReferenceReader) -> None:
        self._uow = uow
        self._reader = reader

    async def execute(self, actor: Actor, item_id: int, changes: ReferenceChanges) -> ReferenceRow:
        require_site_owner(actor)
        async with self._uow as uow:
            item = await uow.reference.get(changes.kind, item_id)
            if item is None:
                raise NotFound()
            values = entity_values(changes)
            for name, value in values.items():
                setattr(item, name, value)
            await check_item(uow.reference, item, values)
            await uow.reference.save(item)
            await uow.commit()
        return found(await self._reader.get(changes.kind, item_id))
