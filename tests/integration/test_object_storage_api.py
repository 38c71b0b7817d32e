"""Uploads in an S3-compatible bucket (EDUTRACK_STORAGE=s3) through the HTTP API, on a real server (moto,
started by the tests). SQLite only: this is about where the files live, not the database."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from edutrack.composition import Container
from edutrack.settings import Settings
from tests.support.databases import database
from tests.support.files import png
from tests.support.http import FORBIDDEN, NOT_FOUND, Headers, HeadersFor, MakeUser
from tests.support.materials import PDF, People, build_people, create, seed_lecture, stored_files
from tests.support.s3 import Bucket, expires_in

pytestmark = pytest.mark.anyio

NOTES = PDF + b"% notes kept in the bucket\n" * 200


@pytest.fixture
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with database("sqlite", request, tmp_path) as url:
        yield url


@pytest.fixture
def prefix() -> str:
    return f"api{uuid.uuid4().hex[:8]}"


@pytest.fixture(params=["stream"])
def downloads(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(database_url: str, tmp_path: Path, s3_bucket: Bucket, prefix: str, downloads: str) -> Settings:
    base = Settings(
        environment="test", database_url=database_url, password_hashing="fast", media_dir=tmp_path / "media"
    )
    return replace(base, **s3_bucket.settings(prefix), s3_downloads=downloads)  # type: ignore[arg-type]


@pytest.fixture
async def people(
    container: Container, make_user: MakeUser, headers_for: HeadersFor, owner_headers: Headers
) -> People:
    return await build_people(container, make_user, headers_for, owner_headers)


async def test_a_material_is_stored_in_the_bucket_and_streamed_back(
    client: httpx.AsyncClient, container: Container, settings: Settings, people: People, s3_bucket: Bucket
) -> None:
    material = await create(client, people.teacher, people.place.lecture, title="Waves", content=NOTES)
    [key] = s3_bucket.keys(settings.s3_prefix)
    assert key.startswith(f"{settings.s3_prefix}private/materials/") and key.endswith(".pdf")
    assert stored_files(settings) == []  # nothing on the local disk
    print(f"\nstored in s3://{s3_bucket.name}/{key} ({material['file_size']} bytes)")

    response = await client.get(material["file"], headers=people.teacher)
    assert response.status_code == 200
    assert response.content == NOTES
    assert {name: response.headers[name] for name in HEADERS} == {
        "content-type": "application/pdf",
        "content-length": str(len(NOTES)),
        "content-disposition": "inline; filename=\"Waves.pdf\"; filename*=UTF-8''Waves.pdf",
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
    }
    print(f"GET {material['file']} -> {response.status_code}, {len(response.content)} bytes, equal: True")

    hidden = await seed_lecture(container, people.world, course=people.place.course, lecture_visible=False)
    secret = await create(client, people.teacher, hidden.lecture)
    for url, status, body in ((material["file"], 403, FORBIDDEN), (secret["file"], 404, NOT_FOUND)):
        refused = await client.get(url, headers=people.student)
        assert (refused.status_code, refused.json()) == (status, body)
        assert "location" not in refused.headers

    [secret_key] = [k for k in s3_bucket.keys(settings.s3_prefix) if k != key]
    deleted = await client.delete(f"/materials/{material['id']}/", headers=people.teacher)
    assert deleted.status_code == 204
    assert s3_bucket.keys(settings.s3_prefix) == [secret_key]


HEADERS = ("content-type", "content-length", "content-disposition", "cache-control", "x-content-type-options")


@pytest.mark.parametrize("downloads", ["redirect"], indirect=True)
async def test_redirect_mode_sends_an_authorised_user_to_a_short_lived_signed_url(
    client: httpx.AsyncClient, settings: Settings, people: People, s3_bucket: Bucket
) -> None:
    material = await create(client, people.teacher, people.place.lecture, content=NOTES)
    response = await client.get(material["file"], headers=people.assistant)
    assert response.status_code == 302
    assert response.headers["cache-control"] == "private, no-store"
    url = response.headers["location"]
    assert url.startswith(f"{s3_bucket.endpoint}/{s3_bucket.name}/{settings.s3_prefix}private/materials/")
    assert expires_in(url) == settings.s3_signed_url_seconds == 300
    async with httpx.AsyncClient() as outside:  # no credentials of ours: the signature is the permission
        fetched = await outside.get(url)
    assert (fetched.status_code, fetched.content) == (200, NOTES)

    refused = await client.get(material["file"], headers=people.student)
    assert (refused.status_code, refused.json()) == (403, FORBIDDEN)
    assert "location" not in refused.headers
    gone = await client.get("/materials/999999/file/", headers=people.owner)
    assert (gone.status_code, gone.json()) == (404, NOT_FOUND)


async def test_images_without_a_public_url_are_served_under_media_by_the_api(
    client: httpx.AsyncClient, container: Container, settings: Settings, s3_bucket: Bucket
) -> None:
    key = await container.storage.save("teachers", "png", png())
    assert container.storage.url_path(key) == f"/media/{key}"
    assert f"{settings.s3_prefix}public/{key}" in s3_bucket.keys(settings.s3_prefix)
    response = await client.get(f"/media/{key}")  # public, like the local /media/ route
    assert (response.status_code, response.content) == (200, png())
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    for path in ("/media/teachers/missing.png", "/media/../private/materials/x.pdf", "/media/%2e%2e/x.pdf"):
        assert (await client.get(path)).status_code == 404
