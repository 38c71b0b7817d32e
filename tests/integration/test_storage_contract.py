"""The storage ports' contract, the same tests over every adapter: the local disk, the in-memory fakes and an
S3-compatible bucket on a real server (moto, started by the tests: ``tests/support/s3.py``)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import obstore
import pytest

from edutrack.adapters.storage.local import LocalMediaStorage
from edutrack.adapters.storage.memory import MemoryMediaStorage
from edutrack.adapters.storage.private import HEAD_BYTES, LocalPrivateFiles, MemoryPrivateFiles
from edutrack.adapters.storage.s3 import S3MediaStorage, S3PrivateFiles
from edutrack.core.errors import NotFound
from edutrack.ports.storage import MediaStorage, PrivateFiles
from tests.support.files import png
from tests.support.s3 import Bucket, expires_in

pytestmark = pytest.mark.anyio

MB = 1024 * 1024
BACKENDS = ["local", "memory", "s3"]


@dataclass
class Private:
    files: PrivateFiles
    stored: Callable[[], list[str]]
    """Every object the adapter holds now, partial or not (a leftover of an aborted upload counts)."""


@dataclass
class Media:
    storage: MediaStorage
    read: Callable[[str], bytes | None]
    """The stored bytes of a key, None when it is gone (read behind the adapter's back)."""


async def chunked(data: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def collect(chunks: AsyncIterator[bytes]) -> bytes:
    return b"".join([chunk async for chunk in chunks])


def disk(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def s3_listing(bucket: Bucket, prefix: str) -> list[str]:
    keys = bucket.keys(prefix)
    assert "<Upload>" not in bucket.pending_uploads()  # no multipart upload left open either
    return keys


@pytest.fixture(params=BACKENDS)
def private(request: pytest.FixtureRequest, tmp_path: Path) -> Private:
    if request.param == "local":
        return Private(LocalPrivateFiles(tmp_path), lambda: disk(tmp_path))
    if request.param == "memory":
        files = MemoryPrivateFiles()
        return Private(files, lambda: sorted(files.files))
    bucket: Bucket = request.getfixturevalue("s3_bucket")
    prefix = f"t{uuid.uuid4().hex[:8]}/"
    return Private(S3PrivateFiles(bucket.store(), prefix), lambda: s3_listing(bucket, prefix))


@pytest.fixture(params=BACKENDS)
def media(request: pytest.FixtureRequest, tmp_path: Path) -> Media:
    if request.param == "local":
        local = LocalMediaStorage(tmp_path)
        return Media(local, lambda key: (tmp_path / key).read_bytes() if (tmp_path / key).exists() else None)
    if request.param == "memory":
        memory = MemoryMediaStorage()
        return Media(memory, memory.files.get)
    bucket: Bucket = request.getfixturevalue("s3_bucket")
    prefix = f"t{uuid.uuid4().hex[:8]}/"
    store = bucket.store()

    def read(key: str) -> bytes | None:
        try:
            return bytes(obstore.get(store, f"{prefix}public/{key}").bytes())
        except FileNotFoundError:
            return None

    return Media(S3MediaStorage(store, prefix), read)


# --- PrivateFiles --------------------------------------------------------------------------------------


async def test_a_streamed_file_is_stored_whole_and_read_back(private: Private) -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * (7 * MB // 256)  # 7 MB: several parts of a multipart upload
    stored = await private.files.save_stream("materials", "pdf", chunked(data), 50 * MB)
    assert stored.size == len(data)
    assert stored.head == data[:HEAD_BYTES]
    assert stored.key.startswith("materials/") and stored.key.endswith(".pdf")
    assert await collect(await private.files.open(stored.key)) == data
    assert len(private.stored()) == 1


async def test_each_save_gets_a_new_key(private: Private) -> None:
    first = await private.files.save_stream("materials", "pdf", chunked(b"one"), 100)
    second = await private.files.save_stream("materials", "pdf", chunked(b"two"), 100)
    assert first.key != second.key
    assert await collect(await private.files.open(first.key)) == b"one"
    assert await collect(await private.files.open(second.key)) == b"two"


async def test_a_file_over_the_limit_is_not_kept(private: Private) -> None:
    data = b"%PDF-" + b"x" * (6 * MB)
    stored = await private.files.save_stream("materials", "pdf", chunked(data), 5 * MB)
    assert stored.key == ""
    assert stored.size > 5 * MB
    assert stored.head == data[:HEAD_BYTES]
    assert private.stored() == []


async def test_a_file_of_exactly_the_limit_is_kept(private: Private) -> None:
    stored = await private.files.save_stream("materials", "pdf", chunked(b"x" * 1000, 100), 1000)
    assert (stored.key != "", stored.size) == (True, 1000)


async def test_a_failing_upload_leaves_nothing(private: Private) -> None:
    async def broken() -> AsyncIterator[bytes]:
        yield b"%PDF-" + b"x" * (6 * MB)
        raise ConnectionResetError("the client went away")

    with pytest.raises(ConnectionResetError):
        await private.files.save_stream("materials", "pdf", broken(), 50 * MB)
    assert private.stored() == []


async def test_open_of_a_missing_file_is_not_found(private: Private) -> None:
    with pytest.raises(NotFound):
        await private.files.open("materials/0123456789abcdef0123456789abcdef.pdf")


async def test_delete_removes_and_tolerates_missing_files(private: Private) -> None:
    stored = await private.files.save_stream("materials", "pdf", chunked(b"%PDF-"), 100)
    await private.files.delete(stored.key)
    with pytest.raises(NotFound):
        await private.files.open(stored.key)
    await private.files.delete(stored.key)
    await private.files.delete("")
    assert private.stored() == []


@pytest.mark.parametrize("folder, extension", [("../x", "pdf"), ("", "pdf"), ("materials", "p/df")])
async def test_unsafe_names_are_refused(private: Private, folder: str, extension: str) -> None:
    with pytest.raises(ValueError):
        await private.files.save_stream(folder, extension, chunked(b"x"), 100)
    assert private.stored() == []


# --- MediaStorage --------------------------------------------------------------------------------------


async def test_an_image_is_saved_under_its_folder_and_deleted(media: Media) -> None:
    image = png()
    key = await media.storage.save("teachers", "png", image)
    other = await media.storage.save("teachers", "png", image)
    assert key != other and key.startswith("teachers/") and key.endswith(".png")
    assert media.read(key) == image
    assert media.storage.url_path(key) == f"/media/{key}"
    await media.storage.delete(key)
    assert media.read(key) is None
    assert media.read(other) == image
    await media.storage.delete(key)  # a missing file is no error


# --- what only the object store does -------------------------------------------------------------------


async def test_the_bucket_layout_and_content_types(s3_bucket: Bucket) -> None:
    store = s3_bucket.store()
    media = S3MediaStorage(store, "site/")
    files = S3PrivateFiles(store, "site/")
    image = await media.save("courses", "png", png())
    stored = await files.save_stream("materials", "pdf", chunked(b"%PDF-1.7"), 100)
    assert s3_bucket.keys("site/") == sorted([f"site/public/{image}", f"site/private/{stored.key}"])
    types = [
        obstore.get(store, path).attributes.get("Content-Type")
        for path in (f"site/public/{image}", f"site/private/{stored.key}")
    ]
    assert types == ["image/png", "application/pdf"]


async def test_images_may_be_served_from_the_bucket_s_public_url(s3_bucket: Bucket) -> None:
    media = S3MediaStorage(s3_bucket.store(), "", public_url="https://cdn.example.com/public/")
    assert media.url_path("teachers/ab.png") == "https://cdn.example.com/public/teachers/ab.png"


async def test_images_are_opened_by_key_only(s3_bucket: Bucket) -> None:
    store = s3_bucket.store()
    media = S3MediaStorage(store, "open/")
    private = await S3PrivateFiles(store, "open/").save_stream("materials", "pdf", chunked(b"%PDF-"), 100)
    key = await media.save("teachers", "png", png())
    content_type, chunks = await media.open(key)
    assert (content_type, await collect(chunks)) == ("image/png", png())
    for name in (f"../private/{private.key}", "teachers/missing.png", "teachers", "/etc/passwd"):
        with pytest.raises(NotFound):
            await media.open(name)


async def test_a_signed_url_serves_the_file_for_a_while(s3_bucket: Bucket) -> None:
    files = S3PrivateFiles(s3_bucket.store(), "signed/", signed_url_seconds=120)
    stored = await files.save_stream("materials", "pdf", chunked(b"%PDF-signed"), 100)
    url = await files.signed_url(stored.key)
    assert url.startswith(f"{s3_bucket.endpoint}/{s3_bucket.name}/signed/private/materials/")
    assert expires_in(url) == 120
    async with httpx.AsyncClient() as client:
        response = await client.get(url)
        assert (response.status_code, response.content) == (200, b"%PDF-signed")
        assert response.headers["content-type"] == "application/pdf"
    with pytest.raises(NotFound):
        await files.signed_url("materials/0123456789abcdef0123456789abcdef.pdf")
