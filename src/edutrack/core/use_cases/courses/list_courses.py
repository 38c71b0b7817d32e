"""The course catalog (API_SUPPLEMENT §5, GET /courses/) and a teacher's own courses (Teacher §2,
GET /courses/my_courses/)."""

from __future__ import annotations

from edutrack.core.actor import Actor, Role
from edutrack.core.errors import NotFound
from edutrack.core.policies.access import require_role
from edutrack.core.policies.content import Viewer, viewer_of
from edutrack.core.use_cases.shared import Query
from edutrack.ports.courses import CourseFilter, CourseReader, CourseRow
from edutrack.ports.readers import Page, PageRequest

NO_PROFILE = "Teacher profile not found."


class ListCourses(Query[CourseReader]):
    """Any active user. Newest first; filtered by teacher, grade, subject and a search in the name and
    description. Students see active courses only; teachers and assistants also their own inactive ones;
    the site owner everything. Each row carries its visible topics and content counts."""

    async def execute(self, actor: Actor, filters: CourseFilter, page: PageRequest) -> Page[CourseRow]:
        return await self._reader.list(viewer_of(actor), filters, page)


class ListMyCourses(Query[CourseReader]):
    """Teachers only (assistants, students and the site owner: PermissionDenied). Every course of the
    teacher, active or not, newest first, without nested topics. A teacher account without a teacher
    profile: NotFound("Teacher profile not found.")."""

    async def execute(self, actor: Actor, page: PageRequest) -> Page[CourseRow]:
        require_role(actor, Role.TEACHER)
        if actor.teacher_id is None:
            raise NotFound(NO_PROFILE)
        viewer = Viewer(own_teacher_id=actor.teacher_id)
        filters = CourseFilter(teacher_id=actor.teacher_id)
        return await self._reader.list(viewer, filters, page, with_topics=False)
