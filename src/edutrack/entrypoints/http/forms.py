"""Bodies that may come as multipart/form-data or as JSON (§1: an endpoint whose POST is multipart accepts
multipart or JSON for PUT/PATCH). Decoded as strictly as Litestar's own bodies, with the same errors."""

from __future__ import annotations

import types
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile

from edutrack.core.errors import ValidationFailed
from edutrack.entrypoints.http.errors import MALFORMED_JSON
from edutrack.entrypoints.http.validation import check_json_body, decode

T = TypeVar("T", bound=msgspec.Struct)

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        return _is_list(get_args(annotation)[0])
    if get_origin(annotation) in (list, tuple, set, frozenset):
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_list(arg) for arg in get_args(annotation))
    return False


def _is_file(annotation: Any) -> bool:
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_file(arg) for arg in get_args(annotation))
    return annotation is UploadFile


def _list_fields(struct_type: type[msgspec.Struct]) -> set[str]:
    return {f.encode_name for f in msgspec.structs.fields(struct_type) if _is_list(f.type)}


async def read_form_or_json(request: Request, struct_type: type[T]) -> tuple[T, dict[str, UploadFile]]:
    """Return the decoded body and the uploaded files by field name (files never go into the Struct)."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    files: dict[str, UploadFile] = {}
    raw: Any
    if content_type in FORM_TYPES:
        form = await request.form()
        lists = _list_fields(struct_type)
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


def form_body_check(struct_type: type[msgspec.Struct]) -> Callable[[Request], Awaitable[None]]:
    """A ``before_request`` for a handler whose ``data`` is a multipart Struct (``Body(media_type=
    RequestEncodingType.MULTI_PART)``): Litestar decodes such a body itself and names the first problem
    only; this names every wrong or missing field first. The parsed form stays on the request, so Litestar
    reads it once. File parts are left to the handler, and an empty value of a file field is no file (as
    Litestar reads it). A body of another type gets the application's JSON check."""
    files = {f.encode_name for f in msgspec.structs.fields(struct_type) if _is_file(f.type)}

    async def check(request: Request) -> None:
        content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if content_type not in FORM_TYPES:
            await check_json_body(request)
            return
        values: dict[str, list[Any]] = {}
        for key, value in (await request.form()).multi_items():
            if not isinstance(value, UploadFile) and not (key in files and value == ""):
                values.setdefault(key, []).append(value)
        decode(struct_type, {key: found[0] if len(found) == 1 else found for key, found in values.items()})

    return check
