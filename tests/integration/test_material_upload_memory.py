"""A 50 MB material upload streams through the app to disk: memory stays flat (SQLite only: this is about
the HTTP path, not the database).

The body is produced by an async generator, so neither the test nor the app ever holds the file;
``tracemalloc`` (started just before the request) records the peak of Python allocations meanwhile, in every
thread (the file writes happen in worker threads).
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from edutrack.composition import Container
from edutrack.settings import Settings
from tests.support.databases import database
from tests.support.http import Headers, HeadersFor, MakeUser
from tests.support.materials import MB, People, build_people, pdf_of_size, stored_files, stream_upload

pytestmark = pytest.mark.anyio


@pytest.fixture
async def people(
    container: Container, make_user: MakeUser, headers_for: HeadersFor, owner_headers: Headers
) -> People:
    return await build_people(container, make_user, headers_for, owner_headers)


PEAK_LIMIT = 8 * MB


@pytest.fixture
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with database("sqlite", request, tmp_path) as url:
        yield url


async def test_a_50_mb_upload_keeps_memory_flat(
    client: httpx.AsyncClient, people: People, settings: Settings
) -> None:
    size = 50 * MB
    fields = {"lecture": str(people.place.lecture), "title": "Full past papers"}
    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = await stream_upload(
            client, people.teacher, fields, "papers.pdf", pdf_of_size(size, 64 * 1024)
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert response.status_code == 201, response.text
    assert response.json()["file_size"] == size
    (path,) = stored_files(settings)
    assert path.stat().st_size == size
    print(f"50 MiB upload: peak traced memory {peak / MB:.2f} MiB, {elapsed:.1f} s")
    assert peak < PEAK_LIMIT, f"peak {peak / MB:.1f} MiB"
