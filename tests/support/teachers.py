"""Teachers over HTTP: the reference items a teacher points at (``build_refs``), the create form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM
from edutrack.core.entities.academics import ReferenceKind as K
from edutrack.core.use_cases.academics.commands import NEW_ITEM
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from tests.support.http import Headers

URL = "/accounts/teachers/"
PASSWORD = "Teacher-pass-1"


async def build_refs(container: Container) -> dict[str, int]:
    """Two grades, a school type, a division, two subjects and a video-security plan."""

    async def create(kind: K, **fields: object) -> int:
        return (await container.get(CreateReferenceItem).execute(SYSTEM, NEW_ITEM[kind](**fields))).id

    first = await create(K.GRADE, name="First", order=1)
    second = await create(K.GRADE, name="Second", order=2)
    public = await create(K.SCHOOL_TYPE, name="Public")
    science = await create(K.DIVISION, name="Science", grade_ids=[second], school_type_ids=[public])
    math = await create(
        K.SUBJECT, name="Math", grade_ids=[first, second], division_ids=[science], school_type_ids=[public]
    )
    physics = await create(K.SUBJECT, name="Physics", grade_ids=[second])
    watermark = await create(K.VIDEO_SECURITY, name="Watermark", price_per_student=Decimal("12.5"))
    return {
        "first": first,
        "second": second,
        "public": public,
        "science": science,
        "math": math,
        "physics": physics,
        "watermark": watermark,
    }


def form(refs: dict[str, int], **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "username": "mr_ahmed",
        "password": PASSWORD,
        "name": "Ahmed Hassan",
        "phone": "01012345678",
        "gmail": "ahmed@gmail.com",
        "gender": "male",
        "subject": str(refs["math"]),
        "grades": [str(refs["second"]), str(refs["first"])],
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


async def post_teacher(
    client: httpx.AsyncClient, headers: Headers, data: dict[str, Any], files: dict[str, Any] | None = None
) -> httpx.Response:
    return await client.post(
        URL,
        data=data,
        files=files or {"profile_picture": ("", b"", "application/octet-stream")},
        headers=headers,
    )
