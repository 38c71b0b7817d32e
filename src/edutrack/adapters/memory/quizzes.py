"""Quizzes in memory: the quiz tables (quizzes, overrides, attempts), the quiz and override repositories
(in a unit of work) and the quiz reader (committed state), mirroring the SQL schema's keys:
UNIQUE(quiz_id, student_id) of overrides, the RESTRICT key to the bank's questions and the cascades from a
quiz to its questions, overrides and attempts. Attempts are in ``quiz_attempts``."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from edutrack.adapters.memory import courses as memory_courses
from edutrack.adapters.memory import homework as memory_homework
from edutrack.adapters.memory import lessons as memory_lessons
from edutrack.adapters.memory import questions as memory_questions
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.students import StudentTables
from edutrack.core.entities.quizzes import (
    Quiz,
    QuizAttempt,
    QuizOverride,
)
from edutrack.core.errors import Conflict
from edutrack.core.policies.digits import is_ascii_number
from edutrack.ports.quizzes import ChoiceRow, LectureScope, OverrideRow, QuizFilter, QuizQuestionRow, QuizRow
from edutrack.ports.readers import Page, PageRequest

CONFLICT = "The request conflicts with the current state of the resource."


@dataclass
class QuizTables:
    quizzes: dict[int, Quiz] = field(default_factory=dict)  # each with its question links
    overrides: dict[int, QuizOverride] = field(default_factory=dict)
    attempts: dict[int, QuizAttempt] = field(default_factory=dict)  # each with its snapshot


def question_ids_in_use(state: MemoryState) -> set[int]:
    """The bank questions some quiz uses (the SQL RESTRICT key of ``quiz_questions``)."""
    return {q.question_id for quiz in state.of(QuizTables).quizzes.values() for q in quiz.questions}


def delete_of_lectures(state: MemoryState, lecture_ids: set[int]) -> None:
    """ON DELETE CASCADE from lectures to their quizzes, and on to overrides and attempts."""
    tables = state.of(QuizTables)
    for quiz_id in [i for i, quiz in tables.quizzes.items() if quiz.lecture_id in lecture_ids]:
        _delete_quiz(tables, quiz_id)


def _delete_quiz(tables: QuizTables, quiz_id: int) -> None:
    tables.quizzes.pop(quiz_id, None)
    for oid in [i for i, o in tables.overrides.items() if o.quiz_id == quiz_id]:
        del tables.overrides[oid]
    for aid in [i for i, a in tables.attempts.items() if a.quiz_id == quiz_id]:
        del tables.attempts[aid]


class MemoryQuizRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(QuizTables)

    def _check(self, quiz: Quiz) -> None:
        questions = self._state.of(memory_questions.QuestionTables).questions
        ids = quiz.question_ids
        if (
            memory_homework._scope(self._state, quiz.lecture_id) is None
            or any(i not in questions for i in ids)
            or len(set(ids)) != len(ids)
        ):
            raise Conflict(CONFLICT)
        if quiz.open_date and quiz.close_date and quiz.open_date >= quiz.close_date:
            raise Conflict(CONFLICT)

    def _store(self, quiz: Quiz, *, new_links: bool) -> None:
        if new_links:
            for link in quiz.questions:
                link.id = self._state.next_id("quiz_questions")
        assert quiz.id is not None
        stored = copy.deepcopy(quiz)
        stored.questions.sort(key=lambda q: (q.order, q.id or 0))
        self._tables.quizzes[quiz.id] = stored

    async def add(self, quiz: Quiz) -> Quiz:
        self._check(quiz)
        quiz.id = self._state.next_id("quizzes")
        self._store(quiz, new_links=True)
        return quiz

    async def get(self, quiz_id: int) -> Quiz | None:
        found = self._tables.quizzes.get(quiz_id)
        return copy.deepcopy(found) if found else None

    async def save(self, quiz: Quiz, *, replace_questions: bool) -> None:
        assert quiz.id is not None
        stored = self._tables.quizzes.get(quiz.id)
        if stored is None:
            return
        if not replace_questions:
            quiz = copy.copy(quiz)
            quiz.questions = stored.questions
        self._check(quiz)
        self._store(quiz, new_links=replace_questions)

    async def delete(self, quiz_id: int) -> None:
        _delete_quiz(self._tables, quiz_id)

    async def lecture_scope(self, lecture_id: int) -> LectureScope | None:
        return memory_homework._scope(self._state, lecture_id)

    async def has_attempts(self, quiz_id: int) -> bool:
        return any(a.quiz_id == quiz_id for a in self._tables.attempts.values())


class MemoryQuizOverrideRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(QuizTables)

    async def get(self, override_id: int) -> QuizOverride | None:
        found = self._tables.overrides.get(override_id)
        return copy.copy(found) if found else None

    async def of_student(self, quiz_id: int, student_id: int) -> QuizOverride | None:
        found = next(
            (
                o
                for o in self._tables.overrides.values()
                if o.quiz_id == quiz_id and o.student_id == student_id
            ),
            None,
        )
        return copy.copy(found) if found else None

    async def put(self, override: QuizOverride) -> QuizOverride:
        if (
            override.quiz_id not in self._tables.quizzes
            or override.student_id not in self._state.of(StudentTables).students
        ):
            raise Conflict(CONFLICT)
        existing = await self.of_student(override.quiz_id, override.student_id)
        if existing is not None:
            override.id = existing.id
            override.created_at = existing.created_at
        else:
            override.id = self._state.next_id("quiz_overrides")
        self._tables.overrides[override.id] = copy.copy(override)
        return override

    async def delete(self, override_id: int) -> None:
        self._tables.overrides.pop(override_id, None)

    async def student_of(self, reference: str) -> int | None:
        raw = reference.strip()
        students = self._state.of(StudentTables).students
        if is_ascii_number(raw) and int(raw) in students:
            return int(raw)
        return next((i for i, s in students.items() if s.student_code == raw), None)


class MemoryQuizReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _row(self, quiz: Quiz, student_id: int | None) -> QuizRow | None:
        state = self._store.state
        scope = memory_homework._scope(state, quiz.lecture_id)
        if scope is None or quiz.id is None:
            return None
        lecture = state.of(memory_lessons.LessonTables).lectures[quiz.lecture_id]
        course = state.of(memory_courses.CourseTables).courses[scope.course_id]
        questions = state.of(memory_questions.QuestionTables).questions
        linked = [questions[q.question_id] for q in quiz.questions if q.question_id in questions]
        used, in_progress, extra, own_close = 0, None, 0, None
        if student_id is not None:
            tables = state.of(QuizTables)
            mine = [
                a for a in tables.attempts.values() if a.quiz_id == quiz.id and a.student_id == student_id
            ]
            used = len(mine)
            in_progress = next((a.id for a in mine if a.in_progress), None)
            override = next(
                (o for o in tables.overrides.values() if o.quiz_id == quiz.id and o.student_id == student_id),
                None,
            )
            if override is not None:
                extra, own_close = override.extra_attempts, override.close_date
        return QuizRow(
            id=quiz.id,
            lecture_id=quiz.lecture_id,
            lecture_name=lecture.name,
            course_id=scope.course_id,
            course_name=course.name,
            teacher_id=scope.teacher_id,
            title=quiz.title,
            description=quiz.description,
            passing_score=quiz.passing_score,
            is_active=quiz.is_active,
            is_published=quiz.is_published,
            open_date=quiz.open_date,
            close_date=quiz.close_date,
            timer_minutes=quiz.timer_minutes,
            score_visibility=quiz.score_visibility,
            answers_visibility=quiz.answers_visibility,
            question_order=quiz.question_order,
            shuffle_choices=quiz.shuffle_choices,
            allow_multiple_attempts=quiz.allow_multiple_attempts,
            max_attempts=quiz.max_attempts,
            attempt_scoring=quiz.attempt_scoring,
            show_correct_after_submission=quiz.show_correct_after_submission,
            scores_released_at=quiz.scores_released_at,
            answers_released_at=quiz.answers_released_at,
            total_points=sum(q.points for q in linked),
            question_count=len(quiz.questions),
            created_by=quiz.created_by,
            created_at=quiz.created_at,
            updated_at=quiz.updated_at,
            attempts_used=used,
            in_progress_attempt=in_progress,
            extra_attempts=extra,
            override_close_date=own_close,
        )

    @staticmethod
    def _matches(row: QuizRow, f: QuizFilter) -> bool:
        return (
            (f.teacher is None or row.teacher_id == f.teacher)
            and (f.lecture_ids is None or row.lecture_id in f.lecture_ids)
            and (not f.student_open or (row.is_published and row.is_active))
            and (f.lecture is None or row.lecture_id == f.lecture)
            and (f.course is None or row.course_id == f.course)
            and (f.is_published is None or row.is_published == f.is_published)
            and (f.is_active is None or row.is_active == f.is_active)
            and (f.search is None or f.search.lower() in row.title.lower())
        )

    async def list(self, filters: QuizFilter, page: PageRequest) -> Page[QuizRow]:
        rows = [
            row
            for quiz in self._store.state.of(QuizTables).quizzes.values()
            if (row := self._row(quiz, filters.student_id)) is not None and self._matches(row, filters)
        ]
        rows = memory_homework._sorted(rows, filters.ordering)  # type: ignore[arg-type]
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(rows), items=rows[page.offset : end])

    async def get(self, quiz_id: int, student_id: int | None = None) -> QuizRow | None:
        quiz = self._store.state.of(QuizTables).quizzes.get(quiz_id)
        return self._row(quiz, student_id) if quiz else None

    async def questions(self, quiz_id: int) -> list[QuizQuestionRow]:
        state = self._store.state
        quiz = state.of(QuizTables).quizzes.get(quiz_id)
        if quiz is None:
            return []
        bank = state.of(memory_questions.QuestionTables).questions
        rows = []
        for link in quiz.questions:
            question = bank.get(link.question_id)
            if question is None or link.id is None:
                continue
            rows.append(
                QuizQuestionRow(
                    id=link.id,
                    question_id=link.question_id,
                    order=link.order,
                    points_override=link.points_override,
                    points=question.points,
                    question_type=question.question_type,
                    text=question.text,
                    image=question.image,
                    choices=tuple(
                        ChoiceRow(
                            id=c.id or 0, text=c.text, image=c.image, is_correct=c.is_correct, order=c.order
                        )
                        for c in sorted(question.choices, key=lambda c: (c.order, c.id or 0))
                    ),
                )
            )
        return rows

    def _overrides(self) -> list[OverrideRow]:
        state = self._store.state
        students = state.of(StudentTables).students
        users = state.of(AccountTables).users
        rows = []
        for o in state.of(QuizTables).overrides.values():
            student = students.get(o.student_id)
            if student is None or o.id is None:
                continue
            rows.append(
                OverrideRow(
                    id=o.id,
                    quiz_id=o.quiz_id,
                    student_id=o.student_id,
                    student_name=users[student.user_id].name,
                    student_code=student.student_code,
                    extra_minutes=o.extra_minutes,
                    extra_attempts=o.extra_attempts,
                    close_date=o.close_date,
                    created_at=o.created_at,
                    updated_at=o.updated_at,
                )
            )
        rows.sort(key=lambda r: (r.student_name, r.id))
        return rows

    async def overrides(self, quiz_id: int, page: PageRequest) -> Page[OverrideRow]:
        rows = [r for r in self._overrides() if r.quiz_id == quiz_id]
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(rows), items=rows[page.offset : end])

    async def override(self, override_id: int) -> OverrideRow | None:
        return next((r for r in self._overrides() if r.id == override_id), None)
