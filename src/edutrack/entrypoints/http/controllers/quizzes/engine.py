"""Quizzes (Teacher API §10, API supplement §8 and §8.1, issue #13): ``/learning/quizzes/``,
``/learning/quiz-submissions/`` and ``/learning/quiz-overrides/``. Handlers decode, call one use case
and encode. Results and statistics are in ``results.py``."""

from __future__ import annotations

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from edutrack.core.actor import Role
from edutrack.core.entities.quizzes import AttemptStatus
from edutrack.core.use_cases.quizzes.attempts import SaveQuizAnswers, StartQuizAttempt, SubmitQuizAttempt
from edutrack.core.use_cases.quizzes.manage import (
    DeleteQuizOverride,
    GradeQuizWrittenAnswer,
    ListQuizOverrides,
    PutQuizOverride,
    ReleaseQuizAnswers,
    ReleaseQuizScores,
)
from edutrack.core.use_cases.quizzes.read_attempts import (
    AttemptQuery,
    GetQuizAttempt,
    ListMyQuizAttempts,
    ListQuizAttempts,
)
from edutrack.core.use_cases.quizzes.read_quizzes import GetQuiz, ListQuizzes, QuizQuery
from edutrack.core.use_cases.quizzes.write_quizzes import CreateQuiz, DeleteQuiz, UpdateQuiz
from edutrack.entrypoints.http.conventions import (
    PageOut,
    paginate,
    parse_bool,
    parse_choice,
    parse_int,
    parse_ordering,
    parse_search,
)
from edutrack.entrypoints.http.schemas import quizzes as s
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.quizzes import ORDERING_FIELDS
from edutrack.ports.readers import PageRequest

DETAIL = "/{quiz_id:int}/"
ATTEMPT = "/{attempt_id:int}/"
STAFF = [roles(Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT)]
STUDENTS = [roles(Role.STUDENT)]
SCOPE = (
    " Who manages: the site owner, or the lecture's course teacher and their assistants; another teacher: "
    '403 {"detail": ...}; students: 403; no such quiz: 404. '
)
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
ENGINE = (
    "The server is the only clock. An attempt's `deadline` = min(started_at + timer_minutes + the "
    "student's extra minutes, the student's close date (their override's, else the quiz's)), null with "
    "neither; answers are accepted until `deadline` + 30 s grace. An attempt still in progress then is "
    "closed with its saved answers and graded by the server without any request (a sweep every ~10 s), and "
    "every read or write first closes the overdue attempts it touches: no response shows an attempt "
    "`in_progress` after deadline + 30 s (`closed_by` is `timer` and `submitted_at` the deadline). "
)
SUBMISSION = (
    "An attempt: {id, quiz, quiz_title, student, student_name, student_code, attempt_number, status "
    "(in_progress | submitted: a written answer waits for a grade | graded), started_at, deadline, "
    "server_now (the server's clock: count down from deadline - server_now), submitted_at, closed_by "
    "(student|timer|null), score, max_score, percentage (two-decimal strings), passed (percentage ≥ "
    "passing_score; null without one), answers: [{id, question, selected_choices, written_answer, "
    "is_correct, points_awarded, score_override, feedback, saved_at}], questions: [{question, order, "
    "points, question_type, text, image, explanation, choices: [{id, text, image, order, is_correct}]}]}. "
    "`answers` and `questions` are the snapshot taken at start (one per question of the quiz then, in the "
    "attempt's display order: random when question_order is random, choices shuffled when "
    "shuffle_choices; stable for the attempt): editing the bank or the quiz later never changes them. For "
    "the student, `score`, `percentage`, `passed` and each answer's `is_correct`, `points_awarded`, "
    "`score_override` and `feedback` are null (feedback empty) until the score is visible: "
    "score_visibility `immediate` once the attempt is closed; `after_close` once the quiz is closed for "
    "everybody (its close date and every student's own later close date passed; without a close date only "
    "after release-scores); `manual` after release-scores (a release opens it whatever the setting). The "
    "choices' `is_correct` (absent before) and `explanation` (null before) the same way per "
    "answers_visibility and release-answers, and only after release-answers when "
    "show_correct_after_submission is false. Staff see everything. "
)


def _status(raw: str | None) -> AttemptStatus | None:
    value = parse_choice("status", raw, [x.value for x in AttemptStatus])
    return AttemptStatus(value) if value is not None else None


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
        lecture: FromQuery[str | None] = None,
        course: FromQuery[str | None] = None,
        is_published: FromQuery[str | None] = None,
        is_active: FromQuery[str | None] = None,
        search: FromQuery[str | None] = None,
        ordering: FromQuery[str | None] = None,
    ) -> PageOut[s.QuizOut]:
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
        DETAIL + "start/",
        guards=STUDENTS,
        summary="Start an attempt (verified student with access)",
        description=(
            'A student not verified: 403 {"detail": "Your account is not verified."}. A quiz the student '
            "cannot see: 404. An attempt of theirs in progress: 200 with it (no new attempt, no attempt "
            'used). Before `open_date`: 400 {"error": "This quiz is not open yet."}; at or after their close '
            'date: 400 {"error": "This quiz is closed."}; no attempts left: 400 {"error": "You have no '
            'attempts left for this quiz."}. Else 201 with the new attempt: every question of the quiz, '
            "unanswered, without the correct answers. Two starts at once open one attempt (the database's "
            "unique indexes decide; the other answers 200 with it). " + ENGINE + SUBMISSION
        ),
        status_code=201,
    )
    async def start(
        self, request: Request, start_quiz_attempt: Inject[StartQuizAttempt], quiz_id: FromPath[int]
    ) -> Response[s.AttemptOut]:
        view = await start_quiz_attempt.execute(actor_of(request), quiz_id)
        return Response(s.attempt_out(view), status_code=201 if view.created else 200)

    @get(
        DETAIL + "my-submissions/",
        guards=STUDENTS,
        summary="The calling student's attempts of a quiz",
        description=(
            "Paginated, newest first; rows without `answers` and `questions`; the score per the visibility "
            "rules below. A quiz the student cannot see: 404. " + ENGINE + SUBMISSION
        ),
    )
    async def my_submissions(
        self, request: Request, list_my_quiz_attempts: Inject[ListMyQuizAttempts], quiz_id: FromPath[int]
    ) -> PageOut[s.AttemptOut]:
        actor = actor_of(request)

        async def fetch(page: PageRequest) -> object:
            return await list_my_quiz_attempts.execute(actor, quiz_id, page)

        return await paginate(request, fetch, s.attempt_out)

    @get(
        DETAIL + "submissions/",
        guards=STAFF,
        summary="A quiz's attempts (site owner, teacher, assistant)",
        description=(
            "Paginated, newest started first; ?student=<student profile id or student code>, "
            "?status=in_progress|submitted|graded. Rows without `answers` and `questions`. " + SCOPE + ENGINE
        ),
    )
    async def submissions(
        self,
        request: Request,
        list_quiz_attempts: Inject[ListQuizAttempts],
        quiz_id: FromPath[int],
        student: FromQuery[str | None] = None,
        status: FromQuery[str | None] = None,
    ) -> PageOut[s.AttemptOut]:
        actor = actor_of(request)
        query = AttemptQuery(quiz_id=quiz_id, student=parse_search(student), status=_status(status))

        async def fetch(page: PageRequest) -> object:
            return await list_quiz_attempts.execute(actor, query, page)

        return await paginate(request, fetch, s.attempt_out)

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
        self, request: Request, list_quiz_overrides: Inject[ListQuizOverrides], quiz_id: FromPath[int]
    ) -> PageOut[s.OverrideOut]:
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


class QuizSubmissionController(Controller):
    path = "/learning/quiz-submissions"
    tags = ["quizzes"]

    @get(
        ATTEMPT,
        summary="One attempt (its student; staff in scope)",
        description=(
            "The student who took it (another student: 404), or the site owner, the course's teacher and "
            "assistants (another teacher: 403). " + ENGINE + SUBMISSION
        ),
    )
    async def get_attempt(
        self, request: Request, get_quiz_attempt: Inject[GetQuizAttempt], attempt_id: FromPath[int]
    ) -> s.AttemptOut:
        return s.attempt_out(await get_quiz_attempt.execute(actor_of(request), attempt_id))

    @put(
        ATTEMPT + "answers/",
        guards=STUDENTS,
        summary="Autosave answers (the attempt's student)",
        description=(
            'The submit body {"answers": [{"question": <bank question id>, "selected_choices": [choice ids] '
            '= [], "written_answer": "..." | null}]}; questions left out keep what was saved; an answer sent '
            "replaces that question's saved answer (an empty selection clears it). Own attempt only "
            "(another's: 404), in progress and before deadline + 30 s, else 400 "
            '{"error": "This attempt is closed."} (an overdue attempt is closed then, with what was saved '
            "before). Checked like a submit (400 under `answers`, nothing saved). 200 with the attempt and "
            "its saved answers (results hidden per the visibility rules). " + SUBMISSION
        ),
    )
    async def autosave(
        self,
        request: Request,
        save_quiz_answers: Inject[SaveQuizAnswers],
        attempt_id: FromPath[int],
        data: JSONBody[s.SubmitIn],
    ) -> s.AttemptOut:
        view = await save_quiz_answers.execute(actor_of(request), s.answers_command(attempt_id, data))
        return s.attempt_out(view)

    @post(
        ATTEMPT + "submit/",
        guards=STUDENTS,
        status_code=200,
        summary="Submit an attempt (the attempt's student)",
        description=(
            "Body as autosave: the answers sent are saved (the rest stay as saved) and the attempt is closed "
            "and graded at once: MCQ all-or-nothing (the selected set equals the correct set), written "
            "answers wait for grade-written (status `submitted` until then). Own attempt only (another's: "
            '404). Already submitted: 400 {"error": "This attempt has already been submitted."}; after '
            'deadline + 30 s (or once the timer closed it): 400 {"error": "This attempt is closed."}, the '
            "attempt closed with what was saved before (nothing of this request is taken). Each answer "
            "names a question of the attempt once; its choices belong to that question; `mcq_single` "
            "takes at most one; `selected_choices` only for MCQ, `written_answer` only for written "
            "questions; every problem at "
            'once: 400 {"answers": ["Answer 2: choice 17 is not a choice of question 5."]}, nothing saved. '
            "A submit racing the timer's sweep: one of them closes the attempt, once; no saved answer is "
            "lost. 200 with the attempt as the student sees it. " + SUBMISSION
        ),
    )
    async def submit(
        self,
        request: Request,
        submit_quiz_attempt: Inject[SubmitQuizAttempt],
        attempt_id: FromPath[int],
        data: JSONBody[s.SubmitIn],
    ) -> s.AttemptOut:
        view = await submit_quiz_attempt.execute(actor_of(request), s.answers_command(attempt_id, data))
        return s.attempt_out(view)

    @post(
        ATTEMPT + "grade-written/",
        guards=STAFF,
        status_code=200,
        summary="Grade a written answer (site owner, teacher, assistant)",
        description=(
            'JSON {"answer_id": <answers[].id>, "score_override": "1.50" (string or number, 0..the '
            'question\'s points, two decimals), "feedback": ""}. Only a written answer of this attempt (else '
            '400 {"answer_id": ["This answer is not a written answer."]} or an invalid pk); may be graded '
            'again. An attempt still in progress: 400 {"error": "This attempt is still in progress."}. Sets '
            "`points_awarded` = `score_override`, `is_correct` = full points; the score is recomputed from "
            "every answer with the attempt row locked (FOR UPDATE); the status becomes `graded` once no "
            "written answer waits. The student is notified (written_answer_graded) without the score, which "
            "they see only as the visibility rules allow. 200 with the attempt (staff view). "
            + SCOPE
            + SUBMISSION
        ),
    )
    async def grade_written(
        self,
        request: Request,
        grade_quiz_written_answer: Inject[GradeQuizWrittenAnswer],
        attempt_id: FromPath[int],
        data: JSONBody[s.GradeIn],
    ) -> s.AttemptOut:
        view = await grade_quiz_written_answer.execute(actor_of(request), s.grade_command(attempt_id, data))
        return s.attempt_out(view)


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


CONTROLLERS = [QuizController, QuizSubmissionController, QuizOverrideController]
