"""Reading attempts (API supplement §8): a student's own attempts of a quiz, one attempt, and a quiz's
attempts for its staff. Every read first closes the overdue attempts it touches (one conditional
UPDATE), so no answer ever shows an attempt ``in_progress`` after its deadline and grace."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor
from edutrack.core.entities.quizzes import AttemptStatus
from edutrack.core.errors import NotFound
from edutrack.core.policies.content import viewer_of
from edutrack.core.use_cases.quizzes.common import AttemptView, require_manage, require_staff, require_student
from edutrack.ports.clock import Clock
from edutrack.ports.purchases import LectureAccess
from edutrack.ports.quiz_attempts import AttemptFilter, QuizAttemptReader
from edutrack.ports.quizzes import QuizReader
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class AttemptQuery:
    quiz_id: int
    student: str | None = None  # a student profile id or a student code
    status: AttemptStatus | None = None


class _Reading:
    def __init__(self, uow: UnitOfWork, clock: Clock, quizzes: QuizReader, reader: QuizAttemptReader) -> None:
        self._uow = uow
        self._clock = clock
        self._quizzes = quizzes
        self._reader = reader

    async def _close_overdue(self, **which: int) -> None:
        async with self._uow as uow:
            await uow.quiz_attempts.close_overdue(self._clock.now(), **which)
            await uow.commit()


class ListMyQuizAttempts(_Reading):
    """``GET /learning/quizzes/{id}/my-submissions/``: students only. The quiz must be one the student
    sees (published, active, unexpired access: else NotFound). Their attempts, newest first, without
    answers; the score per the quiz's ``score_visibility``."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        quizzes: QuizReader,
        reader: QuizAttemptReader,
        access: LectureAccess,
    ) -> None:
        super().__init__(uow, clock, quizzes, reader)
        self._access = access

    async def execute(self, actor: Actor, quiz_id: int, page: PageRequest) -> Page[AttemptView]:
        viewer_of(actor)
        student_id = require_student(actor)
        row = await self._quizzes.get(quiz_id, student_id)
        now = self._clock.now()
        if (
            row is None
            or not (row.is_published and row.is_active)
            or row.lecture_id
            not in await self._access.lectures_with_access(student_id, {row.lecture_id}, now)
        ):
            raise NotFound()
        await self._close_overdue(quiz_id=quiz_id, student_id=student_id)
        result = await self._reader.list(AttemptFilter(quiz_id=quiz_id, student_id=student_id), page)
        now = self._clock.now()
        return Page(
            total=result.total,
            items=[AttemptView(row=r, staff=False, now=now) for r in result.items],
        )


class GetQuizAttempt(_Reading):
    """``GET /learning/quiz-submissions/{id}/``: the student who took it (another student: NotFound), or
    staff in scope (site owner; the course's teacher and assistants; another teacher:
    PermissionDenied). With the snapshot and the saved answers; the student sees the score and the
    correct answers only as the quiz's visibility settings allow."""

    async def execute(self, actor: Actor, attempt_id: int) -> AttemptView:
        viewer = viewer_of(actor)
        row = await self._reader.get(attempt_id)
        if row is None:
            raise NotFound()
        if viewer.student:
            if row.student_id != require_student(actor):
                raise NotFound()
        else:
            require_staff(actor)
            require_manage(actor, row.teacher_id)
        if row.status is AttemptStatus.IN_PROGRESS:
            await self._close_overdue(attempt_id=attempt_id)
            row = await self._reader.get(attempt_id)
            if row is None:
                raise NotFound()
        return AttemptView(
            row=row,
            staff=not viewer.student,
            now=self._clock.now(),
            answers=tuple(await self._reader.answers(attempt_id)),
        )


class ListQuizAttempts(_Reading):
    """``GET /learning/quizzes/{id}/submissions/``: site owner, or the course's teacher and assistants
    (others: PermissionDenied; unknown quiz: NotFound). Every attempt, newest started first;
    ``student`` (profile id or student code) and ``status`` narrow. Rows carry no answers."""

    async def execute(self, actor: Actor, query: AttemptQuery, page: PageRequest) -> Page[AttemptView]:
        require_staff(actor)
        row = await self._quizzes.get(query.quiz_id)
        if row is None:
            raise NotFound()
        require_manage(actor, row.teacher_id)
        await self._close_overdue(quiz_id=query.quiz_id)
        filters = AttemptFilter(quiz_id=query.quiz_id, student=query.student, status=query.status)
        result = await self._reader.list(filters, page)
        now = self._clock.now()
        return Page(total=result.total, items=[AttemptView(row=r, staff=True, now=now) for r in result.items])
