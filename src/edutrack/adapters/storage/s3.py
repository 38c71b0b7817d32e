"""Media and private files in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, ...), through obstore.

Several application hosts then share the uploads. Keys are the same generated names as on disk
(``materials/<hex>.pdf``), stored under ``<prefix>public/`` (images) and ``<prefix>private/`` (materials),
the layout of the local media directory. Uploads are streamed: obstore sends the chunks as a multipart
upload while only the running size and the first KiB stay here; a file over the limit aborts the upload,
so nothing is left in the bucket. Why obstore, and how downloads and media URLs are served:
docs/adr/0011-object-storage.md.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import obstore
from obstore.exceptions import NotFoundError
from obstore.store import S3Store

from edutrack.adapters.storage.private import READ_CHUNK, StreamCounter, new_key
from edutrack.core.errors import NotFound
from edutrack.ports.storage import StoredFile

UPLOAD_CONCURRENCY = 2
"""Parts (5 MB each) of one upload in flight at once: bounds the memory an upload may take in obstore."""
MISSING = (FileNotFoundError, NotFoundError)
"""What obstore raises for a missing object (a ``FileNotFoundError`` from get, its own error elsewhere)."""
_KEY = re.compile(r"[a-z0-9_-]+(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+")
"""A key as the storages generate them; a URL naming anything else (``..``, another prefix) is not one."""


def s3_store(
    bucket: str,
    *,
    endpoint: str = "",
    region: str = "us-east-1",
    access_key_id: str = "",
    secret_access_key: str = "",
) -> S3Store:
    """One client for the bucket, shared by both storages. Without keys, obstore reads the ``AWS_*``
    variables or the instance's role. Plain http is allowed only for an explicit ``http://`` endpoint
    (a MinIO on the private network, a test server). The request timeout covers a whole download
    streamed to a slow client, hence minutes."""
    config: dict[str, str] = {"region": region}
    if endpoint:
        config["endpoint"] = endpoint
    if access_key_id:
        config["access_key_id"] = access_key_id
        config["secret_access_key"] = secret_access_key
    return S3Store(
        bucket,
        config=config,  # type: ignore[arg-type]
        client_options={
            "allow_http": endpoint.startswith("http://"),
            "connect_timeout": timedelta(seconds=5),
            "timeout": timedelta(minutes=10),
        },
    )


def _content_type(key: str) -> str:
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


class _TooLarge(Exception):
    """Raised inside the upload's chunk stream: obstore aborts the multipart upload and re-raises it."""


async def _open(store: S3Store, path: str) -> AsyncIterator[bytes]:
    try:
        result = await obstore.get_async(store, path)
    except MISSING:
        raise NotFound() from None
    return _chunks(result.stream(min_chunk_size=READ_CHUNK))


async def _chunks(stream: obstore.BytesStream) -> AsyncIterator[bytes]:
    async for chunk in stream:
        yield bytes(chunk)


class S3MediaStorage:
    """Public images (profile pictures, covers) under ``<prefix>public/``. With ``public_url`` (the bucket's
    or a CDN's URL of that prefix) the API hands out absolute URLs and never touches the bytes again;
    without it the URLs stay ``/media/<key>`` and the API streams the image (``open``)."""

    def __init__(self, store: S3Store, prefix: str = "", public_url: str = "", url_prefix: str = "/media"):
        self._store = store
        self._root = f"{prefix}public/"
        self.public_url = public_url.rstrip("/")
        self._prefix = url_prefix.rstrip("/")

    async def save(self, folder: str, extension: str, content: bytes) -> str:
        key = new_key(folder, extension)
        await obstore.put_async(
            self._store, self._root + key, content, attributes={"Content-Type": _content_type(key)}
        )
        return key

    async def delete(self, key: str) -> None:
        await obstore.delete_async(self._store, self._root + key)  # a missing object is no error

    def url_path(self, key: str) -> str:
        if self.public_url:
            return f"{self.public_url}/{key}"
        return f"{self._prefix}/{key}"

    async def open(self, key: str) -> tuple[str, AsyncIterator[bytes]]:
        """The image's content type and bytes; NotFound for a missing file or a name that is not a key."""
        if not _KEY.fullmatch(key):
            raise NotFound()
        return _content_type(key), await _open(self._store, self._root + key)


class S3PrivateFiles:
    """Private files (materials) under ``<prefix>private/``, never public: the API streams them, or signs a
    URL valid ``signed_url_seconds`` after it has authorised the download (``FileLinks``)."""

    def __init__(self, store: S3Store, prefix: str = "", signed_url_seconds: int = 300) -> None:
        self._store = store
        self._root = f"{prefix}private/"
        self._lifetime = timedelta(seconds=signed_url_seconds)

    async def save_stream(
        self, folder: str, extension: str, chunks: AsyncIterator[bytes], max_bytes: int
    ) -> StoredFile:
        key = new_key(folder, extension)
        counter = StreamCounter()

        async def limited() -> AsyncIterator[bytes]:
            async for chunk in chunks:
                if not chunk:
                    continue
                counter.add(chunk)
                if counter.size > max_bytes:
                    raise _TooLarge()
                yield chunk

        try:
            await obstore.put_async(
                self._store,
                self._root + key,
                limited(),
                attributes={"Content-Type": _content_type(key)},
                max_concurrency=UPLOAD_CONCURRENCY,
            )
        except _TooLarge:
            return StoredFile(key="", size=counter.size, head=counter.head)
        return StoredFile(key=key, size=counter.size, head=counter.head)

    async def open(self, key: str) -> AsyncIterator[bytes]:
        """Asks for the object now (a missing file is NotFound before any byte is sent); the chunks
        arrive as the caller iterates."""
        return await _open(self._store, self._root + key)

    async def delete(self, key: str) -> None:
        if key:
            await obstore.delete_async(self._store, self._root + key)

    async def signed_url(self, key: str) -> str:
        path = self._root + key
        try:
            await obstore.head_async(self._store, path)
        except MISSING:
            raise NotFound() from None
        return await obstore.sign_async(self._store, "GET", path, self._lifetime)
