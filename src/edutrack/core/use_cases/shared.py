"""What the use cases of several features share (import-linter lets every feature import this module and
nothing else of another feature's).

The content viewer: who is looking at course content, with the lectures they have bought
(API_SUPPLEMENT §5: video URLs and material files open to a student only while they hold unexpired
access to the lecture). Lessons and materials both show content.
"""

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
