"""Quizzes in memory: the repositories (in a unit of work) and the readers (committed state), mirroring
the SQL schema's keys: UNIQUE(quiz_id, student_id, attempt_number), one attempt in progress per
(quiz, student), UNIQUE(quiz_id, student_id) of overrides, the RESTRICT key to the bank's questions and
the cascades from a quiz to its questions, overrides and attempts."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from edutrack.adapters.memory import courses as memory_courses
from edutrack.adapters.memory import homework as memory_homework
from edutrack.adapters.memory import lessons as memory_lessons
from edutrack.adapters.memory import questions as memory_questions
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.students import StudentTables
from edutrack.core.entities.quizzes import (
    GRACE,
    AttemptStatus,
    ClosedBy,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizOverride,
)
from edutrack.core.errors import Conflict
from edutrack.core.policies.digits import is_ascii_number
from edutrack.core.policies.grading import status_of, total_score
from edutrack.ports.quizzes import (
    AttemptClosed,
    AttemptFilter,
    AttemptRecord,
    AttemptRow,
    AttemptTaken,
    ChoiceRow,
    LectureScope,
    OverrideRow,
    QuizFilter,
    QuizQuestionRow,
    QuizRow,
)
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


def _close(attempt: QuizAttempt, when: datetime, closed_by: ClosedBy, now: datetime) -> None:
    attempt.status = AttemptStatus(status_of(attempt.answers).value)
    attempt.score = total_score(attempt.answers)
    attempt.submitted_at = when
    attempt.closed_by = closed_by
    attempt.graded_at = now if attempt.status is AttemptStatus.GRADED else None


def answers_of(tables: QuizTables, attempt_id: int) -> list[QuizAnswer]:
    """A copy of the attempt's snapshot in (order, id), choices in (order, id)."""
    attempt = tables.attempts.get(attempt_id)
    if attempt is None:
        return []
    answers = copy.deepcopy(attempt.answers)
    answers.sort(key=lambda a: (a.order, a.id or 0))
    for answer in answers:
        answer.choices.sort(key=lambda c: (c.order, c.id or 0))
    return answers


class MemoryQuizAttemptRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(QuizTables)

    async def add(self, attempt: QuizAttempt) -> QuizAttempt:
        if (
            attempt.quiz_id not in self._tables.quizzes
            or attempt.student_id not in self._state.of(StudentTables).students
        ):
            raise Conflict(CONFLICT)
        for other in self._tables.attempts.values():
            if other.quiz_id == attempt.quiz_id and other.student_id == attempt.student_id:
                if other.attempt_number == attempt.attempt_number or (
                    other.in_progress and attempt.in_progress
                ):
                    raise AttemptTaken()
        attempt.id = self._state.next_id("quiz_attempts")
        for answer in attempt.answers:
            answer.id = self._state.next_id("quiz_answers")
            for choice in answer.choices:
                choice.id = self._state.next_id("quiz_answer_choices")
        self._tables.attempts[attempt.id] = copy.deepcopy(attempt)
        return attempt

    async def get(self, attempt_id: int, *, lock: bool = False) -> QuizAttempt | None:
        # the memory store serialises whole transactions: holding the unit of work is the lock
        found = self._tables.attempts.get(attempt_id)
        return copy.deepcopy(found) if found else None

    async def record(self, attempt_id: int, *, lock: bool = False) -> AttemptRecord | None:
        found = self._tables.attempts.get(attempt_id)
        row = attempt_row(self._state, found) if found else None
        if row is None:
            return None
        student = self._state.of(StudentTables).students[row.student_id]
        return AttemptRecord(row=row, student_status=student.status)

    async def answers(self, attempt_id: int) -> list[QuizAnswer]:
        return answers_of(self._tables, attempt_id)

    async def in_progress_id(self, quiz_id: int, student_id: int) -> int | None:
        found = await self.in_progress(quiz_id, student_id)
        return found.id if found else None

    async def in_progress(self, quiz_id: int, student_id: int) -> QuizAttempt | None:
        found = next(
            (
                a
                for a in self._tables.attempts.values()
                if a.quiz_id == quiz_id and a.student_id == student_id and a.in_progress
            ),
            None,
        )
        return copy.deepcopy(found) if found else None

    async def count(self, quiz_id: int, student_id: int) -> tuple[int, int]:
        numbers = [
            a.attempt_number
            for a in self._tables.attempts.values()
            if a.quiz_id == quiz_id and a.student_id == student_id
        ]
        return len(numbers), max(numbers, default=0)

    async def save_answers(self, attempt_id: int, answers: Sequence[QuizAnswer]) -> None:
        stored = self._tables.attempts.get(attempt_id)
        if stored is None:
            return
        given = {a.id: a for a in answers}
        for kept in stored.answers:
            new = given.get(kept.id)
            if new is None:
                continue
            kept.answered = new.answered
            kept.written_answer = new.written_answer
            kept.is_correct = new.is_correct
            kept.points_awarded = new.points_awarded
            kept.graded_at = new.graded_at
            kept.saved_at = new.saved_at
            selected = set(new.selected_choice_ids)
            for choice in kept.choices:
                choice.selected = choice.choice_id in selected

    async def close(self, attempt_id: int, now: datetime, closed_by: ClosedBy) -> AttemptClosed | None:
        stored = self._tables.attempts.get(attempt_id)
        if stored is None or not stored.in_progress:
            return None
        _close(stored, now, closed_by, now)
        assert stored.submitted_at is not None
        return AttemptClosed(
            status=stored.status,
            score=stored.score,
            submitted_at=stored.submitted_at,
            graded_at=stored.graded_at,
        )

    async def close_overdue(
        self,
        now: datetime,
        *,
        quiz_id: int | None = None,
        student_id: int | None = None,
        attempt_id: int | None = None,
    ) -> int:
        closed = 0
        for attempt in self._tables.attempts.values():
            if (
                attempt.in_progress
                and attempt.deadline is not None
                and attempt.deadline + GRACE <= now
                and (quiz_id is None or attempt.quiz_id == quiz_id)
                and (student_id is None or attempt.student_id == student_id)
                and (attempt_id is None or attempt.id == attempt_id)
            ):
                _close(attempt, attempt.deadline, ClosedBy.TIMER, now)
                closed += 1
        return closed

    async def set_deadline(self, attempt_id: int, deadline: datetime | None) -> None:
        stored = self._tables.attempts.get(attempt_id)
        if stored is not None and stored.in_progress:
            stored.deadline = deadline

    async def save_grade(self, attempt: QuizAttempt, answer: QuizAnswer) -> None:
        assert attempt.id is not None
        stored = self._tables.attempts.get(attempt.id)
        if stored is None:
            return
        stored.status = attempt.status
        stored.score = attempt.score
        stored.graded_at = attempt.graded_at
        for kept in stored.answers:
            if kept.id == answer.id:
                kept.is_correct = answer.is_correct
                kept.points_awarded = answer.points_awarded
                kept.score_override = answer.score_override
                kept.feedback = answer.feedback
                kept.graded_at = answer.graded_at

    async def closed_student_users(self, quiz_id: int) -> list[int]:
        students = self._state.of(StudentTables).students
        ids = {
            a.student_id for a in self._tables.attempts.values() if a.quiz_id == quiz_id and not a.in_progress
        }
        return sorted(students[i].user_id for i in ids if i in students)


# --- readers -------------------------------------------------------------------------------------------


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

    async def overrides(self, quiz_id: int) -> list[OverrideRow]:
        state = self._store.state
        students = state.of(StudentTables).students
        users = state.of(AccountTables).users
        rows = []
        for o in state.of(QuizTables).overrides.values():
            student = students.get(o.student_id)
            if o.quiz_id != quiz_id or student is None or o.id is None:
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


def _last_close(tables: QuizTables, quiz: Quiz) -> datetime | None:
    if quiz.close_date is None:
        return None
    own = [o.close_date for o in tables.overrides.values() if o.quiz_id == quiz.id and o.close_date]
    return max([quiz.close_date, *own])


def attempt_row(state: MemoryState, attempt: QuizAttempt) -> AttemptRow | None:
    tables = state.of(QuizTables)
    quiz = tables.quizzes.get(attempt.quiz_id)
    scope = memory_homework._scope(state, quiz.lecture_id) if quiz else None
    student = state.of(StudentTables).students.get(attempt.student_id)
    if quiz is None or scope is None or student is None or attempt.id is None:
        return None
    override = next(
        (
            o
            for o in tables.overrides.values()
            if o.quiz_id == attempt.quiz_id and o.student_id == attempt.student_id
        ),
        None,
    )
    return AttemptRow(
        id=attempt.id,
        quiz_id=attempt.quiz_id,
        quiz_title=quiz.title,
        lecture_id=quiz.lecture_id,
        teacher_id=scope.teacher_id,
        student_id=attempt.student_id,
        student_user_id=student.user_id,
        student_name=state.of(AccountTables).users[student.user_id].name,
        student_code=student.student_code,
        attempt_number=attempt.attempt_number,
        status=attempt.status,
        started_at=attempt.started_at,
        deadline=attempt.deadline,
        submitted_at=attempt.submitted_at,
        closed_by=attempt.closed_by,
        score=attempt.score,
        max_score=attempt.max_score,
        graded_at=attempt.graded_at,
        passing_score=quiz.passing_score,
        close_date=quiz.close_date,
        override_close_date=override.close_date if override else None,
        last_close_date=_last_close(tables, quiz),
        score_visibility=quiz.score_visibility,
        answers_visibility=quiz.answers_visibility,
        show_correct_after_submission=quiz.show_correct_after_submission,
        scores_released_at=quiz.scores_released_at,
        answers_released_at=quiz.answers_released_at,
    )


class MemoryQuizAttemptReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _row(self, attempt: QuizAttempt) -> AttemptRow | None:
        return attempt_row(self._store.state, attempt)

    @staticmethod
    def _matches(row: AttemptRow, f: AttemptFilter) -> bool:
        if f.student is not None:
            raw = f.student.strip()
            by_id = is_ascii_number(raw) and int(raw) == row.student_id
            if not (by_id or row.student_code == raw):
                return False
        return (
            (f.quiz_id is None or row.quiz_id == f.quiz_id)
            and (f.student_id is None or row.student_id == f.student_id)
            and (f.status is None or row.status == f.status)
        )

    async def list(self, filters: AttemptFilter, page: PageRequest) -> Page[AttemptRow]:
        rows = [
            row
            for a in self._store.state.of(QuizTables).attempts.values()
            if (row := self._row(a)) is not None and self._matches(row, filters)
        ]
        rows.sort(key=lambda r: (r.started_at, r.id), reverse=not filters.oldest_first)
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(rows), items=rows[page.offset : end])

    async def get(self, attempt_id: int) -> AttemptRow | None:
        attempt = self._store.state.of(QuizTables).attempts.get(attempt_id)
        return self._row(attempt) if attempt else None

    async def answers(self, attempt_id: int) -> list[QuizAnswer]:
        return answers_of(self._store.state.of(QuizTables), attempt_id)
