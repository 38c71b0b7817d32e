"""Request and response bodies of study materials (Teacher API §11, API_SUPPLEMENT §9), the body →
command conversions and the encoder."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Request

from edutrack.core.commands import UNSET as KEEP
from edutrack.core.use_cases.materials.create_material import NewMaterial, StagedFile
from edutrack.core.use_cases.materials.read_materials import MaterialView
from edutrack.core.use_cases.materials.replace_material import MaterialChanges
from edutrack.entrypoints.http.conventions import absolute_url

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType

LectureId = Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1, description="Lecture ID")]
Title = Annotated[str, msgspec.Meta(max_length=200, description="Material title")]
Description = Annotated[str, msgspec.Meta(description="Description (optional)")]
PdfFile = Annotated[
    str,
    msgspec.Meta(
        description="The PDF (multipart only): named .pdf, starting with %PDF-, at most 50 MB",
        extra_json_schema={"format": "binary"},
    ),
]


class MaterialCreateIn(msgspec.Struct, forbid_unknown_fields=False):
    """The text fields of POST /materials/ (multipart/form-data only: the file is streamed to storage)."""

    lecture: LectureId
    title: Title
    description: Description | None = None


class MaterialCreateForm(msgspec.Struct):
    """The documented body of POST /materials/ (multipart/form-data; for the OpenAPI document)."""

    lecture: LectureId
    title: Title
    file: PdfFile
    description: Description | None = None


class MaterialUpdateIn(msgspec.Struct, forbid_unknown_fields=False):
    """Fields not sent keep their values. A ``file`` part (multipart) replaces the PDF."""

    lecture: LectureId | Unset = UNSET
    title: Title | Unset = UNSET
    description: Description | Unset | None = UNSET


class MaterialUpdateForm(MaterialUpdateIn, forbid_unknown_fields=False):
    """The documented body of PUT /materials/{id}/ (for the OpenAPI document)."""

    file: PdfFile | Unset = UNSET


class MaterialOut(msgspec.Struct):
    id: int
    lecture: int
    lecture_name: str
    title: str
    description: str | None
    file: str | None
    file_size: int
    created_at: datetime
    updated_at: datetime


def file_path(material_id: int) -> str:
    return f"/materials/{material_id}/file/"


def _description(raw: str | None) -> str | None:
    """Trimmed; blank is none."""
    return (raw or "").strip() or None


def new_material(data: MaterialCreateIn, file: StagedFile) -> NewMaterial:
    return NewMaterial(
        lecture_id=data.lecture, title=data.title, file=file, description=_description(data.description)
    )


def material_changes(material_id: int, data: MaterialUpdateIn, file: StagedFile | None) -> MaterialChanges:
    """Fields not sent stay ``UNSET`` (kept); ``"description": null`` clears the description."""
    return MaterialChanges(
        material_id=material_id,
        lecture_id=KEEP if data.lecture is UNSET else data.lecture,
        title=KEEP if data.title is UNSET else data.title,
        description=KEEP if data.description is UNSET else _description(data.description),
        file=KEEP if file is None else file,
    )


def material_out(view: MaterialView, request: Request) -> MaterialOut:
    row = view.row
    return MaterialOut(
        id=row.id,
        lecture=row.lecture_id,
        lecture_name=row.lecture_name,
        title=row.title,
        description=row.description,
        file=absolute_url(request, file_path(row.id)) if view.file_access else None,
        file_size=row.file_size,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
