"""The API benchmark's pieces keep working: the loader fills SQLite at the tiny scale, every benchmarked
endpoint answers 200 on it through the app, and the response-equality files compare as they should."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from bench.dataset import SCALES, load_sqlite
from bench.endpoints import ENDPOINTS, EQUALITY, USERNAMES
from bench.responses import compare, fetch

from edutrack.composition import build_container
from edutrack.entrypoints.http.app import create_app
from edutrack.settings import Settings

pytestmark = pytest.mark.anyio


async def test_the_loader_fills_sqlite_and_every_benchmarked_endpoint_answers(tmp_path: Path) -> None:
    database = tmp_path / "bench.sqlite3"
    await load_sqlite(database, SCALES["tiny"])
    settings = Settings(
        environment="test",
        database_url=f"sqlite+aiosqlite:///{database}",
        password_hashing="fast",
        media_dir=tmp_path / "media",
        log_level="WARNING",
    )
    container = build_container(settings)
    app = create_app(settings, container)
    try:
        transport = httpx.ASGITransport(app=app)
        async with app.lifespan(), httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            headers = {}
            for user, username in USERNAMES.items():
                answer = await client.post(
                    "/accounts/token/", json={"username": username, "password": "Bench-pass-1"}
                )
                assert answer.is_success, answer.text
                headers[user] = {"Authorization": f"Bearer {answer.json()['access']}"}
            first = await fetch(client, headers, EQUALITY)
            again = await fetch(client, headers, EQUALITY)
    finally:
        await container.dispose()
    for endpoint in ENDPOINTS:
        assert first[f"{endpoint.user} {endpoint.path}"]["status"] == 200, endpoint
    assert compare(first, again) == []
    changed = {**again, f"owner {ENDPOINTS[0].path}": {**again[f"owner {ENDPOINTS[0].path}"], "sha256": "0"}}
    assert compare(first, changed) == [
        f"owner {ENDPOINTS[0].path}: 200 {first[f'owner {ENDPOINTS[0].path}']['bytes']} B -> 200 "
        f"{first[f'owner {ENDPOINTS[0].path}']['bytes']} B (body differs)"
    ]
