"""The demo homework: every demo teacher gets one published homework, built from their bank questions
(``demo_questions.load_question_bank``), on the lecture most of their demo students currently hold access
to, and those students submit it (MCQ answers right or wrong in turn, a written answer waiting for the
teacher). Loaded after the purchases (``demo_money``); a teacher who already has the demo homework gets
nothing new, so running it again creates nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from edutrack.composition import Container
from edutrack.core.actor import Actor, Role
from edutrack.core.entities.questions import QuestionType
from edutrack.core.errors import DomainError
from edutrack.core.policies.grading import AnswerInput
from edutrack.core.use_cases.homework.read_homework import HomeworkQuery, ListHomeworks
from edutrack.core.use_cases.homework.submit_homework import SubmitAnswers, SubmitHomework
from edutrack.core.use_cases.homework.write_homework import CreateHomework, NewHomework
from edutrack.entrypoints.cli.demo_content import teacher_actor
from edutrack.ports.purchases import PurchaseFilter, PurchaseReader
from edutrack.ports.readers import PageRequest
from edutrack.ports.teachers import TeacherFilter, TeacherReader

HOMEWORKS, SUBMISSIONS = "homeworks", "homework submissions"
HOMEWORK = (HOMEWORKS, SUBMISSIONS)
"""The keys of the counts of homework rows created."""

TITLE = "Revision homework 1"
MAX_QUESTIONS = 5
EVERYTHING = PageRequest(offset=0, limit=None)


async def _has_demo_homework(container: Container, teacher: Actor) -> bool:
    page = await container.get(ListHomeworks).execute(teacher, HomeworkQuery(search=TITLE), EVERYTHING)
    return any(view.row.title == TITLE for view in page.items)


async def _answers(container: Container, question_ids: tuple[int, ...], n: int) -> tuple[AnswerInput, ...]:
    """The ``n``-th student's answers: MCQ right when ``n + k`` is even, a short written answer."""
    async with container.uow() as uow:
        questions = await uow.questions.get_many(question_ids)
    answers = []
    for k, question_id in enumerate(question_ids):
        question = questions.get(question_id)
        if question is None:
            continue
        if question.question_type is QuestionType.WRITTEN:
            answers.append(AnswerInput(question_id, written_answer="My worked answer, step by step."))
            continue
        correct = sorted(question.correct_choice_ids)
        wrong = [c.id for c in question.choices if c.id is not None and c.id not in correct][:1]
        answers.append(AnswerInput(question_id, tuple(correct if (n + k) % 2 == 0 else wrong or correct)))
    return tuple(answers)


async def load_homework(container: Container, question_ids: dict[int, tuple[int, ...]]) -> dict[str, int]:
    """Create the demo homework that is missing; ``question_ids``: the demo bank's, by teacher profile id."""
    counts = dict.fromkeys(HOMEWORK, 0)
    now = container.clock.now()
    teachers = await container.get(TeacherReader).list(TeacherFilter(), EVERYTHING)
    purchases = container.get(PurchaseReader)
    for row in teachers.items:
        ids = question_ids.get(row.id, ())[:MAX_QUESTIONS]
        teacher = teacher_actor(row)
        if not ids or await _has_demo_homework(container, teacher):
            continue
        held = await purchases.list(PurchaseFilter(now=now, teacher=row.id, is_expired=False), EVERYTHING)
        if not held.items:
            continue
        lecture, _ = Counter(p.lecture_id for p in held.items).most_common(1)[0]
        view = await container.get(CreateHomework).execute(
            teacher,
            NewHomework(
                lecture_id=lecture,
                title=TITLE,
                description="Answer every question; show your steps in the written one.",
                model_answer="Each choice question has one worked solution in the lesson notes.",
                is_published=True,
                open_date=now - timedelta(days=3),
                close_date=now + timedelta(days=11),
                question_ids=ids,
            ),
        )
        counts[HOMEWORKS] += 1
        students = sorted({p.student_id for p in held.items if p.lecture_id == lecture})
        for n, student_id in enumerate(students):
            async with container.uow() as uow:
                profile = await uow.students.get(student_id)
            if profile is None:
                continue
            student = Actor(user_id=profile.user_id, username="", role=Role.STUDENT, student_id=student_id)
            try:
                await container.get(SubmitHomework).execute(
                    student, SubmitAnswers(view.row.id, await _answers(container, ids, n))
                )
            except DomainError:  # a student not verified (any more) simply does not submit
                continue
            counts[SUBMISSIONS] += 1
    return counts
