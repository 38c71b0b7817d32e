"""CORS for a frontend on another origin (``EDUTRACK_CORS_ORIGINS``), with Litestar's ``CORSConfig``.

Litestar installs its CORS layer around the router, so a preflight (``OPTIONS`` with ``Origin``) is
answered there, before ``AuthenticationMiddleware`` ever runs: 204 with the ``Access-Control-Allow-*``
headers for a listed origin, 400 without any of them for another. Credentials (the auth cookies) are
allowed, so only explicit origins are accepted (``settings.py`` refuses ``*``).

Guarantees added on top of Litestar's layer (``only_for_allowed_origins``): a response to an origin that
is not listed carries no ``Access-Control-*`` header at all (Litestar would still add the credentials,
methods and headers lines), and every response to a cross-origin request varies on ``Origin``.
"""

from __future__ import annotations

from litestar.config.cors import CORSConfig
from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

from edutrack.settings import Settings

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
# the request headers the API reads (security.py, idempotency.py, logging.py) or a fetch client adds;
# Litestar always allows Accept, Accept-Language, Content-Language and Content-Type besides these
REQUEST_HEADERS = ["Authorization", "Idempotency-Key", "X-Requested-With", "X-Request-ID"]
# the response headers a browser client needs to read (throttles and overload, downloads, replays, logs)
EXPOSED_HEADERS = [
    "Retry-After",
    "Content-Disposition",
    "Idempotent-Replayed",
    "X-Request-ID",
    "WWW-Authenticate",
]
PREFLIGHT_MAX_AGE = 600


def cors_config(settings: Settings) -> CORSConfig | None:
    """None when no origin is configured: the API then answers no CORS at all, as before."""
    if not settings.cors_origins:
        return None
    return CORSConfig(
        allow_origins=list(settings.cors_origins),
        allow_methods=list(METHODS),  # type: ignore[arg-type]
        allow_headers=list(REQUEST_HEADERS),
        allow_credentials=True,
        expose_headers=list(EXPOSED_HEADERS),
        max_age=PREFLIGHT_MAX_AGE,
    )


async def only_for_allowed_origins(message: Message, scope: Scope) -> None:
    """``before_send`` hook: no ``Access-Control-*`` header unless the origin was allowed (Litestar then
    sets ``Access-Control-Allow-Origin``), and ``Vary: Origin`` on every answer to an ``Origin`` request
    so a cache never hands one origin's answer to another."""
    if message["type"] != "http.response.start":
        return
    if not any(name == b"origin" for name, _ in scope.get("headers", ())):
        return
    headers = MutableScopeHeaders.from_message(message)
    if headers.get("access-control-allow-origin") is None:
        for name in {n for n in headers if n.lower().startswith("access-control-")}:
            del headers[name]
    vary = headers.get("vary")
    if vary is None:
        headers["Vary"] = "Origin"
    elif "origin" not in vary.lower():
        headers["Vary"] = f"{vary}, Origin"
