"""Material downloads by signed URL (EDUTRACK_S3_DOWNLOADS=redirect): the use case signs only after the
checks that guard the streamed download, and only for a file that exists."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from edutrack.adapters.storage.s3 import S3PrivateFiles, s3_store
from edutrack.composition import Container
from edutrack.composition.materials import download_links
from edutrack.core.actor import Actor, Role
from edutrack.core.errors import NotFound, PermissionDenied
from edutrack.core.policies.materials import MAX_MATERIAL_BYTES
from edutrack.core.use_cases.materials.create_material import CreateMaterial, NewMaterial, StagedFile
from edutrack.core.use_cases.materials.read_materials import OpenMaterialFile
from edutrack.ports.materials import MaterialReader
from edutrack.ports.purchases import LectureAccess
from tests.support.materials import seed_lecture, seed_world

pytestmark = pytest.mark.anyio

OWNER = Actor(user_id=1, username="owner", role=Role.SITE_OWNER)
STUDENT = Actor(user_id=9, username="pupil", role=Role.STUDENT, student_id=1)


class RecordingLinks:
    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.signed: list[str] = []

    async def signed_url(self, key: str) -> str:
        if key not in self.files:
            raise NotFound()
        self.signed.append(key)
        return f"https://bucket.example.com/{key}?X-Amz-Expires=300"


async def one(content: bytes) -> AsyncIterator[bytes]:
    yield content


async def test_a_signed_url_after_the_same_checks(container: Container) -> None:
    world = await seed_world(container)
    hidden = await seed_lecture(container, world, lecture_visible=False)
    stored = await container.private_files.save_stream(
        "materials", "pdf", one(b"%PDF-1.7"), MAX_MATERIAL_BYTES
    )
    command = NewMaterial(lecture_id=hidden.lecture, title="Notes", file=StagedFile("n.pdf", stored))
    material = (await container.get(CreateMaterial).execute(OWNER, command)).row
    files: dict[str, bytes] = container.private_files.files  # type: ignore[attr-defined]
    links = RecordingLinks(files)
    opener = OpenMaterialFile(
        container.get(MaterialReader),
        container.private_files,
        container.get(LectureAccess),
        container.clock,
        links,
    )

    download = await opener.execute(OWNER, material.id)
    assert (download.url, download.chunks) == (
        f"https://bucket.example.com/{stored.key}?X-Amz-Expires=300",
        None,
    )
    assert (download.filename, download.size) == ("Notes.pdf", len(b"%PDF-1.7"))
    with pytest.raises(NotFound):  # a student does not see the hidden lecture's material
        await opener.execute(STUDENT, material.id)
    with pytest.raises(PermissionDenied):
        await opener.execute(
            Actor(user_id=5, username="stray", role=Role.TEACHER, teacher_id=99), material.id
        )
    assert links.signed == [stored.key]  # nothing signed for the refused
    files.clear()
    with pytest.raises(NotFound):
        await opener.execute(OWNER, material.id)


async def test_links_are_wired_only_for_redirects_from_an_object_store(container: Container) -> None:
    bucket = S3PrivateFiles(s3_store("uploads", endpoint="http://127.0.0.1:9"))  # never contacted here
    redirect = replace(container.settings, s3_downloads="redirect")
    assert download_links(container) is None
    assert download_links(replace(container, settings=redirect)) is None  # memory files: nothing to sign
    assert download_links(replace(container, private_files=bucket)) is None  # streamed by default
    assert download_links(replace(container, settings=redirect, private_files=bucket)) is bucket
