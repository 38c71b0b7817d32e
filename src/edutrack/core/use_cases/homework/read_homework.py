"""Reading homework (Teacher API §9: GET /learning/homeworks/ and /learning/homeworks/{id}/)."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor, Role
from edutrack.core.errors import NotFound, PermissionDenied
from edutrack.core.policies.content import viewer_of
from edutrack.core.use_cases.homework.common import HomeworkView, may_manage, require_student, student_sees
from edutrack.ports.clock import Clock
from edutrack.ports.homework import HomeworkFilter, HomeworkReader
from edutrack.ports.purchases import LectureAccess
from edutrack.ports.readers import Page, PageRequest


@dataclass(frozen=True, slots=True)
class HomeworkQuery:
    lecture: int | None = None
    course: int | None = None
    is_published: bool | None = None
    is_active: bool | None = None
    search: str | None = None
    ordering: tuple[tuple[str, bool], ...] = ()


class _Reading:
    def __init__(self, reader: HomeworkReader, access: LectureAccess, clock: Clock) -> None:
        self._reader = reader
        self._access = access
        self._clock = clock

    async def _accessible(self, student_id: int, lecture_ids: set[int] | None) -> frozenset[int]:
        return await self._access.lectures_with_access(student_id, lecture_ids, self._clock.now())


class ListHomeworks(_Reading):
    """Any authenticated user. The site owner: every homework; a teacher or assistant: their teacher's
    courses' homework (drafts included); a student: the published, active homework of the lectures they
    hold unexpired access to (one access query, then one COUNT and one page query), each with
    ``my_submission``. Filters: lecture, course, is_published, is_active, search (title); newest first
    by default."""

    async def execute(self, actor: Actor, query: HomeworkQuery, page: PageRequest) -> Page[HomeworkView]:
        viewer = viewer_of(actor)
        common = {
            "lecture": query.lecture,
            "course": query.course,
            "is_published": query.is_published,
            "is_active": query.is_active,
            "search": query.search,
            "ordering": query.ordering,
        }
        if viewer.student:
            student_id = require_student(actor)
            accessible = await self._accessible(student_id, None)
            filters = HomeworkFilter(
                lecture_ids=accessible,
                student_open=True,
                student_id=student_id,
                **common,  # type: ignore[arg-type]
            )
        elif viewer.sees_all:
            filters = HomeworkFilter(**common)  # type: ignore[arg-type]
        else:
            if viewer.own_teacher_id is None:
                raise PermissionDenied()
            filters = HomeworkFilter(teacher=viewer.own_teacher_id, **common)  # type: ignore[arg-type]
        result = await self._reader.list(filters, page)
        staff = not viewer.student
        return Page(total=result.total, items=[HomeworkView(row=row, staff=staff) for row in result.items])


class GetHomework(_Reading):
    """Any authenticated user. Staff in scope (site owner; the course's teacher and assistants) see every
    field, choices with ``is_correct`` and the model answer; another teacher: PermissionDenied. A student
    sees the homework only if published, active, and of a lecture they hold unexpired access to (else
    NotFound): choices without ``is_correct``, the model answer only once they submitted."""

    async def execute(self, actor: Actor, homework_id: int) -> HomeworkView:
        viewer = viewer_of(actor)
        if viewer.student:
            student_id = require_student(actor)
            row = await self._reader.get(homework_id, student_id)
            if row is None or not student_sees(row, await self._accessible(student_id, {row.lecture_id})):
                raise NotFound()
            staff = False
        else:
            row = await self._reader.get(homework_id)
            if row is None:
                raise NotFound()
            if actor.role is not Role.SITE_OWNER and not may_manage(actor, row.teacher_id):
                raise PermissionDenied()
            staff = True
        return HomeworkView(row=row, staff=staff, questions=tuple(await self._reader.questions(homework_id)))
