"""Study materials (Teacher API §11, API_SUPPLEMENT §9): PDFs streamed to private storage.

Handlers only decode, call one use case and encode; the use cases check the roles and scope again.
Uploads are parsed by ``materials_upload`` (streaming), never by Litestar's in-memory multipart parser.
"""

from __future__ import annotations

from urllib.parse import quote

from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath
from litestar.response import Redirect, Stream

from edutrack.core.actor import Role
from edutrack.core.use_cases.materials.create_material import CreateMaterial
from edutrack.core.use_cases.materials.delete_material import DeleteMaterial
from edutrack.core.use_cases.materials.read_materials import (
    GetMaterial,
    ListMaterials,
    MaterialQuery,
    OpenMaterialFile,
)
from edutrack.core.use_cases.materials.replace_material import ReplaceMaterial
from edutrack.entrypoints.http.conventions import paginate, parse_int, parse_ordering
from edutrack.entrypoints.http.forms import read_form_or_json
from edutrack.entrypoints.http.materials_upload import MAX_BODY, is_multipart, read_material_form
from edutrack.entrypoints.http.openapi import (
    AllQuery,
    IntQuery,
    OrderingQuery,
    Paged,
    PageQuery,
    PageSizeQuery,
    file_download,
)
from edutrack.entrypoints.http.schemas import materials as s
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.materials import ORDERING_FIELDS
from edutrack.ports.readers import PageRequest
from edutrack.ports.storage import PrivateFiles

WRITERS = [roles(Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT)]
DETAIL = "/{material_id:int}/"
SCOPE = (
    " Who may write: the site owner, or the course's teacher and their assistants; another teacher gets"
    ' 403 {"detail": "You do not have permission to perform this action."}, students 403.'
)
FILE_RULES = (
    ' The file is judged by its bytes: the name must end in `.pdf` (400 `{"file": ["File extension \'xyz\''
    ' is not allowed. Allowed extensions are: pdf."]}`), it must be at most 50 MB (400 `{"file": ["File'
    ' too large. Size should not exceed 50 MB."]}`) and start with `%PDF-` at byte 0 (400 `{"file": ["The'
    ' file is not a valid PDF."]}`). The upload is streamed to private storage, never held in memory;'
    " request bodies up to 60 MB are read (larger: 413)."
)
MATERIAL = (
    " A material is `{id, lecture, lecture_name, title, description, file, file_size, created_at,"
    " updated_at}`; `file` is the absolute URL of `GET /materials/{id}/file/` for users who may download"
    " it; for a student, only while they hold unexpired access to the lecture (a purchase), else `null`."
)


class MaterialController(Controller):
    path = "/materials"
    tags = ["materials"]

    @get(
        "/",
        summary="List study materials",
        description=(
            "Any authenticated user. The site owner sees every material; a teacher or assistant the"
            " materials of their teacher's courses; a student the materials of visible lectures of active"
            " topics and courses (with `file: null`). Filters: `?lecture=` (lecture id), `?course=`"
            " (course id); `?ordering=` one of title, created_at, updated_at, file_size, id (`-` for"
            " descending; default oldest first). Paginated (`?page`, `?page_size`, `?all=true`)." + MATERIAL
        ),
    )
    async def list_materials(
        self,
        request: Request,
        list_materials: Inject[ListMaterials],
        lecture: IntQuery = None,
        course: IntQuery = None,
        ordering: OrderingQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[s.MaterialOut]:
        actor = actor_of(request)
        query = MaterialQuery(
            lecture=parse_int("lecture", lecture),
            course=parse_int("course", course),
            ordering=tuple(parse_ordering(ordering, ORDERING_FIELDS)),
        )

        async def fetch(page: PageRequest) -> object:
            return await list_materials.execute(actor, query, page)

        return await paginate(request, fetch, lambda view: s.material_out(view, request))

    @post(
        "/",
        guards=WRITERS,
        request_max_body_size=MAX_BODY,
        opt={"form_body": s.MaterialCreateForm, "form_media": ("multipart/form-data",)},
        summary="Upload a PDF study material (multipart/form-data only)",
        description=(
            "Body: multipart/form-data with `lecture` (id), `title`, `description` (optional) and `file`"
            " (the PDF). Answers 201 with the material. An unknown lecture is 400"
            ' `{"lecture": ["Invalid pk \\"9\\" - object does not exist."]}`.' + FILE_RULES + SCOPE + MATERIAL
        ),
    )
    async def create_material(
        self, request: Request, create_material: Inject[CreateMaterial], private_files: Inject[PrivateFiles]
    ) -> s.MaterialOut:
        form = await read_material_form(request, private_files, s.MaterialCreateIn, file_required=True)
        assert form.file is not None
        view = await create_material.execute(actor_of(request), s.new_material(form.data, form.file))
        return s.material_out(view, request)

    @get(
        DETAIL,
        summary="One study material",
        description=(
            "Site owner: any; teacher or assistant: their teacher's courses' materials (another teacher's:"
            " 403); student: a material of a visible lecture, with `file: null` (others 404)." + MATERIAL
        ),
    )
    async def get_material(
        self, request: Request, get_material: Inject[GetMaterial], material_id: FromPath[int]
    ) -> s.MaterialOut:
        view = await get_material.execute(actor_of(request), material_id)
        return s.material_out(view, request)

    @put(
        DETAIL,
        guards=WRITERS,
        request_max_body_size=MAX_BODY,
        opt={"form_body": s.MaterialUpdateForm},
        summary="Update a study material (fields and/or replace the PDF)",
        description=(
            "Body: multipart/form-data or JSON with any of `lecture`, `title`, `description`; fields not"
            " sent keep their values. A `file` part (multipart only) replaces the PDF; the old file is"
            " deleted once the change is saved. Moving to another lecture needs write access there too."
            + FILE_RULES
            + SCOPE
            + MATERIAL
        ),
    )
    async def update_material(
        self,
        request: Request,
        private_files: Inject[PrivateFiles],
        replace_material: Inject[ReplaceMaterial],
        material_id: FromPath[int],
    ) -> s.MaterialOut:
        if is_multipart(request):
            form = await read_material_form(request, private_files, s.MaterialUpdateIn)
            data, file = form.data, form.file
        else:
            data, _ = await read_form_or_json(request, s.MaterialUpdateIn)
            file = None
        view = await replace_material.execute(actor_of(request), s.material_changes(material_id, data, file))
        return s.material_out(view, request)

    @delete(
        DETAIL,
        guards=WRITERS,
        summary="Delete a study material",
        description="Answers 204; the stored PDF is deleted after the row." + SCOPE,
    )
    async def delete_material(
        self, request: Request, delete_material: Inject[DeleteMaterial], material_id: FromPath[int]
    ) -> None:
        await delete_material.execute(actor_of(request), material_id)

    @get(
        "/{material_id:int}/file/",
        summary="Download a material's PDF",
        responses=file_download(
            "application/pdf",
            "The PDF, inline, with a file name made from the title.",
            redirect="With EDUTRACK_S3_DOWNLOADS=redirect: `Location` is a signed URL of the object store,"
            " valid for EDUTRACK_S3_SIGNED_URL_SECONDS; no body.",
        ),
        description=(
            "Streams the stored PDF (`application/pdf`, `Content-Disposition: inline` with a file name made"
            " from the title). The site owner, the course's teacher and assistants, and students holding"
            " unexpired access to the lecture (a purchase); another teacher 403; other students 403, and"
            " 404 for a material they cannot see. With `EDUTRACK_S3_DOWNLOADS=redirect` the answer, after the"
            " same checks, is instead a 302 to a short-lived signed URL of the object store."
        ),
    )
    async def download_material(
        self, request: Request, open_material_file: Inject[OpenMaterialFile], material_id: FromPath[int]
    ) -> Stream | Redirect:
        download = await open_material_file.execute(actor_of(request), material_id)
        if download.url is not None:
            return Redirect(download.url, status_code=302, headers={"Cache-Control": "private, no-store"})
        assert download.chunks is not None
        ascii_name = download.filename.encode("ascii", "ignore").decode().strip() or "material.pdf"
        if ascii_name.startswith("."):
            ascii_name = "material.pdf"
        disposition = f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(download.filename)}"
        return Stream(
            download.chunks,
            media_type="application/pdf",
            headers={
                "Content-Disposition": disposition,
                "Content-Length": str(download.size),
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )


CONTROLLERS: list[type[Controller]] = [MaterialController]
