"""``GET /media/<key>`` for images kept in an object store without a public URL (EDUTRACK_STORAGE=s3 and
no EDUTRACK_S3_PUBLIC_URL): the API streams them, so the image URLs stay what they are on local disk.
Public like the static route of the local media directory; names are unguessable."""

from __future__ import annotations

from litestar import get
from litestar.params import FromPath
from litestar.response import Stream

from edutrack.adapters.storage.s3 import S3MediaStorage
from edutrack.core.errors import NotFound


def media_route(storage: S3MediaStorage) -> object:
    @get(
        "/media/{key:path}",
        opt={"public": True},
        include_in_schema=False,
    )
    async def media_file(key: FromPath[str]) -> Stream:
        if not key.strip("/"):
            raise NotFound()
        content_type, chunks = await storage.open(key.lstrip("/"))
        return Stream(chunks, media_type=content_type, headers={"Cache-Control": "public, max-age=86400"})

    return media_file
