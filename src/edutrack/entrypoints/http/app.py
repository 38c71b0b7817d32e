"""The Litestar application factory."""

from __future__ import annotations

from typing import Any

from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar, Request
from litestar.datastructures import MutableScopeHeaders, State
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from sqlalchemy.ext.asyncio import AsyncEngine

from edutrack import __version__
from edutrack.adapters.sql.database import pool_wait_budget, request_connection
from edutrack.adapters.storage.local import LocalMediaStorage
from edutrack.adapters.storage.s3 import S3MediaStorage
from edutrack.composition import Container, build_container
from edutrack.composition.jobs import background_jobs
from edutrack.entrypoints.http.cors import cors_config, only_for_allowed_origins
from edutrack.entrypoints.http.docs_ui import docs_assets_router, docs_render_plugins
from edutrack.entrypoints.http.errors import EXCEPTION_HANDLERS
from edutrack.entrypoints.http.idempotency import IdempotencyMiddleware
from edutrack.entrypoints.http.logging import (
    RequestLogMiddleware,
    configure_logging,
    litestar_logging_config,
    report_insecure,
)
from edutrack.entrypoints.http.media import media_route
from edutrack.entrypoints.http.openapi import document_api, finish_documented
from edutrack.entrypoints.http.security import AuthenticationMiddleware
from edutrack.entrypoints.http.validation import check_body
from edutrack.entrypoints.http.wiring import (
    check_injections,
    dependencies,
    feature_controllers,
    resolve_plain_dependencies_in_turn,
)
from edutrack.ports.storage import MediaStorage
from edutrack.settings import Settings

# the documentation and media touch no database; the probes report a dead database themselves
NO_DATABASE_PREFIXES = ("/schema", "/media/", "/metrics", "/health")


def _media_routes(storage: MediaStorage) -> list[Any]:
    """Uploaded images are served from the local media directory under /media/ (public, like avatars
    on any site; their names are unguessable). Material files are private: GET /materials/{id}/file/.
    Images in an object store are streamed through the API unless the bucket has a public URL."""
    if isinstance(storage, S3MediaStorage):
        return [] if storage.public_url else [media_route(storage)]
    if not isinstance(storage, LocalMediaStorage):
        return []
    storage.root.mkdir(parents=True, exist_ok=True)
    return [
        create_static_files_router(
            path="/media",
            directories=[storage.root],
            opt={"public": True},
            include_in_schema=False,
        )
    ]


async def _nosniff(message: Message, _scope: Scope) -> None:
    """Every response, JSON, media file, download or error alike, tells browsers to trust its declared
    type and never sniff another (an uploaded file must not turn into HTML or script)."""
    if message["type"] == "http.response.start":
        MutableScopeHeaders.from_message(message)["X-Content-Type-Options"] = "nosniff"


async def _before_request(request: Request) -> None:
    await finish_documented(request)
    await check_body(request)


class RequestDatabase(ASGIMiddleware):
    """On PostgreSQL a private request checks one pooled connection out, before authentication, and its
    sessions take turns on it (ADR 0010); a nested session still gets a connection of its own. Public
    routes (login, token, registration: password hashing between their sessions, in bursts) and
    multipart uploads (a slow client streams its file) hold none: each session checks one out while it
    works, as every request did before. Under overload a request hears its 503 within about
    EDUTRACK_DB_POOL_TIMEOUT of waiting in all, not once per checkout. The documentation pages and
    public media touch no database."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, seconds: float, engine: AsyncEngine | None) -> None:
        self.seconds = seconds
        self.engine = engine

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        with pool_wait_budget(self.seconds):
            if self.engine is None or not _holds_a_connection(scope):
                await next_app(scope, receive, send)
                return
            async with request_connection(self.engine):
                await next_app(scope, receive, send)


def _holds_a_connection(scope: Scope) -> bool:
    if str(scope.get("path", "")).startswith(NO_DATABASE_PREFIXES):
        return False
    handler = scope.get("route_handler")
    if handler is None or handler.opt.get("public"):
        return False
    content_type = MutableScopeHeaders(scope).get("content-type") or ""
    return not content_type.lower().startswith("multipart/")


def create_app(settings: Settings | None = None, registry: Container | None = None) -> Litestar:
    """``registry``: the composition root's container (built from ``settings`` when not given). Handlers
    never see it: each receives the use cases it names, by type (``wiring.dependencies``)."""
    settings = settings or Settings.from_env()
    configure_logging(settings)
    resolve_plain_dependencies_in_turn()
    registry = registry or build_container(settings)
    db_config = registry.db_config
    plugins = [SQLAlchemyPlugin(config=db_config)] if db_config is not None else []
    shared_engine = db_config.get_engine() if db_config is not None and not settings.is_sqlite else None
    cors = cors_config(settings)  # EDUTRACK_CORS_ORIGINS: preflights are answered before authentication
    report_insecure(settings)
    # operations (issue 15): /metrics and the request/business metrics, unless EDUTRACK_METRICS_ENABLED=false
    metrics_middleware: list[Any] = []
    metrics_routes: list[Any] = []
    metrics_hooks: list[Any] = []
    if settings.metrics_enabled:
        from edutrack.entrypoints.http.metrics import metrics_parts

        metrics_middleware, metrics_routes, metrics_hooks = metrics_parts(settings)

    app = Litestar(
        route_handlers=[
            *feature_controllers(),
            *_media_routes(registry.get(MediaStorage)),
            docs_assets_router(),
            *metrics_routes,
        ],
        dependencies=dependencies(registry),
        middleware=[
            *metrics_middleware,
            RequestDatabase(settings.db_pool_timeout, shared_engine),
            AuthenticationMiddleware(),
            IdempotencyMiddleware(),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        before_request=_before_request,
        before_send=[_nosniff, *([only_for_allowed_origins] if cors else []), *metrics_hooks],
        cors_config=cors,
        plugins=plugins,
        state=State({"registry": registry}),
        on_startup=[document_api],
        lifespan=[background_jobs(registry)],  # EDUTRACK_JOBS=inline: the periodic jobs run in this process
        openapi_config=OpenAPIConfig(
            title="EduTrack API",
            version=__version__,
            description=(
                "EduTrack: courses, lectures, wallets and quizzes for Egyptian secondary-school students. "
                "Authenticate with the HttpOnly cookies set by /accounts/login/ or with "
                "'Authorization: Bearer <access>' from /accounts/token/. Money is a two-decimal string (EGP)."
            ),
            path="/schema",
            render_plugins=docs_render_plugins(),  # scripts served from docs_assets/, no CDN
            components=Components(
                security_schemes={
                    "BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT"),
                    "AccessCookie": SecurityScheme(
                        type="apiKey", name="access_token", security_scheme_in="cookie"
                    ),
                }
            ),
            security=[{"BearerToken": []}, {"AccessCookie": []}],
        ),
        debug=False,
        logging_config=litestar_logging_config(settings),
    )
    check_injections(app, registry)
    return app


def create_asgi_app() -> RequestLogMiddleware:
    """What servers run: the app wrapped in the request logger (``uvicorn --factory``)."""
    return RequestLogMiddleware(create_app())
