"""Teacher management (SiteOwner §1): ``/accounts/teachers/``. Site owners only; handlers decode, call one
use case and encode."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, patch, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from edutrack.core.actor import Role
from edutrack.core.use_cases.teachers.create_teacher import CreateTeacher
from edutrack.core.use_cases.teachers.get_teacher import GetTeacher
from edutrack.core.use_cases.teachers.list_teachers import ListTeachers
from edutrack.core.use_cases.teachers.update_teacher import UpdateTeacher
from edutrack.entrypoints.http.conventions import paginate, parse_bool, parse_int, parse_search
from edutrack.entrypoints.http.forms import read_form_or_json
from edutrack.entrypoints.http.openapi import (
    AllQuery,
    BoolQuery,
    IntQuery,
    Paged,
    PageQuery,
    PageSizeQuery,
    SearchQuery,
)
from edutrack.entrypoints.http.schemas.teachers import (
    TeacherIn,
    TeacherOut,
    TeacherPatch,
    new_teacher,
    teacher_changes,
    teacher_out,
)
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.readers import PageRequest
from edutrack.ports.storage import MediaStorage
from edutrack.ports.teachers import TeacherFilter, TeacherRow

DETAIL = "/{teacher_id:int}/"
SHAPE = (
    "A teacher: `id` (the teacher profile id), `user_id`, account fields, `profile_picture` as an absolute "
    "URL or null, `subject_detail` (null without a subject), `grades_detail` by grade order, "
    "`video_security_detail` (price as a two-decimal string) or null."
)


class TeacherController(Controller):
    path = "/accounts/teachers"
    tags = ["teachers"]
    guards = [roles(Role.SITE_OWNER)]

    @get(
        "/",
        summary="List teachers (site owner)",
        description=(
            "Paginated (?page, ?page_size, ?all=true), newest first. Filters: ?is_active=true|false, "
            "?subject=<subject id>, ?grades=<grade id> (teachers teaching that grade), ?search= "
            "(case-insensitive part of the name). An unknown subject or grade id gives an empty list. "
            + SHAPE
        ),
    )
    async def list_teachers(
        self,
        request: Request,
        list_teachers: Inject[ListTeachers],
        media_storage: Inject[MediaStorage],
        is_active: BoolQuery = None,
        subject: IntQuery = None,
        grades: IntQuery = None,
        search: SearchQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[TeacherOut]:
        actor = actor_of(request)
        filters = TeacherFilter(
            is_active=parse_bool("is_active", is_active),
            subject_id=parse_int("subject", subject),
            grade_id=parse_int("grades", grades),
            search=parse_search(search),
        )

        async def fetch(page: PageRequest) -> object:
            return await list_teachers.execute(actor, filters, page)

        def encode(row: TeacherRow) -> TeacherOut:
            return teacher_out(row, request, media_storage)

        return await paginate(request, fetch, encode)

    @get(DETAIL, summary="One teacher (site owner)", description=SHAPE + " Unknown id: 404.")
    async def retrieve(
        self,
        request: Request,
        get_teacher: Inject[GetTeacher],
        media_storage: Inject[MediaStorage],
        teacher_id: FromPath[int],
    ) -> TeacherOut:
        row = await get_teacher.execute(actor_of(request), teacher_id)
        return teacher_out(row, request, media_storage)

    @post(
        "/",
        summary="Create a teacher (site owner)",
        description=(
            "multipart/form-data; `grades` as repeated fields (grades=1&grades=2), at least one, each a "
            "grade of the subject. The user (role teacher) and the profile are created in one transaction. "
            "`profile_picture` must really be a JPEG, PNG or WebP image of at most 5 MB. " + SHAPE
        ),
    )
    async def create(
        self,
        request: Request,
        create_teacher: Inject[CreateTeacher],
        media_storage: Inject[MediaStorage],
        data: Annotated[TeacherIn, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> TeacherOut:
        row = await create_teacher.execute(actor_of(request), await new_teacher(data))
        return teacher_out(row, request, media_storage)

    @patch(
        DETAIL,
        summary="Change a teacher (site owner; only the fields sent)",
        opt={"form_body": TeacherPatch},
        description=(
            "multipart/form-data or JSON, any field of the create body. A new password is re-hashed; a new "
            "`profile_picture` file replaces the old one (deleted after the change is saved); JSON "
            '`"profile_picture": null` removes it; `null` clears `video_security`, `secondary_phone`, '
            "`biography` and `facebook`. A new subject or new grades are checked again (each grade taught "
            "in the subject). `is_active=false` disables the account: login and every request then get 403 "
            "and its refresh tokens are revoked. " + SHAPE
        ),
    )
    async def update(
        self,
        request: Request,
        media_storage: Inject[MediaStorage],
        update_teacher: Inject[UpdateTeacher],
        teacher_id: FromPath[int],
    ) -> TeacherOut:
        data, files = await read_form_or_json(request, TeacherPatch)
        changes = await teacher_changes(data, files)
        row = await update_teacher.execute(actor_of(request), teacher_id, changes)
        return teacher_out(row, request, media_storage)


CONTROLLERS = [TeacherController]
