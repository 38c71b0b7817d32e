"""What the OpenAPI document says about the shared conventions, declared once with Litestar's own means.

- Error bodies (``errors.py``): ``FieldErrors`` (``{"field": ["message"], "non_field_errors": [...]}``),
  ``Detail`` (``{"detail": "..."}``) and ``Error`` (``{"error": "..."}``, the key some documented answers
  use), as ``ResponseSpec``s. ``document_errors`` gives every operation the codes it can answer: 400 when
  it reads a body or parameters, 401 and 403 unless it is a public read (a guard, a policy or the
  credentials sent can refuse), 404 on a ``{id}`` path and on lists (``Invalid page.``), 409 on the
  idempotent requests and where a unique code cannot be allocated, 413 where a body is read, 429 where
  throttled. A handler's own ``responses=`` win over these.
- Query parameters (``conventions.py``): the handler still receives the raw text and parses it itself
  (the 400 bodies stay DRF's), but the document types it: ``PageQuery``/``PageSizeQuery``/``AllQuery``,
  ``IntQuery``, ``BoolQuery``, ``DateQuery``, ``SearchQuery`` and ``choice(...)``.
- ``Paged[XOut]``: a page of ``XOut`` documented as the component ``XPage`` (not Litestar's module path).
- ``form_body``: bodies read as multipart or JSON (``forms.read_form_or_json``) are documented through the
  handler's ``operation_class`` (``FormBody``).
- ``finish_document``: Litestar drops the trailing slash of the contract's paths from the document, and
  cannot see the Structs of ``form_body``; the public ``app.openapi_schema`` object gets both before the
  document is first served.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, ClassVar

import msgspec
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, Operation, Reference, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.params import Parameter, QueryParameter

from edutrack.entrypoints.http.conventions import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageOut

UNSLASHED_PREFIXES = ("/health", "/schema", "/media")
ID_SEGMENT = re.compile(r"\{\w+(:\w+)?\}")

# --- error bodies ---------------------------------------------------------------------------------------


class Detail(msgspec.Struct):
    """``{"detail": "..."}``: the message of a refusal."""

    detail: str


class Error(msgspec.Struct):
    """``{"error": "..."}``: the key the documented answers of wallets, purchases, homework and the
    Appsembler API use for some refusals."""

    error: str


class UserMessage(msgspec.Struct):
    """``{"user_message": "..."}``: the Appsembler document's refusals of an account creation."""

    user_message: str


class FieldErrorsBody(msgspec.Struct, kw_only=True):
    """Every wrong or missing field with its messages; ``non_field_errors`` for the whole request."""

    non_field_errors: list[str] = msgspec.field(default_factory=list)


_STRINGS = Schema(type=OpenAPIType.ARRAY, items=Schema(type=OpenAPIType.STRING))
FieldErrors = Annotated[
    FieldErrorsBody,
    Parameter(
        schema_component_key="FieldErrors",
        schema_extra={"additional_properties": _STRINGS, "title": "FieldErrors"},
    ),
]


def _spec(container: Any, description: str) -> ResponseSpec:
    return ResponseSpec(container, description=description, generate_examples=False)


BAD_REQUEST = _spec(
    FieldErrors | Detail | Error,
    'Invalid input: field errors ({"field": ["message"], "non_field_errors": [...]}), or a rule\'s refusal'
    ' ({"detail": "..."} or {"error": "..."}).',
)
UNAUTHORIZED = _spec(Detail | Error, "Not authenticated: missing, invalid or expired credentials.")
FORBIDDEN = _spec(Detail | Error, "The caller's role or a policy refuses this request.")
NOT_FOUND = _spec(Detail | Error, 'Not found (also ``{"detail": "Invalid page."}`` past a list\'s end).')
CONFLICT = _spec(Detail, "Idempotency key reused with a different request, or a conflicting state.")
THROTTLED = _spec(Detail, "Too many attempts. Try again later.")
TOO_LARGE = _spec(Detail, "Request body is too large.")
ACCOUNT_REFUSED = _spec(
    UserMessage, 'A missing or invalid field: {"user_message": "Wrong parameters on user creation"}.'
)
ACCOUNT_EXISTS = _spec(
    UserMessage | Detail,
    'The username or email is taken: {"user_message": "User already exists"}; or no unique code could be'
    " allocated.",
)

THROTTLED_PATHS = (
    ("POST", re.compile(r"^/accounts/(login|token)/?$")),
    ("POST", re.compile(r"^/payments/codes/redeem/?$")),
)
IDEMPOTENT_PATHS = (
    ("POST", re.compile(r"^/courses/lectures/\{[^}]+\}/purchase/?$")),
    ("POST", re.compile(r"^/payments/codes/redeem/?$")),
    ("POST", re.compile(r"^/payments/balance/add/?$")),
    ("PATCH", re.compile(r"^/courses/purchases/\{[^}]+\}/reopen/?$")),
)
CONFLICT_PATHS = (  # a unique code or student code could not be allocated (core.errors.Conflict)
    ("POST", re.compile(r"^/payments/codes/?$")),
    ("POST", re.compile(r"^/accounts/students/register/?$")),
    ("POST", re.compile(r"^/appsembler_api/v0/accounts/create/?$")),
    ("POST", re.compile(r"^/appsembler_api/v0/enrollment-codes/generate/?$")),
)


def _matches(rules: tuple[tuple[str, re.Pattern[str]], ...], method: str, path: str) -> bool:
    return any(verb == method and pattern.match(path) for verb, pattern in rules)


def _reads_input(handler: HTTPRouteHandler) -> bool:
    """A body or a path/query/header parameter: what Litestar itself answers 400 for."""
    if handler.opt.get("form_body") is not None:
        return True
    dependencies = handler.resolve_dependencies()
    special = {"self", "request", "state", "scope", "socket", "headers", "cookies"}
    return any(
        name not in dependencies and name not in special for name in handler.parsed_fn_signature.parameters
    )


def _reads_body(handler: HTTPRouteHandler) -> bool:
    return handler.opt.get("form_body") is not None or "data" in handler.parsed_fn_signature.parameters


def error_responses(handler: HTTPRouteHandler, path: str) -> dict[int, ResponseSpec]:
    """The error answers ``handler`` (served at ``path``) can give, by the rules of the module doc."""
    found: dict[int, ResponseSpec] = {}
    methods = {m.upper() for m in handler.http_methods}
    if _reads_input(handler):
        found[400] = BAD_REQUEST
    if not handler.opt.get("public") or methods - {"GET", "HEAD"}:
        # public writes authenticate too: login and token refusals are 401, a disabled account 403
        found[401] = UNAUTHORIZED
        found[403] = FORBIDDEN
    if ID_SEGMENT.search(path) or _is_list(handler):
        found[404] = NOT_FOUND
    idempotent = any(_matches(IDEMPOTENT_PATHS, m, path) for m in methods)
    if idempotent or any(_matches(CONFLICT_PATHS, m, path) for m in methods):
        found[409] = CONFLICT
    if idempotent or _reads_body(handler):
        found[413] = TOO_LARGE
    if any(_matches(THROTTLED_PATHS, m, path) for m in methods):
        found[429] = THROTTLED
    return found


def _is_list(handler: HTTPRouteHandler) -> bool:
    return "PageOut[" in repr(handler.parsed_fn_signature.return_type.annotation)


def document_errors(app: Litestar) -> None:
    """Give every operation its error answers (``error_responses``), keeping any it declares itself, and
    a handler reading its own ``form_body`` the operation class that documents it (``form_body``).

    Runs before the document is first built (Litestar builds it lazily, on the first request for it)."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler) or not handler.include_in_schema:
                continue
            handler.responses = {**error_responses(handler, route.path), **(handler.responses or {})}
            if (body := handler.opt.get("form_body")) is not None:
                handler.operation_class = form_body(body, handler.opt.get("form_media", FORM_MEDIA))


# --- typed query parameters -----------------------------------------------------------------------------


def _query(schema: dict[str, Any], name: str | None = None, description: str | None = None) -> QueryParameter:
    return QueryParameter(name=name, description=description, schema_extra={"one_of": None, **schema})


PAGE = {
    "type": None,
    "one_of": [
        Schema(type=OpenAPIType.INTEGER, minimum=1),
        Schema(type=OpenAPIType.STRING, enum=["last"]),
    ],
}
PageQuery = Annotated[
    str | None,
    _query(PAGE, "page", "Page number from 1, or `last`; a page past the end is 404 `Invalid page.`"),
]
PageSizeQuery = Annotated[
    str | None,
    _query(
        {"type": OpenAPIType.INTEGER, "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
        "page_size",
        f"Rows per page (default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE}).",
    ),
]
AllQuery = Annotated[
    str | None,
    _query(
        {"type": OpenAPIType.BOOLEAN},
        "all",
        "`true`: every row in one answer, `{count, results}` only (no `next`/`previous`).",
    ),
]


def int_query(name: str | None = None) -> QueryParameter:
    """An id filter (``parse_int``: 1 to 2**31 - 1), for a query name that is not the argument's."""
    return _query({"type": OpenAPIType.INTEGER, "minimum": 1, "maximum": 2**31 - 1}, name)


IntQuery = Annotated[str | None, int_query()]
BoolQuery = Annotated[str | None, _query({"type": OpenAPIType.BOOLEAN})]
DateQuery = Annotated[str | None, _query({"type": OpenAPIType.STRING, "format": OpenAPIFormat.DATE})]
SearchQuery = Annotated[str | None, _query({"type": OpenAPIType.STRING, "max_length": 200})]
TextQuery = Annotated[str | None, _query({"type": OpenAPIType.STRING})]
MOMENT = {
    "type": None,
    "one_of": [
        Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE),
        Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE_TIME),
    ],
}
MomentQuery = Annotated[str | None, _query(MOMENT, description="`YYYY-MM-DD` or an ISO 8601 datetime.")]
OrderingQuery = Annotated[
    str | None,
    _query(
        {"type": OpenAPIType.STRING},
        description="Comma-separated field names, `-` before one for descending; unknown names are ignored.",
    ),
]


def choice(*values: str | type[Enum], name: str | None = None) -> QueryParameter:
    """A query parameter that takes one of ``values`` (strings, or an Enum's values):
    ``Annotated[str | None, choice("json", "csv")]``, ``Annotated[str | None, choice(Difficulty)]``."""
    listed: list[str] = []
    for value in values:
        listed += [str(v.value) for v in value] if isinstance(value, type) else [value]
    return _query({"type": OpenAPIType.STRING, "enum": listed}, name)


class Paged:
    """``Paged[TeacherOut]`` is ``PageOut[TeacherOut]``, documented as the component ``TeacherPage``."""

    def __class_getitem__(cls, item: type) -> Any:
        name = item.__name__.removesuffix("Out") + "Page"
        return Annotated[PageOut[item], Parameter(schema_component_key=name)]  # type: ignore[valid-type]


# --- files and CSV -----------------------------------------------------------------------------------------

Binary = Annotated[bytes, Parameter(schema_extra={"format": OpenAPIFormat.BINARY})]
CsvText = Annotated[str, Parameter(schema_extra={"description": "CSV: a header row, then one row per item."})]


def file_download(media_type: str, description: str) -> dict[int, ResponseSpec]:
    """``responses=`` of a handler that streams a stored file: a binary body of ``media_type``."""
    spec = ResponseSpec(Binary, description=description, media_type=media_type, generate_examples=False)
    return {200: spec}


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


# --- after the build -------------------------------------------------------------------------------------


def finish_document(app: Litestar) -> None:
    """Two things Litestar's generator cannot know, set on the public ``OpenAPI`` object before it is first
    rendered to JSON: the contract's paths end with a slash (Litestar documents ``/accounts/me`` for
    ``/accounts/me/``), and the Structs of ``form_body`` operations are components."""
    document = app.openapi_schema
    paths = document.paths or {}
    slashed = {p: p if p.endswith("/") or p.startswith(UNSLASHED_PREFIXES) else p + "/" for p in paths}
    document.paths = {slashed[p]: item for p, item in paths.items()}
    _any_of(document, set())
    schemas = document.components.schemas if document.components is not None else None
    if schemas is None:
        return
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            found = getattr(getattr(handler, "operation_class", None), "form_component", None)
            if found is not None:
                schemas.setdefault(found[0], found[1])


def _any_of(node: Any, seen: set[int]) -> None:
    """Litestar writes a union as ``oneOf``, which says a value matches exactly one branch; ours are
    untagged (an empty page is an ``AssistantPage`` and an ``AssistantAdminPage``), so ``anyOf``."""
    if id(node) in seen or node is None or isinstance(node, str | int | float | bool | Enum):
        return
    seen.add(id(node))
    if isinstance(node, Schema) and node.one_of:
        node.any_of, node.one_of = node.one_of, None
    if isinstance(node, dict):
        children: Any = node.values()
    elif isinstance(node, list | tuple):
        children = node
    elif hasattr(node, "__dataclass_fields__"):
        children = (getattr(node, name) for name in node.__dataclass_fields__)
    else:
        return
    for child in children:
        _any_of(child, seen)


def document_api(app: Litestar) -> None:
    """``on_startup``: the error answers first (``document_errors``), then the document is built and
    finished (``finish_document``)."""
    document_errors(app)
    finish_document(app)
