"""The question bank (Teacher API §8, API_SUPPLEMENT §7): ``/question-bank/chapters/``, ``/lessons/``
(``taxonomy.py``) and ``/questions/`` (``questions.py``), one feature room. ``CONTROLLERS`` lists them all."""

from __future__ import annotations

from litestar import Controller

from edutrack.entrypoints.http.controllers.questions.questions import QuestionController
from edutrack.entrypoints.http.controllers.questions.taxonomy import ChapterController, LessonController

CONTROLLERS: list[type[Controller]] = [ChapterController, LessonController, QuestionController]
