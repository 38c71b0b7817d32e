"""Request and response bodies of study materials (Teacher API §11, API_SUPPLEMENT §9), and the encoder."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Request

from edutrack.core.use_cases.materials.read_materials import MaterialView
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
    """multipart/form-data only (the file is streamed to storage)."""

    lecture: LectureId | None = None
    title: Title | None = None
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


def changes_of(data: MaterialUpdateIn) -> dict[str, object]:
    return {name: value for name in data.__struct_fields__ if (value := getattr(data, name)) is not UNSET}


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
