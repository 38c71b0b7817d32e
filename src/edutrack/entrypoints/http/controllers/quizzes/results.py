"""A quiz's results and item analysis (§8.1): ``/learning/quizzes/{id}/results/`` and
``/learning/quizzes/{id}/statistics/``. Handlers decode, call one use case and encode."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get
from litestar.params import FromPath

from edutrack.core.actor import Role
from edutrack.core.use_cases.quizzes.results import ExportQuizResults, QuizResults
from edutrack.core.use_cases.quizzes.statistics import QuizStatistics
from edutrack.entrypoints.http.conventions import paginate, parse_choice
from edutrack.entrypoints.http.openapi import AllQuery, Paged, PageOrCsv, PageQuery, PageSizeQuery, choice
from edutrack.entrypoints.http.schemas import quiz_results as s
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.readers import PageRequest

DETAIL = "/{quiz_id:int}/"
STAFF = [roles(Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT)]
SCOPE = (
    "Who reads: the site owner, or the lecture's course teacher and their assistants; another teacher: "
    '403 {"detail": ...}; students: 403; no such quiz: 404. Attempts past their deadline and the 30 s '
    "grace are closed first (with their saved answers), so they are counted. "
)
SCORED = (
    "The *scored attempts* follow the quiz's `attempt_scoring` over each student's closed attempts "
    "(`submitted` or `graded`; attempts in progress never count): `best` the attempt with the highest "
    "score (the earliest of equal ones), `last` the closed attempt with the highest attempt number, "
    "`average` every closed attempt. "
)


class QuizResultsController(Controller):
    path = "/learning/quizzes"
    tags = ["quizzes"]

    @get(
        DETAIL + "results/",
        guards=STAFF,
        summary="A quiz's results (site owner, teacher, assistant)",
        operation_class=PageOrCsv,
        description=(
            "§8.1: one row per student with a closed attempt {student, student_name, student_code, "
            "attempts (closed attempts), score, max_score (two-decimal strings, points; for `average` the "
            "means over the closed attempts, rounded half up), percentage (score / max_score × 100), passed "
            "(percentage ≥ the quiz's passing_score; null without one), last_submitted_at}, paginated, the "
            "student whose first closed attempt is oldest first. " + SCORED + "?format=csv answers "
            "`text/csv` with every row (not paginated) and one more column per current question of the "
            "quiz, headed `Q1 (#<question id>)`, holding the points awarded in the scored attempt (for "
            "`average` the mean over the closed attempts, an unanswered question counting 0; empty when "
            "the student did not answer it there or an answer still waits for a written grade); cells a "
            "spreadsheet would read as a formula are prefixed with an apostrophe. The CLI writes the same "
            "file: `edutrack quizzes results --quiz ID --csv FILE`. Computed in the database: a fixed "
            "number of SQL statements whatever the number of students, attempts or questions. " + SCOPE
        ),
    )
    async def results(
        self,
        request: Request,
        quiz_results: Inject[QuizResults],
        export_quiz_results: Inject[ExportQuizResults],
        quiz_id: FromPath[int],
        format: Annotated[str | None, choice("json", "csv")] = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Response[Paged[s.QuizResultOut] | str]:
        actor = actor_of(request)
        if parse_choice("format", format, ["json", "csv"]) == "csv":
            exported = await export_quiz_results.execute(actor, quiz_id)
            return Response(
                exported.text,
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{exported.filename}"'},
            )

        async def fetch(page: PageRequest) -> object:
            return await quiz_results.execute(actor, quiz_id, page)

        return Response(await paginate(request, fetch, s.result_out))

    @get(
        DETAIL + "statistics/",
        guards=STAFF,
        summary="A quiz's item analysis (site owner, teacher, assistant)",
        description=(
            "§8.1 (Moodle's quiz statistics), over the scored attempts: {attempts (how many), "
            "average_score, median_score (points, two-decimal strings; null without attempts), questions: "
            "[{question (bank id), text, attempts (scored attempts holding it), facility (mean fraction of "
            "its points earned, 0..1), discrimination (Pearson correlation of the question's points with "
            "the rest of the attempt's score, -1..1; null under 2 answers or when either does not vary), "
            "choices: [{id, text, picked (how many of the scored attempts selected it)}]}]}. "
            + SCORED
            + "For `average` every closed attempt counts. One entry per current question of the quiz in "
            "its order, with the bank's text and choices (a choice picked in an attempt's snapshot but no "
            "longer in the bank follows, with its snapshot text). facility and discrimination count the "
            "answers whose points are known: an unanswered question counts 0, a written answer waiting "
            "for a grade is left out until graded. Numbers have four decimals. Computed in the database: "
            "counts and sums per question (n, Σx, Σy, Σxy, Σx², Σy²) and the median by an ordered query, a "
            "fixed number of SQL statements whatever the number of questions and attempts. " + SCOPE
        ),
    )
    async def statistics(
        self, request: Request, quiz_statistics: Inject[QuizStatistics], quiz_id: FromPath[int]
    ) -> s.QuizStatisticsOut:
        return s.statistics_out(await quiz_statistics.execute(actor_of(request), quiz_id))


CONTROLLERS = [QuizResultsController]
