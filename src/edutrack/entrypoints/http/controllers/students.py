"""Students: public registration, the student's own profile (§5) and the site owner's management
(SiteOwner §2). Handlers decode, call one use case and encode."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, patch, post
from litestar.params import Body, FromPath, JSONBody

from edutrack.core.actor import Role
from edutrack.core.entities.people import StudentStatus
from edutrack.core.use_cases.students.get_student import GetMyStudentProfile, GetStudent
from edutrack.core.use_cases.students.list_students import ListStudents
from edutrack.core.use_cases.students.register_student import RegisterStudent
from edutrack.core.use_cases.students.set_status import SetStudentStatus
from edutrack.core.use_cases.students.update_my_profile import UpdateMyStudentProfile
from edutrack.entrypoints.http.conventions import paginate, parse_choice, parse_int, parse_search
from edutrack.entrypoints.http.openapi import (
    AllQuery,
    IntQuery,
    Paged,
    PageQuery,
    PageSizeQuery,
    SearchQuery,
    choice,
)
from edutrack.entrypoints.http.schemas.students import (
    REQUIRED,
    StudentOut,
    StudentProfilePatch,
    StudentRegisterIn,
    StudentStatusIn,
    StudentStatusOut,
    profile_changes,
    registration_command,
    status_changes,
    student_out,
)
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.students import StudentFilter, StudentRow

# the Struct's fields all default to None so that a missing one is reported with the others (REQUIRED);
# the document marks the ones the server requires
RegisterBody = Annotated[StudentRegisterIn, Body(schema_extra={"required": sorted(REQUIRED)})]
SITE_OWNER_ONLY = [roles(Role.SITE_OWNER)]
STUDENT_ONLY = [roles(Role.STUDENT)]


class StudentController(Controller):
    path = "/accounts/students"
    tags = ["students"]

    @post(
        "/register/",
        opt={"public": True},
        summary="Register as a student (public)",
        description=(
            "Creates the student account and profile in one transaction; nothing is written when any "
            "rule fails, and every field problem is reported at once as {field: [messages]}. Phones use "
            "the Egyptian format (spaces, dashes and a +20 prefix are accepted and stored as 11 digits); "
            "national_id is 14 digits, unique among students, and must encode birth_date and a real "
            "governorate; the area must be in the governorate; the division must be offered for the grade "
            "and, when given, the school type; a graduate has no school_type, grade or division. The "
            "account gets role student, name = name_en; status starts pending; student_code is generated "
            "(S + 8 random digits), unique and never reused."
        ),
    )
    async def register(self, register_student: Inject[RegisterStudent], data: RegisterBody) -> StudentOut:
        return student_out(await register_student.execute(registration_command(data)))

    @get("/me/", guards=STUDENT_ONLY, summary="My student profile (student)")
    async def me(self, request: Request, get_my_student_profile: Inject[GetMyStudentProfile]) -> StudentOut:
        return student_out(await get_my_student_profile.execute(actor_of(request)))

    @patch(
        "/me/",
        guards=STUDENT_ONLY,
        summary="Change my student profile (student; only the fields sent)",
        description=(
            "status, student_code, national_id, birth_date and username are read-only: sent, they are "
            "ignored. Every rule of registration runs again on the merged profile (a field set to null "
            "that is required gets 'This field may not be null.'); a new gmail must be free across all "
            "users; name_en is also the account's display name."
        ),
    )
    async def update_me(
        self,
        request: Request,
        update_my_student_profile: Inject[UpdateMyStudentProfile],
        data: JSONBody[StudentProfilePatch],
    ) -> StudentOut:
        row = await update_my_student_profile.execute(actor_of(request), profile_changes(data))
        return student_out(row)

    @get(
        "/",
        guards=SITE_OWNER_ONLY,
        summary="List students (site owner)",
        description=(
            "Newest first. Filters: status (verified|pending|declined|suspended_temporary|"
            "suspended_permanent), grade and school_type (ids), search (name_ar, name_en, student_code or "
            "national_id; contains, case-insensitive). ?all=true returns every row."
        ),
    )
    async def list_students(
        self,
        request: Request,
        list_students: Inject[ListStudents],
        status: Annotated[str | None, choice(StudentStatus)] = None,
        grade: IntQuery = None,
        school_type: IntQuery = None,
        search: SearchQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[StudentOut]:
        actor = actor_of(request)
        chosen = parse_choice("status", status, [s.value for s in StudentStatus])
        filters = StudentFilter(
            status=StudentStatus(chosen) if chosen else None,
            grade=parse_int("grade", grade),
            school_type=parse_int("school_type", school_type),
            search=parse_search(search),
        )

        async def fetch(page: PageRequest) -> Page[StudentRow]:
            return await list_students.execute(actor, filters, page)

        return await paginate(request, fetch, student_out)

    @get("/{student_id:int}/", guards=SITE_OWNER_ONLY, summary="One student (site owner)")
    async def retrieve(
        self, request: Request, get_student: Inject[GetStudent], student_id: FromPath[int]
    ) -> StudentOut:
        return student_out(await get_student.execute(actor_of(request), student_id))

    @patch(
        "/{student_id:int}/status/",
        guards=SITE_OWNER_ONLY,
        summary="Set a student's status and active flag (site owner)",
        description=(
            "Both fields are optional; an omitted one stays as it is. is_active=false disables the "
            "account at once (its tokens get 403 'User account is disabled.') and revokes its refresh "
            "tokens. When something changed, the student is notified (student_status_changed)."
        ),
    )
    async def set_status(
        self,
        request: Request,
        set_student_status: Inject[SetStudentStatus],
        student_id: FromPath[int],
        data: JSONBody[StudentStatusIn],
    ) -> StudentStatusOut:
        result = await set_student_status.execute(actor_of(request), student_id, status_changes(data))
        return StudentStatusOut(status=result.status.value, is_active=result.is_active)


CONTROLLERS: list[type[Controller]] = [StudentController]
