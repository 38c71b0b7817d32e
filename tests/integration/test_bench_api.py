"""The API benchmark's pieces keep working: the loader fills SQLite at the tiny scale, every benchmarked
endpoint answers 200 on it through the app, and the response-equality files compare as they should."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.dataset import SCALES, load_sqlite
from bench.endpoints import ENDPOINTS
from bench.responses import compare, fetch_in_process

pytestmark = pytest.mark.anyio


async def test_the_loader_fills_sqlite_and_every_benchmarked_endpoint_answers(tmp_path: Path) -> None:
    database = tmp_path / "bench.sqlite3"
    await load_sqlite(database, SCALES["tiny"])
    first = await fetch_in_process(f"sqlite+aiosqlite:///{database}")
    again = await fetch_in_process(f"sqlite+aiosqlite:///{database}")
    for endpoint in ENDPOINTS:
        assert first[f"{endpoint.user} {endpoint.path}"]["status"] == 200, endpoint
    assert compare(first, again) == []
    key = f"owner {ENDPOINTS[0].path}"
    size = first[key]["bytes"]
    assert compare(first, {**again, key: {**again[key], "sha256": "0"}}) == [
        f"{key}: 200 {size} B -> 200 {size} B (body differs)"
    ]
