"""Response bodies of a quiz's results and item analysis (§8.1): scores are two-decimal strings in
points; ``facility`` and ``discrimination`` numbers (four decimals) or null."""

from __future__ import annotations

from datetime import datetime

import msgspec

from edutrack.core.money import format_money
from edutrack.core.use_cases.quizzes.results import QuizResultView
from edutrack.core.use_cases.quizzes.statistics import QuizStatisticsView


class QuizResultOut(msgspec.Struct):
    student: int
    student_name: str
    student_code: str
    attempts: int
    score: str
    max_score: str
    percentage: str
    passed: bool | None
    last_submitted_at: datetime


def result_out(view: QuizResultView) -> QuizResultOut:
    return QuizResultOut(
        student=view.student_id,
        student_name=view.student_name,
        student_code=view.student_code,
        attempts=view.attempts,
        score=format_money(view.score),
        max_score=format_money(view.max_score),
        percentage=format_money(view.percentage),
        passed=view.passed,
        last_submitted_at=view.last_submitted_at,
    )


class ChoiceStatsOut(msgspec.Struct):
    id: int
    text: str
    picked: int


class QuestionStatsOut(msgspec.Struct):
    question: int
    text: str
    attempts: int
    facility: float | None
    discrimination: float | None
    choices: list[ChoiceStatsOut]


class QuizStatisticsOut(msgspec.Struct):
    attempts: int
    average_score: str | None
    median_score: str | None
    questions: list[QuestionStatsOut]


def statistics_out(view: QuizStatisticsView) -> QuizStatisticsOut:
    return QuizStatisticsOut(
        attempts=view.attempts,
        average_score=None if view.average_score is None else format_money(view.average_score),
        median_score=None if view.median_score is None else format_money(view.median_score),
        questions=[
            QuestionStatsOut(
                question=q.question,
                text=q.text,
                attempts=q.attempts,
                facility=q.facility,
                discrimination=q.discrimination,
                choices=[ChoiceStatsOut(id=c.id, text=c.text, picked=c.picked) for c in q.choices],
            )
            for q in view.questions
        ],
    )
