"""A real S3-compatible server for the object-storage tests: moto's server mode (``moto[server]`` from PyPI)
in a subprocess, one per test session (per pytest-xdist worker), each test module in a bucket of its own.

moto speaks the S3 HTTP API and accepts the signed requests, but it neither verifies signatures nor enforces
a presigned URL's expiry (a URL used after its lifetime still answers 200), so the tests check the URL's
``X-Amz-Expires`` instead.
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
import obstore
import pytest
from obstore.store import S3Store

from edutrack.adapters.storage.s3 import s3_store
from tests.support.servers import reserve_port

ACCESS_KEY_ID = "edutrack-test"
SECRET_ACCESS_KEY = "edutrack-test-secret"
REGION = "us-east-1"


@dataclass(frozen=True)
class Bucket:
    endpoint: str
    name: str

    def store(self) -> S3Store:
        return s3_store(
            self.name,
            endpoint=self.endpoint,
            region=REGION,
            access_key_id=ACCESS_KEY_ID,
            secret_access_key=SECRET_ACCESS_KEY,
        )

    def settings(self, prefix: str = "") -> dict[str, object]:
        """``Settings`` fields that put the uploads in this bucket (under ``prefix/``)."""
        return {
            "storage": "s3",
            "s3_bucket": self.name,
            "s3_endpoint": self.endpoint,
            "s3_region": REGION,
            "s3_access_key_id": ACCESS_KEY_ID,
            "s3_secret_access_key": SECRET_ACCESS_KEY,
            "s3_prefix": f"{prefix}/" if prefix else "",
        }

    def keys(self, prefix: str = "") -> list[str]:
        """Every object's key under ``prefix``, read back from the server."""
        listed = obstore.list(self.store(), prefix=prefix or None).collect()
        return sorted(meta["path"] for meta in listed)

    def pending_uploads(self) -> str:
        """The server's list of multipart uploads begun and neither completed nor aborted (XML)."""
        return httpx.get(f"{self.endpoint}/{self.name}?uploads").text


def expires_in(url: str) -> int:
    """The lifetime a presigned URL claims, in seconds."""
    return int(parse_qs(urlsplit(url).query)["X-Amz-Expires"][0])


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """The endpoint of a moto S3 server started for this session."""
    reservation = reserve_port()  # werkzeug binds with SO_REUSEADDR too; no other worker takes the port
    port = int(reservation.getsockname()[1])
    endpoint = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"moto_server exited with {server.returncode}")
            try:
                if httpx.get(f"{endpoint}/moto-api/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("moto_server did not answer within 30 s")
            time.sleep(0.1)
        reservation.close()
        yield endpoint
    finally:
        reservation.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def s3_bucket(s3_server: str) -> Bucket:
    """A fresh bucket for the test module (tests separate their files by key prefix)."""
    name = f"edutrack-{uuid.uuid4().hex[:12]}"
    response = httpx.put(f"{s3_server}/{name}")
    assert response.status_code == 200, response.text
    return Bucket(s3_server, name)
