"""Delete a study material (Teacher API §11, DELETE /materials/{id}/)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.policies.access import require_role
from edutrack.core.use_cases.materials.create_material import WRITERS, owned_material
from edutrack.ports.storage import PrivateFiles
from edutrack.ports.uow import UnitOfWork


class DeleteMaterial:
    """Site owner, or the course's teacher and their assistants (another teacher: PermissionDenied);
    unknown material: NotFound. The row goes in one transaction; the file is deleted after the commit."""

    def __init__(self, uow: UnitOfWork, private_files: PrivateFiles) -> None:
        self._uow = uow
        self._files = private_files

    async def execute(self, actor: Actor, material_id: int) -> None:
        require_role(actor, *WRITERS)
        async with self._uow as uow:
            material = await owned_material(uow, actor, material_id)
            await uow.materials.delete(material_id)
            await uow.commit()
        await self._files.delete(material.file)
