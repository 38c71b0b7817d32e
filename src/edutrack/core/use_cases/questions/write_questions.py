"""Creating, changing and deleting questions of the bank (Teacher API §8)."""

from __future__ import annotations

from edutrack.core import messages as m
from edutrack.core.actor import Actor
from edutrack.core.commands import UNSET
from edutrack.core.entities.questions import Choice, Question
from edutrack.core.errors import FieldErrors, InUse, NotFound, found
from edutrack.core.policies.questions import (
    QUESTION_IN_USE,
    owner_for_new,
    question_problems,
    require_bank_user,
    require_question_write,
)
from edutrack.core.use_cases.questions.commands import NewChoice, NewQuestion, QuestionChanges
from edutrack.core.use_cases.questions.common import readable_lesson_owner
from edutrack.core.use_cases.shared import Writer
from edutrack.ports.questions import QuestionBankReader, QuestionDetail
from edutrack.ports.uow import UnitOfWork


def _choices(choices: tuple[NewChoice, ...]) -> list[Choice]:
    return [
        Choice(text=c.text.strip(), is_correct=c.is_correct, order=c.order, image=c.image) for c in choices
    ]


async def _check(uow: UnitOfWork, actor: Actor, question: Question, problems: FieldErrors) -> None:
    """The rules of ``question_problems`` and a lesson the caller may read, every problem at once."""
    if not await readable_lesson_owner(uow, actor, question.lesson_id):
        problems.add("lesson", m.invalid_pk(question.lesson_id))
    for field, messages in question_problems(question).items():
        problems.add(field, *messages)
    problems.raise_if_any()


async def _answer(reader: QuestionBankReader, question_id: int) -> QuestionDetail:
    return found(await reader.get_question(question_id))


class CreateQuestion(Writer[QuestionBankReader]):
    """Site owner, teachers and assistants (students: PermissionDenied). The question belongs to the
    caller's teacher (none for the site owner); ``created_by`` is the caller. Invariants (every broken one
    reported at once, nothing written): the lesson exists and the caller may read it; the text is not
    blank; points >= 1; images are http(s) URLs or none; ``mcq_single`` has at least two choices with
    exactly one correct, ``mcq_multiple`` at least two with at least one correct, ``written`` none."""

    async def execute(self, actor: Actor, command: NewQuestion) -> QuestionDetail:
        require_bank_user(actor)
        now = self._clock.now()
        question = Question(
            lesson_id=command.lesson_id,
            question_type=command.question_type,
            text=command.text.strip(),
            image=command.image,
            difficulty=command.difficulty,
            points=command.points,
            explanation=command.explanation,
            is_global=command.is_global,
            teacher_id=owner_for_new(actor),
            created_by=actor.user_id or None,  # the CLI's SYSTEM actor is no user
            choices=_choices(command.choices),
            created_at=now,
            updated_at=now,
        )
        async with self._uow as uow:
            await _check(uow, actor, question, FieldErrors())
            await uow.questions.add(question)
            await uow.commit()
        assert question.id is not None
        return await _answer(self._reader, question.id)


class UpdateQuestion(Writer[QuestionBankReader]):
    """PUT, full or partial: the site owner, or the owning teacher's staff (another teacher's question,
    even a global one they may read: PermissionDenied); unknown: NotFound. Fields not sent keep their
    values; ``choices`` sent replace them all (new ids). The rules of ``CreateQuestion`` are checked on
    the result. A question a homework uses may be edited: submissions keep their own snapshot."""

    async def execute(self, actor: Actor, question_id: int, changes: QuestionChanges) -> QuestionDetail:
        require_bank_user(actor)
        async with self._uow as uow:
            question = await uow.questions.get(question_id)
            if question is None:
                raise NotFound()
            require_question_write(actor, question.teacher_id)
            if changes.lesson_id is not UNSET:
                question.lesson_id = changes.lesson_id
            if changes.question_type is not UNSET:
                question.question_type = changes.question_type
            if changes.text is not UNSET:
                question.text = changes.text.strip()
            if changes.image is not UNSET:
                question.image = changes.image
            if changes.difficulty is not UNSET:
                question.difficulty = changes.difficulty
            if changes.points is not UNSET:
                question.points = changes.points
            if changes.explanation is not UNSET:
                question.explanation = changes.explanation
            if changes.is_global is not UNSET:
                question.is_global = changes.is_global
            if changes.choices is not UNSET:
                question.choices = _choices(changes.choices)
            await _check(uow, actor, question, FieldErrors())
            question.updated_at = self._clock.now()
            await uow.questions.save(question, replace_choices=changes.choices is not UNSET)
            await uow.commit()
        return await _answer(self._reader, question_id)


class DeleteQuestion:
    """As ``UpdateQuestion``; a question a homework (or a quiz) uses is refused (InUse, nothing deleted).
    The question goes with its choices."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, actor: Actor, question_id: int) -> None:
        require_bank_user(actor)
        async with self._uow as uow:
            question = await uow.questions.get(question_id)
            if question is None:
                raise NotFound()
            require_question_write(actor, question.teacher_id)
            if await uow.questions.in_use(question_id):
                raise InUse(QUESTION_IN_USE)
            await uow.questions.delete(question_id)
            await uow.commit()
