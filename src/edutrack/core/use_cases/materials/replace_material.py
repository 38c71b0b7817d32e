"""Change a study material (Teacher API §11, PUT /materials/{id}/): its fields and, optionally, its PDF."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor
from edutrack.core.commands import UNSET, Unset
from edutrack.core.errors import FieldErrors, invalid_pk
from edutrack.core.policies.access import require_role
from edutrack.core.policies.content import require_material_write
from edutrack.core.use_cases.materials.create_material import (
    WRITERS,
    MaterialWriter,
    StagedFile,
    check_file,
    clean_title,
    discard,
    owned_material,
)
from edutrack.core.use_cases.materials.read_materials import MaterialView


@dataclass(frozen=True, slots=True)
class MaterialChanges:
    """What changes in the material ``material_id``; ``UNSET`` fields keep their values. ``title`` at most
    200 characters; ``description`` trimmed text, ``None`` clears it; ``file`` a staged upload that
    replaces the PDF (owned by the use case from then on)."""

    material_id: int
    lecture_id: int | Unset = UNSET
    title: str | Unset = UNSET
    description: str | Unset | None = UNSET
    file: StagedFile | Unset = UNSET


class ReplaceMaterial(MaterialWriter):
    """Site owner, or the course's teacher and their assistants; moving the material to another lecture
    needs the same right there (an unknown lecture is the field error ``lecture``). Unknown material:
    NotFound.

    The title stays not blank. A new file (same PDF rules as on upload) replaces the old one, which is
    deleted only after the commit; if anything fails the new file is deleted instead.
    """

    async def execute(self, actor: Actor, changes: MaterialChanges) -> MaterialView:
        file = changes.file if isinstance(changes.file, StagedFile) else None
        try:
            old_key = await self._apply(actor, changes, file)
        except BaseException:
            await discard(self._files, file)
            raise
        if old_key is not None:
            await self._files.delete(old_key)
        return await self._answer(actor, changes.material_id)

    async def _apply(self, actor: Actor, changes: MaterialChanges, file: StagedFile | None) -> str | None:
        """Write the changes in one transaction; return the replaced file's key (None if kept)."""
        require_role(actor, *WRITERS)
        problems = FieldErrors()
        title = clean_title(problems, changes.title) if isinstance(changes.title, str) else None
        if file is not None:
            check_file(problems, file)
        async with self._uow as uow:
            material = await owned_material(uow, actor, changes.material_id)
            lecture = changes.lecture_id
            if isinstance(lecture, int) and lecture != material.lecture_id:
                target_teacher = await uow.materials.lecture_teacher(lecture)
                if target_teacher is None:
                    problems.add("lecture", invalid_pk(lecture))
                else:
                    require_material_write(actor, target_teacher)
                    material.lecture_id = lecture
            problems.raise_if_any()
            if title is not None:
                material.title = title
            if changes.description is not UNSET:
                material.description = changes.description
            old_key = None
            if file is not None:
                old_key = material.file
                material.file = file.stored.key
                material.file_size = file.stored.size
            material.updated_at = self._clock.now()
            await uow.materials.save(material)
            await uow.commit()
        return old_key
