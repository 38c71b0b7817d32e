"""Reading quizzes (Teacher API §10: GET /learning/quizzes/ and /learning/quizzes/{id}/)."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor, Role
from edutrack.core.errors import NotFound, PermissionDenied
from edutrack.core.policies.content import viewer_of
from edutrack.core.use_cases.quizzes.common import QuizView, may_manage, require_student, student_sees
from edutrack.ports.clock import Clock
from edutrack.ports.purchases import LectureAccess
from edutrack.ports.quizzes import QuizFilter, QuizReader
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class QuizQuery:
    lecture: int | None = None
    course: int | None = None
    is_published: bool | None = None
    is_active: bool | None = None
    search: str | None = None
    ordering: tuple[tuple[str, bool], ...] = ()


class _Reading:
    def __init__(self, uow: UnitOfWork, reader: QuizReader, access: LectureAccess, clock: Clock) -> None:
        self._uow = uow
        self._reader = reader
        self._access = access
        self._clock = clock

    async def _student(self, actor: Actor) -> int:
        """The student's id, after closing their overdue attempts (``in_progress_attempt`` is never one
        whose time is up)."""
        student_id = require_student(actor)
        async with self._uow as uow:
            await uow.quiz_attempts.close_overdue(self._clock.now(), student_id=student_id)
            await uow.commit()
        return student_id


class ListQuizzes(_Reading):
    """Any authenticated user. The site owner: every quiz; a teacher or assistant: their teacher's
    courses' quizzes (drafts included); a student: the published, active quizzes of the lectures they hold
    unexpired access to, each with ``attempts_used``, ``attempts_allowed`` and ``in_progress_attempt``.
    One COUNT and one page query whatever the page size."""

    async def execute(self, actor: Actor, query: QuizQuery, page: PageRequest) -> Page[QuizView]:
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
            student_id = await self._student(actor)
            accessible = await self._access.lectures_with_access(student_id, None, self._clock.now())
            filters = QuizFilter(
                lecture_ids=accessible,
                student_open=True,
                student_id=student_id,
                **common,  # type: ignore[arg-type]
            )
        elif viewer.sees_all:
            filters = QuizFilter(**common)  # type: ignore[arg-type]
        else:
            if viewer.own_teacher_id is None:
                raise PermissionDenied()
            filters = QuizFilter(teacher=viewer.own_teacher_id, **common)  # type: ignore[arg-type]
        result = await self._reader.list(filters, page)
        staff = not viewer.student
        return Page(total=result.total, items=[QuizView(row=row, staff=staff) for row in result.items])


class GetQuiz(_Reading):
    """Any authenticated user. Staff in scope see every field and the choices' ``is_correct``; another
    teacher: PermissionDenied. A student sees the quiz only if published, active and of a lecture they
    hold unexpired access to (else NotFound), and without its questions: an exam's questions are seen
    only inside an attempt, once its timer runs (``questions`` is empty; ``question_count`` and
    ``total_points`` are there)."""

    async def execute(self, actor: Actor, quiz_id: int) -> QuizView:
        viewer = viewer_of(actor)
        if viewer.student:
            student_id = await self._student(actor)
            row = await self._reader.get(quiz_id, student_id)
            accessible = (
                await self._access.lectures_with_access(student_id, {row.lecture_id}, self._clock.now())
                if row
                else frozenset()
            )
            if row is None or not student_sees(row, accessible):
                raise NotFound()
            return QuizView(row=row, staff=False, questions=())  # the questions only inside an attempt
        row = await self._reader.get(quiz_id)
        if row is None:
            raise NotFound()
        if actor.role is not Role.SITE_OWNER and not may_manage(actor, row.teacher_id):
            raise PermissionDenied()
        return QuizView(row=row, staff=True, questions=tuple(await self._reader.questions(quiz_id)))
