"""Revenue use cases over the memory fakes: who may call, date ranges, DST-correct day buckets, not-found."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.memory.enrollments import EnrollmentTables
from edutrack.composition import Container
from edutrack.core.actor import Actor, Role
from edutrack.core.errors import AccountDisabled, NotFound, PermissionDenied, ValidationFailed
from edutrack.core.policies.dates import parse_day
from edutrack.core.use_cases.revenue.dashboard import ComputeTeacherDashboard
from edutrack.core.use_cases.revenue.reports import (
    ComputeCourseRevenue,
    ComputeLectureRevenue,
    ComputeRevenueSummary,
    ComputeStudentRevenue,
)
from edutrack.core.use_cases.revenue.trend import ComputeRevenueTrend, day_buckets
from edutrack.entrypoints.http.schemas.revenue import trend_days
from tests.support.revenue import seed_revenue

pytestmark = pytest.mark.anyio

CAIRO = ZoneInfo("Africa/Cairo")
OWNER = Actor(user_id=1, username="owner", role=Role.SITE_OWNER)
TEACHER = Actor(user_id=2, username="t", role=Role.TEACHER, teacher_id=1)
ASSISTANT = Actor(user_id=3, username="a", role=Role.ASSISTANT, teacher_id=1, assistant_id=1)
STUDENT = Actor(user_id=4, username="s", role=Role.STUDENT, student_id=1)


async def test_reports_are_for_the_site_owner_only(container: Container) -> None:
    for actor in (TEACHER, ASSISTANT, STUDENT):
        with pytest.raises(PermissionDenied):
            await container.get(ComputeRevenueSummary).execute(actor)
        with pytest.raises(PermissionDenied):
            await container.get(ComputeCourseRevenue).execute(actor, 1)
        with pytest.raises(PermissionDenied):
            await container.get(ComputeLectureRevenue).execute(actor, 1)
        with pytest.raises(PermissionDenied):
            await container.get(ComputeStudentRevenue).execute(actor)
        with pytest.raises(PermissionDenied):
            await container.get(ComputeRevenueTrend).execute(actor)
    with pytest.raises(AccountDisabled):
        await container.get(ComputeRevenueSummary).execute(
            Actor(1, "owner", Role.SITE_OWNER, is_active=False)
        )


async def test_the_dashboard_is_for_teachers_and_assistants(container: Container) -> None:
    for actor in (OWNER, STUDENT, Actor(user_id=5, username="x", role=Role.TEACHER)):
        with pytest.raises(PermissionDenied):
            await container.get(ComputeTeacherDashboard).execute(actor)
    empty = await container.get(ComputeTeacherDashboard).execute(ASSISTANT)
    assert (empty.total_courses, empty.total_students, str(empty.total_revenue)) == (0, 0, "0.00")
    assert empty.recent_enrollments == empty.recent_purchases == empty.course_breakdown == []


async def test_unknown_course_and_lecture(container: Container) -> None:
    with pytest.raises(NotFound):
        await container.get(ComputeCourseRevenue).execute(OWNER, 42)
    with pytest.raises(NotFound):
        await container.get(ComputeLectureRevenue).execute(OWNER, 42)
    assert await container.get(ComputeStudentRevenue).execute(OWNER, 42) == []


async def test_an_empty_platform(container: Container) -> None:
    report = await container.get(ComputeRevenueSummary).execute(OWNER)
    assert report.courses == []
    assert (str(report.summary.total_revenue), report.summary.total_purchases) == ("0.00", 0)


async def test_trend_defaults_to_30_days_ending_today_in_cairo(
    container: Container, clock: FrozenClock
) -> None:
    clock.at = datetime(2026, 4, 29, 22, 30, tzinfo=UTC)  # already 30 April (01:30, +03:00) in Cairo
    trend = await container.get(ComputeRevenueTrend).execute(OWNER)
    assert (trend.start_date, trend.end_date) == (date(2026, 4, 1), date(2026, 4, 30))
    assert [d.day for d in trend.daily_trends] == [date(2026, 4, 1) + timedelta(days=n) for n in range(30)]
    only_start = await container.get(ComputeRevenueTrend).execute(OWNER, date(2026, 4, 20))
    assert (only_start.start_date, only_start.end_date) == (date(2026, 4, 20), date(2026, 4, 30))
    with pytest.raises(ValidationFailed) as error:
        await container.get(ComputeRevenueTrend).execute(OWNER, date(2026, 5, 1))  # after today's default end
    assert error.value.fields == {"non_field_errors": ["start_date must be on or before end_date."]}


@pytest.mark.parametrize(
    ("start", "end", "fields"),
    [
        (
            "2026-1-01",
            None,
            {"start_date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        (
            "x",
            "2026-02-29",
            {
                "start_date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
                "end_date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
            },
        ),
        ("2026-03-02", "2026-03-01", {"non_field_errors": ["start_date must be on or before end_date."]}),
        (
            "2023-01-01",
            "2024-01-02",
            {"non_field_errors": ["The date range cannot be longer than 366 days."]},
        ),
        ("9999-12-31", None, {"start_date": ["Ensure the date is between 1900-01-01 and 9998-12-31."]}),
    ],
)
async def test_trend_rejects_bad_ranges(
    container: Container, start: str | None, end: str | None, fields: dict[str, list[str]]
) -> None:
    """Malformed days are the edge's (``trend_days``), an empty or too long range the use case's."""
    with pytest.raises(ValidationFailed) as error:
        await container.get(ComputeRevenueTrend).execute(OWNER, *trend_days(start, end))
    assert error.value.fields == fields


async def test_trend_accepts_a_366_day_range_and_a_single_day(container: Container) -> None:
    leap_year = await container.get(ComputeRevenueTrend).execute(OWNER, date(2024, 1, 1), date(2024, 12, 31))
    assert len(leap_year.daily_trends) == 366
    one = await container.get(ComputeRevenueTrend).execute(OWNER, *trend_days(" 2026-03-01 ", "2026-03-01"))
    assert [d.day for d in one.daily_trends] == [date(2026, 3, 1)]


def test_parse_day() -> None:
    assert parse_day(None) is None and parse_day("  ") is None
    assert parse_day("2026-03-01") == date(2026, 3, 1)
    for bad in ("2026-3-1", "20260301", "2026-03-01T00:00", "2026/03/01"):
        with pytest.raises(ValueError):
            parse_day(bad)


def test_day_buckets_follow_cairo_dst() -> None:
    """Cairo jumps from 00:00 to 01:00 on 24 April 2026 and back from 24:00 to 23:00 on 29 October."""
    april = day_buckets(date(2026, 4, 23), date(2026, 4, 25), CAIRO)
    assert [b.end - b.start for b in april] == [timedelta(hours=24), timedelta(hours=23), timedelta(hours=24)]
    assert april[1].start == datetime(2026, 4, 23, 22, tzinfo=UTC)
    october = day_buckets(date(2026, 10, 29), date(2026, 10, 30), CAIRO)
    assert [b.end - b.start for b in october] == [timedelta(hours=25), timedelta(hours=24)]
    assert all(a.end == b.start for a, b in pairwise(april))


async def test_lecture_average_ignores_buyers_without_an_approved_enrollment(container: Container) -> None:
    w = await seed_revenue(container)
    lenses = await container.get(ComputeLectureRevenue).execute(OWNER, w.lecture_5)
    # s3 approved in B1 on 03-05 00:00 and bought on 03-11 12:00: 6.5 days
    assert (lenses.average_days_to_purchase, lenses.buyer_count) == (6.5, 1)
    assert container.memory_store is not None
    state = container.memory_store.state
    for enrollment in state.of(EnrollmentTables).enrollments.values():
        enrollment.status = enrollment.status.PENDING
    report = await container.get(ComputeLectureRevenue).execute(OWNER, w.lecture_5)
    assert report.average_days_to_purchase == 0.0
    assert report.purchase_count == 1
