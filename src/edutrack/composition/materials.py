"""Study materials: PDF files of lectures, stored privately and opened to those allowed."""

from __future__ import annotations

from edutrack.adapters.memory.materials import MemoryMaterialReader
from edutrack.adapters.sql.readers.materials import SqlMaterialReader
from edutrack.adapters.storage.s3 import S3PrivateFiles
from edutrack.composition.container import Container
from edutrack.core.use_cases.materials.create_material import CreateMaterial
from edutrack.core.use_cases.materials.delete_material import DeleteMaterial
from edutrack.core.use_cases.materials.read_materials import GetMaterial, ListMaterials, OpenMaterialFile
from edutrack.core.use_cases.materials.replace_material import ReplaceMaterial
from edutrack.ports.materials import MaterialReader
from edutrack.ports.purchases import LectureAccess
from edutrack.ports.storage import FileLinks


def wire(c: Container) -> None:
    c.component(MaterialReader, lambda c: c.pick(MemoryMaterialReader, SqlMaterialReader))
    reader = lambda c: c.get(MaterialReader)  # noqa: E731
    c.use_case(CreateMaterial, lambda c: CreateMaterial(c.uow(), c.private_files, c.clock, reader(c)))
    c.use_case(ReplaceMaterial, lambda c: ReplaceMaterial(c.uow(), c.private_files, c.clock, reader(c)))
    c.use_case(DeleteMaterial, lambda c: DeleteMaterial(c.uow(), c.private_files))
    c.use_case(ListMaterials, lambda c: ListMaterials(reader(c), c.get(LectureAccess), c.clock), replica=True)
    c.use_case(GetMaterial, lambda c: GetMaterial(reader(c), c.get(LectureAccess), c.clock))
    c.use_case(
        OpenMaterialFile,
        lambda c: OpenMaterialFile(
            reader(c),
            c.private_files,
            c.get(LectureAccess),
            c.clock,
            download_links(c),
        ),
    )


def download_links(c: Container) -> FileLinks | None:
    """The signer of download URLs when materials are fetched straight from the object store
    (EDUTRACK_STORAGE=s3, EDUTRACK_S3_DOWNLOADS=redirect); None: the API streams them."""
    files = c.private_files
    return files if c.settings.s3_downloads == "redirect" and isinstance(files, S3PrivateFiles) else None
