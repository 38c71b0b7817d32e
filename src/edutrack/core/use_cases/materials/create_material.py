"""Upload a study material (Teacher API §11, POST /materials/)."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core import messages as m
from edutrack.core.actor import Actor, Role
from edutrack.core.entities.content import Material
from edutrack.core.errors import FieldErrors, NotFound, ValidationFailed, found, invalid_pk
from edutrack.core.policies.access import require_role
from edutrack.core.policies.content import require_material_write
from edutrack.core.policies.materials import check_pdf
from edutrack.core.use_cases.materials.read_materials import MaterialView, view_of
from edutrack.ports.clock import Clock
from edutrack.ports.materials import MaterialReader
from edutrack.ports.storage import PrivateFiles, StoredFile
from edutrack.ports.uow import UnitOfWork

FOLDER = "materials"
EXTENSION = "pdf"
WRITERS = (Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT)


@dataclass(frozen=True, slots=True)
class StagedFile:
    """An upload already streamed to private storage (``stored.key`` empty when it was too large and
    nothing was kept). The use case that receives it owns it: it is deleted unless a material keeps it."""

    filename: str
    stored: StoredFile


@dataclass(frozen=True, slots=True)
class NewMaterial:
    """A material for the lecture ``lecture_id``: ``title`` at most 200 characters, ``description``
    trimmed text or None, ``file`` the staged upload (owned by the use case from then on)."""

    lecture_id: int
    title: str
    file: StagedFile
    description: str | None = None


def clean_title(problems: FieldErrors, title: str) -> str:
    """A material's title is kept trimmed and is never blank. Judged here, not at the edge, so that a blank
    title and an unknown lecture are answered together, as one body."""
    text = title.strip()
    if not text:
        problems.add("title", m.BLANK)
    return text


def check_file(problems: FieldErrors, file: StagedFile) -> None:
    problems.check(check_pdf, file.filename, file.stored.size, file.stored.head)


async def discard(files: PrivateFiles, file: StagedFile | None) -> None:
    if file is not None and file.stored.key:
        await files.delete(file.stored.key)


async def owned_material(uow: UnitOfWork, actor: Actor, material_id: int) -> Material:
    """The material, if it and its lecture exist (else NotFound) and ``actor`` may write it."""
    material = await uow.materials.get(material_id)
    if material is None:
        raise NotFound()
    teacher_id = await uow.materials.lecture_teacher(material.lecture_id)
    if teacher_id is None:
        raise NotFound()
    require_material_write(actor, teacher_id)
    return material


class MaterialWriter:
    """What creating and replacing a material are built from, and the view of the row they answer with."""

    def __init__(
        self, uow: UnitOfWork, private_files: PrivateFiles, clock: Clock, reader: MaterialReader
    ) -> None:
        self._uow = uow
        self._files = private_files
        self._clock = clock
        self._reader = reader

    async def _answer(self, actor: Actor, material_id: int) -> MaterialView:
        return view_of(actor, found(await self._reader.get(material_id)))


class CreateMaterial(MaterialWriter):
    """Site owner, or the course's teacher and their assistants (another teacher: PermissionDenied).

    Invariants: the file is a real PDF (name ``.pdf``, ``%PDF-`` at byte 0, at most 50 MB), already
    streamed to private storage before the transaction; the lecture exists; the title is not blank. Every
    problem of these is answered at once. If anything fails, the staged file is deleted, so nothing
    unreferenced stays in storage.
    """

    async def execute(self, actor: Actor, command: NewMaterial) -> MaterialView:
        try:
            material_id = await self._insert(actor, command)
        except BaseException:
            await discard(self._files, command.file)
            raise
        return await self._answer(actor, material_id)

    async def _insert(self, actor: Actor, command: NewMaterial) -> int:
        require_role(actor, *WRITERS)
        problems = FieldErrors()
        title = clean_title(problems, command.title)
        check_file(problems, command.file)
        now = self._clock.now()
        async with self._uow as uow:
            teacher_id = await uow.materials.lecture_teacher(command.lecture_id)
            if teacher_id is None:
                problems.add("lecture", invalid_pk(command.lecture_id))
            else:
                require_material_write(actor, teacher_id)
            problems.raise_if_any()
            material = await uow.materials.add(
                Material(
                    lecture_id=command.lecture_id,
                    title=title,
                    description=command.description,
                    file=command.file.stored.key,
                    file_size=command.file.stored.size,
                    created_at=now,
                    updated_at=now,
                )
            )
            await uow.commit()
        if material.id is None:
            raise ValidationFailed.non_field("The material could not be saved.")
        return material.id
