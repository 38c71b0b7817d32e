"""Create, change and delete a lecture's homework (Teacher API §9: POST, PUT, DELETE /learning/homeworks/)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from edutrack.core import messages as m
from edutrack.core.actor import Actor
from edutrack.core.commands import UNSET, Unset
from edutrack.core.entities.homework import Homework, HomeworkQuestion
from edutrack.core.errors import FieldErrors, NotFound, PermissionDenied, invalid_pk
from edutrack.core.use_cases.homework.common import (
    QUESTIONS_LOCKED,
    HomeworkView,
    check_dates,
    check_questions,
    managed_homework,
    may_manage,
    require_staff,
)
from edutrack.core.use_cases.shared import Writer
from edutrack.ports.homework import HomeworkReader
from edutrack.ports.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class NewHomework:
    """A homework of the lecture ``lecture_id``; ``question_ids`` in the order the students see them."""

    lecture_id: int
    title: str
    description: str = ""
    model_answer: str = ""
    is_active: bool = True
    is_published: bool = False
    open_date: datetime | None = None
    close_date: datetime | None = None
    question_ids: tuple[int, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class HomeworkChanges:
    """What changes in the homework ``homework_id``; ``UNSET`` fields keep their values; ``question_ids``
    sent replace the whole list."""

    homework_id: int
    lecture_id: int | Unset = UNSET
    title: str | Unset = UNSET
    description: str | Unset = UNSET
    model_answer: str | Unset = UNSET
    is_active: bool | Unset = UNSET
    is_published: bool | Unset = UNSET
    open_date: datetime | Unset | None = UNSET
    close_date: datetime | Unset | None = UNSET
    question_ids: tuple[int, ...] | Unset = UNSET


def _clean_title(problems: FieldErrors, title: str) -> str:
    text = title.strip()
    if not text:
        problems.add("title", m.BLANK)
    return text


def _links(question_ids: tuple[int, ...]) -> list[HomeworkQuestion]:
    return [HomeworkQuestion(question_id=qid, order=n) for n, qid in enumerate(question_ids, start=1)]


async def _check_lecture(uow: UnitOfWork, actor: Actor, lecture_id: int, problems: FieldErrors) -> None:
    """The lecture exists and the actor manages its course (another teacher's lecture: PermissionDenied)."""
    scope = await uow.homeworks.lecture_scope(lecture_id)
    if scope is None:
        problems.add("lecture", invalid_pk(lecture_id))
    elif not may_manage(actor, scope.teacher_id):
        raise PermissionDenied()


class HomeworkWriter(Writer[HomeworkReader]):
    async def _answer(self, homework_id: int) -> HomeworkView:
        row = await self._reader.get(homework_id)
        if row is None:  # deleted in the instant since the commit
            raise NotFound()
        return HomeworkView(row=row, staff=True, questions=tuple(await self._reader.questions(homework_id)))


class CreateHomework(HomeworkWriter):
    """Site owner, or the lecture's course teacher and their assistants (another teacher: PermissionDenied;
    students: PermissionDenied).

    Invariants: the lecture exists (``{"lecture": ["Invalid pk ..."]}``); the title is not blank;
    ``open_date < close_date`` when both are set; each of ``question_ids`` is a bank question the caller may
    read (their teacher's or a global one; any for the site owner), listed once. Every problem is answered
    at once and nothing is written. The questions keep the order given.
    """

    async def execute(self, actor: Actor, command: NewHomework) -> HomeworkView:
        require_staff(actor)
        problems = FieldErrors()
        title = _clean_title(problems, command.title)
        check_dates(command.open_date, command.close_date, problems)
        now = self._clock.now()
        async with self._uow as uow:
            await _check_lecture(uow, actor, command.lecture_id, problems)
            await check_questions(uow, actor, command.question_ids, problems)
            problems.raise_if_any()
            homework = await uow.homeworks.add(
                Homework(
                    lecture_id=command.lecture_id,
                    title=title,
                    description=command.description,
                    model_answer=command.model_answer,
                    is_active=command.is_active,
                    is_published=command.is_published,
                    open_date=command.open_date,
                    close_date=command.close_date,
                    created_by=actor.user_id or None,
                    created_at=now,
                    updated_at=now,
                    questions=_links(command.question_ids),
                )
            )
            await uow.commit()
        assert homework.id is not None
        return await self._answer(homework.id)


class UpdateHomework(HomeworkWriter):
    """Site owner, or the course's teacher and their assistants; moving the homework to another lecture
    needs the same right there. Unknown homework: NotFound.

    Fields not sent keep their values; the result keeps the create rules (title, dates in order, readable
    questions listed once). ``question_ids`` sent replace the list, refused once a student has submitted
    (``{"question_ids": [QUESTIONS_LOCKED]}``): submissions keep their snapshot, but the results' columns
    follow the current questions.
    """

    async def execute(self, actor: Actor, changes: HomeworkChanges) -> HomeworkView:
        require_staff(actor)
        problems = FieldErrors()
        async with self._uow as uow:
            homework, _ = await managed_homework(uow, actor, changes.homework_id)
            if isinstance(changes.lecture_id, int) and changes.lecture_id != homework.lecture_id:
                await _check_lecture(uow, actor, changes.lecture_id, problems)
                homework.lecture_id = changes.lecture_id
            if isinstance(changes.title, str):
                homework.title = _clean_title(problems, changes.title)
            if isinstance(changes.description, str):
                homework.description = changes.description
            if isinstance(changes.model_answer, str):
                homework.model_answer = changes.model_answer
            if isinstance(changes.is_active, bool):
                homework.is_active = changes.is_active
            if isinstance(changes.is_published, bool):
                homework.is_published = changes.is_published
            if changes.open_date is not UNSET:
                homework.open_date = changes.open_date
            if changes.close_date is not UNSET:
                homework.close_date = changes.close_date
            check_dates(homework.open_date, homework.close_date, problems)
            replace = isinstance(changes.question_ids, tuple)
            if isinstance(changes.question_ids, tuple):
                assert homework.id is not None
                if changes.question_ids != tuple(
                    homework.question_ids
                ) and await uow.homeworks.has_submissions(homework.id):
                    problems.add("question_ids", QUESTIONS_LOCKED)
                else:
                    await check_questions(uow, actor, changes.question_ids, problems)
                    homework.questions = _links(changes.question_ids)
            problems.raise_if_any()
            homework.updated_at = self._clock.now()
            await uow.homeworks.save(homework, replace_questions=replace)
            await uow.commit()
        return await self._answer(changes.homework_id)


class DeleteHomework:
    """Site owner, or the course's teacher and their assistants (another teacher: PermissionDenied);
    unknown homework: NotFound. Its question links and every submission go with it, in one transaction
    (the bank's questions stay)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, actor: Actor, homework_id: int) -> None:
        require_staff(actor)
        async with self._uow as uow:
            await managed_homework(uow, actor, homework_id)
            await uow.homeworks.delete(homework_id)
            await uow.commit()
