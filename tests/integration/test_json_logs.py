"""With ``EDUTRACK_LOG_JSON=true`` every line ``edutrack serve`` writes, the supervisor's, the workers',
uvicorn's own and the application's, is one JSON object."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx

from tests.support.servers import serving


def test_every_line_of_a_served_session_is_json(sqlite_template: Path, tmp_path: Path) -> None:
    database = tmp_path / "served.db"
    shutil.copy(sqlite_template, database)
    log = tmp_path / "serve.log"
    settings = {
        "EDUTRACK_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "EDUTRACK_MEDIA_DIR": str(tmp_path / "media"),
        "EDUTRACK_LOG_JSON": "true",
        "EDUTRACK_LOG_LEVEL": "INFO",
    }
    with serving(settings, workers=2, log=log, ready_within=240) as base_url:
        assert httpx.get(base_url + "/health/").status_code == 200
        assert httpx.get(base_url + "/no/such/page/").status_code == 404
        refused = httpx.post(base_url + "/accounts/login/", json={"username": "x", "password": "y"})
        assert refused.status_code == 401

    lines = log.read_text().splitlines()
    records = [json.loads(line) for line in lines]  # raises on the first line that is not JSON
    assert all(isinstance(record, dict) and "event" in record for record in records)
    uvicorn = [r["event"] for r in records if r.get("logger") == "uvicorn.error"]
    assert any(event.startswith("Started parent process") for event in uvicorn), uvicorn
    assert sum(event.startswith("Started server process") for event in uvicorn) >= 2  # both workers
    assert any(event.startswith("Finished server process") for event in uvicorn), uvicorn
    requests = [(r["path"], r["status"]) for r in records if r["event"] == "request"]
    assert ("/no/such/page/", 404) in requests and ("/accounts/login/", 401) in requests
