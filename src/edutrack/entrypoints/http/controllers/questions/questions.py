"""Questions of the bank (Teacher API §8, API_SUPPLEMENT §7): ``/question-bank/questions/`` and
``/question-bank/questions/random-select/``. Handlers decode, call one use case and encode."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, JSONBody

from edutrack.core.entities.questions import Difficulty, QuestionType
from edutrack.core.use_cases.questions.commands import QuestionQuery
from edutrack.core.use_cases.questions.random_select import RandomSelectQuestions
from edutrack.core.use_cases.questions.read_questions import GetQuestion, ListQuestions
from edutrack.core.use_cases.questions.write_questions import CreateQuestion, DeleteQuestion, UpdateQuestion
from edutrack.entrypoints.http.controllers.questions.common import BANK, PAGED, WHO
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
    PageQuery,
    PageSizeQuery,
    SearchQuery,
    choice,
)
from edutrack.entrypoints.http.schemas.questions import (
    QuestionIn,
    QuestionListOut,
    QuestionOut,
    QuestionPut,
    RandomSelectIn,
    RandomSelectOut,
    new_question,
    question_changes,
    question_list_out,
    question_out,
    random_select_out,
    random_selection,
)
from edutrack.entrypoints.http.security import actor_of
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.questions import QUESTION_ORDERING
from edutrack.ports.readers import PageRequest

QUESTION_SCOPE = (
    "A question belongs to the teacher whose staff created it (the site owner's to no teacher). Teachers "
    "and assistants see their teacher's questions and every `is_global` one (read-only for them); the site "
    "owner sees and changes all. Reading another teacher's non-global question, or changing another "
    "teacher's question (global or not): 403. "
)
RULES = (
    "Rules, every broken one reported at once (400 field errors, nothing written): `lesson` must exist and "
    'be readable by the caller ({"lesson": ["Invalid pk \\"9\\" - object does not exist."]}); `text` not '
    "blank; `points` 1..1000; `image` (question and choices) an http(s) URL or null; `mcq_single`: at "
    "least two choices, exactly one correct; `mcq_multiple`: at least two, at least one correct; `written`: "
    "no choices (problems with the choices under `choices`). An unknown `question_type` or `difficulty` "
    "is a field error. "
)
DETAIL_SHAPE = (
    "A question: `{id, lesson, lesson_name, chapter, chapter_name, subject, subject_name, question_type, "
    "text, image, difficulty, points, explanation, is_global, created_by, created_at, updated_at, in_use, "
    "choices: [{id, text, image, is_correct, order}]}`; choices in (order, id); `created_by` the creator's "
    "user id; `in_use` whether a homework (or quiz) uses it. "
)
LIST_SHAPE = (
    "Rows: `{id, lesson, lesson_name, chapter, chapter_name, subject, subject_name, question_type, text, "
    "image, difficulty, points, choice_count, is_global, created_by, created_at, updated_at}`. "
)
QUESTION_FILTERS = (
    "Filters: ?lesson=, ?chapter=, ?subject= (ids), ?question_type=mcq_single|mcq_multiple|written, "
    "?difficulty=easy|medium|hard, ?is_global=true|false, ?mine=true (only the caller's teacher's own; "
    "for the site owner, those of no teacher), ?search= (case-insensitive part of the text), "
    "?ordering=created_at|points|difficulty|id (`-` for descending; default newest first). An unknown "
    'enum value: 400 {"question_type": ["Select a valid choice. x is not one of the available '
    'choices."]}. '
)
QUESTION = "/{question_id:int}/"


class QuestionController(Controller):
    path = "/question-bank/questions"
    tags = ["question bank"]
    guards = BANK

    @get(
        "/",
        summary="Questions of the bank the caller may see (site owner, teacher, assistant)",
        description=WHO + PAGED + QUESTION_SCOPE + QUESTION_FILTERS + LIST_SHAPE,
    )
    async def list_questions(
        self,
        request: Request,
        list_questions: Inject[ListQuestions],
        lesson: IntQuery = None,
        chapter: IntQuery = None,
        subject: IntQuery = None,
        question_type: Annotated[str | None, choice(QuestionType)] = None,
        difficulty: Annotated[str | None, choice(Difficulty)] = None,
        is_global: BoolQuery = None,
        mine: BoolQuery = None,
        search: SearchQuery = None,
        ordering: OrderingQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[QuestionListOut]:
        actor = actor_of(request)
        kind = parse_choice("question_type", question_type, [t.value for t in QuestionType])
        level = parse_choice("difficulty", difficulty, [d.value for d in Difficulty])
        query = QuestionQuery(
            lesson=parse_int("lesson", lesson),
            chapter=parse_int("chapter", chapter),
            subject=parse_int("subject", subject),
            question_type=QuestionType(kind) if kind else None,
            difficulty=Difficulty(level) if level else None,
            is_global=parse_bool("is_global", is_global),
            mine=parse_bool("mine", mine) or False,
            search=parse_search(search),
            ordering=tuple(parse_ordering(ordering, QUESTION_ORDERING)),
        )

        async def fetch(page: PageRequest) -> object:
            return await list_questions.execute(actor, query, page)

        return await paginate(request, fetch, question_list_out)

    @post(
        "/",
        summary="Create a question with its choices (site owner, teacher, assistant)",
        description=WHO
        + 'JSON {"lesson", "question_type", "text", "image": null, "difficulty": "medium", "points": 1, '
        '"explanation": "", "is_global": false, "choices": [{"text", "image", "is_correct", "order"}]}. '
        "The question belongs to the caller's teacher (the site owner's to none); `created_by` is the "
        "caller. " + RULES + "201 with the question. " + DETAIL_SHAPE,
    )
    async def create_question(
        self, request: Request, create_question: Inject[CreateQuestion], data: JSONBody[QuestionIn]
    ) -> QuestionOut:
        return question_out(await create_question.execute(actor_of(request), new_question(data)))

    @post(
        "/random-select/",
        status_code=200,
        summary="Draw question ids at random (site owner, teacher, assistant)",
        description=WHO
        + 'JSON {"count": 1..200 (required), "lesson", "chapter", "subject", "question_type", "difficulty", '
        '"is_global", "mine", "exclude_ids": [ids]} (all but count optional) → {"total_available", '
        '"requested", "selected"}: among the questions the caller may see matching the filters (and not '
        "excluded), `selected` holds min(count, total_available) distinct ids drawn at random by the "
        "database. An unknown or invisible lesson, chapter or subject: 400 field error. Writes nothing.",
    )
    async def random_select(
        self,
        request: Request,
        random_select_questions: Inject[RandomSelectQuestions],
        data: JSONBody[RandomSelectIn],
    ) -> RandomSelectOut:
        result = await random_select_questions.execute(actor_of(request), random_selection(data))
        return random_select_out(result)

    @get(
        QUESTION,
        summary="One question with its choices (site owner, teacher, assistant)",
        description=WHO + QUESTION_SCOPE + "`is_correct` is shown (only staff get here). " + DETAIL_SHAPE,
    )
    async def get_question(
        self, request: Request, get_question: Inject[GetQuestion], question_id: FromPath[int]
    ) -> QuestionOut:
        return question_out(await get_question.execute(actor_of(request), question_id))

    @put(
        QUESTION,
        summary="Change a question (its owner's staff, the site owner)",
        description=WHO
        + QUESTION_SCOPE
        + "Any field of the create body; fields not sent keep their values, `choices` sent replace them all "
        "(new ids). The rules are checked on the result (changing `question_type` to written needs "
        '`"choices": []`). ' + RULES + "A question a homework uses may be edited: submissions keep the "
        "snapshot they were answered against. " + DETAIL_SHAPE,
    )
    async def update_question(
        self,
        request: Request,
        update_question: Inject[UpdateQuestion],
        question_id: FromPath[int],
        data: JSONBody[QuestionPut],
    ) -> QuestionOut:
        detail = await update_question.execute(actor_of(request), question_id, question_changes(data))
        return question_out(detail)

    @delete(
        QUESTION,
        summary="Delete a question (its owner's staff, the site owner)",
        description=WHO
        + QUESTION_SCOPE
        + '204 with its choices. A question a homework or quiz uses is refused: 400 {"detail": "Cannot '
        'delete: this question is used by a homework or quiz."}.',
    )
    async def delete_question(
        self, request: Request, delete_question: Inject[DeleteQuestion], question_id: FromPath[int]
    ) -> None:
        await delete_question.execute(actor_of(request), question_id)
