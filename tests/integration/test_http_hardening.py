"""Smaller hardening findings of the black-box battery (issue 11): image dimensions, nosniff on every
response, who may set X-Forwarded-For, and overload answered quickly."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.util import await_only

from edutrack.composition import Container, build_container
from edutrack.core.actor import SYSTEM
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from edutrack.entrypoints.http.app import create_app
from edutrack.settings import Settings
from tests.support.files import png_of
from tests.support.http import Headers, HeadersFor, MakeUser
from tests.support.materials import People, build_people, create
from tests.support.servers import serving
from tests.support.teachers import form, post_teacher

pytestmark = pytest.mark.anyio


@pytest.fixture
async def people(
    container: Container, make_user: MakeUser, headers_for: HeadersFor, owner_headers: Headers
) -> People:
    return await build_people(container, make_user, headers_for, owner_headers)


PASSWORD = "Owner-pass-1"


# --- 1. image dimensions ------------------------------------------------------------------------------


async def test_a_20000_by_20000_png_is_refused_as_a_profile_picture(
    client: httpx.AsyncClient, owner_headers: Headers, refs: dict[str, int], settings: Settings
) -> None:
    bomb = ("bomb.png", png_of(20000, 20000), "image/png")
    response = await post_teacher(client, owner_headers, form(refs), {"profile_picture": bomb})
    assert (response.status_code, response.json()) == (
        400,
        {"profile_picture": ["Image is too large: at most 40 megapixels."]},
    )
    media = settings.media_dir / "teachers"
    assert not media.exists() or not any(media.iterdir())
    fine = ("fine.png", png_of(8000, 5000), "image/png")
    response = await post_teacher(client, owner_headers, form(refs), {"profile_picture": fine})
    assert response.status_code == 201, response.text


# --- 2. X-Content-Type-Options: nosniff ------------------------------------------------------------------


async def test_json_and_media_files_say_nosniff(
    client: httpx.AsyncClient, owner_headers: Headers, refs: dict[str, int]
) -> None:
    json_answer = await client.get("/academics/grades/", headers=owner_headers)
    teacher = await post_teacher(
        client, owner_headers, form(refs), {"profile_picture": ("me.png", png_of(2, 2), "image/png")}
    )
    media = await client.get(teacher.json()["profile_picture"])
    missing = await client.get("/media/teachers/nothing-here.png")
    assert (json_answer.status_code, media.status_code, missing.status_code) == (200, 200, 404)
    for response in (json_answer, media, missing):
        assert response.headers.get("x-content-type-options") == "nosniff", response.request.url


async def test_material_downloads_say_nosniff(client: httpx.AsyncClient, people: People) -> None:
    material = await create(client, people.teacher, people.place.lecture)
    download = await client.get(material["file"], headers=people.teacher)
    assert download.status_code == 200
    assert download.headers.get("x-content-type-options") == "nosniff"


# --- 3. X-Forwarded-For is trusted only from EDUTRACK_FORWARDED_ALLOW_IPS -------------------------------


@pytest.fixture
def sqlite_copy(sqlite_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "served.db"
    shutil.copyfile(sqlite_template, target)
    return target


def _serve(database: Path, media: Path, extra: dict[str, str]) -> Iterator[str]:
    settings = {"EDUTRACK_DATABASE_URL": f"sqlite+aiosqlite:///{database}", "EDUTRACK_MEDIA_DIR": str(media)}
    with serving(
        {**settings, **extra}, workers=None, ready_path="/health", drop=("EDUTRACK_FORWARDED_ALLOW_IPS",)
    ) as base_url:
        yield base_url


@pytest.mark.parametrize(("allow", "seen"), [(None, "127.0.0.1"), ("127.0.0.1", "1.2.3.4")])
def test_x_forwarded_for_counts_only_from_a_trusted_proxy(
    sqlite_copy: Path, tmp_path: Path, allow: str | None, seen: str
) -> None:
    extra = {} if allow is None else {"EDUTRACK_FORWARDED_ALLOW_IPS": allow}
    for base_url in _serve(sqlite_copy, tmp_path / "media", extra):
        response = httpx.post(
            base_url + "/accounts/token/",
            json={"username": "nobody", "password": "wrong-password"},
            headers={"X-Forwarded-For": "1.2.3.4"},
            timeout=10,
        )
        assert response.status_code == 401, response.text
    with sqlite3.connect(sqlite_copy) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        (table,) = tables & {"throttle_attempts", "throttle_counters"}  # the per-address login throttle
        keys = db.execute(f"SELECT key FROM {table} WHERE scope = 'login:address'").fetchall()
    assert keys == [(seen,)]


# --- 4. overload is answered quickly ------------------------------------------------------------------


async def test_overload_gets_a_503_within_about_the_pool_timeout(
    pg_container: Container, tmp_path: Path
) -> None:
    """One pooled connection, every statement slowed to 0.2 s, eight concurrent authenticated reads (two
    checkouts each). Whoever cannot be served in time hears 503 within about the pool timeout (1 s), not
    after waiting the timeout once per checkout; nobody gets a 500."""
    url = pg_container.settings.database_url
    settings = Settings(
        environment="test",
        database_url=url,
        password_hashing="fast",
        media_dir=tmp_path / "media",
        db_pool_size=1,
        db_max_overflow=0,
        db_pool_timeout=1.0,
    )
    container = build_container(settings)
    app = create_app(settings, container)
    assert container.db_config is not None
    engine = container.db_config.get_engine()

    def slow(*_: object) -> None:
        await_only(asyncio.sleep(0.2))

    try:
        async with app.lifespan():
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                await container.get(CreateSiteOwner).execute(SYSTEM, NewSiteOwner("boss", PASSWORD))
                token = await client.post("/accounts/token/", json={"username": "boss", "password": PASSWORD})
                headers = {"Authorization": f"Bearer {token.json()['access']}"}
                event.listen(engine.sync_engine, "before_cursor_execute", slow)

                async def timed() -> tuple[int, float]:
                    started = time.perf_counter()
                    response = await client.get("/academics/grades/", headers=headers)
                    return response.status_code, time.perf_counter() - started

                results = await asyncio.gather(*(timed() for _ in range(8)))
                event.remove(engine.sync_engine, "before_cursor_execute", slow)
    finally:
        await container.dispose()
    statuses = sorted(status for status, _ in results)
    assert set(statuses) <= {200, 503}, results
    assert 503 in statuses, results
    slowest_503 = max(seconds for status, seconds in results if status == 503)
    assert slowest_503 < 1.6, results
