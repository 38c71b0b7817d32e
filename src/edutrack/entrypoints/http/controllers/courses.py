"""Courses (SiteOwner §3, Teacher §2, API_SUPPLEMENT §5): ``/courses/``. Handlers turn the body into the
core's command (``schemas/courses.py``, where it is checked once), call one use case and encode."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, delete, get, patch, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from edutrack.core.actor import Role
from edutrack.core.policies.content import viewer_of
from edutrack.core.use_cases.courses.create_course import CreateCourse
from edutrack.core.use_cases.courses.delete_course import DeleteCourse
from edutrack.core.use_cases.courses.get_course import GetCourse
from edutrack.core.use_cases.courses.list_courses import ListCourses, ListMyCourses
from edutrack.core.use_cases.courses.update_course import UpdateCourse
from edutrack.core.use_cases.lessons.viewer import ResolveContentViewer
from edutrack.entrypoints.http.conventions import paginate, parse_int, parse_search
from edutrack.entrypoints.http.forms import read_form_or_json
from edutrack.entrypoints.http.openapi import AllQuery, IntQuery, Paged, PageQuery, PageSizeQuery, SearchQuery
from edutrack.entrypoints.http.schemas.courses import (
    CourseIn,
    CourseOut,
    CoursePatch,
    MyCourseOut,
    course_changes,
    course_out,
    my_course_out,
    new_course,
)
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.courses import CourseFilter, CourseRow
from edutrack.ports.readers import PageRequest
from edutrack.ports.storage import MediaStorage

DETAIL = "/{course_id:int}/"
OWNER_ONLY = [roles(Role.SITE_OWNER)]
VISIBILITY = (
    "Students see active courses only; teachers and assistants also their own teacher's inactive courses; "
    "the site owner sees every course. "
)
SHAPE = (
    "A course: `teacher` and `teacher_id` are the teacher profile id; `subject` is the teacher's subject "
    "when the course was created; `cover_picture` an absolute URL or null; `topics` the topics the caller "
    "may see by (order, id), each with its lectures and their videos (students: active topics, visible "
    "lectures, active videos, and no video URLs); `topic_count`, `total_lectures` and `total_videos` "
    "count what the caller may see."
)


class CourseController(Controller):
    path = "/courses"
    tags = ["courses"]

    @get(
        "/",
        summary="The course catalog (any authenticated user)",
        description=(
            "Paginated (?page, ?page_size, ?all=true), newest first. Filters: ?teacher=<teacher profile id>, "
            "?grade=<grade id>, ?subject=<subject id>, ?search= (case-insensitive part of the name or the "
            "description). " + VISIBILITY + SHAPE
        ),
    )
    async def list_courses(
        self,
        request: Request,
        list_courses: Inject[ListCourses],
        media_storage: Inject[MediaStorage],
        resolve_content_viewer: Inject[ResolveContentViewer],
        teacher: IntQuery = None,
        grade: IntQuery = None,
        subject: IntQuery = None,
        search: SearchQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[CourseOut]:
        actor = actor_of(request)
        viewer = await resolve_content_viewer.execute(actor)
        filters = CourseFilter(
            teacher_id=parse_int("teacher", teacher),
            grade_id=parse_int("grade", grade),
            subject_id=parse_int("subject", subject),
            search=parse_search(search),
        )

        async def fetch(page: PageRequest) -> object:
            return await list_courses.execute(actor, filters, page)

        def encode(row: CourseRow) -> CourseOut:
            return course_out(row, request, media_storage, viewer)

        return await paginate(request, fetch, encode)

    @get(
        "/my_courses/",
        guards=[roles(Role.TEACHER)],
        summary="The calling teacher's courses (teacher)",
        description=(
            "Paginated (?page, ?page_size, ?all=true), newest first: every course of the teacher, active "
            "or not. `topic_count` counts all of the course's topics. Not a teacher (assistant, student, "
            'site owner): 403. A teacher account without a teacher profile: 404 {"detail": "Teacher '
            'profile not found."}.'
        ),
    )
    async def my_courses(
        self,
        request: Request,
        list_my_courses: Inject[ListMyCourses],
        media_storage: Inject[MediaStorage],
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[MyCourseOut]:
        actor = actor_of(request)

        async def fetch(page: PageRequest) -> object:
            return await list_my_courses.execute(actor, page)

        def encode(row: CourseRow) -> MyCourseOut:
            return my_course_out(row, request, media_storage)

        return await paginate(request, fetch, encode)

    @get(
        DETAIL,
        summary="One course (any authenticated user)",
        description=VISIBILITY + "A course the caller may not see is 404. " + SHAPE,
    )
    async def retrieve(
        self,
        request: Request,
        get_course: Inject[GetCourse],
        media_storage: Inject[MediaStorage],
        resolve_content_viewer: Inject[ResolveContentViewer],
        course_id: FromPath[int],
    ) -> CourseOut:
        actor = actor_of(request)
        row = await get_course.execute(actor, course_id)
        return course_out(row, request, media_storage, await resolve_content_viewer.execute(actor))

    @post(
        "/",
        guards=OWNER_ONLY,
        summary="Create a course (site owner)",
        description=(
            "multipart/form-data. `teacher` is a teacher profile id; the course's subject is the teacher's "
            '(a teacher without a subject: 400 {"teacher": [...]}); the teacher must teach `grade` '
            '(400 {"grade": ["Teacher X does not teach grade Y."]}); (teacher, grade, name) is unique '
            '(400 {"non_field_errors": ["A course with this Teacher, Grade, and Name already exists."]}). '
            "`cover_picture` must really be a JPEG, PNG or WebP image of at most 5 MB. " + SHAPE
        ),
    )
    async def create(
        self,
        request: Request,
        create_course: Inject[CreateCourse],
        media_storage: Inject[MediaStorage],
        data: Annotated[CourseIn, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> CourseOut:
        actor = actor_of(request)
        row = await create_course.execute(actor, await new_course(data))
        return course_out(row, request, media_storage, viewer_of(actor))

    @patch(
        DETAIL,
        guards=OWNER_ONLY,
        summary="Change a course (site owner; only the fields sent)",
        opt={"form_body": CoursePatch},
        description=(
            "multipart/form-data or JSON, any field of the create body. The teacher and the grade of a "
            'course never change: another value is 400 {"teacher": ["Cannot change the teacher of an '
            'existing course."]} / {"grade": ["Cannot change the grade of an existing course."]} (the '
            "stored value is accepted). A new `cover_picture` file replaces the old one (deleted once the "
            'change is saved); JSON `"cover_picture": null` or an empty form value removes it; '
            '`"description": null` clears the description. ' + SHAPE
        ),
    )
    async def update(
        self,
        request: Request,
        media_storage: Inject[MediaStorage],
        update_course: Inject[UpdateCourse],
        course_id: FromPath[int],
    ) -> CourseOut:
        actor = actor_of(request)
        data, files = await read_form_or_json(request, CoursePatch)
        row = await update_course.execute(actor, course_id, await course_changes(data, files))
        return course_out(row, request, media_storage, viewer_of(actor))

    @delete(
        DETAIL,
        guards=OWNER_ONLY,
        summary="Delete a course (site owner)",
        description=(
            'A course with students (a pending or approved enrollment) is refused: 400 {"detail": "Cannot '
            'delete a course that has students enrolled in it."}. Otherwise 204: its topics, lectures, '
            "videos and materials are deleted with it (rejected enrollment requests too), and the cover, "
            "the lectures' pictures and the material files are removed once the deletion is saved."
        ),
    )
    async def destroy(
        self, request: Request, delete_course: Inject[DeleteCourse], course_id: FromPath[int]
    ) -> None:
        await delete_course.execute(actor_of(request), course_id)


CONTROLLERS = [CourseController]
