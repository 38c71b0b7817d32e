"""Who is looking at course content, with the lectures they have bought (API_SUPPLEMENT §5: video URLs and
material files open to a student only while they hold unexpired access to the lecture)."""

from __future__ import annotations

from collections.abc import Collection

from edutrack.core.actor import Actor
from edutrack.core.policies.content import Viewer, viewer_of, with_access
from edutrack.ports.clock import Clock
from edutrack.ports.purchases import LectureAccess


async def content_viewer(
    actor: Actor, access: LectureAccess, clock: Clock, lecture_ids: Collection[int] | None = None
) -> Viewer:
    """``viewer_of(actor)``, plus, for a student, the lectures (among ``lecture_ids``; all when None) they
    may open now. Staff viewers never touch the database here."""
    viewer = viewer_of(actor)
    if not viewer.student or actor.student_id is None:
        return viewer
    if lecture_ids is not None and not lecture_ids:
        return viewer
    opened = await access.lectures_with_access(actor.student_id, lecture_ids, clock.now())
    return with_access(viewer, opened)


class ResolveContentViewer:
    """Any authenticated user: the Viewer the content encoders use to decide what to show (the site owner
    and staff as ``viewer_of``; a student with ``accessible_lecture_ids`` filled by one access query)."""

    def __init__(self, access: LectureAccess, clock: Clock) -> None:
        self._access = access
        self._clock = clock

    async def execute(self, actor: Actor) -> Viewer:
        return await content_viewer(actor, self._access, self._clock)
