"""Homework (Teacher API §9, issue #12): ``/learning/homeworks/`` and ``/learning/homework-submissions/``.
Handlers decode, call one use case and encode."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import FromPath, JSONBody

from edutrack.core.actor import Role
from edutrack.core.entities.homework import SubmissionStatus
from edutrack.core.use_cases.homework.grade_written import GradeWrittenAnswer
from edutrack.core.use_cases.homework.read_homework import GetHomework, HomeworkQuery, ListHomeworks
from edutrack.core.use_cases.homework.read_submissions import (
    ExportHomeworkResults,
    GetHomeworkSubmission,
    HomeworkResults,
    ListHomeworkSubmissions,
    SubmissionQuery,
)
from edutrack.core.use_cases.homework.submit_homework import SubmitHomework
from edutrack.core.use_cases.homework.write_homework import CreateHomework, DeleteHomework, UpdateHomework
from edutrack.entrypoints.http.conventions import (
    paginate,
    parse_bool,
    parse_choice,
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
    PageOrCsv,
    PageQuery,
    PageSizeQuery,
    SearchQuery,
    TextQuery,
    choice,
)
from edutrack.entrypoints.http.schemas import homework as s
from edutrack.entrypoints.http.schemas import homework_submissions as hs
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.homework import ORDERING_FIELDS
from edutrack.ports.readers import PageRequest

DETAIL = "/{homework_id:int}/"
STAFF = [roles(Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT)]
STUDENTS = [roles(Role.STUDENT)]
SCOPE = (
    " Who writes: the site owner, or the lecture's course teacher and their assistants; another teacher: "
    '403 {"detail": ...}; students: 403. '
)
VISIBILITY = (
    "Staff see their teacher's courses' homework (the site owner all; another teacher's: 403). A student "
    "sees only published, active homework of lectures they hold unexpired access to (a purchase); any "
    "other homework does not exist for them (404). "
)
ROW = (
    "A homework row: `lecture`, `course` ids with their names; `total_points` and `question_count` over its "
    "current questions (a question's effective points are its bank points: `points_override` is always "
    "null for now); `my_submission` the calling student's submission id (null when they have not "
    "submitted, and always null for staff). "
)
DETAIL_SHAPE = (
    "The detail adds `model_answer` and `questions` (by order: `question` is the bank question id, "
    "`question_text`, `question_type`, `effective_points`, `choices`). For a student the choices have no "
    "`is_correct` key and `model_answer` is null until they have submitted. "
)
BODY = (
    'JSON {lecture, title, description="", model_answer="", is_active=true, is_published=false, '
    "open_date=null, close_date=null, question_ids=[]}. Rules (400 field errors, every problem at once, "
    'nothing written): an unknown lecture {"lecture": ["Invalid pk \\"9\\" - object does not exist."]}; a '
    'blank title; `open_date` must be before `close_date` when both are set ({"close_date": ["Close date '
    'must be after open date."]}); each of `question_ids` a bank question the caller may read (their '
    'teacher\'s or a global one; any for the site owner) else {"question_ids": ["Invalid pk \\"9\\" - '
    'object does not exist."]}, and listed once. Datetimes without an offset are read as UTC. '
)
SUBMISSION = (
    "A submission: {id, homework, homework_title, student, student_name, student_code, status "
    "(submitted: written answers wait for a grade | graded), submitted_at, graded_at, score, max_score, "
    "percentage (two-decimal strings), passed (always null: homework has no passing score), model_answer, "
    "answers: [{id, question, selected_choices, written_answer, is_correct, points_awarded, score_override, "
    "feedback}], questions: [{question, order, points, question_type, text, image, explanation, choices: "
    "[{id, text, image, is_correct, order}]}]}. `answers` and `questions` are the snapshot taken at submit "
    "time, one per question of the homework then: editing the bank later never changes them. "
)


def _status(raw: str | None) -> SubmissionStatus | None:
    value = parse_choice("status", raw, [x.value for x in SubmissionStatus])
    return SubmissionStatus(value) if value is not None else None


class HomeworkController(Controller):
    path = "/learning/homeworks"
    tags = ["homework"]

    @get(
        "/",
        summary="List homework (any authenticated user)",
        description=(
            "Paginated (?page, ?page_size, ?all=true), newest first. Filters: ?lecture=, ?course=, "
            "?is_published=, ?is_active=, ?search= (case-insensitive part of the title), ?ordering= "
            "(created_at, title, open_date, close_date, id; `-` for descending). " + VISIBILITY + ROW
        ),
    )
    async def list_homeworks(
        self,
        request: Request,
        list_homeworks: Inject[ListHomeworks],
        lecture: IntQuery = None,
        course: IntQuery = None,
        is_published: BoolQuery = None,
        is_active: BoolQuery = None,
        search: SearchQuery = None,
        ordering: OrderingQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[s.HomeworkOut]:
        actor = actor_of(request)
        query = HomeworkQuery(
            lecture=parse_int("lecture", lecture),
            course=parse_int("course", course),
            is_published=parse_bool("is_published", is_published),
            is_active=parse_bool("is_active", is_active),
            search=parse_search(search),
            ordering=tuple(parse_ordering(ordering, ORDERING_FIELDS)),
        )

        async def fetch(page: PageRequest) -> object:
            return await list_homeworks.execute(actor, query, page)

        return await paginate(request, fetch, s.homework_out)

    @post(
        "/",
        guards=STAFF,
        summary="Create a homework (site owner, teacher, assistant)",
        description="201 with the homework's detail. " + BODY + SCOPE + ROW + DETAIL_SHAPE,
    )
    async def create_homework(
        self, request: Request, create_homework: Inject[CreateHomework], data: JSONBody[s.HomeworkIn]
    ) -> s.HomeworkDetailOut:
        view = await create_homework.execute(actor_of(request), s.new_homework(data))
        return s.homework_detail_out(view)

    @get(
        DETAIL,
        summary="A homework with its questions (staff in scope; students with access)",
        description=VISIBILITY + ROW + DETAIL_SHAPE,
    )
    async def get_homework(
        self, request: Request, get_homework: Inject[GetHomework], homework_id: FromPath[int]
    ) -> s.HomeworkDetailOut:
        return s.homework_detail_out(await get_homework.execute(actor_of(request), homework_id))

    @put(
        DETAIL,
        guards=STAFF,
        summary="Update a homework (site owner, teacher, assistant)",
        description=(
            "Fields not sent keep their values; the result must keep the create rules. `question_ids` sent "
            'replace the whole list, but not once a student has submitted (400 {"question_ids": ["Cannot '
            'change the questions: students have already submitted this homework."]}, as Moodle does); '
            "moving it to another lecture needs the same right there. " + BODY + SCOPE + DETAIL_SHAPE
        ),
    )
    async def update_homework(
        self,
        request: Request,
        update_homework: Inject[UpdateHomework],
        homework_id: FromPath[int],
        data: JSONBody[s.HomeworkUpdateIn],
    ) -> s.HomeworkDetailOut:
        view = await update_homework.execute(actor_of(request), s.homework_changes(homework_id, data))
        return s.homework_detail_out(view)

    @delete(
        DETAIL,
        guards=STAFF,
        summary="Delete a homework (site owner, teacher, assistant)",
        description="204; its submissions go with it (the bank's questions stay). " + SCOPE,
    )
    async def delete_homework(
        self, request: Request, delete_homework: Inject[DeleteHomework], homework_id: FromPath[int]
    ) -> None:
        await delete_homework.execute(actor_of(request), homework_id)

    @post(
        DETAIL + "submit/",
        guards=STUDENTS,
        summary="Submit a homework (verified student with access)",
        description=(
            'JSON {"answers": [{"question": <bank question id>, "selected_choices": [choice ids] = [], '
            '"written_answer": "..." | null}]}; questions left out count as unanswered (0 points). A student '
            'not verified: 403 {"detail": "Your account is not verified."}. A homework the student cannot '
            'see: 404. Before `open_date`: 400 {"error": "This homework is not open yet."}; after '
            '`close_date`: 400 {"error": "This homework is closed."}. One submission per student: 400 '
            '{"error": "You have already submitted this homework."} (also the answer to a second request '
            "racing the first: the database's unique key decides). Each answer names a question of the "
            "homework once; its choices belong to that question; `mcq_single` takes at most one; "
            "`selected_choices` only for MCQ, `written_answer` only for written questions; every problem "
            'at once: 400 {"answers": ["Answer 2: choice 17 is not a choice of question 5."]}. Grading: MCQ '
            "all-or-nothing (the selected set equals the correct set), at once; written answers wait for a "
            "teacher (`is_correct` and `points_awarded` null; status `submitted`). 201 with the "
            "submission as the student sees it: the score and per-answer results at once; the choices' "
            "`is_correct` and the explanations once the homework has closed (or when it has no close "
            "date). " + SUBMISSION
        ),
    )
    async def submit_homework(
        self,
        request: Request,
        submit_homework: Inject[SubmitHomework],
        homework_id: FromPath[int],
        data: JSONBody[hs.SubmitIn],
    ) -> s.SubmissionOut:
        view = await submit_homework.execute(actor_of(request), hs.submit_command(homework_id, data))
        return hs.submission_out(view)

    @get(
        DETAIL + "submissions/",
        guards=STAFF,
        summary="A homework's submissions (site owner, teacher, assistant)",
        description=(
            "Paginated, newest first; ?student=<student profile id or student code>, "
            "?status=submitted|graded. Rows without `model_answer`, `answers` and `questions`. " + SCOPE
        ),
    )
    async def list_submissions(
        self,
        request: Request,
        list_homework_submissions: Inject[ListHomeworkSubmissions],
        homework_id: FromPath[int],
        student: TextQuery = None,
        status: Annotated[str | None, choice(SubmissionStatus)] = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[s.SubmissionOut]:
        actor = actor_of(request)
        query = SubmissionQuery(
            homework_id=homework_id, student=parse_search(student), status=_status(status)
        )

        async def fetch(page: PageRequest) -> object:
            return await list_homework_submissions.execute(actor, query, page)

        return await paginate(request, fetch, hs.submission_out)

    @get(
        DETAIL + "results/",
        guards=STAFF,
        summary="A homework's results (site owner, teacher, assistant)",
        operation_class=PageOrCsv,
        description=(
            "§8.1: rows {student, student_name, student_code, attempts (1), score, max_score, percentage, "
            "passed (null: no passing score), last_submitted_at}, paginated, oldest submission first. "
            "?format=csv answers `text/csv` with every row (not paginated) and one more column per current "
            "question of the homework, headed `Q1 (#<question id>)`, holding the points awarded (empty when "
            "unanswered or not graded yet); cells a spreadsheet would read as a formula are prefixed with an "
            "apostrophe. The CLI writes the same file: `edutrack homework results --homework ID --csv FILE`. "
            + SCOPE
        ),
    )
    async def results(
        self,
        request: Request,
        homework_results: Inject[HomeworkResults],
        export_homework_results: Inject[ExportHomeworkResults],
        homework_id: FromPath[int],
        format: Annotated[str | None, choice("json", "csv")] = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Response[Paged[s.ResultOut] | str]:
        actor = actor_of(request)
        if parse_choice("format", format, ["json", "csv"]) == "csv":
            exported = await export_homework_results.execute(actor, homework_id)
            return Response(
                exported.text,
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{exported.filename}"'},
            )

        async def fetch(page: PageRequest) -> object:
            return await homework_results.execute(actor, homework_id, page)

        return Response(await paginate(request, fetch, hs.result_out))


class HomeworkSubmissionController(Controller):
    path = "/learning/homework-submissions"
    tags = ["homework"]

    @get(
        "/{submission_id:int}/",
        summary="One submission (its student; staff in scope)",
        description=(
            "The student who submitted it (another student: 404), or the site owner, the course's teacher "
            "and assistants (another teacher: 403). The student always sees `model_answer`, and the choices' "
            "`is_correct` and the explanations once the homework has closed (or when it has no close date; "
            "before that `is_correct` is absent and `explanation` null). " + SUBMISSION
        ),
    )
    async def get_submission(
        self,
        request: Request,
        get_homework_submission: Inject[GetHomeworkSubmission],
        submission_id: FromPath[int],
    ) -> s.SubmissionOut:
        return hs.submission_out(await get_homework_submission.execute(actor_of(request), submission_id))

    @post(
        "/{submission_id:int}/grade-written/",
        guards=STAFF,
        status_code=200,
        summary="Grade a written answer (site owner, teacher, assistant)",
        description=(
            'JSON {"answer_id": <answer id>, "score_override": "1.50" (string or number, 0..the question\'s '
            'points, two decimals), "feedback": ""}. Only a written answer of this submission (else 400 '
            '{"answer_id": ["This answer is not a written answer."]} or an invalid pk); may be graded again. '
            "Sets `points_awarded` = `score_override`, `is_correct` = full points; the score is recomputed "
            "from every answer with the submission row locked (FOR UPDATE), so concurrent grades never lose "
            "points; the status becomes `graded` once no written answer waits. The student is notified "
            "(written_answer_graded). 200 with the submission (staff view). " + SCOPE + SUBMISSION
        ),
    )
    async def grade_written(
        self,
        request: Request,
        grade_written_answer: Inject[GradeWrittenAnswer],
        submission_id: FromPath[int],
        data: JSONBody[s.WrittenGradeIn],
    ) -> s.SubmissionOut:
        view = await grade_written_answer.execute(actor_of(request), hs.grade_command(submission_id, data))
        return hs.submission_out(view)


CONTROLLERS = [HomeworkController, HomeworkSubmissionController]
