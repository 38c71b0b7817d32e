"""The one place where errors become HTTP answers (ADR 0002).

Domain errors carry their documented body; this module only picks the status. Litestar's own validation
errors are reshaped into DRF-style field errors; anything unexpected is logged with its stack trace and
answered with a bare 500.
"""

from __future__ import annotations

from typing import Any

import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from edutrack.adapters.sql.errors import NUL_IN_TEXT
from edutrack.core import errors as e
from edutrack.core import messages
from edutrack.entrypoints.http.validation import MISSING, field_name, message

log = structlog.get_logger("edutrack.http")

DOMAIN_STATUS: list[tuple[type[e.DomainError], int]] = [
    (e.ValidationFailed, 400),
    (e.RuleViolation, 400),
    (e.NotAuthenticated, 401),
    (e.PermissionDenied, 403),
    (e.NotFound, 404),
    (e.Conflict, 409),
    (e.Throttled, 429),
]

MALFORMED_JSON = "JSON parse error - the request body is not valid JSON."
UNDECODABLE_FORM = (
    "Multipart form parse error - a form field is not valid UTF-8 text. Send files as file parts (with a"
    " filename)."
)
GENERIC_DETAIL = {
    401: e.NotAuthenticated.default_message,
    403: e.PermissionDenied.default_message,
    404: e.NotFound.default_message,
    413: "Request body is too large.",
    429: e.Throttled.default_message,
    503: "Service temporarily unavailable. Please retry.",
}


def status_of(exc: e.DomainError) -> int:
    for cls, status in DOMAIN_STATUS:
        if isinstance(exc, cls):
            return status
    return 400


def domain_error_handler(_: Request, exc: e.DomainError) -> Response[Any]:
    status = status_of(exc)
    headers = {"WWW-Authenticate": 'Bearer realm="api"'} if status == 401 else None
    if isinstance(exc, e.Throttled) and exc.retry_after is not None:
        headers = {"Retry-After": str(exc.retry_after)}
    return Response(exc.body(), status_code=status, headers=headers)


# --- Litestar's validation errors → {"field": ["message"]} -------------------------------------------


def reshape_validation(extra: Any) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    items = extra if isinstance(extra, list) else []
    for item in items:
        if not isinstance(item, dict):
            continue
        raw = str(item.get("message", "Invalid value."))
        key = str(item.get("key") or "data")
        if key in {"data", "body"}:
            if found := MISSING.search(raw):
                fields.setdefault(found.group(1), []).append(messages.REQUIRED)
                continue
            if raw.strip("'\"") == "data" or not raw:
                fields.setdefault("non_field_errors", []).append(messages.BODY_REQUIRED)
                continue
            fields.setdefault("non_field_errors", []).append(message(raw))
            continue
        if found := MISSING.search(raw):
            fields.setdefault(f"{field_name(key)}", []).append(f"This field is required: {found.group(1)}.")
            continue
        fields.setdefault(field_name(key), []).append(message(raw))
    return fields or {"non_field_errors": ["Invalid input."]}


def validation_handler(_: Request, exc: ValidationException) -> Response[Any]:
    if exc.extra:
        return Response(reshape_validation(exc.extra), status_code=400)
    return Response({"non_field_errors": [_client_detail(exc)]}, status_code=400)


def _client_detail(exc: HTTPException) -> str:
    detail = str(exc.detail or "Bad request.")
    if "JSON is malformed" in detail or "malformed" in detail.lower():
        return MALFORMED_JSON
    return detail


def http_exception_handler(request: Request, exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    if status == 400:
        return Response({"non_field_errors": [_client_detail(exc)]}, status_code=400)
    if status == 405:
        return Response(
            {"detail": f'Method "{request.method}" not allowed.'}, status_code=405, headers=exc.headers
        )
    if status == 415:
        return Response({"detail": str(exc.detail)}, status_code=415)
    if status >= 500:
        return internal_error_handler(request, exc)
    return Response(
        {"detail": GENERIC_DETAIL.get(status, str(exc.detail))}, status_code=status, headers=exc.headers
    )


def _raised_by_form_parser(exc: BaseException) -> bool:
    traceback = exc.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename.replace("\\", "/").endswith("litestar/_multipart.py"):
            return True
        traceback = traceback.tb_next
    return False


def undecodable_text_handler(request: Request, exc: UnicodeDecodeError) -> Response[Any]:
    """Litestar decodes every multipart part without a filename as UTF-8 text: binary bytes there (an image
    sent as a plain field) are the client's mistake, a 400. Any other UnicodeDecodeError stays a 500."""
    if _raised_by_form_parser(exc):
        return Response({"non_field_errors": [UNDECODABLE_FORM]}, status_code=400)
    return internal_error_handler(request, exc)


def database_unavailable_handler(request: Request, exc: Exception) -> Response[Any]:
    log.error("database_unavailable", error=type(exc).__name__, path=request.url.path)
    return Response({"detail": GENERIC_DETAIL[503]}, status_code=503, headers={"Retry-After": "5"})


# SQLSTATE 22021 character_not_in_repertoire: PostgreSQL text cannot hold the NUL character (the
# adapters refuse it before a statement runs; this catches a literal that got past them)
UNSTORABLE_TEXT_STATES = {"22021"}


# SQLSTATE classes of a database that cannot serve now, whatever the request: 08 connection exception,
# 53 insufficient resources (53300 too many connections, out of memory, disk full), 57 operator
# intervention (shutting down, starting up, a statement cancelled by its timeout)
UNAVAILABLE_STATE_CLASSES = ("08", "53", "57")


def dbapi_error_handler(request: Request, exc: DBAPIError) -> Response[Any]:
    state = str(getattr(exc.orig, "sqlstate", None) or "")
    unavailable = isinstance(exc, OperationalError | InterfaceError) or exc.connection_invalidated
    if unavailable or state.startswith(UNAVAILABLE_STATE_CLASSES):
        return database_unavailable_handler(request, exc)
    if state in UNSTORABLE_TEXT_STATES:
        # a filter, a search or a text field carrying NUL: the client's input, refused by the database
        # before anything was written (the transaction is rolled back)
        return Response({"non_field_errors": [NUL_IN_TEXT]}, status_code=400)
    return internal_error_handler(request, exc)


def internal_error_handler(request: Request, exc: Exception) -> Response[Any]:
    log.error(
        "unhandled_error",
        path=request.url.path,
        method=request.method,
        request_id=request.scope.get("state", {}).get("request_id"),
        exc_info=exc,
    )
    return Response({"detail": "Internal server error"}, status_code=HTTP_500_INTERNAL_SERVER_ERROR)


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    e.DomainError: domain_error_handler,
    ValidationException: validation_handler,
    HTTPException: http_exception_handler,
    PoolTimeout: database_unavailable_handler,
    ConnectionError: database_unavailable_handler,
    DBAPIError: dbapi_error_handler,
    UnicodeDecodeError: undecodable_text_handler,
    Exception: internal_error_handler,
}
