"""Reading homework submissions and results (issue #12): a homework's submissions, one submission, the
results table (§8.1) and its CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from edutrack.core.actor import Actor, Role
from edutrack.core.entities.homework import SubmissionStatus
from edutrack.core.errors import NotFound
from edutrack.core.policies.content import viewer_of
from edutrack.core.policies.grading import percentage
from edutrack.core.policies.spreadsheet import cell as _cell
from edutrack.core.use_cases.homework.common import (
    SubmissionView,
    require_manage,
    require_staff,
    solutions_open,
)
from edutrack.ports.clock import Clock
from edutrack.ports.homework import HomeworkReader, HomeworkSubmissionReader, SubmissionFilter
from edutrack.ports.readers import Page, PageRequest


@dataclass(frozen=True, slots=True)
class SubmissionQuery:
    homework_id: int
    student: str | None = None  # a student profile id or a student code
    status: SubmissionStatus | None = None


class _Staff:
    def __init__(self, homeworks: HomeworkReader, reader: HomeworkSubmissionReader) -> None:
        self._homeworks = homeworks
        self._reader = reader

    async def _check_scope(self, actor: Actor, homework_id: int) -> None:
        """The homework exists (NotFound) and the actor manages it (PermissionDenied)."""
        require_staff(actor)
        row = await self._homeworks.get(homework_id)
        if row is None:
            raise NotFound()
        require_manage(actor, row.teacher_id)


class ListHomeworkSubmissions(_Staff):
    """Site owner, or the course's teacher and assistants (others: PermissionDenied). Newest first;
    ``student`` (profile id or student code) and ``status`` narrow. Rows carry no answers."""

    async def execute(self, actor: Actor, query: SubmissionQuery, page: PageRequest) -> Page[SubmissionView]:
        await self._check_scope(actor, query.homework_id)
        filters = SubmissionFilter(homework_id=query.homework_id, student=query.student, status=query.status)
        result = await self._reader.list(filters, page)
        return Page(
            total=result.total,
            items=[SubmissionView(row=row, staff=True, solutions=True) for row in result.items],
        )


class GetHomeworkSubmission:
    """The student who submitted it (another student: NotFound), or staff in scope (site owner; the
    course's teacher and assistants; another teacher: PermissionDenied). With the snapshot; a student sees
    the choices' ``is_correct`` and the explanations only once the homework has closed (or when it has no
    close date), and always the model answer."""

    def __init__(self, reader: HomeworkSubmissionReader, clock: Clock) -> None:
        self._reader = reader
        self._clock = clock

    async def execute(self, actor: Actor, submission_id: int) -> SubmissionView:
        viewer = viewer_of(actor)
        row = await self._reader.get(submission_id)
        if row is None:
            raise NotFound()
        if viewer.student:
            if actor.role is not Role.STUDENT or actor.student_id != row.student_id:
                raise NotFound()
        else:
            require_staff(actor)
            require_manage(actor, row.teacher_id)
        staff = not viewer.student
        return SubmissionView(
            row=row,
            staff=staff,
            solutions=solutions_open(row, self._clock.now(), staff),
            answers=tuple(await self._reader.answers(submission_id)),
        )


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One student's result (§8.1): a homework has one attempt and no passing score."""

    student_id: int
    student_name: str
    student_code: str
    score: Decimal
    max_score: Decimal
    percentage: Decimal
    last_submitted_at: datetime
    submission_id: int
    attempts: int = 1
    passed: bool | None = None


class HomeworkResults(_Staff):
    """Site owner, or the course's teacher and assistants. One row per student who submitted, oldest
    submission first; one COUNT and one page query."""

    async def execute(self, actor: Actor, homework_id: int, page: PageRequest) -> Page[ResultRow]:
        await self._check_scope(actor, homework_id)
        result = await self._reader.list(SubmissionFilter(homework_id=homework_id, oldest_first=True), page)
        return Page(
            total=result.total,
            items=[
                ResultRow(
                    student_id=r.student_id,
                    student_name=r.student_name,
                    student_code=r.student_code,
                    score=r.score,
                    max_score=r.max_score,
                    percentage=percentage(r.score, r.max_score),
                    last_submitted_at=r.submitted_at,
                    submission_id=r.id,
                )
                for r in result.items
            ],
        )


@dataclass(frozen=True, slots=True)
class ResultsCsv:
    filename: str
    text: str


CSV_HEADER = (
    "student",
    "student_name",
    "student_code",
    "attempts",
    "score",
    "max_score",
    "percentage",
    "passed",
    "last_submitted_at",
)


class ExportHomeworkResults(_Staff):
    """The results as CSV (every row, not paginated), for the same callers as HomeworkResults (the CLI acts
    as the site owner): the §8.1 columns, then one column per current question of the homework, headed
    ``Q<n> (#<question id>)``, holding the points awarded (empty when unanswered in the snapshot or not
    graded yet). Four statements whatever the number of students."""

    async def execute(self, actor: Actor, homework_id: int) -> ResultsCsv:
        await self._check_scope(actor, homework_id)
        questions = await self._homeworks.questions(homework_id)
        rows = await self._reader.list(
            SubmissionFilter(homework_id=homework_id, oldest_first=True), PageRequest(offset=0, limit=None)
        )
        points = await self._reader.points_by_question(homework_id)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(
            [*CSV_HEADER, *(f"Q{n} (#{q.question_id})" for n, q in enumerate(questions, start=1))]
        )
        for r in rows.items:
            awarded = points.get(r.id, {})
            writer.writerow(
                [
                    _cell(v)
                    for v in (
                        r.student_id,
                        r.student_name,
                        r.student_code,
                        1,
                        r.score,
                        r.max_score,
                        percentage(r.score, r.max_score),
                        None,
                        r.submitted_at,
                        *(awarded.get(q.question_id) for q in questions),
                    )
                ]
            )
        return ResultsCsv(filename=f"homework-{homework_id}-results.csv", text=buffer.getvalue())
