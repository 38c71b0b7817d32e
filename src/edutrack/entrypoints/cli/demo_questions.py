"""The demo question bank: each demo teacher's chapter on their subject, its first topics as lessons, and a
dozen questions of each type, created by the teacher through the same use cases as the HTTP API; a second
run creates nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace

from edutrack.composition import Container
from edutrack.core.actor import Actor
from edutrack.core.entities.questions import Difficulty, QuestionType
from edutrack.core.use_cases.questions.chapters import CreateChapter
from edutrack.core.use_cases.questions.commands import NewBankLesson, NewChapter, NewChoice, NewQuestion
from edutrack.core.use_cases.questions.lessons import CreateBankLesson
from edutrack.core.use_cases.questions.write_questions import CreateQuestion
from edutrack.entrypoints.cli.demo_content import CURRICULUM, name_key, teacher_actor
from edutrack.entrypoints.cli.demo_people import TEACHER_SEEDS, username_of
from edutrack.ports.questions import (
    BankScope,
    ChapterFilter,
    ChapterRow,
    LessonFilter,
    LessonRow,
    QuestionBankReader,
    QuestionFilter,
)
from edutrack.ports.readers import PageRequest
from edutrack.ports.teachers import TeacherFilter, TeacherReader

CHAPTERS, BANK_LESSONS, QUESTIONS = "bank_chapters", "bank_lessons", "bank_questions"
BANK = (CHAPTERS, BANK_LESSONS, QUESTIONS)
"""The keys of the counts of question bank rows created."""

QUESTIONS_PER_TYPE = 12
BANK_LESSONS_PER_TEACHER = 3
DIFFICULTIES = (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD)


@dataclass(frozen=True, slots=True)
class QuestionBankLoad:
    """What ``load_question_bank`` created (``counts``) and every demo teacher's bank question ids, by
    teacher profile id, in creation order (those of an earlier run included): what demo homework is built
    from."""

    counts: dict[str, int]
    question_ids: dict[int, tuple[int, ...]]


def bank_chapter_name(subject: str) -> str:
    return f"{subject} — Revision Bank"


def demo_question(kind: QuestionType, lesson: str, k: int) -> NewQuestion:
    """The ``k``-th (from 0) demo question of a type in a lesson: small arithmetic checks whose answers are
    right, so a demo homework grades sensibly, and a written question for the teacher to grade."""
    difficulty = DIFFICULTIES[k % len(DIFFICULTIES)]
    if kind is QuestionType.MCQ_SINGLE:
        a, b = 3 + k, 7 + 2 * k
        options = (a + b, a + b + 1, a + b - 1, a + b + 10)
        return NewQuestion(
            lesson_id=0,
            question_type=kind,
            text=f"{lesson} — warm-up {k + 1}: what is {a} + {b}?",
            difficulty=difficulty,
            points=1 + k % 2,
            explanation=f"{a} + {b} = {a + b}.",
            is_global=k == 0,
            choices=tuple(
                NewChoice(str(v), is_correct=i == 0, order=(i * 3) % 4) for i, v in enumerate(options)
            ),
        )
    if kind is QuestionType.MCQ_MULTIPLE:
        m = 2 + k % 4
        options = (m * (k + 2), m * (k + 3) + 1, m * (k + 5), m * (k + 4) + 1)
        return NewQuestion(
            lesson_id=0,
            question_type=kind,
            text=f"{lesson} — check {k + 1}: which of these numbers are multiples of {m}?",
            difficulty=difficulty,
            points=2,
            explanation=f"A multiple of {m} leaves no remainder when divided by {m}.",
            is_global=k == 0,
            choices=tuple(NewChoice(str(v), is_correct=v % m == 0, order=i) for i, v in enumerate(options)),
        )
    return NewQuestion(
        lesson_id=0,
        question_type=kind,
        text=f"{lesson} — short answer {k + 1}: explain one key idea of this lesson and give an example.",
        difficulty=difficulty,
        points=3 + k % 3,
        explanation="A full answer names the idea, explains it in a sentence or two and gives an example.",
        is_global=k == 0,
    )


class _BankLoader:
    """Per demo teacher: one chapter on the teacher's subject, its first topics as lessons, and a dozen
    questions of each type spread over them, created by the teacher through the HTTP API's use cases;
    what exists (matched by name, or by text within its lesson) is kept, so a second run creates
    nothing."""

    def __init__(self, container: Container) -> None:
        self._container = container
        self.counts = dict.fromkeys(BANK, 0)
        self.question_ids: dict[int, tuple[int, ...]] = {}

    async def load(self) -> None:
        container, everything = self._container, PageRequest(limit=None)
        teachers = await container.get(TeacherReader).list(TeacherFilter(), everything)
        reader = container.get(QuestionBankReader)
        scope = BankScope(everything=True)
        chapters = (await reader.list_chapters(ChapterFilter(scope=scope), everything)).items
        lessons = (await reader.list_lessons(LessonFilter(scope=scope), everything)).items
        questions = (await reader.list_questions(QuestionFilter(scope=scope), everything)).items
        by_username = {row.username.casefold(): row for row in teachers.items}
        for seed in TEACHER_SEEDS:
            row = by_username.get(username_of(seed.name))
            if row is None or row.subject is None:
                continue
            topics = next(
                (
                    CURRICULUM[(row.subject.name, g)]
                    for g in seed.grades
                    if (row.subject.name, g) in CURRICULUM
                ),
                (),
            )
            if not topics:
                continue
            teacher = teacher_actor(row)
            chapter = await self.chapter(
                teacher, row.subject.id, bank_chapter_name(row.subject.name), chapters
            )
            ids: list[int] = []
            names = topics[:BANK_LESSONS_PER_TEACHER]
            lesson_ids = [
                await self.lesson(teacher, chapter, name, i, lessons) for i, name in enumerate(names)
            ]
            known = {(q.lesson_id, name_key(q.text)): q.id for q in questions if q.teacher_id == row.id}
            for kind in QuestionType:
                for k in range(QUESTIONS_PER_TYPE):
                    slot = k % len(lesson_ids)
                    ids.append(await self.question(teacher, lesson_ids[slot], names[slot], kind, k, known))
            self.question_ids[row.id] = tuple(ids)

    async def chapter(self, teacher: Actor, subject_id: int, name: str, rows: list[ChapterRow]) -> int:
        for row in rows:
            if row.teacher_id == teacher.teacher_id and name_key(row.name) == name_key(name):
                return row.id
        created = await self._container.get(CreateChapter).execute(
            teacher, NewChapter(subject_id=subject_id, name=name, order=1)
        )
        self.counts[CHAPTERS] += 1
        return created.id

    async def lesson(
        self, teacher: Actor, chapter_id: int, name: str, index: int, rows: list[LessonRow]
    ) -> int:
        for row in rows:
            if row.chapter_id == chapter_id and name_key(row.name) == name_key(name):
                return row.id
        created = await self._container.get(CreateBankLesson).execute(
            teacher, NewBankLesson(chapter_id=chapter_id, name=name, order=index + 1)
        )
        self.counts[BANK_LESSONS] += 1
        return created.id

    async def question(
        self,
        teacher: Actor,
        lesson_id: int,
        lesson: str,
        kind: QuestionType,
        k: int,
        known: dict[tuple[int, str], int],
    ) -> int:
        data = replace(demo_question(kind, lesson, k), lesson_id=lesson_id)
        found = known.get((lesson_id, name_key(data.text)))
        if found is not None:
            return found
        created = await self._container.get(CreateQuestion).execute(teacher, data)
        self.counts[QUESTIONS] += 1
        return created.row.id


async def load_question_bank(container: Container) -> QuestionBankLoad:
    """Create the demo teachers' missing question bank rows (after their courses: ``load_content``)."""
    loader = _BankLoader(container)
    await loader.load()
    return QuestionBankLoad(counts=loader.counts, question_ids=loader.question_ids)
