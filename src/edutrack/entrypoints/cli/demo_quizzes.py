"""The demo quizzes: every demo teacher gets one published, timed quiz (20 minutes, up to four attempts,
best scoring), built from their bank questions (``demo_questions.load_question_bank``), on the lecture most
of their demo students currently hold access to. Those students take it through the real use cases, so
the quiz shows an attempt in every state (with fewer than four students, some take it more than once):

- **graded**: submitted with every answer, then the teacher grades the written answer;
- **submitted**: submitted, the written answer waiting for the teacher;
- **in progress**: started, two answers autosaved;
- **closed by the timer**: started, answers autosaved, then the clock ran out: its deadline is moved to
  the past through the repository (the demo cannot wait 20 minutes) and the sweep closes it with what was
  saved, as it does for a real overdue attempt.

Loaded after the demo homework; a teacher who already has the demo quiz gets nothing new, so running it
again creates nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal

from edutrack.composition import Container
from edutrack.core.actor import Actor, Role
from edutrack.core.entities.people import StudentStatus
from edutrack.core.entities.questions import QuestionType
from edutrack.core.errors import DomainError
from edutrack.core.policies.grading import AnswerInput
from edutrack.core.use_cases.quizzes.attempts import (
    QuizAnswers,
    SaveQuizAnswers,
    StartQuizAttempt,
    SubmitQuizAttempt,
)
from edutrack.core.use_cases.quizzes.manage import GradeQuizWrittenAnswer, QuizWrittenGrade
from edutrack.core.use_cases.quizzes.read_quizzes import ListQuizzes, QuizQuery
from edutrack.core.use_cases.quizzes.write_quizzes import CreateQuiz, NewQuiz
from edutrack.entrypoints.cli.demo_content import teacher_actor
from edutrack.ports.purchases import PurchaseFilter, PurchaseReader
from edutrack.ports.readers import PageRequest
from edutrack.ports.teachers import TeacherFilter, TeacherReader

QUIZZES, ATTEMPTS = "quizzes", "quiz attempts"
QUIZ = (QUIZZES, ATTEMPTS)
"""The keys of the counts of quiz rows created."""

TITLE = "Timed revision quiz 1"
MAX_QUESTIONS = 5
TIMER_MINUTES = 20
EVERYTHING = PageRequest(offset=0, limit=None)
GRADED, WAITING, TIMED_OUT, IN_PROGRESS = range(4)  # the states, given to the students in turn
STATES = (GRADED, WAITING, TIMED_OUT, IN_PROGRESS)


async def _has_demo_quiz(container: Container, teacher: Actor) -> bool:
    page = await container.get(ListQuizzes).execute(teacher, QuizQuery(search=TITLE), EVERYTHING)
    return any(view.row.title == TITLE for view in page.items)


async def _pick(container: Container, bank: tuple[int, ...]) -> tuple[int, ...]:
    """``MAX_QUESTIONS`` of the teacher's demo questions, taking each type in turn (so a written one)."""
    async with container.uow() as uow:
        questions = await uow.questions.get_many(bank)
    by_type = {
        kind: [i for i in bank if i in questions and questions[i].question_type is kind]
        for kind in QuestionType
    }
    picked: list[int] = []
    while len(picked) < MAX_QUESTIONS and any(by_type.values()):
        for kind in QuestionType:
            if by_type[kind] and len(picked) < MAX_QUESTIONS:
                picked.append(by_type[kind].pop(0))
    return tuple(picked)


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
            answers.append(AnswerInput(question_id, written_answer="Worked out in three steps."))
            continue
        correct = sorted(question.correct_choice_ids)
        wrong = [c.id for c in question.choices if c.id is not None and c.id not in correct][:1]
        answers.append(AnswerInput(question_id, tuple(correct if (n + k) % 2 == 0 else wrong or correct)))
    return tuple(answers)


async def _take(
    container: Container,
    teacher: Actor,
    student: Actor,
    quiz: int,
    answers: tuple[AnswerInput, ...],
    state: int,
) -> None:
    attempt = (await container.get(StartQuizAttempt).execute(student, quiz)).row.id
    if state in (IN_PROGRESS, TIMED_OUT):
        await container.get(SaveQuizAnswers).execute(student, QuizAnswers(attempt, answers[:2]))
        if state == IN_PROGRESS:
            return
        now = container.clock.now()
        async with container.uow() as uow:  # the clock ran out: the sweep closes it with what was saved
            await uow.quiz_attempts.set_deadline(attempt, now - timedelta(minutes=1))
            await uow.quiz_attempts.close_overdue(now, attempt_id=attempt)
            await uow.commit()
        return
    view = await container.get(SubmitQuizAttempt).execute(student, QuizAnswers(attempt, answers))
    if state != GRADED:
        return
    for answer in view.answers or ():
        if answer.question_type is QuestionType.WRITTEN and answer.answered and answer.id is not None:
            grade = QuizWrittenGrade(
                attempt, answer.id, (Decimal(answer.points) * 3 / 4).quantize(Decimal("0.01")), "Good steps."
            )
            await container.get(GradeQuizWrittenAnswer).execute(teacher, grade)


async def load_quizzes(container: Container, question_ids: dict[int, tuple[int, ...]]) -> dict[str, int]:
    """Create the demo quizzes that are missing; ``question_ids``: the demo bank's, by teacher profile id."""
    counts = dict.fromkeys(QUIZ, 0)
    now = container.clock.now()
    teachers = await container.get(TeacherReader).list(TeacherFilter(), EVERYTHING)
    purchases = container.get(PurchaseReader)
    for row in teachers.items:
        ids = await _pick(container, question_ids.get(row.id, ()))
        teacher = teacher_actor(row)
        if not ids or await _has_demo_quiz(container, teacher):
            continue
        held = await purchases.list(PurchaseFilter(now=now, teacher=row.id, is_expired=False), EVERYTHING)
        if not held.items:
            continue
        lecture, _ = Counter(p.lecture_id for p in held.items).most_common(1)[0]
        view = await container.get(CreateQuiz).execute(
            teacher,
            NewQuiz(
                lecture_id=lecture,
                title=TITLE,
                description="20 minutes, up to four attempts, your best one counts. Answers are saved "
                "as you go.",
                passing_score=Decimal("50"),
                is_published=True,
                open_date=now - timedelta(days=2),
                close_date=now + timedelta(days=12),
                timer_minutes=TIMER_MINUTES,
                allow_multiple_attempts=True,
                max_attempts=len(STATES),
                question_ids=ids,
            ),
        )
        counts[QUIZZES] += 1
        takers = []
        for student_id in sorted({p.student_id for p in held.items if p.lecture_id == lecture}):
            async with container.uow() as uow:
                profile = await uow.students.get(student_id)
            if profile is not None and profile.status == StudentStatus.VERIFIED:
                takers.append(
                    Actor(user_id=profile.user_id, username="", role=Role.STUDENT, student_id=student_id)
                )
        for n, (student, states) in enumerate(_plan(takers)):
            answers = await _answers(container, ids, n)
            for state in states:
                try:
                    await _take(container, teacher, student, view.row.id, answers, state)
                except DomainError:  # should not happen: the demo simply goes on
                    break
                counts[ATTEMPTS] += 1
    return counts


def _plan(students: list[Actor]) -> list[tuple[Actor, list[int]]]:
    """Each student's attempts, as states: one each in turn with four students or more; else the closed
    states dealt round, and the attempt in progress last for the student with the fewest."""
    if not students:
        return []
    if len(students) >= len(STATES):
        return [(s, [STATES[i % len(STATES)]]) for i, s in enumerate(students)]
    plans: list[list[int]] = [[] for _ in students]
    for i, state in enumerate(STATES[:-1]):
        plans[i % len(students)].append(state)
    min(plans, key=len).append(IN_PROGRESS)
    return list(zip(students, plans, strict=True))
