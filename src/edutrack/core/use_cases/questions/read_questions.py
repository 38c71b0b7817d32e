"""Reading the question bank's questions (Teacher API §8: the list and one question with its choices)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.errors import found
from edutrack.core.policies.questions import require_question_read
from edutrack.core.use_cases.questions.commands import QuestionQuery
from edutrack.core.use_cases.questions.common import scope_of
from edutrack.core.use_cases.shared import Query
from edutrack.ports.questions import (
    BankScope,
    QuestionBankReader,
    QuestionDetail,
    QuestionFilter,
    QuestionRow,
)
from edutrack.ports.readers import Page, PageRequest


def question_filter(
    scope: BankScope, query: QuestionQuery, exclude_ids: frozenset[int] = frozenset()
) -> QuestionFilter:
    return QuestionFilter(
        scope=scope,
        lesson=query.lesson,
        chapter=query.chapter,
        subject=query.subject,
        question_type=query.question_type,
        difficulty=query.difficulty,
        is_global=query.is_global,
        mine=query.mine,
        search=query.search,
        exclude_ids=exclude_ids,
        ordering=query.ordering,
    )


class ListQuestions(Query[QuestionBankReader]):
    """Site owner (every question), teachers and assistants (their teacher's questions and every global
    one); students: PermissionDenied. Newest first unless ``ordering`` says otherwise; every filter of
    ``QuestionQuery`` narrows (``mine``: the caller's teacher's own; for the site owner, those of no
    teacher)."""

    async def execute(self, actor: Actor, query: QuestionQuery, page: PageRequest) -> Page[QuestionRow]:
        return await self._reader.list_questions(question_filter(scope_of(actor), query), page)


class GetQuestion(Query[QuestionBankReader]):
    """One question with its choices (``is_correct`` included: only staff get here) and whether a homework
    or a quiz uses it. Unknown: NotFound; another teacher's question that is not global:
    PermissionDenied."""

    async def execute(self, actor: Actor, question_id: int) -> QuestionDetail:
        scope_of(actor)
        detail = found(await self._reader.get_question(question_id))
        require_question_read(actor, detail.row.teacher_id, detail.row.is_global)
        return detail
