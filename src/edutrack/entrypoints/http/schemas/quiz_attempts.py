"""Request and response bodies of quiz attempts (Teacher API §10, API supplement §8.1, issue #13):
starting, autosaving, submitting and grading written answers; the body → command conversions and the
view → body encoders. Scores are two-decimal strings. The quizzes themselves are in ``schemas/quizzes.py``."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from edutrack.core.errors import FieldErrors
from edutrack.core.money import format_money, parse_money
from edutrack.core.policies.grading import AnswerInput
from edutrack.core.use_cases.quizzes.attempts import QuizAnswers
from edutrack.core.use_cases.quizzes.common import AttemptView
from edutrack.core.use_cases.quizzes.manage import QuizWrittenGrade
from edutrack.entrypoints.http.schemas.homework import MAX_SCORE, AssessmentChoiceOut, WrittenGradeIn
from edutrack.entrypoints.http.schemas.homework_submissions import AnswerIn, SubmitIn, _money
from edutrack.entrypoints.http.schemas.quizzes import AttemptAnswerOut, AttemptOut, AttemptQuestionOut

__all__ = ["AnswerIn", "AttemptOut", "SubmitIn", "WrittenGradeIn"]

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType


# --- body → command -------------------------------------------------------------------------------


def answers_command(attempt_id: int, data: SubmitIn) -> QuizAnswers:
    return QuizAnswers(
        attempt_id=attempt_id,
        answers=tuple(
            AnswerInput(
                question_id=a.question,
                selected_choices=tuple(a.selected_choices),
                written_answer=a.written_answer,
            )
            for a in data.answers
        ),
    )


def grade_command(attempt_id: int, data: WrittenGradeIn) -> QuizWrittenGrade:
    errors = FieldErrors()
    score = errors.check(
        parse_money, "score_override", data.score_override, minimum=Decimal(0), maximum=MAX_SCORE
    )
    errors.raise_if_any()
    assert score is not None
    return QuizWrittenGrade(
        attempt_id=attempt_id, answer_id=data.answer_id, score_override=score, feedback=data.feedback
    )


# --- responses -----------------------------------------------------------------------------------


def attempt_out(view: AttemptView) -> AttemptOut:
    row = view.row
    scores = view.scores
    out = AttemptOut(
        id=row.id,
        quiz=row.quiz_id,
        quiz_title=row.quiz_title,
        student=row.student_id,
        student_name=row.student_name,
        student_code=row.student_code,
        attempt_number=row.attempt_number,
        status=row.status.value,
        started_at=row.started_at,
        deadline=row.deadline,
        server_now=view.now,
        submitted_at=row.submitted_at,
        closed_by=row.closed_by.value if row.closed_by else None,
        score=format_money(row.score) if scores else None,
        max_score=format_money(row.max_score),
        percentage=format_money(view.percentage) if scores else None,
        passed=view.passed if scores else None,
    )
    if view.answers is None:
        return out
    solutions = view.solutions
    out.answers = [
        AttemptAnswerOut(
            id=a.id or 0,
            question=a.question_id,
            selected_choices=[c.choice_id for c in a.choices if c.selected],
            written_answer=a.written_answer,
            is_correct=a.is_correct if scores else None,
            points_awarded=_money(a.points_awarded) if scores else None,
            score_override=_money(a.score_override) if scores else None,
            feedback=a.feedback if scores else "",
            saved_at=a.saved_at,
        )
        for a in view.answers
    ]
    out.questions = [
        AttemptQuestionOut(
            question=a.question_id,
            order=a.order,
            points=a.points,
            question_type=a.question_type.value,
            text=a.question_text,
            image=a.question_image,
            explanation=a.explanation if solutions else None,
            choices=[
                AssessmentChoiceOut(
                    id=c.choice_id,
                    text=c.text,
                    image=c.image,
                    order=c.order,
                    is_correct=c.is_correct if solutions else UNSET,
                )
                for c in a.choices
            ],
        )
        for a in view.answers
    ]
    return out
