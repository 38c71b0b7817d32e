"""The documentation pages load every script, stylesheet and icon from the API itself, never from a CDN,
so they work on a network without internet; the files are the packaged ones, with types browsers accept
under ``X-Content-Type-Options: nosniff``."""

from __future__ import annotations

import fnmatch
import gzip
import tomllib
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from edutrack.entrypoints.http import docs_ui
from tests.support.databases import database
from tests.support.http import BASE_URL

pytestmark = pytest.mark.anyio

PAGES = ["/schema", "/schema/scalar", "/schema/swagger", "/schema/redoc"]
EXPECTED_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with database("sqlite", request, tmp_path) as url:
        yield url


class References(HTMLParser):
    """Collects every URL a page makes the browser fetch: script src and link href."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.urls.append(value)


async def referenced(client: httpx.AsyncClient, page: str) -> list[str]:
    response = await client.get(page)
    assert response.status_code == 200, page
    assert response.headers["content-type"].startswith("text/html")
    parser = References()
    parser.feed(response.text)
    return [urljoin(BASE_URL + page, url) for url in parser.urls]


@pytest.mark.parametrize("page", PAGES)
async def test_each_page_loads_its_files_from_this_server_only(client: httpx.AsyncClient, page: str) -> None:
    urls = await referenced(client, page)
    scripts = [u for u in urls if u.endswith(".js")]
    assert scripts, f"{page} references no script"
    for url in urls:
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}" == BASE_URL, f"{page} loads {url} from another host"
        assert parts.path.startswith(docs_ui.ASSETS_URL + "/"), url
        asset = await client.get(parts.path)  # no credentials: the files are public
        assert asset.status_code == 200, url
        expected = EXPECTED_TYPES[Path(parts.path).suffix]
        assert asset.headers["content-type"].split(";")[0] == expected, url
        assert asset.headers["x-content-type-options"] == "nosniff"
        assert "immutable" in asset.headers["cache-control"]
        assert int(asset.headers["content-length"]) > 0


async def test_the_pages_name_their_ui_and_bundle(client: httpx.AsyncClient) -> None:
    expected = {
        "/schema": "scalar-1.76.4/standalone.js",
        "/schema/swagger": "swagger-ui-5.36.0/swagger-ui-bundle.js",
        "/schema/redoc": "redoc-2.5.0/redoc.standalone.js",
    }
    for page, bundle in expected.items():
        assert any(url.endswith(bundle) for url in await referenced(client, page)), page
    page = (await client.get("/schema/redoc")).text
    assert "fonts.googleapis.com" not in page
    assert '"withDefaultFonts":false' in (await client.get("/schema")).text


async def test_the_assets_stay_out_of_the_openapi_document(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    assert not [path for path in paths if path.startswith(docs_ui.ASSETS_URL)]
    missing = await client.get(f"{docs_ui.ASSETS_URL}/swagger-ui-5.36.0/missing.js")
    assert missing.status_code == 404


def test_the_wheel_ships_every_asset_and_its_licence() -> None:
    """Every vendored file matches a ``[tool.setuptools.package-data]`` pattern (so a wheel has it), and
    every vendored package comes with its licence."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["edutrack"]
    package = ROOT / "src" / "edutrack"
    files = [p for p in docs_ui.ASSETS_DIR.rglob("*") if p.is_file()]
    assert files
    for path in files:
        relative = path.relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), relative
    for folder in (p for p in docs_ui.ASSETS_DIR.iterdir() if p.is_dir()):
        assert (folder / "LICENSE").is_file(), folder.name


async def test_bundles_are_sent_compressed_to_browsers_and_plain_to_others(client: httpx.AsyncClient) -> None:
    path = f"{docs_ui.SWAGGER}/swagger-ui-bundle.js"
    stored = (docs_ui.ASSETS_DIR / "swagger-ui-5.36.0" / "swagger-ui-bundle.js.gz").read_bytes()
    async with client.stream("GET", path, headers={"Accept-Encoding": "gzip, deflate, br"}) as response:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["vary"] == "Accept-Encoding"
    assert raw == stored
    async with client.stream("GET", path, headers={"Accept-Encoding": "identity"}) as response:
        plain = b"".join([chunk async for chunk in response.aiter_raw()])
    assert "content-encoding" not in response.headers
    assert plain == gzip.decompress(stored)


@pytest.mark.parametrize(
    "path",
    [
        "swagger-ui-5.36.0/swagger-ui-bundle.js.gz",  # only under its served name
        "..%2Fdocs_ui.py/x",
        "swagger-ui-5.36.0/..%2F..%2Fdocs_ui.py",
        ".hidden/x.js",
        "swagger-ui-5.36.0",
    ],
)
async def test_nothing_but_the_assets_is_served(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(f"{docs_ui.ASSETS_URL}/{path}")
    assert response.status_code == 404, path


def test_no_script_or_stylesheet_is_stored_as_text() -> None:
    """Third-party minified code stays out of src/ as text: every script and stylesheet is stored as .gz."""
    suffixes = {p.suffix for p in docs_ui.ASSETS_DIR.rglob("*") if p.is_file()}
    assert ".js" not in suffixes and ".css" not in suffixes, suffixes
    assert ".gz" in suffixes
