"""Quizzes (Teacher API §10, API supplement §8, issue #13): ``/learning/quizzes/`` (create, read, update,
delete, release scores and answers, overrides) and ``/learning/quiz-overrides/``. Handlers decode, call one
use case and encode. Attempts are in ``attempts.py``, results and statistics in ``results.py``."""

from __future__ import annotations

from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, JSONBody

from edutrack.core.use_cases.quizzes.manage import (
    DeleteQuizOverride,
    ListQuizOverrides,
    PutQuizOverride,
    ReleaseQuizAnswers,
    ReleaseQuizScores,
)
from edutrack.core.use_cases.quizzes.read_quizzes import GetQuiz, ListQuizzes, QuizQuery
from edutrack.core.use_cases.quizzes.write_quizzes import CreateQuiz, DeleteQuiz, UpdateQuiz
from edutrack.entrypoints.http.controllers.quizzes.common import DETAIL, SCOPE, STAFF
from edutrack.entrypoints.http.conventions import (
    paginate,
    parse_bool,
    parse_int,
    parse_ordering,
    parse_search,
)
from edutrack.entrypoints.http.openapi import (
    AllQuery,
    BoolQuery,
    IntQuery,
    OrderingQuery,
    Paged,
    PageQuery,
    PageSizeQuery,
    SearchQuery,
)
from edutrack.entrypoints.http.schemas import quizzes as s
from edutrack.entrypoints.http.security import actor_of
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.quizzes import ORDERING_FIELDS
from edutrack.ports.readers import PageRequest

VISIBILITY = (
    "Staff see their teacher's courses' quizzes (the site owner all; another teacher's: 403). A student "
    "sees only published, active quizzes of lectures they hold unexpired access to (a purchase); any other "
    "quiz does not exist for them (404). "
)
ROW = (
    "A quiz row: `lecture`, `course` with their names; `passing_score` a percentage (two-decimal string or "
    "null); `total_points`, `question_count` over its current questions; `settings` {open_date, "
    "close_date, timer_minutes, score_visibility, answers_visibility (immediate|after_close|manual), "
    "question_order (fixed|random), shuffle_choices, allow_multiple_attempts, max_attempts, "
    "attempt_scoring (best|average|last), show_correct_after_submission}; `scores_released_at`, "
    "`answers_released_at`. For a student also `attempts_used`, `attempts_allowed` (null: unlimited; 1 "
    "without multiple attempts, else max_attempts, plus their override's extra attempts) and "
    "`in_progress_attempt` (the id of their attempt in progress, or null). "
)
DETAIL_SHAPE = (
    "The detail adds `questions` (by order: `question` the bank id, `question_text`, `question_type`, "
    "`points_override` (always null for now), `effective_points`, `choices` with `is_correct`) for staff; "
    "a student gets an empty `questions`: an exam's questions are shown only inside an attempt, once its "
    "timer runs. "
)
BODY = (
    'JSON {lecture, title, description="", passing_score=null (percentage 0..100, string or number, two '
    "decimals), is_active=true, is_published=false, settings: {open_date=null, close_date=null, "
    'timer_minutes=null (1..10080), score_visibility="immediate", answers_visibility="after_close", '
    'question_order="fixed", shuffle_choices=false, allow_multiple_attempts=false, max_attempts=null '
    '(1..100; null: unlimited), attempt_scoring="best", show_correct_after_submission=true}, '
    "question_ids=[]}. An unknown enum value or a number out of range: 400 naming the field. Rules (400 "
    "field errors, every problem at once, nothing written; settings' errors are keyed by the setting's "
    'own name): an unknown lecture {"lecture": ["Invalid pk \\"9\\" - object does not exist."]}; a blank '
    'title; `open_date` before `close_date` ({"close_date": ["Close date must be after open date."]}); '
    '`max_attempts` null or 1 without `allow_multiple_attempts` ({"max_attempts": ["Must be 1 or null '
    'when multiple attempts are not allowed."]}); each of `question_ids` a bank question the caller may '
    "read (their teacher's or a global one; any for the site owner), listed once. Datetimes without an "
    "offset are read as UTC. "
)


class QuizController(Controller):
    path = "/learning/quizzes"
    tags = ["quizzes"]

    @get(
        "/",
        summary="List quizzes (any authenticated user)",
        description=(
            "Paginated (?page, ?page_size, ?all=true), newest first. Filters: ?lecture=, ?course=, "
            "?is_published=, ?is_active=, ?search= (case-insensitive part of the title), ?ordering= "
            "(created_at, title, open_date, close_date, id; `-` for descending). " + VISIBILITY + ROW
        ),
    )
    async def list_quizzes(
        self,
        request: Request,
        list_quizzes: Inject[ListQuizzes],
        lecture: IntQuery = None,
        course: IntQuery = None,
        is_published: BoolQuery = None,
        is_active: BoolQuery = None,
        search: SearchQuery = None,
        ordering: OrderingQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[s.QuizOut]:
        actor = actor_of(request)
        query = QuizQuery(
            lecture=parse_int("lecture", lecture),
            course=parse_int("course", course),
            is_published=parse_bool("is_published", is_published),
            is_active=parse_bool("is_active", is_active),
            search=parse_search(search),
            ordering=tuple(parse_ordering(ordering, ORDERING_FIELDS)),
        )

        async def fetch(page: PageRequest) -> object:
            return await list_quizzes.execute(actor, query, page)

        return await paginate(request, fetch, s.quiz_out)

    @post(
        "/",
        guards=STAFF,
        summary="Create a quiz (site owner, teacher, assistant)",
        description="201 with the quiz's detail. " + BODY + SCOPE + ROW + DETAIL_SHAPE,
    )
    async def create_quiz(
        self, request: Request, create_quiz: Inject[CreateQuiz], data: JSONBody[s.QuizIn]
    ) -> s.QuizDetailOut:
        return s.quiz_detail_out(await create_quiz.execute(actor_of(request), s.new_quiz(data)))

    @get(
        DETAIL,
        summary="A quiz with its questions (staff in scope; students with access)",
        description=VISIBILITY + ROW + DETAIL_SHAPE,
    )
    async def get_quiz(
        self, request: Request, get_quiz: Inject[GetQuiz], quiz_id: FromPath[int]
    ) -> s.QuizDetailOut:
        return s.quiz_detail_out(await get_quiz.execute(actor_of(request), quiz_id))

    @put(
        DETAIL,
        guards=STAFF,
        summary="Update a quiz (site owner, teacher, assistant)",
        description=(
            "Fields not sent keep their values (in `settings` too); the result must keep the create rules. "
            "`question_ids` sent replace the whole list, but not once any attempt exists (400 "
            '{"question_ids": ["Cannot change the questions: students have already attempted this '
            'quiz."]}). Settings may change at any time: they apply to attempts started afterwards; the '
            "deadline of an attempt in progress is not moved (an override does move it, see overrides). "
            "Moving the quiz to another lecture needs the same right there. " + BODY + SCOPE + DETAIL_SHAPE
        ),
    )
    async def update_quiz(
        self,
        request: Request,
        update_quiz: Inject[UpdateQuiz],
        quiz_id: FromPath[int],
        data: JSONBody[s.QuizUpdateIn],
    ) -> s.QuizDetailOut:
        return s.quiz_detail_out(await update_quiz.execute(actor_of(request), s.quiz_changes(quiz_id, data)))

    @delete(
        DETAIL,
        guards=STAFF,
        summary="Delete a quiz (site owner, teacher, assistant)",
        description="204; its attempts and overrides go with it (the bank's questions stay). " + SCOPE,
    )
    async def delete_quiz(
        self, request: Request, delete_quiz: Inject[DeleteQuiz], quiz_id: FromPath[int]
    ) -> None:
        await delete_quiz.execute(actor_of(request), quiz_id)

    @post(
        DETAIL + "release-scores/",
        guards=STAFF,
        status_code=200,
        summary="Release a quiz's scores (site owner, teacher, assistant)",
        description=(
            "Students then see their scores whatever score_visibility says. Overdue attempts are closed "
            "first; every student with a closed attempt is notified (scores_released). 200 "
            '{"detail": "Scores released to N students."}. Releasing again moves the release time and '
            "notifies again. " + SCOPE
        ),
    )
    async def release_scores(
        self, request: Request, release_quiz_scores: Inject[ReleaseQuizScores], quiz_id: FromPath[int]
    ) -> s.DetailOut:
        return s.DetailOut(detail=await release_quiz_scores.execute(actor_of(request), quiz_id))

    @post(
        DETAIL + "release-answers/",
        guards=STAFF,
        status_code=200,
        summary="Release a quiz's correct answers (site owner, teacher, assistant)",
        description=(
            "Students then see the correct choices and explanations of their closed attempts whatever "
            "answers_visibility and show_correct_after_submission say. Notifies every student with a closed "
            'attempt (answers_released). 200 {"detail": "Answers released to N students."}. ' + SCOPE
        ),
    )
    async def release_answers(
        self, request: Request, release_quiz_answers: Inject[ReleaseQuizAnswers], quiz_id: FromPath[int]
    ) -> s.DetailOut:
        return s.DetailOut(detail=await release_quiz_answers.execute(actor_of(request), quiz_id))

    @get(
        DETAIL + "overrides/",
        guards=STAFF,
        summary="A quiz's per-student overrides (site owner, teacher, assistant)",
        description=(
            "Paginated, by student name: {id, quiz, student, student_name, student_code, extra_minutes, "
            "extra_attempts, close_date, created_at, updated_at}. " + SCOPE
        ),
    )
    async def list_overrides(
        self,
        request: Request,
        list_quiz_overrides: Inject[ListQuizOverrides],
        quiz_id: FromPath[int],
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[s.OverrideOut]:
        actor = actor_of(request)

        async def fetch(page: PageRequest) -> object:
            return await list_quiz_overrides.execute(actor, quiz_id, page)

        return await paginate(request, fetch, s.override_out)

    @post(
        DETAIL + "overrides/",
        guards=STAFF,
        summary="Give a student an override (site owner, teacher, assistant)",
        description=(
            'JSON {"student": <student profile id or student code>, "extra_minutes": 0..10080 = 0, '
            '"extra_attempts": 0..100 = 0, "close_date": datetime|null = null}: extra time on the timer, '
            "extra attempts, and the student's own close date replacing the quiz's (later or earlier). One "
            "per student and quiz: posting again replaces it (same id). An unknown student: 400 "
            '{"student": ["No student with this id or student code."]}. The deadline of the student\'s '
            "attempt in progress, if any, is recomputed at once with the new override (it may move either "
            "way); attempts started later use it too. 201 with the override. " + SCOPE
        ),
    )
    async def put_override(
        self,
        request: Request,
        put_quiz_override: Inject[PutQuizOverride],
        quiz_id: FromPath[int],
        data: JSONBody[s.OverrideIn],
    ) -> s.OverrideOut:
        return s.override_out(
            await put_quiz_override.execute(actor_of(request), s.override_command(quiz_id, data))
        )


class QuizOverrideController(Controller):
    path = "/learning/quiz-overrides"
    tags = ["quizzes"]

    @delete(
        "/{override_id:int}/",
        guards=STAFF,
        summary="Delete an override (site owner, teacher, assistant)",
        description=(
            "204. Attempts in progress keep their deadline; attempts started later use the quiz's settings. "
            "Unknown override: 404." + SCOPE
        ),
    )
    async def delete_override(
        self, request: Request, delete_quiz_override: Inject[DeleteQuizOverride], override_id: FromPath[int]
    ) -> None:
        await delete_quiz_override.execute(actor_of(request), override_id)


CONTROLLERS = [QuizController, QuizOverrideController]
