"""What the question bank's use cases share: the caller's scope, and the checks of a parent (a subject, a
chapter, a lesson) named in a body."""

from __future__ import annotations

from edutrack.core import messages as m
from edutrack.core.actor import Actor
from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.entities.questions import Chapter
from edutrack.core.errors import FieldErrors, PermissionDenied
from edutrack.core.policies.questions import bank_scope_of, may_read_chapter, may_write_owned
from edutrack.ports.questions import BankScope
from edutrack.ports.uow import UnitOfWork


def scope_of(actor: Actor) -> BankScope:
    """The part of the bank ``actor`` sees (a student or an account without a teacher: PermissionDenied)."""
    everything, teacher_id = bank_scope_of(actor)
    return BankScope(everything=everything, teacher_id=teacher_id)


def clean_name(problems: FieldErrors, name: str) -> str:
    text = name.strip()
    if not text:
        problems.add("name", m.BLANK)
    return text


async def check_subject(uow: UnitOfWork, problems: FieldErrors, subject_id: int) -> None:
    if await uow.reference.get(ReferenceKind.SUBJECT, subject_id) is None:
        problems.add("subject", m.invalid_pk(subject_id))


async def readable_chapter(uow: UnitOfWork, actor: Actor, chapter_id: int) -> Chapter | None:
    """The chapter if it exists and ``actor`` may read it (another teacher's does not exist for them)."""
    chapter = await uow.chapters.get(chapter_id)
    if chapter is None or not may_read_chapter(actor, chapter.teacher_id):
        return None
    return chapter


async def chapter_for_lesson(uow: UnitOfWork, actor: Actor, problems: FieldErrors, chapter_id: int) -> None:
    """A lesson goes under a chapter the caller may write: unknown or unreadable is a field error on
    ``chapter``; a readable chapter they may not write (the site owner's shared one) is PermissionDenied."""
    chapter = await readable_chapter(uow, actor, chapter_id)
    if chapter is None:
        problems.add("chapter", m.invalid_pk(chapter_id))
    elif not may_write_owned(actor, chapter.teacher_id):
        raise PermissionDenied()


async def readable_lesson_owner(uow: UnitOfWork, actor: Actor, lesson_id: int) -> bool:
    """Whether the lesson exists and ``actor`` may read it (and so file a question under it)."""
    lesson = await uow.bank_lessons.get(lesson_id)
    return lesson is not None and await readable_chapter(uow, actor, lesson.chapter_id) is not None
