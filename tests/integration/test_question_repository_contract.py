"""Question bank repositories and readers: the same tests on the memory fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM
from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.entities.questions import Choice, Difficulty, QuestionType
from edutrack.core.errors import InUse
from edutrack.core.use_cases.academics.commands import NEW_ITEM
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.ports.questions import (
    BankScope,
    ChapterFilter,
    LessonFilter,
    QuestionBankReader,
    QuestionFilter,
)
from edutrack.ports.readers import PageRequest
from tests.support.clock import NOW
from tests.support.homework import add_homework, build_class
from tests.support.materials import seed_world
from tests.support.questions import add_chapter, add_lesson, add_question

pytestmark = pytest.mark.anyio

ALL = PageRequest(offset=0, limit=None)


async def test_chapters_and_lessons_round_trip_and_in_use(contract_container: Container) -> None:
    world = await seed_world(contract_container)
    chapter_id = await add_chapter(contract_container, teacher_id=world.teacher, subject_id=world.subject)
    lesson_id = await add_lesson(
        contract_container, teacher_id=world.teacher, subject_id=world.subject, chapter_id=chapter_id
    )
    spare = await add_lesson(
        contract_container, teacher_id=world.teacher, subject_id=world.subject, chapter_id=chapter_id
    )
    async with contract_container.uow() as uow:
        chapter = await uow.chapters.get(chapter_id)
        assert chapter is not None
        assert (chapter.subject_id, chapter.teacher_id, chapter.name, chapter.created_at) == (
            world.subject,
            world.teacher,
            "Chapter",
            NOW,
        )
        chapter.name, chapter.order, chapter.updated_at = "Renamed", 3, NOW + timedelta(hours=1)
        await uow.chapters.save(chapter)
        lesson = await uow.bank_lessons.get(lesson_id)
        assert lesson is not None and lesson.chapter_id == chapter_id
        lesson.name = "Lesson renamed"
        await uow.bank_lessons.save(lesson)
        await uow.commit()
    async with contract_container.uow() as uow:
        saved = await uow.chapters.get(chapter_id)
        assert saved is not None and (saved.name, saved.order) == ("Renamed", 3)
        assert saved.updated_at == NOW + timedelta(hours=1)
        assert (await uow.bank_lessons.get(lesson_id)).name == "Lesson renamed"  # type: ignore[union-attr]
        assert not await uow.chapters.in_use(chapter_id)
        assert not await uow.bank_lessons.in_use(lesson_id)
        assert await uow.chapters.get(2**40) is None and await uow.bank_lessons.get(0) is None
    await add_question(
        contract_container, teacher_id=world.teacher, subject_id=world.subject, lesson_id=lesson_id
    )
    async with contract_container.uow() as uow:
        assert await uow.chapters.in_use(chapter_id)
        assert await uow.bank_lessons.in_use(lesson_id)
        assert not await uow.bank_lessons.in_use(spare)
        await uow.bank_lessons.delete(spare)
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.bank_lessons.get(spare) is None
    other_chapter = await add_chapter(contract_container, teacher_id=None, subject_id=world.subject)
    other_lesson = await add_lesson(
        contract_container, teacher_id=None, subject_id=world.subject, chapter_id=other_chapter
    )
    async with contract_container.uow() as uow:
        await uow.chapters.delete(other_chapter)  # its lessons go with it
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.chapters.get(other_chapter) is None
        assert await uow.bank_lessons.get(other_lesson) is None
    new_subject = NEW_ITEM[ReferenceKind.SUBJECT](name="Geology", grade_ids=[world.grade])
    subject = (await contract_container.get(CreateReferenceItem).execute(SYSTEM, new_subject)).id
    await add_chapter(contract_container, teacher_id=None, subject_id=subject)
    async with contract_container.uow() as uow:  # RESTRICT: a subject with chapters stays
        with pytest.raises(InUse):
            await uow.reference.delete(ReferenceKind.SUBJECT, subject)


async def test_questions_round_trip_with_choices(contract_container: Container) -> None:
    world = await seed_world(contract_container)
    question = await add_question(
        contract_container,
        teacher_id=world.teacher,
        subject_id=world.subject,
        question_type="mcq_multiple",
        points=3,
        is_global=True,
        created_by=world.teacher_user,
    )
    written = await add_question(
        contract_container, teacher_id=None, subject_id=world.subject, question_type="written"
    )
    assert question.id is not None and written.id is not None
    assert all(c.id is not None for c in question.choices)
    async with contract_container.uow() as uow:
        stored = await uow.questions.get(question.id)
        assert stored is not None
        assert stored.question_type is QuestionType.MCQ_MULTIPLE and stored.difficulty is Difficulty.MEDIUM
        assert (stored.points, stored.is_global, stored.teacher_id, stored.created_by) == (
            3,
            True,
            world.teacher,
            world.teacher_user,
        )
        assert [(c.id, c.text, c.is_correct, c.order) for c in stored.choices] == [
            (c.id, c.text, c.is_correct, c.order) for c in question.choices
        ]
        assert stored.correct_choice_ids == question.correct_choice_ids
        many = await uow.questions.get_many([question.id, written.id, 2**40, 0, -1])
        assert set(many) == {question.id, written.id} and many[written.id].choices == []
        assert await uow.questions.get_many([]) == {}
        # fields only: the choices stay
        stored.text, stored.difficulty, stored.choices = "Changed", Difficulty.HARD, []
        await uow.questions.save(stored, replace_choices=False)
        await uow.commit()
    async with contract_container.uow() as uow:
        kept = await uow.questions.get(question.id)
        assert kept is not None and (kept.text, kept.difficulty) == ("Changed", Difficulty.HARD)
        assert [c.id for c in kept.choices] == [c.id for c in question.choices]
        kept.question_type = QuestionType.MCQ_SINGLE
        kept.choices = [
            Choice(text="B", is_correct=False, order=1),
            Choice(text="A", is_correct=True, order=0),
        ]
        await uow.questions.save(kept, replace_choices=True)
        await uow.commit()
        assert all(c.id is not None for c in kept.choices)
    async with contract_container.uow() as uow:
        replaced = await uow.questions.get(question.id)
        assert replaced is not None and replaced.question_type is QuestionType.MCQ_SINGLE
        assert [c.text for c in replaced.choices] == ["A", "B"]  # in (order, id)
        assert not await uow.questions.in_use(question.id)
        await uow.questions.delete(question.id)
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.questions.get(question.id) is None
        assert await uow.questions.get(2**40) is None


async def test_reader_rows_scope_and_filters(contract_container: Container) -> None:
    world = await seed_world(contract_container)
    reader = contract_container.get(QuestionBankReader)
    mine = await add_chapter(contract_container, teacher_id=world.teacher, subject_id=world.subject, order=1)
    shared = await add_chapter(contract_container, teacher_id=None, subject_id=world.subject, name="Optics")
    hers = await add_chapter(contract_container, teacher_id=world.other, subject_id=world.subject)
    lesson = await add_lesson(
        contract_container, teacher_id=world.teacher, subject_id=world.subject, chapter_id=mine, name="Forces"
    )
    shared_lesson = await add_lesson(
        contract_container, teacher_id=None, subject_id=world.subject, chapter_id=shared
    )
    await add_lesson(contract_container, teacher_id=world.other, subject_id=world.subject, chapter_id=hers)
    q1 = await add_question(
        contract_container, teacher_id=world.teacher, subject_id=world.subject, lesson_id=lesson, points=3
    )
    q2 = await add_question(
        contract_container,
        teacher_id=world.teacher,
        subject_id=world.subject,
        lesson_id=lesson,
        question_type="written",
        difficulty="hard",
        text="Explain the 100% rule",
    )
    q3 = await add_question(
        contract_container, teacher_id=None, subject_id=world.subject, lesson_id=shared_lesson, is_global=True
    )
    await add_question(contract_container, teacher_id=world.other, subject_id=world.subject)  # invisible
    scope = BankScope(everything=False, teacher_id=world.teacher)
    everything = BankScope(everything=True)

    chapters = await reader.list_chapters(ChapterFilter(scope=scope), ALL)
    assert [(r.id, r.lesson_count, r.subject_name) for r in chapters.items] == [
        (shared, 1, "Physics"),
        (mine, 1, "Physics"),
    ]
    assert (await reader.list_chapters(ChapterFilter(scope=everything, search="opt"), ALL)).total == 1
    row = await reader.get_chapter(mine)
    assert row is not None and (row.teacher_id, row.order) == (world.teacher, 1)
    lessons = await reader.list_lessons(LessonFilter(scope=scope, subject=world.subject), ALL)
    assert [(r.id, r.question_count, r.teacher_id) for r in lessons.items] == [
        (lesson, 2, world.teacher),
        (shared_lesson, 1, None),
    ]
    assert (await reader.list_lessons(LessonFilter(scope=everything, chapter=hers), ALL)).total == 1
    assert (await reader.list_lessons(LessonFilter(scope=scope, search="FORC"), PageRequest(0, 0))).total == 1
    found = await reader.get_lesson(lesson)
    assert found is not None and (found.chapter_name, found.subject_id) == ("Chapter", world.subject)

    seen = await reader.list_questions(QuestionFilter(scope=scope), ALL)
    assert {r.id for r in seen.items} == {q1.id, q2.id, q3.id}
    first = next(r for r in seen.items if r.id == q1.id)
    assert (first.lesson_name, first.chapter_id, first.choice_count, first.points) == ("Forces", mine, 3, 3)
    filters = [
        (QuestionFilter(scope=scope, mine=True), {q1.id, q2.id}),
        (QuestionFilter(scope=everything, mine=True), {q3.id}),
        (QuestionFilter(scope=scope, chapter=shared), {q3.id}),
        (QuestionFilter(scope=scope, question_type=QuestionType.WRITTEN), {q2.id}),
        (QuestionFilter(scope=scope, difficulty=Difficulty.HARD), {q2.id}),
        (QuestionFilter(scope=scope, is_global=False, lesson=lesson), {q1.id, q2.id}),
        (QuestionFilter(scope=scope, search="100%"), {q2.id}),
        (QuestionFilter(scope=scope, exclude_ids=frozenset({q1.id or 0})), {q2.id, q3.id}),
    ]
    for wanted, ids in filters:
        assert {r.id for r in (await reader.list_questions(wanted, ALL)).items} == ids, wanted
    by_points = await reader.list_questions(QuestionFilter(scope=scope, ordering=(("points", True),)), ALL)
    assert by_points.items[0].id == q1.id
    page = await reader.list_questions(QuestionFilter(scope=everything), PageRequest(offset=1, limit=2))
    assert page.total == 4 and len(page.items) == 2

    detail = await reader.get_question(q1.id or 0)
    assert detail is not None and not detail.in_use
    assert [(c.text, c.is_correct) for c in detail.choices] == [
        ("Right", True),
        ("Wrong", False),
        ("Also wrong", False),
    ]
    assert await reader.get_question(2**40) is None

    total, selected = await reader.random_question_ids(QuestionFilter(scope=scope), 2)
    assert total == 3 and len(set(selected)) == 2 and set(selected) <= {q1.id, q2.id, q3.id}
    total, selected = await reader.random_question_ids(QuestionFilter(scope=scope, mine=True), 50)
    assert total == 2 and sorted(selected) == sorted([q1.id, q2.id])


async def test_a_question_a_homework_uses_is_in_use(contract_container: Container) -> None:
    cls = await build_class(contract_container)
    await add_homework(contract_container, cls, cls.mcq)
    reader = contract_container.get(QuestionBankReader)
    async with contract_container.uow() as uow:
        assert await uow.questions.in_use(cls.mcq.id or 0)
        assert not await uow.questions.in_use(cls.written.id or 0)
    used = await reader.get_question(cls.mcq.id or 0)
    assert used is not None and used.in_use
