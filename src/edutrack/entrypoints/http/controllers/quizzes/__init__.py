"""Quizzes (issue #13): the quizzes (``quizzes.py``: quizzes, releases, overrides), their attempts
(``attempts.py``: start, autosave, submit, submissions, grading) and the results and statistics
(``results.py``), one feature room. ``CONTROLLERS`` lists them all."""

from __future__ import annotations

from litestar import Controller

from edutrack.entrypoints.http.controllers.quizzes.attempts import (
    QuizAttemptController,
    QuizSubmissionController,
)
from edutrack.entrypoints.http.controllers.quizzes.quizzes import QuizController, QuizOverrideController
from edutrack.entrypoints.http.controllers.quizzes.results import CONTROLLERS as RESULTS

CONTROLLERS: list[type[Controller]] = [
    QuizController,
    QuizAttemptController,
    QuizSubmissionController,
    QuizOverrideController,
    *RESULTS,
]
