"""Grading a student's answers to bank questions (homework and quizzes), as pure rules.

- The answers sent are checked against the questions asked: each names one of them, at most once; its
  choices belong to that question; an ``mcq_single`` question takes at most one choice; choices only for
  multiple-choice questions, a written answer only for written ones. Every problem is reported at once,
  numbered by the answer's position (1-based).
- A multiple-choice question is all-or-nothing: full points when the selected set equals the set of
  correct choices, else 0. A question left unanswered is worth 0.
- A written answer waits for a teacher's grade (``is_correct`` and ``points_awarded`` None) unless blank
  (then it is unanswered: 0). A teacher's grade ``score_override`` (0..points) becomes the points awarded;
  it is correct when it is the full points.
- The submission's score is the sum of the points awarded; it is ``graded`` once no answer waits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from edutrack.core.entities.homework import (
    ZERO,
    AnswerChoice,
    HomeworkAnswer,
    SubmissionStatus,
)
from edutrack.core.entities.questions import Question, QuestionType

CENT = Decimal("0.01")
A = TypeVar("A", bound=HomeworkAnswer)
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class AnswerInput:
    """One answer as the student sent it: the question, the selected choice ids, the written text."""

    question_id: int
    selected_choices: tuple[int, ...] = field(default=())
    written_answer: str | None = None


@dataclass(frozen=True, slots=True)
class AnswerKind:
    """What checking an answer needs of its question: its type and its choices' ids."""

    question_type: QuestionType
    choice_ids: frozenset[int]


def answer_problems(
    questions: Mapping[int, Question], answers: Sequence[AnswerInput], subject: str = "homework"
) -> list[str]:
    """Every problem of ``answers`` against the ``questions`` asked (by id), in the answers' order."""
    kinds = {
        question_id: AnswerKind(q.question_type, frozenset(c.id for c in q.choices if c.id is not None))
        for question_id, q in questions.items()
    }
    return kind_problems(kinds, answers, subject)


def snapshot_kinds(answers: Sequence[HomeworkAnswer]) -> dict[int, AnswerKind]:
    """The questions of a snapshot (a quiz attempt's), by bank question id."""
    return {
        a.question_id: AnswerKind(a.question_type, frozenset(c.choice_id for c in a.choices)) for a in answers
    }


def kind_problems(
    questions: Mapping[int, AnswerKind], answers: Sequence[AnswerInput], subject: str = "homework"
) -> list[str]:
    """As ``answer_problems``; ``subject`` names what the questions belong to ("of this quiz")."""
    problems: list[str] = []
    seen: set[int] = set()
    for number, answer in enumerate(answers, start=1):
        prefix = f"Answer {number}:"
        question = questions.get(answer.question_id)
        if question is None:
            problems.append(f"{prefix} question {answer.question_id} is not a question of this {subject}.")
            continue
        if answer.question_id in seen:
            problems.append(f"{prefix} question {answer.question_id} is answered more than once.")
            continue
        seen.add(answer.question_id)
        qid = answer.question_id
        if question.question_type is QuestionType.WRITTEN:
            if answer.selected_choices:
                problems.append(f"{prefix} question {qid} is a written question: it takes no choices.")
            continue
        if answer.written_answer is not None:
            problems.append(
                f"{prefix} question {qid} is a multiple-choice question: it takes no written answer."
            )
        for choice_id in dict.fromkeys(answer.selected_choices):
            if choice_id not in question.choice_ids:
                problems.append(f"{prefix} choice {choice_id} is not a choice of question {qid}.")
        if question.question_type is QuestionType.MCQ_SINGLE and len(set(answer.selected_choices)) > 1:
            problems.append(f"{prefix} question {qid} takes only one choice.")
    return problems


def points_of(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def choices_correct(selected: frozenset[int], correct: frozenset[int]) -> bool:
    """All-or-nothing: exactly the correct choices were selected (and something was)."""
    return bool(selected) and selected == correct


def snapshot_question(
    question: Question,
    order: int,
    points: int,
    *,
    factory: Callable[..., A] = HomeworkAnswer,  # type: ignore[assignment]
    choice_order: Sequence[int] | None = None,
) -> A:
    """The question as it is now (text, type, points, choices), not answered yet. ``choice_order``: the
    display position of each choice (by its index in ``question.choices``), else the bank's order."""
    assert question.id is not None
    return factory(
        question_id=question.id,
        order=order,
        question_type=question.question_type,
        question_text=question.text,
        question_image=question.image,
        explanation=question.explanation,
        points=points,
        choices=[
            AnswerChoice(
                choice_id=c.id or 0,
                text=c.text,
                image=c.image,
                is_correct=c.is_correct,
                order=c.order if choice_order is None else choice_order[i],
            )
            for i, c in enumerate(question.choices)
        ],
    )


def record_answer(result: A, answer: AnswerInput | None, now: datetime) -> A:
    """Put the student's answer (None: unanswered) into a snapshot and grade it when it can be:
    multiple choice at once, a written answer left to a teacher (a blank one is unanswered: 0)."""
    selected = frozenset(answer.selected_choices) if answer is not None else frozenset()
    for choice in result.choices:
        choice.selected = choice.choice_id in selected
    result.score_override = None
    result.feedback = ""
    if result.question_type is QuestionType.WRITTEN:
        text = answer.written_answer if answer is not None else None
        if text is not None and text.strip():
            result.answered = True
            result.written_answer = text
            result.is_correct = None
            result.points_awarded = None
            result.graded_at = None
            return result  # waits for a teacher
        result.answered = False
        result.written_answer = None
        result.is_correct = False
        result.points_awarded = ZERO
        result.graded_at = now
        return result
    correct = frozenset(c.choice_id for c in result.choices if c.is_correct)
    result.answered = bool(selected)
    result.written_answer = None
    result.is_correct = choices_correct(selected, correct)
    result.points_awarded = points_of(Decimal(result.points)) if result.is_correct else ZERO
    result.graded_at = now
    return result


def snapshot_answer(
    question: Question, order: int, points: int, answer: AnswerInput | None, now: datetime
) -> HomeworkAnswer:
    """The question as it is now (text, type, points, choices) with the student's answer, graded when it
    can be: multiple choice at once, a written answer left to a teacher."""
    return record_answer(snapshot_question(question, order, points), answer, now)


def grade_override(answer: HomeworkAnswer, score: Decimal, feedback: str, now: datetime) -> None:
    """A teacher's grade of a written answer (``0 <= score <= answer.points``, checked by the caller)."""
    answer.score_override = points_of(score)
    answer.points_awarded = answer.score_override
    answer.is_correct = answer.score_override == Decimal(answer.points)
    answer.feedback = feedback
    answer.graded_at = now


def total_score(answers: Sequence[HomeworkAnswer]) -> Decimal:
    return points_of(sum((a.points_awarded or ZERO for a in answers), ZERO))


def max_score(answers: Sequence[HomeworkAnswer]) -> Decimal:
    return points_of(Decimal(sum(a.points for a in answers)))


def status_of(answers: Sequence[HomeworkAnswer]) -> SubmissionStatus:
    return SubmissionStatus.SUBMITTED if any(a.waits_for_grade for a in answers) else SubmissionStatus.GRADED


def percentage(score: Decimal, maximum: Decimal) -> Decimal:
    """``score`` out of ``maximum`` in percent with two decimals (0 when nothing could be scored)."""
    if maximum <= 0:
        return ZERO
    return points_of(score * HUNDRED / maximum)
