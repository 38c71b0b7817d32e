"""The question bank reader in memory (committed state): the same rows, filters and orders as the SQL
reader."""

from __future__ import annotations

import copy
import random

from edutrack.adapters.memory import homework as memory_homework
from edutrack.adapters.memory import quizzes as memory_quizzes
from edutrack.adapters.memory.academics import AcademicTables
from edutrack.adapters.memory.questions import QuestionTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.entities.questions import BankLesson, Chapter, Difficulty, Question
from edutrack.ports.questions import (
    BankScope,
    ChapterFilter,
    ChapterRow,
    LessonFilter,
    LessonRow,
    QuestionDetail,
    QuestionFilter,
    QuestionRow,
)
from edutrack.ports.readers import Page, PageRequest

DIFFICULTY_RANK = {Difficulty.EASY: 0, Difficulty.MEDIUM: 1, Difficulty.HARD: 2}


def _page(rows: list, page: PageRequest) -> Page:  # type: ignore[type-arg]
    end = None if page.limit is None else page.offset + page.limit
    return Page(total=len(rows), items=rows[page.offset : end])


def _in_scope(scope: BankScope, teacher_id: int | None) -> bool:
    return scope.everything or teacher_id is None or teacher_id == scope.teacher_id


def _has(text: str, needle: str | None) -> bool:
    return not needle or needle.lower() in text.lower()


class MemoryQuestionBankReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _state(self) -> MemoryState:
        return self._store.state

    @property
    def _tables(self) -> QuestionTables:
        return self._state.of(QuestionTables)

    def _subject_name(self, subject_id: int) -> str:
        subject = self._state.of(AcademicTables).reference[ReferenceKind.SUBJECT].get(subject_id)
        return subject.name if subject is not None else ""

    def _chapter_row(self, chapter: Chapter) -> ChapterRow:
        assert chapter.id is not None
        return ChapterRow(
            id=chapter.id,
            subject_id=chapter.subject_id,
            subject_name=self._subject_name(chapter.subject_id),
            name=chapter.name,
            order=chapter.order,
            teacher_id=chapter.teacher_id,
            lesson_count=sum(
                1 for lesson in self._tables.lessons.values() if lesson.chapter_id == chapter.id
            ),
            created_at=chapter.created_at,
            updated_at=chapter.updated_at,
        )

    def _lesson_row(self, lesson: BankLesson) -> LessonRow:
        assert lesson.id is not None
        chapter = self._tables.chapters[lesson.chapter_id]
        return LessonRow(
            id=lesson.id,
            chapter_id=lesson.chapter_id,
            chapter_name=chapter.name,
            subject_id=chapter.subject_id,
            subject_name=self._subject_name(chapter.subject_id),
            name=lesson.name,
            order=lesson.order,
            teacher_id=chapter.teacher_id,
            question_count=sum(1 for q in self._tables.questions.values() if q.lesson_id == lesson.id),
            created_at=lesson.created_at,
            updated_at=lesson.updated_at,
        )

    def _question_row(self, question: Question) -> QuestionRow:
        assert question.id is not None
        lesson = self._tables.lessons[question.lesson_id]
        chapter = self._tables.chapters[lesson.chapter_id]
        return QuestionRow(
            id=question.id,
            lesson_id=question.lesson_id,
            lesson_name=lesson.name,
            chapter_id=lesson.chapter_id,
            chapter_name=chapter.name,
            subject_id=chapter.subject_id,
            subject_name=self._subject_name(chapter.subject_id),
            question_type=question.question_type,
            text=question.text,
            image=question.image,
            difficulty=question.difficulty,
            points=question.points,
            choice_count=len(question.choices),
            is_global=question.is_global,
            teacher_id=question.teacher_id,
            created_by=question.created_by,
            created_at=question.created_at,
            updated_at=question.updated_at,
        )

    async def list_chapters(self, filters: ChapterFilter, page: PageRequest) -> Page[ChapterRow]:
        rows = [
            self._chapter_row(c)
            for c in self._tables.chapters.values()
            if _in_scope(filters.scope, c.teacher_id)
            and (filters.subject is None or c.subject_id == filters.subject)
            and _has(c.name, filters.search)
        ]
        return _page(sorted(rows, key=lambda r: (r.order, r.id)), page)

    async def get_chapter(self, chapter_id: int) -> ChapterRow | None:
        chapter = self._tables.chapters.get(chapter_id)
        return self._chapter_row(chapter) if chapter else None

    async def list_lessons(self, filters: LessonFilter, page: PageRequest) -> Page[LessonRow]:
        rows = [
            row
            for lesson in self._tables.lessons.values()
            if (row := self._lesson_row(lesson))
            and _in_scope(filters.scope, row.teacher_id)
            and (filters.chapter is None or row.chapter_id == filters.chapter)
            and (filters.subject is None or row.subject_id == filters.subject)
            and _has(row.name, filters.search)
        ]
        return _page(sorted(rows, key=lambda r: (r.order, r.id)), page)

    async def get_lesson(self, lesson_id: int) -> LessonRow | None:
        lesson = self._tables.lessons.get(lesson_id)
        return self._lesson_row(lesson) if lesson else None

    def _matching(self, filters: QuestionFilter) -> list[QuestionRow]:
        scope = filters.scope
        rows = []
        for question in self._tables.questions.values():
            row = self._question_row(question)
            if not (scope.everything or row.is_global or row.teacher_id == scope.teacher_id):
                continue
            if filters.mine and row.teacher_id != (None if scope.everything else scope.teacher_id):
                continue
            if (
                (filters.lesson is None or row.lesson_id == filters.lesson)
                and (filters.chapter is None or row.chapter_id == filters.chapter)
                and (filters.subject is None or row.subject_id == filters.subject)
                and (filters.question_type is None or row.question_type is filters.question_type)
                and (filters.difficulty is None or row.difficulty is filters.difficulty)
                and (filters.is_global is None or row.is_global is filters.is_global)
                and _has(row.text, filters.search)
                and row.id not in filters.exclude_ids
            ):
                rows.append(row)
        return rows

    async def list_questions(self, filters: QuestionFilter, page: PageRequest) -> Page[QuestionRow]:
        rows = sorted(self._matching(filters), key=lambda r: (r.created_at, r.id), reverse=True)
        for name, descending in reversed(filters.ordering):
            if name == "difficulty":
                rows.sort(key=lambda r: DIFFICULTY_RANK[r.difficulty], reverse=descending)
            else:
                rows.sort(key=lambda r, n=name: getattr(r, n), reverse=descending)  # type: ignore[misc]
        return _page(rows, page)

    async def get_question(self, question_id: int) -> QuestionDetail | None:
        question = self._tables.questions.get(question_id)
        if question is None:
            return None
        return QuestionDetail(
            row=self._question_row(question),
            explanation=question.explanation,
            in_use=question_id in memory_homework.question_ids_in_use(self._state)
            or question_id in memory_quizzes.question_ids_in_use(self._state),
            choices=tuple(copy.deepcopy(question.choices)),
        )

    async def random_question_ids(self, filters: QuestionFilter, count: int) -> tuple[int, list[int]]:
        ids = [row.id for row in self._matching(filters)]
        return len(ids), random.sample(ids, min(count, len(ids)))
