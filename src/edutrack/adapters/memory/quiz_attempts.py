"""Quiz attempts in memory: the attempt repository (in a unit of work) and the attempt reader (committed
state) over ``QuizTables``, mirroring the SQL schema's keys: UNIQUE(quiz_id, student_id, attempt_number)
and one attempt in progress per (quiz, student)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime

from edutrack.adapters.memory import homework as memory_homework
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.quizzes import CONFLICT, QuizTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.students import StudentTables
from edutrack.core.entities.quizzes import GRACE, AttemptStatus, ClosedBy, Quiz, QuizAnswer, QuizAttempt
from edutrack.core.errors import Conflict
from edutrack.core.policies.digits import is_ascii_number
from edutrack.core.policies.grading import status_of, total_score
from edutrack.ports.quiz_attempts import AttemptClosed, AttemptFilter, AttemptRecord, AttemptRow, AttemptTaken
from edutrack.ports.readers import Page, PageRequest


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
