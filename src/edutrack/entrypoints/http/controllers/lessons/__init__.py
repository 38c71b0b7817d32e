"""Topics, lectures and videos (Teacher API §3–§5): ``/courses/topics/``, ``/courses/lectures/``,
``/courses/videos/``. Handlers turn the body into the core's command (``schemas/lessons.py``, where it is
checked once), call one use case and encode; the use cases check the roles again."""

from __future__ import annotations

from litestar import Controller

from edutrack.entrypoints.http.controllers.lessons.lectures import LectureController
from edutrack.entrypoints.http.controllers.lessons.topics import TopicController
from edutrack.entrypoints.http.controllers.lessons.videos import VideoController

CONTROLLERS: list[type[Controller]] = [TopicController, LectureController, VideoController]
