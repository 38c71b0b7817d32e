"""Responses and bodies Litestar cannot describe from a signature: binary files, CSV exports, lists that
answer CSV on ``?format=csv``, and bodies read as multipart or JSON by ``forms.read_form_or_json``
(see ``openapi.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, Operation, Reference, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.params import Parameter

# --- files and CSV -----------------------------------------------------------------------------------------

Binary = Annotated[bytes, Parameter(schema_extra={"format": OpenAPIFormat.BINARY})]
CsvText = Annotated[str, Parameter(schema_extra={"description": "CSV: a header row, then one row per item."})]


def file_download(
    media_type: str, description: str, *, redirect: str | None = None
) -> dict[int, ResponseSpec]:
    """``responses=`` of a handler that streams a stored file: a binary body of ``media_type``; with
    ``redirect``, the 302 (no body, ``Location``) it answers instead when so configured."""
    spec = ResponseSpec(Binary, description=description, media_type=media_type, generate_examples=False)
    if redirect is None:
        return {200: spec}
    return {200: spec, 302: ResponseSpec(None, description=redirect, generate_examples=False)}


def csv_download(description: str) -> dict[int, ResponseSpec]:
    """``responses=`` of a handler whose only answer is CSV text."""
    spec = ResponseSpec(CsvText, description=description, media_type="text/csv", generate_examples=False)
    return {200: spec}


@dataclass
class PageOrCsv(Operation):
    """``operation_class`` of a list that answers ``?format=csv`` with ``text/csv``: its 200 documents the
    JSON page and the CSV text (Litestar's return type gives only the first)."""

    def __post_init__(self) -> None:
        ok = (self.responses or {}).get("200")
        content = getattr(ok, "content", None)
        if not content or "application/json" not in content:
            return
        json = content["application/json"]
        choices = getattr(json.schema, "one_of", None) or []
        page = next((c for c in choices if getattr(c, "type", None) != OpenAPIType.STRING), None)
        if page is not None:
            json.schema = page
        content["text/csv"] = OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))


# --- bodies Litestar does not decode itself ---------------------------------------------------------------


FORM_MEDIA = ("multipart/form-data", "application/json")


PICTURE_FIELDS = ("profile_picture", "picture", "cover_picture")  # uploads.picture_change's file parts
PICTURE_PART = Schema(
    type=OpenAPIType.STRING,
    format=OpenAPIFormat.BINARY,
    description="An image file part replaces the picture; an empty value removes it; absent keeps it.",
)


def form_body(struct: type[msgspec.Struct], media: tuple[str, ...] = FORM_MEDIA) -> type[Operation]:
    """An ``operation_class`` documenting ``struct`` as the request body in each of ``media`` (the body is
    read by ``forms.read_form_or_json``, which Litestar cannot see): a reference to the component named
    after the Struct (msgspec's own JSON Schema of it, added by ``finish_document``); in a multipart body
    a picture field is a file part, so that variant is spelled out."""
    name = struct.__name__
    component = _inline(struct, multipart=False)
    multipart = _inline(struct, multipart=True)
    reference = Reference(ref=f"#/components/schemas/{name}")
    schemas: dict[str, Schema | Reference] = {
        m: multipart if m == "multipart/form-data" and multipart != component else reference for m in media
    }

    @dataclass
    class FormBodyOperation(Operation):
        form_component: ClassVar[tuple[str, Schema]] = (name, component)
        body_schemas: ClassVar[dict[str, Schema | Reference]] = schemas

        def __post_init__(self) -> None:
            content = {m: OpenAPIMediaType(schema=schema) for m, schema in self.body_schemas.items()}
            self.request_body = RequestBody(content=content, required=True)

    FormBodyOperation.__name__ = f"{name}Operation"
    return FormBodyOperation


def _inline(struct: type[msgspec.Struct], *, multipart: bool) -> Schema:
    (root,), components = msgspec.json.schema_components((struct,), ref_template="{name}")
    schema = _to_schema(root, components)
    if multipart and schema.properties:
        for name in PICTURE_FIELDS:
            if name in schema.properties:
                schema.properties[name] = PICTURE_PART
    return schema


_KEYS = {
    "anyOf": "any_of",
    "oneOf": "one_of",
    "allOf": "all_of",
    "maxLength": "max_length",
    "minLength": "min_length",
    "maxItems": "max_items",
    "minItems": "min_items",
    "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum",
    "additionalProperties": "additional_properties",
}


def _to_schema(node: dict[str, Any], components: dict[str, Any]) -> Schema:
    """msgspec's JSON Schema (a dict) as Litestar's ``Schema`` object, references inlined."""
    if "$ref" in node:
        return _to_schema(components[node["$ref"]], components)
    values: dict[str, Any] = {}
    for key, value in node.items():
        name = _KEYS.get(key, key)
        if key in {"anyOf", "oneOf", "allOf"}:
            value = [_to_schema(v, components) for v in value]
        elif key == "items" or (key == "additionalProperties" and isinstance(value, dict)):
            value = _to_schema(value, components)
        elif key == "properties":
            value = {k: _to_schema(v, components) for k, v in value.items()}
        elif key == "type":
            value = [OpenAPIType(v) for v in value] if isinstance(value, list) else OpenAPIType(value)
        elif key in {"$defs", "$schema"}:
            continue
        if name == "format":
            value = OpenAPIFormat(value) if value in OpenAPIFormat._value2member_map_ else value
        values[name] = value
    return Schema(**values)
