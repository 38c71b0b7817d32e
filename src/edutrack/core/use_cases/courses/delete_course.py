"""Delete a course (SiteOwner §3, DELETE /courses/{id}/)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.errors import NotFound, RuleViolation
from edutrack.core.policies.access import require_site_owner
from edutrack.core.use_cases.shared import ContentRemover

HAS_STUDENTS = "Cannot delete a course that has students enrolled in it."


class DeleteCourse(ContentRemover):
    """Site owner only.

    Invariants: a course with students (a pending or approved enrollment) is never deleted
    (RuleViolation; the database's RESTRICT key on enrollments decides a race). Otherwise the course and
    its topics, lectures, videos and materials go in one transaction; the cover, the lectures' pictures
    and the materials' private files are deleted only after the commit. Unknown course: NotFound.
    """

    async def execute(self, actor: Actor, course_id: int) -> None:
        require_site_owner(actor)
        async with self._uow as uow:
            if await uow.courses.get(course_id) is None:
                raise NotFound()
            if await uow.courses.has_students(course_id):
                raise RuleViolation(HAS_STUDENTS)
            files = await uow.courses.file_keys(course_id)
            await uow.courses.delete(course_id)
            await uow.commit()
        for key in files.pictures:
            await self._storage.delete(key)
        for key in files.materials:
            await self._private_files.delete(key)
