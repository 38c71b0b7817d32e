"""Authentication (bearer header or HttpOnly cookies), cross-site protection and coarse role guards.

The middleware only works out *who* is calling; what they may do is decided by policies inside the use
cases. Routes are private unless their handler says ``opt={"public": True}``; a public route that reads the
refresh cookie says ``"reads_cookies": True`` so it gets the same cross-site protection.

Routes of the Appsembler-compatible API say ``opt={"integration": True}``: they take only an OAuth2
client-credentials bearer token (user JWTs and cookies never open them), and those tokens open nothing
else (they are no JWTs, so ``Authenticate`` refuses them on every other route).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from edutrack.core.actor import Actor, Role
from edutrack.core.entities.users import TokenPair
from edutrack.core.errors import AccountDisabled, NotAuthenticated, PermissionDenied
from edutrack.core.use_cases.auth.authenticate import Authenticate
from edutrack.core.use_cases.integrations.tokens import AuthenticateClient
from edutrack.settings import Settings

ACCESS_COOKIE = "access_token"
REFRESH_COOKIE = "refresh_token"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_FAILED = "CSRF Failed: Origin checking failed."


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_same_origin(request: Request, settings: Settings) -> None:
    """Refuse a cookie-authenticated unsafe request that does not come from a trusted origin.

    SameSite=Lax already keeps the cookies off most cross-site requests; this catches the rest
    (same-site subdomains, old browsers): the Origin (or, failing that, Referer) must be this server's
    own origin, one of ``EDUTRACK_TRUSTED_ORIGINS`` or one of ``EDUTRACK_CORS_ORIGINS`` (a frontend allowed
    to call with credentials is trusted to send them).
    """
    if request.headers.get("sec-fetch-site", "").lower() == "cross-site":
        raise PermissionDenied(CSRF_FAILED)
    origin = request.headers.get("origin") or ""
    candidate = _origin_of(origin) if origin and origin != "null" else None
    if candidate is None:
        referer = request.headers.get("referer")
        candidate = _origin_of(referer) if referer else None
    own = f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}".lower()
    trusted = {own, *(o.lower() for o in settings.trusted_origins), *settings.cors_origins}
    if candidate is None or candidate not in trusted:
        raise PermissionDenied(CSRF_FAILED)


class AuthenticationMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    @staticmethod
    def should_bypass_for_scope(scope: Scope) -> bool:
        """The documentation pages and their packaged scripts (``/schema/static/``), the health probes and
        public media need no identity."""
        return str(scope.get("path", "")).startswith(("/schema", "/health", "/media/"))

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        request: Request[Any, Any, Any] = Request(scope)
        registry = scope["litestar_app"].state.registry  # type: ignore[typeddict-item]
        handler = scope.get("route_handler")
        public = bool(handler and handler.opt.get("public"))
        bearer = _bearer(request)
        if handler and handler.opt.get("integration"):
            if bearer is None:
                raise NotAuthenticated()
            client = await registry.get(AuthenticateClient).execute(bearer)
            scope["user"] = client
            scope.setdefault("state", {})["user_id"] = None
            await next_app(scope, receive, send)
            return
        token = bearer or request.cookies.get(ACCESS_COOKIE)
        uses_cookies = bearer is None and bool(
            request.cookies.get(ACCESS_COOKIE) or request.cookies.get(REFRESH_COOKIE)
        )
        # Public endpoints (login, token) do not act on the cookies, so only the private ones and those
        # that read the refresh cookie (refresh, logout: opt "reads_cookies") need the origin check.
        acts_on_cookies = not public or bool(handler and handler.opt.get("reads_cookies"))
        if uses_cookies and acts_on_cookies and request.method in UNSAFE_METHODS:
            check_same_origin(request, registry.settings)
        actor: Actor | None = None
        if token:
            try:
                actor = await registry.get(Authenticate).execute(token)
            except (NotAuthenticated, AccountDisabled):
                if not public:
                    raise
        if actor is None and not public:
            raise NotAuthenticated()
        scope["user"] = actor
        scope.setdefault("state", {})["user_id"] = actor.user_id if actor else None
        await next_app(scope, receive, send)


def roles(*allowed: Role) -> Callable[[ASGIConnection, BaseRouteHandler], None]:
    """A guard admitting only the given roles (authentication itself is checked by the middleware)."""

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        actor = connection.scope.get("user")
        if actor is None:
            raise NotAuthenticated()
        if actor.role not in allowed:
            raise PermissionDenied()

    guard.__name__ = "roles_" + "_".join(r.value for r in allowed)
    return guard


def actor_of(request: Request) -> Actor:
    actor = request.scope.get("user")
    if actor is None:
        raise NotAuthenticated()
    return actor


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def set_auth_cookies(response: Response, pair: TokenPair, settings: Settings) -> None:
    response.set_cookie(
        ACCESS_COOKIE,
        pair.access,
        max_age=settings.access_token_minutes * 60,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )
    response.set_cookie(
        REFRESH_COOKIE,
        pair.refresh,
        max_age=settings.refresh_token_days * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )


def clear_auth_cookies(response: Response, settings: Settings) -> None:
    for name in (ACCESS_COOKIE, REFRESH_COOKIE):
        response.delete_cookie(name, path="/")
