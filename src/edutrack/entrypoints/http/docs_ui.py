"""The documentation pages (Scalar, Swagger UI, ReDoc) with their scripts served by the API itself.

Litestar's render plugins load their JavaScript and CSS from public CDNs by default, so the pages stay
blank on a network without internet. Here every ``<script src>`` and ``<link href>`` points to
``/schema/static/<package>-<version>/...``: files vendored from the npm registry into ``docs_assets/``
(shipped in the wheel as package data; ``tools/fetch_docs_assets.sh`` says how they were fetched).

The scripts and stylesheets are stored gzip-compressed (``standalone.js.gz``; a quarter of the size, and
third-party minified code stays out of the source tree as text) and served under their plain names:
compressed with ``Content-Encoding: gzip`` to every client that accepts it (every browser), decompressed
for one that does not.

The version is part of each URL, so the files are cached for a year as immutable: updating a package
changes its URLs. They sit under ``/schema``, which ``AuthenticationMiddleware`` lets through, and are
left out of the OpenAPI document.

Pages: Scalar at ``/schema`` and ``/schema/scalar``, Swagger UI at ``/schema/swagger``, ReDoc at
``/schema/redoc``.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import NotFoundException
from litestar.openapi.plugins import (
    OpenAPIRenderPlugin,
    RedocRenderPlugin,
    ScalarRenderPlugin,
    SwaggerRenderPlugin,
)
from litestar.params import FromPath
from litestar.router import Router

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


_MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


@lru_cache(maxsize=32)
def _read(path: Path) -> bytes:
    return path.read_bytes()


def _asset(package: str, name: str) -> tuple[Path, bool] | None:
    """The stored file for ``/schema/static/<package>/<name>``: ``<name>.gz`` (compressed) or ``<name>``."""
    if package.startswith(".") or name.startswith(".") or name.endswith(".gz"):
        return None
    folder = ASSETS_DIR / package
    for path, compressed in ((folder / f"{name}.gz", True), (folder / name, False)):
        if path.is_file() and path.parent.parent == ASSETS_DIR:
            return path, compressed
    return None


@get(
    f"{ASSETS_URL}/{{package:str}}/{{name:str}}",
    name="docs_assets",
    include_in_schema=False,
    opt={"public": True},
    sync_to_thread=False,
    cache_control=CacheControlHeader(public=True, max_age=ONE_YEAR, immutable=True),
)
def _docs_asset(
    request: Request[Any, Any, Any], package: FromPath[str], name: FromPath[str]
) -> Response[bytes]:
    found = _asset(package, name)
    if found is None:
        raise NotFoundException()
    path, compressed = found
    body = _read(path)
    headers = {"Vary": "Accept-Encoding"} if compressed else {}
    if compressed:
        if "gzip" in request.headers.get("accept-encoding", "").lower():
            headers["Content-Encoding"] = "gzip"
        else:
            body = gzip.decompress(body)
    media_type = _MEDIA_TYPES.get(Path(name).suffix, "text/plain; charset=utf-8")
    return Response(body, media_type=media_type, headers=headers)


def docs_assets_router() -> Router:
    return Router(path="/", route_handlers=[_docs_asset])
