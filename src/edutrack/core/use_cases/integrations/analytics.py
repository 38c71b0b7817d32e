"""The Appsembler analytics batches (API_SUPPLEMENT §11), streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from edutrack.core.actor import Actor
from edutrack.core.errors import NotFound
from edutrack.core.policies.course_keys import course_id_of
from edutrack.core.policies.integrations import require_integration
from edutrack.core.policies.time_windows import window_of
from edutrack.ports.integrations import AccountBatchRow, AnalyticsReader, EnrollmentBatchRow, TimeWindow

NOT_FOUND = "Not found"


@dataclass(frozen=True, slots=True)
class BatchQuery:
    """Bounds as the edge parsed them (a date or a datetime; both inclusive) and a course key."""

    updated_min: date | datetime | None = None
    updated_max: date | datetime | None = None
    course_key: str | None = None


class AccountsBatch:
    """An integration client: every account (all roles: students, staff, the site owner) created in the
    window, ordered by id, as an async iterator over a server-side cursor (never one list in memory)."""

    def __init__(self, reader: AnalyticsReader, zone: tzinfo) -> None:
        self._reader = reader
        self._zone = zone

    async def execute(self, actor: Actor, query: BatchQuery) -> AsyncIterator[AccountBatchRow]:
        require_integration(actor)
        return self._reader.accounts(TimeWindow(*window_of(query.updated_min, query.updated_max, self._zone)))


class EnrollmentsBatch:
    """An integration client: the approved (current) enrollments enrolled in the window (when approved,
    else when requested), of one course when ``course_id`` names one (an unknown or malformed key: 404
    ``{"detail": "Not found"}``), ordered by enrollment id, streamed like the accounts."""

    def __init__(self, reader: AnalyticsReader, zone: tzinfo) -> None:
        self._reader = reader
        self._zone = zone

    async def execute(self, actor: Actor, query: BatchQuery) -> AsyncIterator[EnrollmentBatchRow]:
        require_integration(actor)
        course_id = None
        if query.course_key is not None:
            course_id = course_id_of(query.course_key)
            if course_id is None or not await self._reader.course_exists(course_id):
                raise NotFound(NOT_FOUND)
        window = TimeWindow(*window_of(query.updated_min, query.updated_max, self._zone))
        return self._reader.enrollments(window, course_id)
