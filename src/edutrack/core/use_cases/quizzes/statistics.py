"""A quiz's item analysis (§8.1, Moodle's quiz statistics) over the scored attempts: the attempts that
give each student's score (``best``/``last``: one per student; ``average``: every closed attempt).

The database computes the counts and sums (per question: n, Σx, Σy, Σxy, Σx², Σy² of the question's
points x and the rest of the attempt's score y; the median by an ordered query); the rules turning them
into ``facility`` and ``discrimination`` are ``core/policies/item_analysis.py``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from edutrack.core.actor import Actor
from edutrack.core.entities.quizzes import AttemptScoring
from edutrack.core.policies.item_analysis import QuestionSums, discrimination, facility, mean, median
from edutrack.core.use_cases.quizzes.results import StaffQuery

NO_SUMS = QuestionSums(
    n=0, points=Decimal(0), sx=Decimal(0), sy=Decimal(0), sxy=Decimal(0), sxx=Decimal(0), syy=Decimal(0)
)


@dataclass(frozen=True, slots=True)
class ChoiceStats:
    id: int
    text: str
    picked: int


@dataclass(frozen=True, slots=True)
class QuestionStats:
    question: int
    text: str
    attempts: int
    facility: float | None
    discrimination: float | None
    choices: tuple[ChoiceStats, ...]


@dataclass(frozen=True, slots=True)
class QuizStatisticsView:
    attempts: int
    average_score: Decimal | None
    median_score: Decimal | None
    questions: tuple[QuestionStats, ...]


class QuizStatistics(StaffQuery):
    """Site owner, or the course's teacher and assistants (another teacher, students: PermissionDenied).
    ``attempts``: the scored attempts; ``average_score``/``median_score`` of their scores in points
    (None without attempts). One entry per current question of the quiz, in its order, with the bank's
    text and choices (choices picked in some snapshot but no longer in the bank follow, with their
    snapshot text): ``attempts`` the scored attempts holding the question, ``facility`` (0..1) and
    ``discrimination`` (Pearson r with the rest of the score; None under 2 answers or without
    variance) over those whose points are known (a written answer waiting for a grade does not count),
    each choice's ``picked`` count. A fixed number of statements whatever the number of questions and
    attempts (one more when a picked choice is no longer in the bank, for its snapshot text)."""

    async def execute(self, actor: Actor, quiz_id: int) -> QuizStatisticsView:
        quiz = await self._quiz(actor, quiz_id)
        scoring = AttemptScoring(quiz.attempt_scoring)
        questions = await self._quizzes.questions(quiz_id)
        summary = await self._reader.score_summary(quiz_id, scoring)
        analysis = await self._reader.item_analysis(quiz_id, scoring)
        sums = {row.question_id: row for row in analysis.questions}
        picks: dict[int, dict[int, int]] = {}
        for pick in analysis.picks:
            picks.setdefault(pick.question_id, {})[pick.choice_id] = pick.picked
        # choices picked in snapshots but gone from the bank: their snapshot text (one more statement)
        gone = [
            (q.question_id, cid)
            for q in questions
            for cid in picks.get(q.question_id, {})
            if cid not in {c.id for c in q.choices}
        ]
        texts = await self._reader.choice_texts(quiz_id, scoring, gone) if gone else {}
        result = []
        for question in questions:
            row = sums.get(question.question_id)
            figures = row.sums if row is not None else NO_SUMS
            picked = dict(picks.get(question.question_id, {}))
            choices = [ChoiceStats(c.id, c.text, picked.pop(c.id, 0)) for c in question.choices]
            choices += [
                ChoiceStats(cid, texts.get((question.question_id, cid), ""), n)
                for cid, n in sorted(picked.items())
            ]
            result.append(
                QuestionStats(
                    question=question.question_id,
                    text=question.text,
                    attempts=row.attempts if row is not None else 0,
                    facility=facility(figures),
                    discrimination=discrimination(figures),
                    choices=tuple(choices),
                )
            )
        return QuizStatisticsView(
            attempts=summary.attempts,
            average_score=mean(summary.total, summary.attempts) if summary.attempts else None,
            median_score=median(summary.median_low, summary.median_high),
            questions=tuple(result),
        )
