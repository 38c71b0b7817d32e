"""The question bank's use cases over the memory fakes: the rules of a question, who sees and changes
what, and the outcomes (every problem at once, nothing written on failure)."""

from __future__ import annotations

import pytest

from edutrack.composition import Container
from edutrack.core.actor import Actor, Role
from edutrack.core.commands import UNSET
from edutrack.core.entities.questions import Choice, Difficulty, Question, QuestionType
from edutrack.core.errors import InUse, NotFound, PermissionDenied, ValidationFailed
from edutrack.core.policies.questions import (
    MCQ_NEEDS_TWO,
    MULTIPLE_NEEDS_ONE,
    SINGLE_NEEDS_ONE,
    WRITTEN_HAS_NONE,
    question_problems,
)
from edutrack.core.use_cases.questions.chapters import CreateChapter, DeleteChapter, GetChapter, ListChapters
from edutrack.core.use_cases.questions.commands import (
    ChapterQuery,
    LessonQuery,
    NewBankLesson,
    NewChapter,
    NewChoice,
    NewQuestion,
    QuestionChanges,
    QuestionQuery,
    RandomSelection,
)
from edutrack.core.use_cases.questions.lessons import CreateBankLesson, DeleteBankLesson, ListBankLessons
from edutrack.core.use_cases.questions.random_select import RandomSelectQuestions
from edutrack.core.use_cases.questions.read_questions import GetQuestion, ListQuestions
from edutrack.core.use_cases.questions.write_questions import CreateQuestion, DeleteQuestion, UpdateQuestion
from edutrack.entrypoints.cli import demo_questions
from edutrack.ports.readers import PageRequest
from tests.support.clock import NOW
from tests.support.materials import World, seed_world
from tests.support.questions import add_chapter, add_lesson, add_question

pytestmark = pytest.mark.anyio

ALL = PageRequest(offset=0, limit=None)
OWNER = Actor(user_id=1, username="owner", role=Role.SITE_OWNER)
STUDENT = Actor(user_id=9, username="pupil", role=Role.STUDENT, student_id=1)
RIGHT, WRONG = NewChoice("4", True, 0), NewChoice("5", False, 1)


def teacher(world: World) -> Actor:
    return Actor(user_id=world.teacher_user, username="mr_ahmed", role=Role.TEACHER, teacher_id=world.teacher)


def assistant(world: World) -> Actor:
    return Actor(
        user_id=999, username="helper", role=Role.ASSISTANT, teacher_id=world.teacher, assistant_id=1
    )


def other(world: World) -> Actor:
    return Actor(user_id=world.other_user, username="ms_mona", role=Role.TEACHER, teacher_id=world.other)


def _question(kind: QuestionType, *correct: bool, points: int = 1, image: str | None = None) -> Question:
    return Question(
        lesson_id=1,
        question_type=kind,
        text="Q",
        created_by=None,
        created_at=NOW,
        updated_at=NOW,
        points=points,
        image=image,
        choices=[Choice(text=f"c{i}", is_correct=c) for i, c in enumerate(correct)],
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (_question(QuestionType.MCQ_SINGLE, True, False), {}),
        (_question(QuestionType.MCQ_SINGLE, True, True), {"choices": [SINGLE_NEEDS_ONE]}),
        (_question(QuestionType.MCQ_SINGLE, False, False), {"choices": [SINGLE_NEEDS_ONE]}),
        (_question(QuestionType.MCQ_SINGLE, True), {"choices": [MCQ_NEEDS_TWO]}),
        (_question(QuestionType.MCQ_MULTIPLE, True, True, False), {}),
        (_question(QuestionType.MCQ_MULTIPLE, False, False), {"choices": [MULTIPLE_NEEDS_ONE]}),
        (_question(QuestionType.MCQ_MULTIPLE), {"choices": [MCQ_NEEDS_TWO, MULTIPLE_NEEDS_ONE]}),
        (_question(QuestionType.WRITTEN), {}),
        (_question(QuestionType.WRITTEN, False), {"choices": [WRITTEN_HAS_NONE]}),
        (
            _question(QuestionType.WRITTEN, points=0, image="ftp://x/y.png"),
            {"points": ["Ensure this value is greater than or equal to 1."], "image": ["Enter a valid URL."]},
        ),
        (_question(QuestionType.WRITTEN, image="https://cdn.example.com/a.png"), {}),
    ],
)
def test_question_rules(question: Question, expected: dict[str, list[str]]) -> None:
    assert question_problems(question) == expected


async def test_chapters_and_lessons_scope(container: Container) -> None:
    world = await seed_world(container)
    mine = await container.get(CreateChapter).execute(
        assistant(world), NewChapter(subject_id=world.subject, name="  Mechanics ", order=2)
    )
    assert (mine.name, mine.teacher_id, mine.subject_name, mine.lesson_count) == (
        "Mechanics",
        world.teacher,
        "Physics",
        0,
    )
    shared = await container.get(CreateChapter).execute(
        OWNER, NewChapter(subject_id=world.subject, name="Shared")
    )
    assert shared.teacher_id is None
    await add_chapter(container, teacher_id=world.other, subject_id=world.subject, name="Hers")
    seen = await container.get(ListChapters).execute(teacher(world), ChapterQuery(), ALL)
    assert [r.name for r in seen.items] == ["Shared", "Mechanics"]  # (order, id)
    assert (await container.get(ListChapters).execute(OWNER, ChapterQuery(search="HER"), ALL)).total == 1
    with pytest.raises(PermissionDenied):
        await container.get(GetChapter).execute(other(world), mine.id)
    with pytest.raises(PermissionDenied):
        await container.get(ListChapters).execute(STUDENT, ChapterQuery(), ALL)
    # a lesson under the shared chapter: read-only for teachers
    with pytest.raises(PermissionDenied):
        await container.get(CreateBankLesson).execute(
            teacher(world), NewBankLesson(chapter_id=shared.id, name="L")
        )
    with pytest.raises(ValidationFailed) as problem:
        await container.get(CreateBankLesson).execute(teacher(world), NewBankLesson(chapter_id=999, name=" "))
    assert problem.value.fields == {
        "name": ["This field may not be blank."],
        "chapter": ['Invalid pk "999" - object does not exist.'],
    }
    lesson = await container.get(CreateBankLesson).execute(
        teacher(world), NewBankLesson(chapter_id=mine.id, name="L1")
    )
    assert (lesson.teacher_id, lesson.chapter_name, lesson.question_count) == (world.teacher, "Mechanics", 0)
    lessons = await container.get(ListBankLessons).execute(other(world), LessonQuery(), ALL)
    assert lessons.total == 0
    with pytest.raises(ValidationFailed) as problem:
        await container.get(CreateChapter).execute(OWNER, NewChapter(subject_id=777, name=""))
    assert set(problem.value.fields) == {"subject", "name"}


async def test_in_use_chapters_and_lessons_are_kept(container: Container) -> None:
    world = await seed_world(container)
    me = teacher(world)
    chapter = await add_chapter(container, teacher_id=world.teacher, subject_id=world.subject)
    lesson = await add_lesson(
        container, teacher_id=world.teacher, subject_id=world.subject, chapter_id=chapter
    )
    await add_question(container, teacher_id=world.teacher, subject_id=world.subject, lesson_id=lesson)
    with pytest.raises(InUse, match="questions use this chapter"):
        await container.get(DeleteChapter).execute(me, chapter)
    with pytest.raises(InUse, match="questions use this lesson"):
        await container.get(DeleteBankLesson).execute(me, lesson)
    with pytest.raises(PermissionDenied):
        await container.get(DeleteChapter).execute(other(world), chapter)
    empty = await add_lesson(
        container, teacher_id=world.teacher, subject_id=world.subject, chapter_id=chapter
    )
    await container.get(DeleteBankLesson).execute(me, empty)
    with pytest.raises(NotFound):
        await container.get(DeleteBankLesson).execute(me, empty)


async def test_create_question_reports_everything_and_writes_nothing(container: Container) -> None:
    world = await seed_world(container)
    foreign = await add_lesson(container, teacher_id=world.other, subject_id=world.subject)
    bad = NewQuestion(
        lesson_id=foreign,  # another teacher's lesson: invisible
        question_type=QuestionType.MCQ_SINGLE,
        text="  ",
        image="javascript:alert(1)",
        choices=(RIGHT, NewChoice("x", True, 1, image="not a url")),
    )
    with pytest.raises(ValidationFailed) as problem:
        await container.get(CreateQuestion).execute(teacher(world), bad)
    assert problem.value.fields == {
        "lesson": [f'Invalid pk "{foreign}" - object does not exist.'],
        "text": ["This field may not be blank."],
        "image": ["Enter a valid URL."],
        "choices": ["Choice 2: Enter a valid URL.", SINGLE_NEEDS_ONE],
    }
    assert (await container.get(ListQuestions).execute(OWNER, QuestionQuery(), ALL)).total == 0
    with pytest.raises(PermissionDenied):
        await container.get(CreateQuestion).execute(STUDENT, bad)


async def test_question_visibility_update_and_delete(container: Container) -> None:
    world = await seed_world(container)
    lesson = await add_lesson(container, teacher_id=world.teacher, subject_id=world.subject)
    created = await container.get(CreateQuestion).execute(
        assistant(world),
        NewQuestion(
            lesson_id=lesson,
            question_type=QuestionType.MCQ_SINGLE,
            text="2 + 2?",
            difficulty=Difficulty.EASY,
            points=2,
            choices=(WRONG, RIGHT),
        ),
    )
    row = created.row
    assert (row.teacher_id, row.created_by, row.choice_count, created.in_use) == (
        world.teacher,
        999,
        2,
        False,
    )
    assert [c.text for c in created.choices] == ["4", "5"]  # (order, id)
    with pytest.raises(PermissionDenied):
        await container.get(GetQuestion).execute(other(world), row.id)
    # fields only: choices kept
    update = container.get(UpdateQuestion)
    changed = await update.execute(
        teacher(world), row.id, QuestionChanges(text="Two plus two?", is_global=True)
    )
    assert changed.row.text == "Two plus two?" and [c.id for c in changed.choices] == [
        c.id for c in created.choices
    ]
    # now global: readable, not writable by another teacher
    assert (await container.get(GetQuestion).execute(other(world), row.id)).row.is_global
    with pytest.raises(PermissionDenied):
        await update.execute(other(world), row.id, QuestionChanges(points=3))
    with pytest.raises(PermissionDenied):
        await container.get(DeleteQuestion).execute(other(world), row.id)
    # the rules on the result: written with choices is refused until choices are cleared
    with pytest.raises(ValidationFailed) as problem:
        await update.execute(teacher(world), row.id, QuestionChanges(question_type=QuestionType.WRITTEN))
    assert problem.value.fields == {"choices": [WRITTEN_HAS_NONE]}
    written = await update.execute(
        teacher(world), row.id, QuestionChanges(question_type=QuestionType.WRITTEN, choices=())
    )
    assert written.row.question_type is QuestionType.WRITTEN and written.choices == ()
    await container.get(DeleteQuestion).execute(OWNER, row.id)
    with pytest.raises(NotFound):
        await container.get(GetQuestion).execute(OWNER, row.id)
    assert QuestionChanges().text is UNSET


async def test_list_filters_and_random_selection(container: Container) -> None:
    world = await seed_world(container)
    lesson = await add_lesson(container, teacher_id=world.teacher, subject_id=world.subject)
    own = [
        await add_question(
            container, teacher_id=world.teacher, subject_id=world.subject, lesson_id=lesson, difficulty=d
        )
        for d in ("hard", "easy", "medium")
    ]
    theirs_global = await add_question(
        container, teacher_id=world.other, subject_id=world.subject, is_global=True
    )
    await add_question(container, teacher_id=world.other, subject_id=world.subject)  # invisible to me
    site = await add_question(container, teacher_id=None, subject_id=world.subject, question_type="written")
    me = teacher(world)
    listing = container.get(ListQuestions)
    seen = await listing.execute(me, QuestionQuery(), ALL)
    assert {r.id for r in seen.items} == {q.id for q in own} | {theirs_global.id}
    assert [r.id for r in seen.items] == sorted((r.id for r in seen.items), reverse=True)  # newest first
    by_level = await listing.execute(me, QuestionQuery(mine=True, ordering=(("difficulty", False),)), ALL)
    assert [r.difficulty.value for r in by_level.items] == ["easy", "medium", "hard"]
    owners = await listing.execute(OWNER, QuestionQuery(mine=True), ALL)
    assert [r.id for r in owners.items] == [site.id]
    assert (await listing.execute(OWNER, QuestionQuery(question_type=QuestionType.WRITTEN), ALL)).total == 1
    assert (await listing.execute(me, QuestionQuery(is_global=True), ALL)).total == 1
    assert (
        await listing.execute(me, QuestionQuery(lesson=lesson, difficulty=Difficulty.HARD), ALL)
    ).total == 1

    draw = container.get(RandomSelectQuestions)
    result = await draw.execute(me, RandomSelection(count=10))
    assert (result.total_available, result.requested) == (4, 10)
    assert sorted(result.selected) == sorted(r.id for r in seen.items)
    two = await draw.execute(me, RandomSelection(count=2, exclude_ids=frozenset({own[0].id})))
    assert two.total_available == 3 and len(set(two.selected)) == 2 and own[0].id not in two.selected
    with pytest.raises(ValidationFailed) as problem:
        await draw.execute(other(world), RandomSelection(count=1, filters=QuestionQuery(lesson=lesson)))
    assert problem.value.fields == {"lesson": [f'Invalid pk "{lesson}" - object does not exist.']}


def test_the_demo_questions_keep_the_rules() -> None:
    for kind in QuestionType:
        for k in range(demo_questions.QUESTIONS_PER_TYPE):
            data = demo_questions.demo_question(kind, "Limits", k)
            question = _question(kind)
            question.text, question.points = data.text, data.points
            question.choices = [
                Choice(text=c.text, is_correct=c.is_correct, order=c.order) for c in data.choices
            ]
            assert question_problems(question) == {}, (kind, k)
