"""A quiz's results and item analysis over the in-memory tables: the same figures as the SQL reader
(``adapters/sql/readers/quiz_results.py``), computed in Python from the committed state."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from decimal import Decimal

from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.quizzes import QuizTables
from edutrack.adapters.memory.store import MemoryStore
from edutrack.adapters.memory.students import StudentTables
from edutrack.core.entities.quizzes import AttemptScoring, AttemptStatus, QuizAnswer, QuizAttempt
from edutrack.core.policies.item_analysis import QuestionSums
from edutrack.ports.quiz_results import (
    ChoicePickRow,
    ItemAnalysisRows,
    QuestionPoints,
    QuestionSumsRow,
    QuizResultRow,
    ScoreSummary,
)
from edutrack.ports.readers import Page, PageRequest

ZERO = Decimal(0)


def _x(answer: QuizAnswer) -> Decimal | None:
    """0 unanswered, None while a written answer waits."""
    if not answer.answered:
        return ZERO
    return answer.points_awarded


class MemoryQuizResultsReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _closed(self, quiz_id: int) -> dict[int, list[QuizAttempt]]:
        """Each student's closed attempts, ranked as the SQL window does (first: the one scored for
        ``best`` once sorted by the caller)."""
        by_student: dict[int, list[QuizAttempt]] = defaultdict(list)
        for attempt in self._store.state.of(QuizTables).attempts.values():
            if attempt.quiz_id == quiz_id and attempt.status is not AttemptStatus.IN_PROGRESS:
                by_student[attempt.student_id].append(attempt)
        return by_student

    @staticmethod
    def _ranked(attempts: list[QuizAttempt], scoring: AttemptScoring) -> list[QuizAttempt]:
        if scoring is AttemptScoring.BEST:
            return sorted(attempts, key=lambda a: (-a.score, a.attempt_number))
        return sorted(attempts, key=lambda a: -a.attempt_number)

    def _scored(self, quiz_id: int, scoring: AttemptScoring) -> list[QuizAttempt]:
        scored: list[QuizAttempt] = []
        for attempts in self._closed(quiz_id).values():
            ranked = self._ranked(attempts, scoring)
            scored += ranked if scoring is AttemptScoring.AVERAGE else ranked[:1]
        return scored

    async def results(self, quiz_id: int, scoring: AttemptScoring, page: PageRequest) -> Page[QuizResultRow]:
        state = self._store.state
        students = state.of(StudentTables).students
        users = state.of(AccountTables).users
        keyed = []
        for student_id, attempts in self._closed(quiz_id).items():
            student = students.get(student_id)
            if student is None:
                continue
            ranked = self._ranked(attempts, scoring)
            scored = ranked if scoring is AttemptScoring.AVERAGE else ranked[:1]
            submitted = [a.submitted_at for a in attempts if a.submitted_at is not None]
            row = QuizResultRow(
                student_id=student_id,
                student_name=users[student.user_id].name,
                student_code=student.student_code,
                attempts=len(attempts),
                scored_attempts=len(scored),
                score_total=sum((a.score for a in scored), ZERO),
                max_score_total=sum((a.max_score for a in scored), ZERO),
                last_submitted_at=max(submitted),
            )
            keyed.append(((min(submitted), student_id), row))
        keyed.sort(key=lambda pair: pair[0])
        rows = [row for _, row in keyed]
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(rows), items=rows[page.offset : end])

    async def points_by_question(
        self, quiz_id: int, scoring: AttemptScoring
    ) -> Mapping[int, Mapping[int, QuestionPoints]]:
        found: dict[int, dict[int, list[QuizAnswer]]] = defaultdict(lambda: defaultdict(list))
        for attempt in self._scored(quiz_id, scoring):
            for answer in attempt.answers:
                found[attempt.student_id][answer.question_id].append(answer)
        return {
            student_id: {
                question_id: QuestionPoints(
                    count=len(answers),
                    answered=sum(1 for a in answers if a.answered),
                    waiting=sum(1 for a in answers if a.answered and a.points_awarded is None),
                    total=sum((x for a in answers if (x := _x(a)) is not None), ZERO),
                )
                for question_id, answers in questions.items()
            }
            for student_id, questions in found.items()
        }

    async def score_summary(self, quiz_id: int, scoring: AttemptScoring) -> ScoreSummary:
        scored = sorted(self._scored(quiz_id, scoring), key=lambda a: (a.score, a.id or 0))
        n = len(scored)
        if n == 0:
            return ScoreSummary(attempts=0, total=ZERO, median_low=None, median_high=None)
        middle = [a.score for pos, a in enumerate(scored, start=1) if n <= 2 * pos <= n + 2]
        return ScoreSummary(
            attempts=n,
            total=sum((a.score for a in scored), ZERO),
            median_low=middle[0],
            median_high=middle[-1],
        )

    async def item_analysis(self, quiz_id: int, scoring: AttemptScoring) -> ItemAnalysisRows:
        attempts: dict[int, int] = defaultdict(int)
        pairs: dict[int, list[tuple[Decimal, Decimal, int]]] = defaultdict(list)
        picked: dict[tuple[int, int], int] = defaultdict(int)
        for attempt in self._scored(quiz_id, scoring):
            for answer in attempt.answers:
                attempts[answer.question_id] += 1
                x = _x(answer)
                if x is not None:
                    pairs[answer.question_id].append((x, attempt.score - x, answer.points))
                for choice in answer.choices:
                    if choice.selected:
                        picked[(answer.question_id, choice.choice_id)] += 1
        rows = []
        for question_id, count in attempts.items():
            known = pairs.get(question_id, [])
            rows.append(
                QuestionSumsRow(
                    question_id=question_id,
                    attempts=count,
                    sums=QuestionSums(
                        n=len(known),
                        points=Decimal(sum(p for _, _, p in known)),
                        sx=sum((x for x, _, _ in known), ZERO),
                        sy=sum((y for _, y, _ in known), ZERO),
                        sxy=sum((x * y for x, y, _ in known), ZERO),
                        sxx=sum((x * x for x, _, _ in known), ZERO),
                        syy=sum((y * y for _, y, _ in known), ZERO),
                    ),
                )
            )
        return ItemAnalysisRows(
            questions=rows,
            picks=[ChoicePickRow(question_id=q, choice_id=c, picked=n) for (q, c), n in picked.items()],
        )

    async def choice_texts(
        self, quiz_id: int, scoring: AttemptScoring, choices: Collection[tuple[int, int]]
    ) -> Mapping[tuple[int, int], str]:
        wanted = set(choices)
        texts: dict[tuple[int, int], str] = {}
        for attempt in self._scored(quiz_id, scoring):
            for answer in attempt.answers:
                for choice in answer.choices:
                    key = (answer.question_id, choice.choice_id)
                    if choice.selected and key in wanted:
                        texts[key] = max(texts.get(key, choice.text), choice.text)
        return texts
