"""Question bank builders: chapters, lessons and questions written through ``container.uow()`` and the
repositories (the subject and the teacher must exist). Homework tests use them too."""

from __future__ import annotations

from collections.abc import Sequence

from edutrack.composition import Container
from edutrack.core.entities.questions import BankLesson, Chapter, Choice, Difficulty, Question, QuestionType
from tests.support.clock import NOW

# (text, is_correct) per choice, by question type
DEFAULT_CHOICES: dict[str, tuple[tuple[str, bool], ...]] = {
    "mcq_single": (("Right", True), ("Wrong", False), ("Also wrong", False)),
    "mcq_multiple": (("Right", True), ("Also right", True), ("Wrong", False)),
    "written": (),
}


async def add_chapter(
    container: Container, *, teacher_id: int | None, subject_id: int, name: str = "Chapter", order: int = 0
) -> int:
    async with container.uow() as uow:
        chapter = await uow.chapters.add(
            Chapter(
                subject_id=subject_id,
                teacher_id=teacher_id,
                name=name,
                order=order,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        await uow.commit()
    assert chapter.id is not None
    return chapter.id


async def add_lesson(
    container: Container,
    *,
    teacher_id: int | None,
    subject_id: int,
    chapter_id: int | None = None,
    name: str = "Lesson",
    order: int = 0,
) -> int:
    """A lesson under ``chapter_id``, or under a new chapter of ``teacher_id`` on ``subject_id``."""
    if chapter_id is None:
        chapter_id = await add_chapter(container, teacher_id=teacher_id, subject_id=subject_id)
    async with container.uow() as uow:
        lesson = await uow.bank_lessons.add(
            BankLesson(chapter_id=chapter_id, name=name, order=order, created_at=NOW, updated_at=NOW)
        )
        await uow.commit()
    assert lesson.id is not None
    return lesson.id


async def add_question(
    container: Container,
    *,
    teacher_id: int | None,
    subject_id: int,
    lesson_id: int | None = None,
    question_type: str = "mcq_single",
    points: int = 1,
    is_global: bool = False,
    difficulty: str = "medium",
    text: str = "What is two plus two?",
    explanation: str = "",
    created_by: int | None = None,
    choices: Sequence[tuple[str, bool]] | None = None,
) -> Question:
    """A question (with ids, its choices included) under ``lesson_id`` or a new lesson of its own."""
    if lesson_id is None:
        lesson_id = await add_lesson(container, teacher_id=teacher_id, subject_id=subject_id)
    wanted = DEFAULT_CHOICES[question_type] if choices is None else choices
    question = Question(
        lesson_id=lesson_id,
        question_type=QuestionType(question_type),
        text=text,
        created_by=created_by,
        created_at=NOW,
        updated_at=NOW,
        difficulty=Difficulty(difficulty),
        points=points,
        explanation=explanation,
        is_global=is_global,
        teacher_id=teacher_id,
        choices=[Choice(text=t, is_correct=c, order=i) for i, (t, c) in enumerate(wanted)],
    )
    async with container.uow() as uow:
        await uow.questions.add(question)
        await uow.commit()
    return question
