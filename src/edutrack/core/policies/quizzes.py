"""The quiz engine's rules, pure: deadlines, the attempt limit, what a student may see of a closed
attempt, and the display order of an attempt's questions and choices.

- ``deadline = min(started_at + timer_minutes + extra_minutes, the student's close date)`` where the
  student's close date is their override's close date, else the quiz's; None without a timer and
  without a close date. Answers are accepted until ``deadline + GRACE`` (30 s).
- Allowed attempts: 1 without ``allow_multiple_attempts``, else ``max_attempts`` (None: unlimited);
  plus the override's ``extra_attempts``.
- Score (score, percentage, passed, each answer's is_correct and points_awarded) per
  ``score_visibility``: ``immediate`` once the attempt is closed; ``after_close`` once the quiz is
  closed for everybody (the latest of its close date and the students' own close dates has passed; no
  close date: only after release-scores); ``manual`` after release-scores. A release always opens it.
- Correct answers (choices' is_correct, explanations) the same way per ``answers_visibility``, and, when
  ``show_correct_after_submission`` is false, only after release-answers.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from edutrack.core.entities.quizzes import QuestionOrder, Quiz, QuizOverride, Visibility


def close_date_for(quiz: Quiz, override: QuizOverride | None) -> datetime | None:
    """The student's close date: their override's, else the quiz's."""
    if override is not None and override.close_date is not None:
        return override.close_date
    return quiz.close_date


def deadline_of(quiz: Quiz, override: QuizOverride | None, started_at: datetime) -> datetime | None:
    limits: list[datetime] = []
    if quiz.timer_minutes is not None:
        extra = override.extra_minutes if override is not None else 0
        limits.append(started_at + timedelta(minutes=quiz.timer_minutes + extra))
    close = close_date_for(quiz, override)
    if close is not None:
        limits.append(close)
    return min(limits) if limits else None


def allowed_attempts(allow_multiple: bool, max_attempts: int | None, extra_attempts: int) -> int | None:
    """None: unlimited."""
    if not allow_multiple:
        return 1 + extra_attempts
    if max_attempts is None:
        return None
    return max_attempts + extra_attempts


def released(
    visibility: Visibility,
    *,
    closed: bool,
    close_date: datetime | None,
    released_at: datetime | None,
    now: datetime,
) -> bool:
    """Whether a student sees what ``visibility`` governs of one of their attempts."""
    if not closed:
        return False
    if released_at is not None:
        return True
    if visibility is Visibility.IMMEDIATE:
        return True
    if visibility is Visibility.AFTER_CLOSE:
        return close_date is not None and now >= close_date
    return False


def answers_released(
    visibility: Visibility,
    show_correct_after_submission: bool,
    *,
    closed: bool,
    close_date: datetime | None,
    released_at: datetime | None,
    now: datetime,
) -> bool:
    if not closed:
        return False
    if not show_correct_after_submission:
        return released_at is not None
    return released(visibility, closed=closed, close_date=close_date, released_at=released_at, now=now)


def passed(percentage: Decimal, passing_score: Decimal | None) -> bool | None:
    return None if passing_score is None else percentage >= passing_score


def display_order(count: int, order: QuestionOrder, rng: random.Random) -> list[int]:
    """The display position of each of ``count`` items (by their index): as given, or a permutation."""
    positions = list(range(count))
    if order is QuestionOrder.RANDOM:
        rng.shuffle(positions)
    return positions


def choice_positions(count: int, shuffle: bool, rng: random.Random, orders: Sequence[int]) -> list[int]:
    """Each choice's display ``order``: the bank's ``orders`` as they are, or a shuffled 0..count-1."""
    if not shuffle:
        return list(orders)
    positions = list(range(count))
    rng.shuffle(positions)
    return positions
