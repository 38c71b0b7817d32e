"""Reading study materials (Teacher API §11): the list, one material, and its file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from edutrack.core.actor import Actor
from edutrack.core.errors import NotFound, PermissionDenied
from edutrack.core.policies.content import Viewer, opens_lecture, viewer_of
from edutrack.core.policies.materials import download_name, may_download
from edutrack.core.use_cases.shared import content_viewer
from edutrack.ports.clock import Clock
from edutrack.ports.materials import MaterialFilter, MaterialReader, MaterialRow
from edutrack.ports.purchases import LectureAccess
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.storage import FileLinks, PrivateFiles


@dataclass(frozen=True, slots=True)
class MaterialView:
    """A material as one actor sees it: ``file_access`` says whether the file link may be shown."""

    row: MaterialRow
    file_access: bool


@dataclass(frozen=True, slots=True)
class MaterialQuery:
    lecture: int | None = None
    course: int | None = None
    ordering: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True, slots=True)
class MaterialDownload:
    """The file's bytes (``chunks``), or, when downloads go straight to the object store, a short-lived
    signed ``url`` to send the client to instead (``chunks`` is then None)."""

    filename: str
    size: int
    chunks: AsyncIterator[bytes] | None
    url: str | None = None


def view_of(actor: Actor, row: MaterialRow, viewer: Viewer | None = None) -> MaterialView:
    """The material if ``actor`` may see it. Site owner: all; a teacher or assistant: their teacher's
    courses (another teacher's material is 403, never the data); a student: materials of visible
    lectures in active topics and courses (others do not exist for them: 404), the file only with
    access to the lecture (``viewer`` carries the student's access; ``viewer_of(actor)`` by default)."""
    viewer = viewer or viewer_of(actor)
    if viewer.student:
        if not row.visible:
            raise NotFound()
        return MaterialView(row=row, file_access=opens_lecture(viewer, row.lecture_id))
    if not viewer.sees_all and viewer.own_teacher_id != row.teacher_id:
        raise PermissionDenied()
    return MaterialView(row=row, file_access=may_download(actor, row.teacher_id))


class ListMaterials:
    """Any authenticated user. The site owner sees every material; a teacher or assistant their
    teacher's courses' materials; a student the materials of visible lectures (active topic and course),
    with file links only for the lectures they hold unexpired access to (one access query per page).
    Filters: ``lecture``, ``course``; default order oldest first."""

    def __init__(self, reader: MaterialReader, access: LectureAccess, clock: Clock) -> None:
        self._reader = reader
        self._access = access
        self._clock = clock

    async def execute(self, actor: Actor, query: MaterialQuery, page: PageRequest) -> Page[MaterialView]:
        viewer = viewer_of(actor)
        filters = MaterialFilter(lecture=query.lecture, course=query.course, ordering=query.ordering)
        if viewer.student:
            filters = MaterialFilter(
                visible_only=True, lecture=query.lecture, course=query.course, ordering=query.ordering
            )
        elif not viewer.sees_all:
            if viewer.own_teacher_id is None:
                raise PermissionDenied()
            filters = MaterialFilter(
                teacher=viewer.own_teacher_id,
                lecture=query.lecture,
                course=query.course,
                ordering=query.ordering,
            )
        result = await self._reader.list(filters, page)
        if viewer.student:
            lecture_ids = {row.lecture_id for row in result.items}
            viewer = await content_viewer(actor, self._access, self._clock, lecture_ids)
        return Page(
            total=result.total,
            items=[
                MaterialView(row=row, file_access=opens_lecture(viewer, row.lecture_id))
                for row in result.items
            ],
        )


class GetMaterial:
    """Any authenticated user, with the visibility of ``view_of``: unknown or hidden → NotFound; another
    teacher's → PermissionDenied. A student's file link shows with access to the lecture."""

    def __init__(self, reader: MaterialReader, access: LectureAccess, clock: Clock) -> None:
        self._reader = reader
        self._access = access
        self._clock = clock

    async def execute(self, actor: Actor, material_id: int) -> MaterialView:
        row = await self._reader.get(material_id)
        if row is None:
            raise NotFound()
        viewer = await content_viewer(actor, self._access, self._clock, {row.lecture_id})
        return view_of(actor, row, viewer)


class OpenMaterialFile:
    """The stored PDF, for the site owner, the course's teacher and assistants, and students holding
    unexpired access to the lecture. Other students get PermissionDenied for a material they can see and
    NotFound for one they cannot; another teacher gets PermissionDenied. The file is opened before
    returning, so a missing file is NotFound rather than a broken download. With ``links`` (an object
    store, EDUTRACK_S3_DOWNLOADS=redirect) the same checks come first and the answer is a signed URL."""

    def __init__(
        self,
        reader: MaterialReader,
        private_files: PrivateFiles,
        access: LectureAccess,
        clock: Clock,
        links: FileLinks | None = None,
    ) -> None:
        self._reader = reader
        self._files = private_files
        self._access = access
        self._clock = clock
        self._links = links

    async def execute(self, actor: Actor, material_id: int) -> MaterialDownload:
        row = await self._reader.get(material_id)
        if row is None:
            raise NotFound()
        viewer = await content_viewer(actor, self._access, self._clock, {row.lecture_id})
        view = view_of(actor, row, viewer)
        if not view.file_access:
            raise PermissionDenied()
        filename = download_name(row.title)
        if self._links is not None:
            url = await self._links.signed_url(row.file)
            return MaterialDownload(filename=filename, size=row.file_size, chunks=None, url=url)
        chunks = await self._files.open(row.file)
        return MaterialDownload(filename=filename, size=row.file_size, chunks=chunks)
