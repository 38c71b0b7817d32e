"""Quizzes (issue #13): the engine's routes (``engine.py``: quizzes, attempts, overrides) and the
results and statistics (``results.py``), one feature room. ``CONTROLLERS`` lists them all."""

from __future__ import annotations

from litestar import Controller

from edutrack.entrypoints.http.controllers.quizzes.engine import CONTROLLERS as ENGINE
from edutrack.entrypoints.http.controllers.quizzes.results import CONTROLLERS as RESULTS

CONTROLLERS: list[type[Controller]] = [*ENGINE, *RESULTS]
