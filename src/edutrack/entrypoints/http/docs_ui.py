"""The documentation pages (Scalar, Swagger UI, ReDoc) with their scripts served by the API itself.

Litestar's render plugins load their JavaScript and CSS from public CDNs by default, so the pages stay
blank on a network without internet. Here every ``<script src>`` and ``<link href>`` points to
``/schema/static/<package>-<version>/...``: files vendored from the npm registry into ``docs_assets/``
(shipped in the wheel as package data; ``tools/fetch_docs_assets.sh`` says how they were fetched).

The version is part of each URL, so the files are cached for a year as immutable: updating a package
changes its URLs. They sit under ``/schema``, which ``AuthenticationMiddleware`` lets through, and are
left out of the OpenAPI document.

Pages: Scalar at ``/schema`` and ``/schema/scalar``, Swagger UI at ``/schema/swagger``, ReDoc at
``/schema/redoc``.
"""

from __future__ import annotations

from pathlib import Path

from litestar.datastructures import CacheControlHeader
from litestar.openapi.plugins import (
    OpenAPIRenderPlugin,
    RedocRenderPlugin,
    ScalarRenderPlugin,
    SwaggerRenderPlugin,
)
from litestar.router import Router
from litestar.static_files import create_static_files_router

ASSETS_DIR = Path(__file__).with_name("docs_assets")
ASSETS_URL = "/schema/static"
SWAGGER = f"{ASSETS_URL}/swagger-ui-5.36.0"
REDOC = f"{ASSETS_URL}/redoc-2.5.0"
SCALAR = f"{ASSETS_URL}/scalar-1.76.4"
FAVICON = f"<link rel='icon' type='image/png' href='{SWAGGER}/favicon-32x32.png'>"
ONE_YEAR = 365 * 24 * 3600


def docs_render_plugins() -> list[OpenAPIRenderPlugin]:
    """Scalar first: the default page at ``/schema``. Scalar's own web fonts come from its CDN unless
    ``withDefaultFonts`` is off (the page then uses the system fonts)."""
    return [
        ScalarRenderPlugin(
            path="/scalar",
            js_url=f"{SCALAR}/standalone.js",
            css_url=f"{SCALAR}/standalone.css",
            options={"withDefaultFonts": False},
            favicon=FAVICON,
        ),
        SwaggerRenderPlugin(
            path="/swagger",
            js_url=f"{SWAGGER}/swagger-ui-bundle.js",
            css_url=f"{SWAGGER}/swagger-ui.css",
            standalone_preset_js_url=f"{SWAGGER}/swagger-ui-standalone-preset.js",
            favicon=FAVICON,
        ),
        RedocRenderPlugin(
            path="/redoc",
            js_url=f"{REDOC}/redoc.standalone.js",
            google_fonts=False,
            favicon=FAVICON,
        ),
    ]


def docs_assets_router() -> Router:
    return create_static_files_router(
        path=ASSETS_URL,
        directories=[ASSETS_DIR],
        name="docs_assets",
        cache_control=CacheControlHeader(public=True, max_age=ONE_YEAR, immutable=True),
        include_in_schema=False,
        opt={"public": True},
    )
