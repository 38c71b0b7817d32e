"""Upload a study material (Teacher API §11, POST /materials/)."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor, Role
from edutrack.core.entities.content import Material
from edutrack.core.errors import FieldErrors, NotFound, ValidationFailed, invalid_pk
from edutrack.core.policies.access import require_role
from edutrack.core.policies.content import require_material_write
from edutrack.core.policies.materials import FIELD, NO_FILE, check_pdf
from edutrack.core.use_cases.materials.read_materials import MaterialView, view_of
from edutrack.ports.clock import Clock
from edutrack.ports.materials import MaterialReader
from edutrack.ports.storage import PrivateFiles, StoredFile
from edutrack.ports.uow import UnitOfWork

FOLDER = "materials"
EXTENSION = "pdf"
MAX_TITLE = 200
REQUIRED = "This field is required."
BLANK = "This field may not be blank."
WRITERS = (Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT)


@dataclass(frozen=True, slots=True)
class StagedFile:
    """An upload already streamed to private storage (``stored.key`` empty when it was too large and
    nothing was kept). The use case that receives it owns it: it is deleted unless a material keeps it."""

    filename: str
    stored: StoredFile


@dataclass(frozen=True, slots=True)
class NewMaterial:
    lecture: int | None
    title: str | None
    description: str | None = None


def check_title(problems: FieldErrors, title: object, *, required: bool) -> None:
    if title is None:
        if required:
            problems.add("title", REQUIRED)
        return
    text = str(title).strip()
    if not text:
        problems.add("title", BLANK)
    elif len(text) > MAX_TITLE:
        problems.add("title", f"Ensure this field has no more than {MAX_TITLE} characters.")


def check_file(problems: FieldErrors, file: StagedFile) -> None:
    problems.check(check_pdf, file.filename, file.stored.size, file.stored.head)


async def discard(files: PrivateFiles, file: StagedFile | None) -> None:
    if file is not None and file.stored.key:
        await files.delete(file.stored.key)


def clean_description(value: object) -> str | None:
    text = None if value is None else str(value).strip()
    return text or None


class CreateMaterial:
    """Site owner, or the course's teacher and their assistants (another teacher: PermissionDenied).

    Invariants: the file is a real PDF (name ``.pdf``, ``%PDF-`` at byte 0, at most 50 MB), already
    streamed to private storage before the transaction; the lecture exists; title 1–200 characters. If
    anything fails, the staged file is deleted, so nothing unreferenced stays in storage.
    """

    def __init__(
        self, uow: UnitOfWork, private_files: PrivateFiles, clock: Clock, reader: MaterialReader
    ) -> None:
        self._uow = uow
        self._files = private_files
        self._clock = clock
        self._reader = reader

    async def execute(self, actor: Actor, data: NewMaterial, file: StagedFile | None) -> MaterialView:
        try:
            material_id = await self._insert(actor, data, file)
        except BaseException:
            await discard(self._files, file)
            raise
        row = await self._reader.get(material_id)
        if row is None:
            raise NotFound()
        return view_of(actor, row)

    async def _insert(self, actor: Actor, data: NewMaterial, file: StagedFile | None) -> int:
        require_role(actor, *WRITERS)
        problems = FieldErrors()
        if data.lecture is None:
            problems.add("lecture", REQUIRED)
        check_title(problems, data.title, required=True)
        if file is None:
            problems.add(FIELD, NO_FILE)
        else:
            check_file(problems, file)
        now = self._clock.now()
        async with self._uow as uow:
            if data.lecture is not None:
                teacher_id = await uow.materials.lecture_teacher(data.lecture)
                if teacher_id is None:
                    problems.add("lecture", invalid_pk(data.lecture))
                else:
                    require_material_write(actor, teacher_id)
            problems.raise_if_any()
            assert data.lecture is not None and file is not None
            material = await uow.materials.add(
                Material(
                    lecture_id=data.lecture,
                    title=str(data.title).strip(),
                    description=clean_description(data.description),
                    file=file.stored.key,
                    file_size=file.stored.size,
                    created_at=now,
                    updated_at=now,
                )
            )
            await uow.commit()
        if material.id is None:
            raise ValidationFailed.non_field("The material could not be saved.")
        return material.id
