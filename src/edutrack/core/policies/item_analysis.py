"""A quiz's results and item analysis (§8.1, Moodle's quiz statistics), as pure rules over the sums the
database computes.

- A student's quiz score follows the quiz's ``attempt_scoring`` over their closed attempts: ``best`` the
  attempt with the highest score (the earliest of equal ones), ``last`` the closed attempt with the
  highest attempt number, ``average`` the mean of every closed attempt (score and maximum alike), rounded
  half up to two decimals. Those are the *scored attempts*.
- ``facility`` of a question: the mean fraction of its points earned over the scored attempts whose
  answer has its points (an answer still waiting for a written grade does not count; an unanswered
  question counts 0), 0..1.
- ``discrimination``: Pearson's correlation, over those same answers, of the question's points with the
  rest of the attempt's score (its score minus the question's points), from the sums n, Σx, Σy, Σxy, Σx²,
  Σy²; ``None`` under 2 answers or when either side does not vary.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
SUM_PLACES = Decimal("0.0001")  # products of two-decimal points
RATIO_PLACES = Decimal("0.0001")  # facility and discrimination


def points(value: Decimal) -> Decimal:
    """Two decimals, half up (a float sum from SQLite comes back exact after this)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def mean(total: Decimal, count: int) -> Decimal:
    """``total / count`` in points (two decimals, half up); 0 when ``count`` is 0."""
    if count <= 0:
        return points(Decimal(0))
    return points(Decimal(total) / count)


def median(low: Decimal | None, high: Decimal | None) -> Decimal | None:
    """The median from the one or two middle scores of the ordered scores (None without any)."""
    if low is None and high is None:
        return None
    low = high if low is None else low
    high = low if high is None else high
    assert low is not None and high is not None
    return points((Decimal(low) + Decimal(high)) / 2)


@dataclass(frozen=True, slots=True)
class QuestionSums:
    """Over the answers to one question in the scored attempts whose points are known: ``n`` answers,
    ``points`` the sum of the question's maximum points, ``x`` the points awarded, ``y`` the rest of the
    attempt's score."""

    n: int
    points: Decimal
    sx: Decimal
    sy: Decimal
    sxy: Decimal
    sxx: Decimal
    syy: Decimal


def _exact(value: Decimal) -> Decimal:
    return Decimal(value).quantize(SUM_PLACES, rounding=ROUND_HALF_UP)


def facility(s: QuestionSums) -> float | None:
    """Mean fraction of the points earned (0..1), None without any answer with points."""
    total = _exact(s.points)
    if s.n <= 0 or total <= 0:
        return None
    return float((_exact(s.sx) / total).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP))


def discrimination(s: QuestionSums) -> float | None:
    """Pearson's r between the question's points and the rest of the score; None under 2 answers or when
    either does not vary."""
    if s.n < 2:
        return None
    n = Decimal(s.n)
    sx, sy, sxy, sxx, syy = (_exact(v) for v in (s.sx, s.sy, s.sxy, s.sxx, s.syy))
    var_x = n * sxx - sx * sx
    var_y = n * syy - sy * sy
    if var_x <= 0 or var_y <= 0:
        return None
    r = (n * sxy - sx * sy) / (var_x * var_y).sqrt()
    r = max(Decimal(-1), min(Decimal(1), r))
    return float(r.quantize(RATIO_PLACES, rounding=ROUND_HALF_UP))
