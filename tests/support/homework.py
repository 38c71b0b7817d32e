"""Homework builders for any backend: a class (``build_class``: two teachers, a course with lectures, a
verified student holding access to one lecture, bank questions of each type) and homework written
through the use case (``add_homework``) or submissions written through it (``submit``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.people import StudentStatus
from edutrack.core.entities.questions import Question
from edutrack.core.entities.wallets import Purchase
from edutrack.core.policies.grading import AnswerInput
from edutrack.core.use_cases.homework.common import SubmissionView
from edutrack.core.use_cases.homework.submit_homework import SubmitAnswers, SubmitHomework
from edutrack.core.use_cases.homework.write_homework import CreateHomework, NewHomework
from tests.support import courses
from tests.support.courses import TEACHER_PASSWORD
from tests.support.people import Student, add_assistant, add_pupil
from tests.support.questions import add_question

STUDENT_PASSWORD = "Student-pass-1"
ASSISTANT = "helper_sami"


@dataclass(frozen=True)
class Class:
    world: courses.World
    course: int
    lecture: int  # the student holds access to it
    closed_lecture: int  # same course, no access for anyone
    other_lecture: int  # ms_mona's course
    student: Student  # verified, access to ``lecture``
    stranger: Student  # verified, no access
    pending: Student  # not verified, access to ``lecture``
    mcq: Question  # mcq_single, 2 points: choices Right (correct), Wrong, Also wrong
    multi: Question  # mcq_multiple, 3 points: Right, Also right (correct), Wrong
    written: Question  # written, 5 points
    foreign: Question  # ms_mona's own (not global)
    shared: Question  # ms_mona's, global

    @property
    def teacher(self) -> Actor:
        return Actor(
            user_id=self.world.teacher_user,
            username="mr_ahmed",
            role=Role.TEACHER,
            teacher_id=self.world.teacher,
        )

    @property
    def other(self) -> Actor:
        return Actor(
            user_id=self.world.other_user, username="ms_mona", role=Role.TEACHER, teacher_id=self.world.other
        )

    @staticmethod
    def as_student(student: Student) -> Actor:
        return Actor(
            user_id=student.user_id, username=student.username, role=Role.STUDENT, student_id=student.id
        )


async def grant(container: Container, student: Student, lecture: int, *, days: int = 30) -> None:
    now = container.clock.now()
    async with container.uow() as uow:
        await uow.purchases.add(
            Purchase(
                student_id=student.id,
                lecture_id=lecture,
                amount_paid=Decimal("80.00"),
                purchased_at=now,
                expires_at=now + timedelta(days=days),
            )
        )
        await uow.commit()


async def build_class(container: Container, *, logins: bool = False) -> Class:
    """``logins``: real password hashes (students ``STUDENT_PASSWORD``, assistant ``TEACHER_PASSWORD``)."""
    world = await courses.make_world(container)
    course = await courses.add_course(container, world, "Algebra")
    content = await courses.add_content(container, course, lectures=2, videos=0)
    other_course = await courses.add_course(container, world, "Geometry", teacher=world.other)
    other_content = await courses.add_content(container, other_course, videos=0)
    password_hash = await container.hasher.hash(STUDENT_PASSWORD) if logins else "x"
    student = await add_pupil(container, 1, password_hash=password_hash)
    stranger = await add_pupil(container, 2, password_hash=password_hash)
    pending = await add_pupil(container, 3, password_hash=password_hash, status=StudentStatus.PENDING)
    if logins:
        await add_assistant(container, world.teacher, ASSISTANT, "Helper Sami", password=TEACHER_PASSWORD)
    lecture, closed_lecture = content.lectures
    await grant(container, student, lecture)
    await grant(container, pending, lecture)
    mine = {"teacher_id": world.teacher, "subject_id": world.math}
    theirs = {"teacher_id": world.other, "subject_id": world.math}
    return Class(
        world=world,
        course=course,
        lecture=lecture,
        closed_lecture=closed_lecture,
        other_lecture=other_content.lectures[0],
        student=student,
        stranger=stranger,
        pending=pending,
        mcq=await add_question(container, **mine, points=2, text="Pick one"),
        multi=await add_question(container, **mine, question_type="mcq_multiple", points=3, text="Pick two"),
        written=await add_question(container, **mine, question_type="written", points=5, text="Explain"),
        foreign=await add_question(container, **theirs, text="Hers"),
        shared=await add_question(container, **theirs, is_global=True, text="Shared"),
    )


async def add_homework(
    container: Container,
    cls: Class,
    *questions: Question,
    lecture: int | None = None,
    title: str = "Homework 1",
    published: bool = True,
    active: bool = True,
    open_date: datetime | None = None,
    close_date: datetime | None = None,
    model_answer: str = "The model answer",
) -> int:
    """A homework of ``lecture`` (default: the one the student holds), created by the site owner."""
    view = await container.get(CreateHomework).execute(
        SYSTEM,
        NewHomework(
            lecture_id=lecture or cls.lecture,
            title=title,
            model_answer=model_answer,
            is_published=published,
            is_active=active,
            open_date=open_date,
            close_date=close_date,
            question_ids=tuple(q.id or 0 for q in questions),
        ),
    )
    return view.row.id


def right(question: Question) -> AnswerInput:
    """The correct answer of an MCQ question."""
    assert question.id is not None
    return AnswerInput(question.id, tuple(sorted(question.correct_choice_ids)))


def wrong(question: Question) -> AnswerInput:
    assert question.id is not None
    return AnswerInput(question.id, tuple(c.id or 0 for c in question.choices if not c.is_correct)[:1])


def written(question: Question, text: str = "Because") -> AnswerInput:
    assert question.id is not None
    return AnswerInput(question.id, written_answer=text)


async def submit(
    container: Container, student: Student, homework: int, *answers: AnswerInput
) -> SubmissionView:
    return await container.get(SubmitHomework).execute(
        Class.as_student(student), SubmitAnswers(homework, answers)
    )
