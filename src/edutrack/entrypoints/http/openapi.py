"""What the OpenAPI document says about the shared conventions, declared once with Litestar's own means.

- Error bodies (``errors.py``): ``FieldErrors`` (``{"field": ["message"], "non_field_errors": [...]}``),
  ``Detail`` (``{"detail": "..."}``) and ``Error`` (``{"error": "..."}``, the key some documented answers
  use), as ``ResponseSpec``s. ``document_errors`` gives every operation the codes it can answer: 400 when
  it reads a body or parameters, 401 and 403 unless it is a public read (a guard, a policy or the
  credentials sent can refuse), 404 on a ``{id}`` path and on lists (``Invalid page.``), 409 on the
  idempotent requests and where a unique code cannot be allocated, 413 where a body is read, 429 where
  throttled, 503 everywhere (no database connection in time). A handler's own ``responses=`` win.
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
from enum import Enum
from typing import Annotated, Any

import msgspec
from litestar import Litestar, Request
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import Parameter

from edutrack.entrypoints.http.openapi_bodies import (
    FORM_MEDIA,
    Binary,
    CsvText,
    PageOrCsv,
    csv_download,
    file_download,
    form_body,
)
from edutrack.entrypoints.http.openapi_params import (
    AllQuery,
    BoolQuery,
    DateQuery,
    IntQuery,
    MomentQuery,
    OrderingQuery,
    Paged,
    PageQuery,
    PageSizeQuery,
    SearchQuery,
    TextQuery,
    choice,
    int_query,
)

__all__ = [  # the controllers import the whole vocabulary from here
    "ACCOUNT_EXISTS",
    "ACCOUNT_REFUSED",
    "NOT_FOUND",
    "AllQuery",
    "Binary",
    "BoolQuery",
    "CsvText",
    "DateQuery",
    "Detail",
    "Error",
    "FieldErrors",
    "IntQuery",
    "MomentQuery",
    "OrderingQuery",
    "PageOrCsv",
    "PageQuery",
    "PageSizeQuery",
    "Paged",
    "SearchQuery",
    "TextQuery",
    "UserMessage",
    "choice",
    "csv_download",
    "document_api",
    "file_download",
    "finish_documented",
    "form_body",
    "int_query",
]

UNSLASHED_PREFIXES = ("/health", "/schema", "/media")
DOCUMENT_FINISHED = "openapi_document_finished"  # app.state key: finish_document has run
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
THROTTLED = _spec(
    Detail,
    "Too many attempts. Try again later. `Retry-After` gives the limit's window in seconds (the longest"
    " the client must wait).",
)
UNAVAILABLE = _spec(
    Detail,
    'The database is unreachable or every connection is busy: {"detail": "Service temporarily unavailable.'
    ' Please retry."}, with `Retry-After: 5`. Nothing was written.',
)
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
    found[503] = UNAVAILABLE  # every operation reads or writes the database (the health probes say so too)
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
    """``on_startup``: the error answers (``document_errors``). The document itself is built when first
    asked for, as Litestar builds it, and finished then (``finish_documented``): a worker that never
    serves ``/schema`` never holds it (about 14 MB and 1.4 s of start-up per worker, issue 16). The tests
    fetch it from the app, so a route that breaks it still fails CI."""
    document_errors(app)


async def finish_documented(request: Request) -> None:
    """``before_request`` of the documentation routes: the document is finished (``finish_document``)
    before anything of ``/schema`` reads it, once per app."""
    app = request.app
    if request.scope["path"].startswith("/schema") and not app.state.get(DOCUMENT_FINISHED):
        finish_document(app)
        app.state[DOCUMENT_FINISHED] = True
