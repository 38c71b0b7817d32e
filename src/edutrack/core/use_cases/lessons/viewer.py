"""Who is looking at course content, with the lectures they have bought (API_SUPPLEMENT §5: video URLs and
material files open to a student only while they hold unexpired access to the lecture)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.policies.content import Viewer
from edutrack.core.use_cases.shared import content_viewer
from edutrack.ports.clock import Clock
from edutrack.ports.purchases import LectureAccess


class ResolveContentViewer:
    """Any authenticated user: the Viewer the content encoders use to decide what to show (the site owner
    and staff as ``viewer_of``; a student with ``accessible_lecture_ids`` filled by one access query)."""

    def __init__(self, access: LectureAccess, clock: Clock) -> None:
        self._access = access
        self._clock = clock

    async def execute(self, actor: Actor) -> Viewer:
        return await content_viewer(actor, self._access, self._clock)
