"""Study materials: use cases over the memory fakes, the PDF policy and the private file stores."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from pathlib import Path

import pytest

from edutrack.adapters.storage.private import LocalPrivateFiles, MemoryPrivateFiles
from edutrack.composition import Container
from edutrack.core.actor import Actor, Role
from edutrack.core.errors import NotFound, PermissionDenied, ValidationFailed
from edutrack.core.policies.materials import MAX_MATERIAL_BYTES, check_pdf, download_name
from edutrack.core.use_cases.materials.create_material import CreateMaterial, NewMaterial, StagedFile
from edutrack.core.use_cases.materials.delete_material import DeleteMaterial
from edutrack.core.use_cases.materials.read_materials import (
    GetMaterial,
    ListMaterials,
    MaterialQuery,
    OpenMaterialFile,
)
from edutrack.core.use_cases.materials.replace_material import MaterialChanges, ReplaceMaterial
from edutrack.entrypoints.http.schemas.materials import (
    MaterialCreateIn,
    MaterialUpdateIn,
    material_changes,
    new_material,
)
from edutrack.entrypoints.http.validation import decode
from edutrack.ports.materials import MaterialFilter, MaterialReader
from edutrack.ports.readers import PageRequest
from edutrack.ports.storage import StoredFile
from tests.support.materials import Place, World, seed_lecture, seed_world

pytestmark = pytest.mark.anyio

PDF = b"%PDF-1.7\n%%EOF\n"
EVERYTHING = PageRequest(offset=0, limit=None)
OWNER = Actor(user_id=1, username="owner", role=Role.SITE_OWNER)
STUDENT = Actor(user_id=9, username="pupil", role=Role.STUDENT, student_id=1)


async def chunks_of(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


def files_of(container: Container) -> dict[str, bytes]:
    assert isinstance(container.private_files, MemoryPrivateFiles)
    return container.private_files.files


async def stage(container: Container, content: bytes = PDF, name: str = "notes.pdf") -> StagedFile:
    stored = await container.private_files.save_stream(
        "materials", "pdf", chunks_of(content), MAX_MATERIAL_BYTES
    )
    return StagedFile(filename=name, stored=stored)


class Scene:
    def __init__(self, world: World, place: Place) -> None:
        self.world, self.place = world, place
        self.teacher = Actor(
            user_id=world.teacher_user, username="t", role=Role.TEACHER, teacher_id=world.teacher
        )
        self.assistant = Actor(
            user_id=50, username="a", role=Role.ASSISTANT, teacher_id=world.teacher, assistant_id=1
        )
        self.other = Actor(user_id=world.other_user, username="o", role=Role.TEACHER, teacher_id=world.other)


@pytest.fixture
async def scene(container: Container) -> Scene:
    world = await seed_world(container)
    return Scene(world, await seed_lecture(container, world))


async def create(container: Container, scene: Scene, actor: Actor | None = None, title: str = "Notes") -> int:
    command = NewMaterial(lecture_id=scene.place.lecture, title=title, file=await stage(container))
    view = await container.get(CreateMaterial).execute(actor or scene.teacher, command)
    return view.row.id


async def test_create_keeps_the_staged_file_and_answers_the_row(container: Container, scene: Scene) -> None:
    staged = await stage(container)
    command = new_material(
        MaterialCreateIn(lecture=scene.place.lecture, title="  Notes ", description=" "), staged
    )
    view = await container.get(CreateMaterial).execute(scene.assistant, command)
    row = view.row
    assert view.file_access is True
    assert (row.lecture_id, row.title, row.description, row.file, row.file_size) == (
        scene.place.lecture,
        "Notes",
        None,
        staged.stored.key,
        len(PDF),
    )
    assert row.created_at == container.clock.now() and row.teacher_id == scene.world.teacher
    assert files_of(container) == {staged.stored.key: PDF}


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00", "setup.pdf", "The file is not a valid PDF."),
        (b"\n%PDF-1.7", "notes.pdf", "The file is not a valid PDF."),
        (PDF, "notes.exe", "File extension 'exe' is not allowed. Allowed extensions are: pdf."),
        (b"", "notes.pdf", "The submitted file is empty."),
    ],
)
async def test_create_refuses_what_is_not_a_pdf_and_deletes_it(
    container: Container, scene: Scene, content: bytes, name: str, message: str
) -> None:
    staged = await stage(container, content, name)
    with pytest.raises(ValidationFailed) as caught:
        await container.get(CreateMaterial).execute(
            scene.teacher, NewMaterial(scene.place.lecture, "Notes", staged)
        )
    assert caught.value.fields == {"file": [message]}
    assert files_of(container) == {}


async def test_create_reports_every_problem_at_once(container: Container, scene: Scene) -> None:
    too_large = StagedFile("big.pdf", StoredFile(key="", size=MAX_MATERIAL_BYTES + 1, head=PDF))
    with pytest.raises(ValidationFailed) as caught:
        await container.get(CreateMaterial).execute(scene.teacher, NewMaterial(999, "  ", too_large))
    assert caught.value.fields == {
        "title": ["This field may not be blank."],
        "file": ["File too large. Size should not exceed 50 MB."],
        "lecture": ['Invalid pk "999" - object does not exist.'],
    }
    # shape, type and length are the edge's, every problem at once (a missing file too: the HTTP tests)
    with pytest.raises(ValidationFailed) as missing:
        decode(MaterialCreateIn, {"description": 5})
    assert missing.value.fields == {
        "lecture": ["This field is required."],
        "title": ["This field is required."],
        "description": ["Not a valid string."],
    }
    with pytest.raises(ValidationFailed) as too_long:
        decode(MaterialCreateIn, {"lecture": "0", "title": "x" * 201})
    assert too_long.value.fields == {
        "lecture": ["Ensure this value is greater than or equal to 1."],
        "title": ["Ensure this field has no more than 200 characters."],
    }


@pytest.mark.parametrize("who", ["other", "student"])
async def test_create_outside_ones_scope_is_refused_and_cleaned(
    container: Container, scene: Scene, who: str
) -> None:
    actor = scene.other if who == "other" else STUDENT
    staged = await stage(container)
    with pytest.raises(PermissionDenied):
        await container.get(CreateMaterial).execute(actor, NewMaterial(scene.place.lecture, "Notes", staged))
    assert files_of(container) == {}
    assert (await container.get(MaterialReader).list(MaterialFilter(), EVERYTHING)).total == 0


async def test_replace_swaps_the_file_after_commit_and_cleans_up_on_failure(
    container: Container, scene: Scene
) -> None:
    material_id = await create(container, scene)
    (old_key,) = files_of(container)
    new = await stage(container, b"%PDF-1.4 v2")
    view = await container.get(ReplaceMaterial).execute(
        scene.teacher, MaterialChanges(material_id, title=" v2 ", file=new)
    )
    assert (view.row.title, view.row.file, view.row.file_size) == ("v2", new.stored.key, 11)
    assert files_of(container) == {new.stored.key: b"%PDF-1.4 v2"}

    broken = await stage(container, b"GIF89a")
    with pytest.raises(ValidationFailed):
        await container.get(ReplaceMaterial).execute(scene.teacher, MaterialChanges(material_id, file=broken))
    refused = await stage(container)
    with pytest.raises(PermissionDenied):
        await container.get(ReplaceMaterial).execute(
            scene.other, MaterialChanges(material_id, title="mine", file=refused)
        )
    assert set(files_of(container)) == {new.stored.key} and old_key not in files_of(container)
    with pytest.raises(NotFound):
        await container.get(ReplaceMaterial).execute(OWNER, MaterialChanges(999, title="x"))
    blank = await stage(container)
    with pytest.raises(ValidationFailed) as caught:
        await container.get(ReplaceMaterial).execute(
            scene.teacher, MaterialChanges(material_id, title=" ", lecture_id=999, file=blank)
        )
    assert caught.value.fields == {
        "title": ["This field may not be blank."],
        "lecture": ['Invalid pk "999" - object does not exist.'],
    }
    assert set(files_of(container)) == {new.stored.key}


def test_the_edge_turns_an_update_body_into_changes() -> None:
    assert material_changes(4, MaterialUpdateIn(), None) == MaterialChanges(4)
    body = decode(MaterialUpdateIn, {"title": "T", "description": "  "})
    assert material_changes(4, body, None) == MaterialChanges(4, title="T", description=None)
    cleared = decode(MaterialUpdateIn, {"description": None, "lecture": 2})
    assert material_changes(4, cleared, None) == MaterialChanges(4, lecture_id=2, description=None)
    kept = decode(MaterialUpdateIn, {"description": " Answers "})
    assert material_changes(4, kept, None).description == "Answers"


async def test_delete_removes_the_file_after_the_row(container: Container, scene: Scene) -> None:
    material_id = await create(container, scene)
    with pytest.raises(PermissionDenied):
        await container.get(DeleteMaterial).execute(scene.other, material_id)
    assert len(files_of(container)) == 1
    await container.get(DeleteMaterial).execute(OWNER, material_id)
    assert files_of(container) == {}
    with pytest.raises(NotFound):
        await container.get(GetMaterial).execute(OWNER, material_id)


async def test_reading_rules(container: Container, scene: Scene) -> None:
    hidden = await seed_lecture(container, scene.world, course=scene.place.course, lecture_visible=False)
    shown_id = await create(container, scene, title="Shown")
    hidden_id = (
        await container.get(CreateMaterial).execute(
            scene.teacher, NewMaterial(hidden.lecture, "Hidden", await stage(container))
        )
    ).row.id
    listing = container.get(ListMaterials)
    student_page = await listing.execute(STUDENT, MaterialQuery(), EVERYTHING)
    assert [(v.row.id, v.file_access) for v in student_page.items] == [(shown_id, False)]
    teacher_page = await listing.execute(scene.teacher, MaterialQuery(lecture=hidden.lecture), EVERYTHING)
    assert [(v.row.id, v.file_access) for v in teacher_page.items] == [(hidden_id, True)]
    assert (await listing.execute(scene.other, MaterialQuery(), EVERYTHING)).total == 0
    stray = Actor(user_id=77, username="stray", role=Role.TEACHER)
    with pytest.raises(PermissionDenied):
        await listing.execute(stray, MaterialQuery(), EVERYTHING)

    getter = container.get(GetMaterial)
    assert (await getter.execute(STUDENT, shown_id)).file_access is False
    with pytest.raises(NotFound):
        await getter.execute(STUDENT, hidden_id)
    with pytest.raises(PermissionDenied):
        await getter.execute(scene.other, shown_id)

    opener = container.get(OpenMaterialFile)
    download = await opener.execute(scene.assistant, shown_id)
    assert download.filename == "Shown.pdf" and download.size == len(PDF)
    assert b"".join([chunk async for chunk in download.chunks]) == PDF
    with pytest.raises(PermissionDenied):
        await opener.execute(STUDENT, shown_id)
    with pytest.raises(NotFound):
        await opener.execute(STUDENT, hidden_id)
    with pytest.raises(PermissionDenied):
        await opener.execute(scene.other, shown_id)
    files_of(container).clear()
    with pytest.raises(NotFound):
        await opener.execute(OWNER, shown_id)


def test_pdf_policy_order_and_download_names() -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_pdf("x.doc", MAX_MATERIAL_BYTES + 1, b"MZ")
    assert caught.value.fields == {
        "file": ["File extension 'doc' is not allowed. Allowed extensions are: pdf."]
    }
    with pytest.raises(ValidationFailed) as large:
        check_pdf("x.PDF", MAX_MATERIAL_BYTES + 1, b"MZ")
    assert large.value.fields == {"file": ["File too large. Size should not exceed 50 MB."]}
    check_pdf("x.Pdf", MAX_MATERIAL_BYTES, PDF)
    assert download_name('../../etc/"passwd"\r\n') == "etc passwd.pdf"
    assert download_name("Notes.pdf") == "Notes.pdf"
    assert download_name("   ") == "material.pdf"
    assert download_name("ملخص الفصل الأول") == "ملخص الفصل الأول.pdf"


def pieces(total: int, size: int) -> Iterable[bytes]:
    for start in range(0, total, size):
        yield (
            b"%PDF-" + b"x" * (min(size, total - start) - 5)
            if start == 0
            else b"y" * min(size, total - start)
        )


async def stream(parts: Iterable[bytes]) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def test_local_private_files_stream_count_and_stop(tmp_path: Path) -> None:
    files = LocalPrivateFiles(tmp_path / "private")
    stored = await files.save_stream("materials", "pdf", stream(pieces(3000, 700)), 5000)
    assert stored.size == 3000 and len(stored.head) == 1024 and stored.head.startswith(b"%PDF-")
    assert stored.key.startswith("materials/") and stored.key.endswith(".pdf")
    path = tmp_path / "private" / stored.key
    assert path.stat().st_size == 3000
    read = b"".join([chunk async for chunk in await files.open(stored.key)])
    assert read == path.read_bytes()

    consumed: list[int] = []

    async def endless() -> AsyncIterator[bytes]:
        for n in range(1000):
            consumed.append(n)
            yield b"z" * 100

    too_large = await files.save_stream("materials", "pdf", endless(), 1000)
    assert (too_large.key, too_large.size) == ("", 1100) and len(consumed) == 11
    assert sorted(p.name for p in (tmp_path / "private" / "materials").iterdir()) == [path.name]

    async def failing() -> AsyncIterator[bytes]:
        yield b"%PDF-"
        raise ConnectionError("client went away")

    with pytest.raises(ConnectionError):
        await files.save_stream("materials", "pdf", failing(), 1000)
    assert sorted(p.name for p in (tmp_path / "private" / "materials").iterdir()) == [path.name]

    await files.delete(stored.key)
    await files.delete(stored.key)
    assert not path.exists()
    with pytest.raises(NotFound):
        await files.open(stored.key)
    with pytest.raises(ValueError):
        await files.open("../outside.pdf")
    with pytest.raises(ValueError):
        await files.save_stream("../up", "pdf", stream([]), 10)


async def test_memory_private_files_behave_alike() -> None:
    files = MemoryPrivateFiles()
    stored = await files.save_stream("materials", "pdf", stream([b"%PDF-", b"1.7"]), 100)
    assert (stored.size, stored.head, files.files[stored.key]) == (8, b"%PDF-1.7", b"%PDF-1.7")
    assert (await files.save_stream("materials", "pdf", stream([b"x" * 60, b"y" * 60]), 100)).key == ""
    assert len(files.files) == 1
