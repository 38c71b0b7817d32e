"""Delete a reference item (§4)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.policies.access import require_site_owner
from edutrack.ports.uow import UnitOfWork


class DeleteReferenceItem:
    """Site owner only.

    Invariants: a missing item is NotFound; an item another row still refers to (a grade in a division,
    a governorate of an area, …) is kept and the call fails with InUse.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, actor: Actor, kind: ReferenceKind, item_id: int) -> None:
        require_site_owner(actor)
        async with self._uow as uow:
            await uow.reference.delete(kind, item_id)
            await uow.commit()
