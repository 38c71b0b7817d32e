"""Draw question ids at random from the bank (Teacher API §8, POST .../questions/random-select/)."""

from __future__ import annotations

from edutrack.core import messages as m
from edutrack.core.actor import Actor
from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.errors import FieldErrors
from edutrack.core.use_cases.questions.commands import RandomSelection, RandomSelectionResult
from edutrack.core.use_cases.questions.common import (
    readable_chapter,
    readable_lesson_owner,
    scope_of,
)
from edutrack.core.use_cases.questions.read_questions import question_filter
from edutrack.ports.questions import QuestionBankReader
from edutrack.ports.uow import UnitOfWork


class RandomSelectQuestions:
    """Site owner, teachers and assistants (students: PermissionDenied). Among the questions the caller may
    read that match the filters and are not in ``exclude_ids``: ``total_available`` of them, and
    ``min(count, total_available)`` distinct ids drawn by the database at random. A ``lesson``,
    ``chapter`` or ``subject`` filter that does not exist (or that the caller may not read) is a field
    error, every one at once. Writes nothing."""

    def __init__(self, uow: UnitOfWork, reader: QuestionBankReader) -> None:
        self._uow = uow
        self._reader = reader

    async def execute(self, actor: Actor, command: RandomSelection) -> RandomSelectionResult:
        scope = scope_of(actor)
        filters = command.filters
        problems = FieldErrors()
        async with self._uow as uow:
            if filters.lesson is not None and not await readable_lesson_owner(uow, actor, filters.lesson):
                problems.add("lesson", m.invalid_pk(filters.lesson))
            if filters.chapter is not None and await readable_chapter(uow, actor, filters.chapter) is None:
                problems.add("chapter", m.invalid_pk(filters.chapter))
            if (
                filters.subject is not None
                and await uow.reference.get(ReferenceKind.SUBJECT, filters.subject) is None
            ):
                problems.add("subject", m.invalid_pk(filters.subject))
        problems.raise_if_any()
        total, selected = await self._reader.random_question_ids(
            question_filter(scope, filters, command.exclude_ids), command.count
        )
        return RandomSelectionResult(total_available=total, requested=command.count, selected=selected)
