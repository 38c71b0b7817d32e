"""Quiz attempts (Teacher API §10, API supplement §8.1, issue #13): starting one and the attempts of a quiz
under ``/learning/quizzes/``, and ``/learning/quiz-submissions/`` (read, autosave, submit, grade written
answers). Handlers decode, call one use case and encode."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, post, put
from litestar.params import FromPath, JSONBody

from edutrack.core.entities.quizzes import AttemptStatus
from edutrack.core.use_cases.quizzes.attempts import SaveQuizAnswers, StartQuizAttempt, SubmitQuizAttempt
from edutrack.core.use_cases.quizzes.manage import GradeQuizWrittenAnswer
from edutrack.core.use_cases.quizzes.read_attempts import (
    AttemptQuery,
    GetQuizAttempt,
    ListMyQuizAttempts,
    ListQuizAttempts,
)
from edutrack.entrypoints.http.controllers.quizzes.common import DETAIL, SCOPE, STAFF, STUDENTS
from edutrack.entrypoints.http.conventions import paginate, parse_choice, parse_search
from edutrack.entrypoints.http.openapi import AllQuery, Paged, PageQuery, PageSizeQuery, TextQuery, choice
from edutrack.entrypoints.http.schemas import quiz_attempts as s
from edutrack.entrypoints.http.security import actor_of
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.readers import PageRequest

ATTEMPT = "/{attempt_id:int}/"
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


class QuizAttemptController(Controller):
    path = "/learning/quizzes"
    tags = ["quizzes"]

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
        self,
        request: Request,
        list_my_quiz_attempts: Inject[ListMyQuizAttempts],
        quiz_id: FromPath[int],
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[s.AttemptOut]:
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
        student: TextQuery = None,
        status: Annotated[str | None, choice(AttemptStatus)] = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[s.AttemptOut]:
        actor = actor_of(request)
        query = AttemptQuery(quiz_id=quiz_id, student=parse_search(student), status=_status(status))

        async def fetch(page: PageRequest) -> object:
            return await list_quiz_attempts.execute(actor, query, page)

        return await paginate(request, fetch, s.attempt_out)


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
        data: JSONBody[s.WrittenGradeIn],
    ) -> s.AttemptOut:
        view = await grade_quiz_written_answer.execute(actor_of(request), s.grade_command(attempt_id, data))
        return s.attempt_out(view)


CONTROLLERS = [QuizAttemptController, QuizSubmissionController]
