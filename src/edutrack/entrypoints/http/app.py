"""The Litestar application factory."""

from __future__ import annotations

from typing import Any

from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar
from litestar.datastructures import MutableScopeHeaders, State
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from edutrack import __version__
from edutrack.adapters.sql.database import pool_wait_budget
from edutrack.adapters.storage.local import LocalMediaStorage
from edutrack.composition import Container, build_container
from edutrack.composition.jobs import background_jobs
from edutrack.entrypoints.http.errors import EXCEPTION_HANDLERS
from edutrack.entrypoints.http.idempotency import IdempotencyMiddleware
from edutrack.entrypoints.http.logging import RequestLogMiddleware, configure_logging
from edutrack.entrypoints.http.openapi import document_api
from edutrack.entrypoints.http.security import AuthenticationMiddleware
from edutrack.entrypoints.http.validation import check_body
from edutrack.entrypoints.http.wiring import check_injections, dependencies, feature_controllers
from edutrack.ports.storage import MediaStorage
from edutrack.settings import Settings


def _media_routes(storage: MediaStorage) -> list[Any]:
    """Uploaded images are served from the local media directory under /media/ (public, like avatars
    on any site; their names are unguessable). Material files are private: GET /materials/{id}/file/."""
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


class PoolWaitBudget(ASGIMiddleware):
    """Under overload a request hears its 503 within about EDUTRACK_DB_POOL_TIMEOUT of waiting in all,
    not once per connection checkout (authentication, then the use case)."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        with pool_wait_budget(self.seconds):
            await next_app(scope, receive, send)


def create_app(settings: Settings | None = None, registry: Container | None = None) -> Litestar:
    """``registry``: the composition root's container (built from ``settings`` when not given). Handlers
    never see it: each receives the use cases it names, by type (``wiring.dependencies``)."""
    settings = settings or Settings.from_env()
    configure_logging(settings)
    registry = registry or build_container(settings)
    db_config = registry.db_config
    plugins = [SQLAlchemyPlugin(config=db_config)] if db_config is not None else []

    app = Litestar(
        route_handlers=[*feature_controllers(), *_media_routes(registry.get(MediaStorage))],
        dependencies=dependencies(registry),
        middleware=[
            PoolWaitBudget(settings.db_pool_timeout),
            AuthenticationMiddleware(),
            IdempotencyMiddleware(),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        before_request=check_body,
        before_send=[_nosniff],
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
            render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin(path="/swagger")],
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
    )
    check_injections(app, registry)
    return app


def create_asgi_app() -> RequestLogMiddleware:
    """What servers run: the app wrapped in the request logger (``uvicorn --factory``)."""
    return RequestLogMiddleware(create_app())
