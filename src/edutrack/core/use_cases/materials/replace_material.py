"""Change a study material (Teacher API §11, PUT /materials/{id}/): its fields and, optionally, its PDF."""

from __future__ import annotations

from collections.abc import Mapping

from edutrack.core.actor import Actor
from edutrack.core.errors import FieldErrors, NotFound, invalid_pk
from edutrack.core.policies.access import require_role
from edutrack.core.policies.content import require_material_write
from edutrack.core.use_cases.materials.create_material import (
    REQUIRED,
    WRITERS,
    StagedFile,
    check_file,
    check_title,
    clean_description,
    discard,
)
from edutrack.core.use_cases.materials.read_materials import MaterialView, view_of
from edutrack.ports.clock import Clock
from edutrack.ports.materials import MaterialReader
from edutrack.ports.storage import PrivateFiles
from edutrack.ports.uow import UnitOfWork

FIELDS = ("lecture", "title", "description")


class ReplaceMaterial:
    """Site owner, or the course's teacher and their assistants; moving the material to another lecture
    needs the same right there. Unknown material: NotFound.

    ``changes`` holds the fields sent (``lecture``, ``title``, ``description``); the others keep their
    values. A new file (same PDF rules as on upload) replaces the old one, which is deleted only after
    the commit; if anything fails the new file is deleted instead.
    """

    def __init__(
        self, uow: UnitOfWork, private_files: PrivateFiles, clock: Clock, reader: MaterialReader
    ) -> None:
        self._uow = uow
        self._files = private_files
        self._clock = clock
        self._reader = reader

    async def execute(
        self, actor: Actor, material_id: int, changes: Mapping[str, object], file: StagedFile | None = None
    ) -> MaterialView:
        try:
            old_key = await self._apply(actor, material_id, changes, file)
        except BaseException:
            await discard(self._files, file)
            raise
        if old_key is not None:
            await self._files.delete(old_key)
        row = await self._reader.get(material_id)
        if row is None:
            raise NotFound()
        return view_of(actor, row)

    async def _apply(
        self, actor: Actor, material_id: int, changes: Mapping[str, object], file: StagedFile | None
    ) -> str | None:
        """Write the changes in one transaction; return the replaced file's key (None if kept)."""
        require_role(actor, *WRITERS)
        given = {name: value for name, value in changes.items() if name in FIELDS}
        problems = FieldErrors()
        if "title" in given:
            check_title(problems, given["title"], required=True)
        if file is not None:
            check_file(problems, file)
        async with self._uow as uow:
            material = await uow.materials.get(material_id)
            if material is None:
                raise NotFound()
            teacher_id = await uow.materials.lecture_teacher(material.lecture_id)
            if teacher_id is None:
                raise NotFound()
            require_material_write(actor, teacher_id)
            lecture = given.get("lecture")
            if "lecture" in given and lecture is None:
                problems.add("lecture", REQUIRED)
            elif isinstance(lecture, int) and lecture != material.lecture_id:
                target_teacher = await uow.materials.lecture_teacher(lecture)
                if target_teacher is None:
                    problems.add("lecture", invalid_pk(lecture))
                else:
                    require_material_write(actor, target_teacher)
                    material.lecture_id = lecture
            problems.raise_if_any()
            if "title" in given:
                material.title = str(given["title"]).strip()
            if "description" in given:
                material.description = clean_description(given["description"])
            old_key = None
            if file is not None:
                old_key = material.file
                material.file = file.stored.key
                material.file_size = file.stored.size
            material.updated_at = self._clock.now()
            await uow.materials.save(material)
            await uow.commit()
        return old_key
