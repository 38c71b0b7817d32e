"""Request and response bodies of homework submissions (Teacher API §9, issue #12): submitting, the
submissions, grading written answers and the results; the body → command conversions and the view → body
encoders. Scores are two-decimal strings. The homework itself is in ``schemas/homework.py``."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import msgspec

from edutrack.core.errors import FieldErrors
from edutrack.core.money import format_money, parse_money
from edutrack.core.policies.grading import AnswerInput
from edutrack.core.use_cases.homework.common import SubmissionView
from edutrack.core.use_cases.homework.grade_written import WrittenGrade
from edutrack.core.use_cases.homework.read_submissions import ResultRow
from edutrack.core.use_cases.homework.submit_homework import SubmitAnswers
from edutrack.entrypoints.http.schemas.common import Id
from edutrack.entrypoints.http.schemas.homework import (
    MAX_QUESTIONS,
    MAX_SCORE,
    AnswerOut,
    AssessmentChoiceOut,
    ChoiceIds,
    ResultOut,
    SnapshotQuestionOut,
    SubmissionOut,
    Text,
    WrittenGradeIn,
)

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType


# --- requests ------------------------------------------------------------------------------------


class AnswerIn(msgspec.Struct, forbid_unknown_fields=False):
    question: Id
    selected_choices: ChoiceIds = msgspec.field(default_factory=list)
    written_answer: Text | None = None


class SubmitIn(msgspec.Struct, forbid_unknown_fields=False):
    """``POST /learning/homeworks/{id}/submit/``: questions left out are unanswered."""

    answers: Annotated[list[AnswerIn], msgspec.Meta(max_length=MAX_QUESTIONS)] = msgspec.field(
        default_factory=list
    )


# --- body → command -------------------------------------------------------------------------------


def submit_command(homework_id: int, data: SubmitIn) -> SubmitAnswers:
    return SubmitAnswers(
        homework_id=homework_id,
        answers=tuple(
            AnswerInput(
                question_id=a.question,
                selected_choices=tuple(a.selected_choices),
                written_answer=a.written_answer,
            )
            for a in data.answers
        ),
    )


def grade_command(submission_id: int, data: WrittenGradeIn) -> WrittenGrade:
    """``score_override``: a string or a number, at least 0, at most two decimals."""
    errors = FieldErrors()
    score = errors.check(
        parse_money, "score_override", data.score_override, minimum=Decimal(0), maximum=MAX_SCORE
    )
    errors.raise_if_any()
    assert score is not None
    return WrittenGrade(
        submission_id=submission_id, answer_id=data.answer_id, score_override=score, feedback=data.feedback
    )


# --- responses -----------------------------------------------------------------------------------


def _money(value: Decimal | None) -> str | None:
    return format_money(value) if value is not None else None


def submission_out(view: SubmissionView) -> SubmissionOut:
    row = view.row
    out = SubmissionOut(
        id=row.id,
        homework=row.homework_id,
        homework_title=row.homework_title,
        student=row.student_id,
        student_name=row.student_name,
        student_code=row.student_code,
        status=row.status.value,
        submitted_at=row.submitted_at,
        graded_at=row.graded_at,
        score=format_money(row.score),
        max_score=format_money(row.max_score),
        percentage=format_money(view.percentage),
        passed=None,
    )
    if view.answers is None:
        return out
    out.model_answer = row.model_answer
    out.answers = [
        AnswerOut(
            id=a.id or 0,
            question=a.question_id,
            selected_choices=a.selected_choice_ids,
            written_answer=a.written_answer,
            is_correct=a.is_correct,
            points_awarded=_money(a.points_awarded),
            score_override=_money(a.score_override),
            feedback=a.feedback,
        )
        for a in view.answers
    ]
    out.questions = [
        SnapshotQuestionOut(
            question=a.question_id,
            order=a.order,
            points=a.points,
            question_type=a.question_type.value,
            text=a.question_text,
            image=a.question_image,
            explanation=a.explanation if view.solutions else None,
            choices=[
                AssessmentChoiceOut(
                    id=c.choice_id,
                    text=c.text,
                    image=c.image,
                    order=c.order,
                    is_correct=c.is_correct if view.solutions else UNSET,
                )
                for c in a.choices
            ],
        )
        for a in view.answers
    ]
    return out


def result_out(row: ResultRow) -> ResultOut:
    return ResultOut(
        student=row.student_id,
        student_name=row.student_name,
        student_code=row.student_code,
        attempts=row.attempts,
        score=format_money(row.score),
        max_score=format_money(row.max_score),
        percentage=format_money(row.percentage),
        passed=row.passed,
        last_submitted_at=row.last_submitted_at,
    )
