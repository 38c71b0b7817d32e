"""The question bank in memory: its tables and repositories (inside a unit of work), mirroring the SQL
schema's keys: a chapter needs its subject (and teacher), a lesson its chapter, a question its lesson;
deleting a chapter deletes its lessons, deleting a question its choices. The readers are in
``questions_reader.py``."""

from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import dataclass, field

from edutrack.adapters.memory import academics as memory_academics
from edutrack.adapters.memory import homework as memory_homework
from edutrack.adapters.memory import quizzes as memory_quizzes
from edutrack.adapters.memory import teachers as memory_teachers
from edutrack.adapters.memory.store import MemoryState
from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.entities.questions import BankLesson, Chapter, Question
from edutrack.core.errors import Conflict

CONFLICT = "The request conflicts with the current state of the resource."


@dataclass
class QuestionTables:
    chapters: dict[int, Chapter] = field(default_factory=dict)
    lessons: dict[int, BankLesson] = field(default_factory=dict)
    questions: dict[int, Question] = field(default_factory=dict)  # each with its choices


def chapter_ids_of_subject(state: MemoryState, subject_id: int) -> set[int]:
    """The chapters filed under a subject (the RESTRICT key of ``bank_chapters.subject_id``)."""
    chapters = state.of(QuestionTables).chapters.values()
    return {c.id for c in chapters if c.subject_id == subject_id and c.id is not None}


class _Repository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(QuestionTables)

    def _teacher_exists(self, teacher_id: int | None) -> bool:
        return teacher_id is None or teacher_id in self._state.of(memory_teachers.TeacherTables).teachers


class MemoryChapterRepository(_Repository):
    def _check(self, chapter: Chapter) -> None:
        subjects = self._state.of(memory_academics.AcademicTables).reference[ReferenceKind.SUBJECT]
        if chapter.subject_id not in subjects or not self._teacher_exists(chapter.teacher_id):
            raise Conflict(CONFLICT)

    async def add(self, chapter: Chapter) -> Chapter:
        self._check(chapter)
        chapter.id = self._state.next_id("bank_chapters")
        self._tables.chapters[chapter.id] = copy.copy(chapter)
        return chapter

    async def get(self, chapter_id: int) -> Chapter | None:
        chapter = self._tables.chapters.get(chapter_id)
        return copy.copy(chapter) if chapter else None

    async def save(self, chapter: Chapter) -> None:
        assert chapter.id is not None
        if chapter.id not in self._tables.chapters:
            return
        self._check(chapter)
        self._tables.chapters[chapter.id] = copy.copy(chapter)

    async def in_use(self, chapter_id: int) -> bool:
        lessons = {i for i, lesson in self._tables.lessons.items() if lesson.chapter_id == chapter_id}
        return any(q.lesson_id in lessons for q in self._tables.questions.values())

    async def delete(self, chapter_id: int) -> None:
        if chapter_id not in self._tables.chapters:
            return
        lessons = {i for i, lesson in self._tables.lessons.items() if lesson.chapter_id == chapter_id}
        if any(q.lesson_id in lessons for q in self._tables.questions.values()):
            raise Conflict(CONFLICT)  # RESTRICT from bank_questions.lesson_id
        for lesson_id in lessons:
            del self._tables.lessons[lesson_id]
        del self._tables.chapters[chapter_id]


class MemoryBankLessonRepository(_Repository):
    async def add(self, lesson: BankLesson) -> BankLesson:
        if lesson.chapter_id not in self._tables.chapters:
            raise Conflict(CONFLICT)
        lesson.id = self._state.next_id("bank_lessons")
        self._tables.lessons[lesson.id] = copy.copy(lesson)
        return lesson

    async def get(self, lesson_id: int) -> BankLesson | None:
        lesson = self._tables.lessons.get(lesson_id)
        return copy.copy(lesson) if lesson else None

    async def save(self, lesson: BankLesson) -> None:
        assert lesson.id is not None
        if lesson.id not in self._tables.lessons:
            return
        if lesson.chapter_id not in self._tables.chapters:
            raise Conflict(CONFLICT)
        self._tables.lessons[lesson.id] = copy.copy(lesson)

    async def in_use(self, lesson_id: int) -> bool:
        return any(q.lesson_id == lesson_id for q in self._tables.questions.values())

    async def delete(self, lesson_id: int) -> None:
        if lesson_id not in self._tables.lessons:
            return
        if await self.in_use(lesson_id):
            raise Conflict(CONFLICT)  # RESTRICT from bank_questions.lesson_id
        del self._tables.lessons[lesson_id]


class MemoryQuestionRepository(_Repository):
    def _store(self, question: Question, *, new_choices: bool) -> None:
        if question.lesson_id not in self._tables.lessons or not self._teacher_exists(question.teacher_id):
            raise Conflict(CONFLICT)
        if new_choices:
            for choice in question.choices:
                choice.id = self._state.next_id("bank_choices")
        assert question.id is not None
        stored = copy.deepcopy(question)
        stored.choices.sort(key=lambda c: (c.order, c.id or 0))  # read back in (order, id), as SQL does
        self._tables.questions[question.id] = stored

    async def add(self, question: Question) -> Question:
        if question.lesson_id not in self._tables.lessons or not self._teacher_exists(question.teacher_id):
            raise Conflict(CONFLICT)
        question.id = self._state.next_id("bank_questions")
        self._store(question, new_choices=True)
        return question

    async def get(self, question_id: int) -> Question | None:
        question = self._tables.questions.get(question_id)
        return copy.deepcopy(question) if question else None

    async def get_many(self, question_ids: Collection[int]) -> dict[int, Question]:
        return {
            i: copy.deepcopy(self._tables.questions[i])
            for i in set(question_ids)
            if i in self._tables.questions
        }

    async def save(self, question: Question, *, replace_choices: bool) -> None:
        assert question.id is not None
        stored = self._tables.questions.get(question.id)
        if stored is None:
            return
        if not replace_choices:
            question = copy.copy(question)
            question.choices = stored.choices
        self._store(question, new_choices=replace_choices)

    async def in_use(self, question_id: int) -> bool:
        return question_id in memory_homework.question_ids_in_use(
            self._state
        ) or question_id in memory_quizzes.question_ids_in_use(self._state)

    async def delete(self, question_id: int) -> None:
        if question_id not in self._tables.questions:
            return
        if await self.in_use(question_id):
            raise Conflict(CONFLICT)  # RESTRICT from homework_questions/quiz_questions.question_id
        del self._tables.questions[question_id]
