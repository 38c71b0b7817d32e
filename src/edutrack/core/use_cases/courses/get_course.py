"""One course of the catalog (API_SUPPLEMENT §5, GET /courses/{id}/)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.use_cases.courses.create_course import answer
from edutrack.core.use_cases.shared import Query
from edutrack.ports.courses import CourseReader, CourseRow


class GetCourse(Query[CourseReader]):
    """Any active user. The course with its topics (each with its lectures and their videos), as far as
    the caller may see them: students see active courses only; teachers and assistants also their own
    inactive ones; the site owner everything. A course the caller may not see is NotFound."""

    async def execute(self, actor: Actor, course_id: int) -> CourseRow:
        return await answer(self._reader, actor, course_id)
