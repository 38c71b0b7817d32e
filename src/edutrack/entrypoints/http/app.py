"""The Litestar application factory."""

from __future__ import annotations

from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from edutrack import __version__
from edutrack.composition import Container, build_container
from edutrack.entrypoints.http.controllers.academics import ACADEMICS_CONTROLLERS
from edutrack.entrypoints.http.controllers.auth import AuthController
from edutrack.entrypoints.http.controllers.health import HealthController
from edutrack.entrypoints.http.errors import EXCEPTION_HANDLERS
from edutrack.entrypoints.http.logging import RequestLogMiddleware, configure_logging
from edutrack.entrypoints.http.security import AuthenticationMiddleware
from edutrack.settings import Settings

UNSLASHED_PREFIXES = ("/health", "/schema")


def _restore_trailing_slashes(app: Litestar) -> None:
    """Litestar's OpenAPI drops the trailing slash the contract's paths have; put it back."""
    schema = app.openapi_schema
    if schema.paths:
        schema.paths = {
            (path if path.endswith("/") or path.startswith(UNSLASHED_PREFIXES) else path + "/"): item
            for path, item in schema.paths.items()
        }


def create_app(settings: Settings | None = None, container: Container | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    configure_logging(settings)
    container = container or build_container(settings)
    plugins = [SQLAlchemyPlugin(config=container.db_config)] if container.db_config is not None else []

    def provide_container() -> Container:
        return container

    app = Litestar(
        route_handlers=[HealthController, AuthController, *ACADEMICS_CONTROLLERS],
        dependencies={"container": Provide(provide_container, sync_to_thread=False, use_cache=True)},
        middleware=[AuthenticationMiddleware()],
        exception_handlers=EXCEPTION_HANDLERS,
        plugins=plugins,
        state=State({"container": container}),
        on_startup=[_restore_trailing_slashes],
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
    return app


def create_asgi_app() -> RequestLogMiddleware:
    """What servers run: the app wrapped in the request logger (``uvicorn --factory``)."""
    return RequestLogMiddleware(create_app())
