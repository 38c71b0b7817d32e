"""Homework in memory: the repositories (in a unit of work) and the readers (committed state), mirroring
the SQL schema's keys: UNIQUE(homework_id, student_id), the RESTRICT key to the bank's questions, the
cascades from a homework to its questions and submissions."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from edutrack.adapters.memory import courses as memory_courses
from edutrack.adapters.memory import lessons as memory_lessons
from edutrack.adapters.memory import questions as memory_questions
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.students import StudentTables
from edutrack.core.entities.homework import (
    ALREADY_SUBMITTED,
    Homework,
    HomeworkAnswer,
    HomeworkSubmission,
    SubmissionStatus,
)
from edutrack.core.errors import Conflict, RuleViolation
from edutrack.core.policies.digits import is_ascii_number
from edutrack.ports.homework import (
    ChoiceRow,
    HomeworkFilter,
    HomeworkQuestionRow,
    HomeworkRow,
    LectureScope,
    SubmissionFilter,
    SubmissionRow,
)
from edutrack.ports.readers import Page, PageRequest

CONFLICT = "The request conflicts with the current state of the resource."


@dataclass
class HomeworkTables:
    homeworks: dict[int, Homework] = field(default_factory=dict)  # each with its question links
    submissions: dict[int, HomeworkSubmission] = field(default_factory=dict)  # each with its snapshot


def question_ids_in_use(state: MemoryState) -> set[int]:
    """The bank questions some homework uses (the SQL RESTRICT key of ``homework_questions``)."""
    return {q.question_id for hw in state.of(HomeworkTables).homeworks.values() for q in hw.questions}


def delete_of_lectures(state: MemoryState, lecture_ids: set[int]) -> None:
    """ON DELETE CASCADE from lectures to their homework, and on to the submissions."""
    tables = state.of(HomeworkTables)
    gone = {i for i, hw in tables.homeworks.items() if hw.lecture_id in lecture_ids}
    for homework_id in gone:
        del tables.homeworks[homework_id]
    for sid in [i for i, s in tables.submissions.items() if s.homework_id in gone]:
        del tables.submissions[sid]


def _scope(state: MemoryState, lecture_id: int) -> LectureScope | None:
    lessons = state.of(memory_lessons.LessonTables)
    lecture = lessons.lectures.get(lecture_id)
    topic = lessons.topics.get(lecture.topic_id) if lecture else None
    course = state.of(memory_courses.CourseTables).courses.get(topic.course_id) if topic else None
    if course is None or course.id is None:
        return None
    return LectureScope(lecture_id=lecture_id, course_id=course.id, teacher_id=course.teacher_id)


class MemoryHomeworkRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(HomeworkTables)

    def _check(self, homework: Homework) -> None:
        questions = self._state.of(memory_questions.QuestionTables).questions
        ids = homework.question_ids
        if (
            _scope(self._state, homework.lecture_id) is None
            or any(i not in questions for i in ids)
            or len(set(ids)) != len(ids)
        ):
            raise Conflict(CONFLICT)
        if homework.open_date and homework.close_date and homework.open_date >= homework.close_date:
            raise Conflict(CONFLICT)

    def _store(self, homework: Homework, *, new_links: bool) -> None:
        if new_links:
            for link in homework.questions:
                link.id = self._state.next_id("homework_questions")
        assert homework.id is not None
        stored = copy.deepcopy(homework)
        stored.questions.sort(key=lambda q: (q.order, q.id or 0))
        self._tables.homeworks[homework.id] = stored

    async def add(self, homework: Homework) -> Homework:
        self._check(homework)
        homework.id = self._state.next_id("homeworks")
        self._store(homework, new_links=True)
        return homework

    async def get(self, homework_id: int) -> Homework | None:
        found = self._tables.homeworks.get(homework_id)
        return copy.deepcopy(found) if found else None

    async def save(self, homework: Homework, *, replace_questions: bool) -> None:
        assert homework.id is not None
        stored = self._tables.homeworks.get(homework.id)
        if stored is None:
            return
        if not replace_questions:
            homework = copy.copy(homework)
            homework.questions = stored.questions
        self._check(homework)
        self._store(homework, new_links=replace_questions)

    async def delete(self, homework_id: int) -> None:
        self._tables.homeworks.pop(homework_id, None)
        for sid in [s.id for s in self._tables.submissions.values() if s.homework_id == homework_id]:
            assert sid is not None
            del self._tables.submissions[sid]

    async def lecture_scope(self, lecture_id: int) -> LectureScope | None:
        return _scope(self._state, lecture_id)

    async def has_submissions(self, homework_id: int) -> bool:
        return any(s.homework_id == homework_id for s in self._tables.submissions.values())


class MemoryHomeworkSubmissionRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(HomeworkTables)

    async def exists(self, homework_id: int, student_id: int) -> bool:
        return any(
            s.homework_id == homework_id and s.student_id == student_id
            for s in self._tables.submissions.values()
        )

    async def add(self, submission: HomeworkSubmission) -> HomeworkSubmission:
        if (
            submission.homework_id not in self._tables.homeworks
            or submission.student_id not in self._state.of(StudentTables).students
        ):
            raise Conflict(CONFLICT)
        if await self.exists(submission.homework_id, submission.student_id):
            raise RuleViolation(ALREADY_SUBMITTED, key="error")
        submission.id = self._state.next_id("homework_submissions")
        for answer in submission.answers:
            answer.id = self._state.next_id("homework_answers")
            for choice in answer.choices:
                choice.id = self._state.next_id("homework_answer_choices")
        self._tables.submissions[submission.id] = copy.deepcopy(submission)
        return submission

    async def get_for_update(self, submission_id: int) -> HomeworkSubmission | None:
        # the memory store serialises whole transactions: holding the unit of work is the lock
        found = self._tables.submissions.get(submission_id)
        return copy.deepcopy(found) if found else None

    async def save_grade(self, submission: HomeworkSubmission, answer: HomeworkAnswer) -> None:
        assert submission.id is not None
        stored = self._tables.submissions.get(submission.id)
        if stored is None:
            return
        stored.status = submission.status
        stored.score = submission.score
        stored.graded_at = submission.graded_at
        for kept in stored.answers:
            if kept.id == answer.id:
                kept.is_correct = answer.is_correct
                kept.points_awarded = answer.points_awarded
                kept.score_override = answer.score_override
                kept.feedback = answer.feedback
                kept.graded_at = answer.graded_at


# --- readers -------------------------------------------------------------------------------------------


def _sorted(rows: list[HomeworkRow], ordering: tuple[tuple[str, bool], ...]) -> list[HomeworkRow]:
    """The SQL order: the requested fields (nulls last ascending, as PostgreSQL), then newest first."""
    rows = sorted(rows, key=lambda r: (r.created_at, r.id), reverse=True)
    for name, descending in reversed(ordering):
        present = [r for r in rows if getattr(r, name) is not None]
        missing = [r for r in rows if getattr(r, name) is None]
        present.sort(key=lambda r, n=name: getattr(r, n), reverse=descending)  # type: ignore[misc]
        rows = missing + present if descending else present + missing
    return rows


class MemoryHomeworkReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _row(self, homework: Homework, student_id: int | None) -> HomeworkRow | None:
        state = self._store.state
        scope = _scope(state, homework.lecture_id)
        if scope is None or homework.id is None:
            return None
        lecture = state.of(memory_lessons.LessonTables).lectures[homework.lecture_id]
        course = state.of(memory_courses.CourseTables).courses[scope.course_id]
        questions = state.of(memory_questions.QuestionTables).questions
        linked = [questions[q.question_id] for q in homework.questions if q.question_id in questions]
        mine = None
        if student_id is not None:
            mine = next(
                (
                    s.id
                    for s in state.of(HomeworkTables).submissions.values()
                    if s.homework_id == homework.id and s.student_id == student_id
                ),
                None,
            )
        return HomeworkRow(
            id=homework.id,
            lecture_id=homework.lecture_id,
            lecture_name=lecture.name,
            course_id=scope.course_id,
            course_name=course.name,
            teacher_id=scope.teacher_id,
            title=homework.title,
            description=homework.description,
            model_answer=homework.model_answer,
            is_active=homework.is_active,
            is_published=homework.is_published,
            total_points=sum(q.points for q in linked),
            question_count=len(homework.questions),
            open_date=homework.open_date,
            close_date=homework.close_date,
            created_by=homework.created_by,
            created_at=homework.created_at,
            updated_at=homework.updated_at,
            my_submission=mine,
        )

    @staticmethod
    def _matches(row: HomeworkRow, f: HomeworkFilter) -> bool:
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

    async def list(self, filters: HomeworkFilter, page: PageRequest) -> Page[HomeworkRow]:
        rows = [
            row
            for hw in self._store.state.of(HomeworkTables).homeworks.values()
            if (row := self._row(hw, filters.student_id)) is not None and self._matches(row, filters)
        ]
        rows = _sorted(rows, filters.ordering)
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(rows), items=rows[page.offset : end])

    async def get(self, homework_id: int, student_id: int | None = None) -> HomeworkRow | None:
        homework = self._store.state.of(HomeworkTables).homeworks.get(homework_id)
        return self._row(homework, student_id) if homework else None

    async def questions(self, homework_id: int) -> list[HomeworkQuestionRow]:
        state = self._store.state
        homework = state.of(HomeworkTables).homeworks.get(homework_id)
        if homework is None:
            return []
        bank = state.of(memory_questions.QuestionTables).questions
        rows = []
        for link in homework.questions:
            question = bank.get(link.question_id)
            if question is None or link.id is None:
                continue
            rows.append(
                HomeworkQuestionRow(
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


class MemoryHomeworkSubmissionReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _row(self, submission: HomeworkSubmission) -> SubmissionRow | None:
        state = self._store.state
        homework = state.of(HomeworkTables).homeworks.get(submission.homework_id)
        scope = _scope(state, homework.lecture_id) if homework else None
        student = state.of(StudentTables).students.get(submission.student_id)
        if homework is None or scope is None or student is None or submission.id is None:
            return None
        return SubmissionRow(
            id=submission.id,
            homework_id=submission.homework_id,
            homework_title=homework.title,
            lecture_id=homework.lecture_id,
            teacher_id=scope.teacher_id,
            model_answer=homework.model_answer,
            close_date=homework.close_date,
            student_id=submission.student_id,
            student_user_id=student.user_id,
            student_name=state.of(AccountTables).users[student.user_id].name,
            student_code=student.student_code,
            status=SubmissionStatus(submission.status),
            submitted_at=submission.submitted_at,
            graded_at=submission.graded_at,
            score=submission.score,
            max_score=submission.max_score,
        )

    @staticmethod
    def _matches(row: SubmissionRow, f: SubmissionFilter) -> bool:
        if f.student is not None:
            raw = f.student.strip()
            by_id = is_ascii_number(raw) and int(raw) == row.student_id
            if not (by_id or row.student_code == raw):
                return False
        return row.homework_id == f.homework_id and (f.status is None or row.status == f.status)

    async def list(self, filters: SubmissionFilter, page: PageRequest) -> Page[SubmissionRow]:
        rows = [
            row
            for s in self._store.state.of(HomeworkTables).submissions.values()
            if (row := self._row(s)) is not None and self._matches(row, filters)
        ]
        rows.sort(key=lambda r: (r.submitted_at, r.id), reverse=not filters.oldest_first)
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(rows), items=rows[page.offset : end])

    async def get(self, submission_id: int) -> SubmissionRow | None:
        submission = self._store.state.of(HomeworkTables).submissions.get(submission_id)
        return self._row(submission) if submission else None

    async def answers(self, submission_id: int) -> list[HomeworkAnswer]:
        submission = self._store.state.of(HomeworkTables).submissions.get(submission_id)
        if submission is None:
            return []
        answers = copy.deepcopy(submission.answers)
        answers.sort(key=lambda a: (a.order, a.id or 0))
        for answer in answers:
            answer.choices.sort(key=lambda c: (c.order, c.id or 0))
        return answers

    async def points_by_question(self, homework_id: int) -> Mapping[int, Mapping[int, Decimal | None]]:
        return {
            s.id: {a.question_id: a.points_awarded if a.answered else None for a in s.answers}
            for s in self._store.state.of(HomeworkTables).submissions.values()
            if s.homework_id == homework_id and s.id is not None
        }
