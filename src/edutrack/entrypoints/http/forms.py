"""Bodies that may come as multipart/form-data or as JSON (§1: an endpoint whose POST is multipart accepts
multipart or JSON for PUT/PATCH). Decoded as strictly as Litestar's own bodies, with the same errors."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile

from edutrack.core.errors import ValidationFailed
from edutrack.entrypoints.http.errors import MALFORMED_JSON
from edutrack.entrypoints.http.validation import FORM_TYPES, content_type, decode, list_fields

T = TypeVar("T", bound=msgspec.Struct)


async def read_form_or_json(request: Request, struct_type: type[T]) -> tuple[T, dict[str, UploadFile]]:
    """Return the decoded body and the uploaded files by field name (files never go into the Struct)."""
    files: dict[str, UploadFile] = {}
    raw: Any
    if content_type(request) in FORM_TYPES:
        form = await request.form()
        lists = list_fields(struct_type)
        raw = {}
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                files[key] = value
            elif key in lists:
                raw.setdefault(key, []).append(value)
            else:
                raw[key] = value
    else:
        body = await request.body()
        if not body.strip():
            raw = {}
        else:
            try:
                raw = msgspec.json.decode(body)
            except msgspec.DecodeError:
                raise ValidationFailed.non_field(MALFORMED_JSON) from None
    return decode(struct_type, raw), files
