"""The enrollment repository and reader contract: the same tests on the in-memory fakes, SQLite and
PostgreSQL. The cast they seed is ``tests/support/enrollments.py``'s ``build_cast``."""

from __future__ import annotations

from datetime import timedelta

import pytest

from edutrack.composition import Container
from edutrack.core.entities.enrollments import ALREADY_ENROLLED, Enrollment, EnrollmentStatus
from edutrack.core.errors import RuleViolation
from edutrack.ports.enrollments import EnrollmentFilter, EnrollmentReader, EnrollmentRow
from edutrack.ports.readers import PageRequest
from tests.support.clock import NOW
from tests.support.enrollments import build_cast, seed_enrollment

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)

# --- the repository ---------------------------------------------------------------------------------------


async def test_add_and_get_round_trip(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    enrollment_id = await seed_enrollment(contract_container, cast.student, cast.course)
    async with contract_container.uow() as uow:
        assert await uow.enrollments.get(enrollment_id) == Enrollment(
            id=enrollment_id,
            student_id=cast.student.actor.student_id or 0,
            course_id=cast.course,
            enrolled_at=NOW,
            status=EnrollmentStatus.PENDING,
        )
        assert await uow.enrollments.get(enrollment_id + 100) is None
        assert await uow.enrollments.get(0) is None
        assert await uow.enrollments.get(2**31) is None
        assert await uow.enrollments.get(-5) is None


async def test_open_and_approved_checks(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    student_id = cast.student.actor.student_id or 0
    await seed_enrollment(contract_container, cast.student, cast.course)
    await seed_enrollment(contract_container, cast.student, cast.second_course, EnrollmentStatus.APPROVED)
    await seed_enrollment(contract_container, cast.student, cast.other_course, EnrollmentStatus.REJECTED)
    async with contract_container.uow() as uow:
        repo = uow.enrollments
        assert await repo.has_open(student_id, cast.course)
        assert await repo.has_open(student_id, cast.second_course)
        assert not await repo.has_open(student_id, cast.other_course)
        assert not await repo.is_approved(student_id, cast.course)
        assert await repo.is_approved(student_id, cast.second_course)
        assert not await repo.is_approved(student_id, cast.other_course)
        assert not await repo.is_approved(cast.classmate.actor.student_id or 0, cast.second_course)
        assert not await repo.is_approved(2**40, cast.second_course)


@pytest.mark.parametrize("first", [EnrollmentStatus.PENDING, EnrollmentStatus.APPROVED])
async def test_one_open_enrollment_per_student_and_course(
    contract_container: Container, first: EnrollmentStatus
) -> None:
    """The database's partial unique index itself refuses a second open enrollment (what decides a race)."""
    cast = await build_cast(contract_container)
    await seed_enrollment(contract_container, cast.student, cast.course, first)
    with pytest.raises(RuleViolation) as caught:
        await seed_enrollment(contract_container, cast.student, cast.course)
    assert caught.value.body() == {"detail": ALREADY_ENROLLED}
    with pytest.raises(RuleViolation):
        await seed_enrollment(contract_container, cast.student, cast.course, EnrollmentStatus.APPROVED)
    # a rejected one is history: any number of them, and a new request after them
    await seed_enrollment(contract_container, cast.classmate, cast.course, EnrollmentStatus.REJECTED)
    await seed_enrollment(contract_container, cast.classmate, cast.course, EnrollmentStatus.REJECTED)
    await seed_enrollment(contract_container, cast.classmate, cast.course)
    await seed_enrollment(contract_container, cast.student, cast.second_course)


async def test_decide_changes_a_pending_enrollment_only_once(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    enrollment_id = await seed_enrollment(contract_container, cast.student, cast.course)
    later = NOW + timedelta(days=1)
    decider = cast.assistant.actor.user_id
    async with contract_container.uow() as uow:
        assert await uow.enrollments.decide(enrollment_id, EnrollmentStatus.APPROVED, decider, later, "Hi")
        assert not await uow.enrollments.decide(
            enrollment_id, EnrollmentStatus.REJECTED, decider, later, None
        )
        assert not await uow.enrollments.decide(
            enrollment_id + 50, EnrollmentStatus.REJECTED, decider, later, None
        )
        assert not await uow.enrollments.decide(2**31, EnrollmentStatus.REJECTED, decider, later, None)
        assert (await uow.enrollments.get(enrollment_id)) == Enrollment(
            id=enrollment_id,
            student_id=cast.student.actor.student_id or 0,
            course_id=cast.course,
            enrolled_at=NOW,
            status=EnrollmentStatus.APPROVED,
            approved_by=decider,
            responded_at=later,
            response_note="Hi",
        )
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.enrollments.is_approved(cast.student.actor.student_id or 0, cast.course)


async def test_an_uncommitted_decision_is_rolled_back(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    enrollment_id = await seed_enrollment(contract_container, cast.student, cast.course)
    async with contract_container.uow() as uow:
        assert await uow.enrollments.decide(enrollment_id, EnrollmentStatus.REJECTED, 1, NOW, None)
    async with contract_container.uow() as uow:
        found = await uow.enrollments.get(enrollment_id)
        assert found is not None and found.status == EnrollmentStatus.PENDING


# --- the reader -------------------------------------------------------------------------------------------


async def test_rows_carry_every_name(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    pending = await seed_enrollment(contract_container, cast.student, cast.course)
    decided = await seed_enrollment(
        contract_container, cast.classmate, cast.course, EnrollmentStatus.REJECTED, decided_by=cast.assistant
    )
    reader = contract_container.get(EnrollmentReader)
    assert await reader.get(pending) == EnrollmentRow(
        id=pending,
        student_id=cast.student.actor.student_id or 0,
        student_user_id=cast.student.actor.user_id,
        student_name="Salma Adel",
        student_code="ST00000001",
        course_id=cast.course,
        course_name="Mechanics",
        grade_name="Third Secondary",
        teacher_id=cast.teacher.actor.teacher_id or 0,
        teacher_user_id=cast.teacher.actor.user_id,
        teacher_name="Ahmed Hassan",
        status=EnrollmentStatus.PENDING,
        enrolled_at=NOW,
        approved_by=None,
        approved_by_name=None,
        responded_at=None,
        response_note=None,
    )
    row = await reader.get(decided)
    assert row is not None
    assert (row.status, row.approved_by, row.approved_by_name) == (
        EnrollmentStatus.REJECTED,
        cast.assistant.actor.user_id,
        "Helper Hany",
    )
    assert (row.responded_at, row.response_note) == (NOW + timedelta(hours=1), "Welcome")
    assert await reader.get(decided + 100) is None
    assert await reader.get(2**31) is None
    assert [r.id for r in await reader.get_many([decided, 999, pending, decided, 2**40])] == [
        pending,
        decided,
    ]
    assert await reader.get_many([]) == []


async def test_list_filters_order_and_pages(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    c = contract_container
    first = await seed_enrollment(c, cast.student, cast.course, at=NOW)
    second = await seed_enrollment(c, cast.classmate, cast.course, at=NOW + timedelta(minutes=5))
    third = await seed_enrollment(c, cast.student, cast.second_course, EnrollmentStatus.APPROVED, at=NOW)
    theirs = await seed_enrollment(c, cast.student, cast.other_course, at=NOW + timedelta(minutes=1))
    reader = c.get(EnrollmentReader)

    async def ids(
        filters: EnrollmentFilter, page: PageRequest = ALL, *, oldest_first: bool = False
    ) -> list[int]:
        return [r.id for r in (await reader.list(filters, page, oldest_first=oldest_first)).items]

    mine = EnrollmentFilter(student_id=cast.student.actor.student_id)
    assert await ids(mine) == [theirs, third, first]  # newest first, then id descending
    assert await ids(mine, oldest_first=True) == [first, third, theirs]
    pending_of_ahmed = EnrollmentFilter(
        teacher_id=cast.teacher.actor.teacher_id, status=EnrollmentStatus.PENDING
    )
    assert await ids(pending_of_ahmed, oldest_first=True) == [first, second]
    assert await ids(EnrollmentFilter(teacher_id=cast.other.actor.teacher_id)) == [theirs]
    assert await ids(
        EnrollmentFilter(teacher_id=cast.teacher.actor.teacher_id, course_id=cast.second_course)
    ) == [third]
    assert await ids(EnrollmentFilter(status=EnrollmentStatus.REJECTED)) == []
    page = await reader.list(mine, PageRequest(offset=1, limit=1))
    assert (page.total, [r.id for r in page.items]) == (3, [third])
    counted = await reader.list(mine, PageRequest(offset=0, limit=0))
    assert (counted.total, counted.items) == (3, [])


async def test_the_reader_sees_committed_state_only(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    enrollment_id = await seed_enrollment(contract_container, cast.student, cast.course)
    reader = contract_container.get(EnrollmentReader)
    async with contract_container.uow() as uow:
        await uow.enrollments.decide(enrollment_id, EnrollmentStatus.APPROVED, 1, NOW, None)
        await uow.rollback()
    row = await reader.get(enrollment_id)
    assert row is not None and row.status == EnrollmentStatus.PENDING


async def test_unenroll_closes_the_open_enrollment_once(contract_container: Container) -> None:
    cast = await build_cast(contract_container)
    student_id = cast.student.actor.student_id or 0
    approved = await seed_enrollment(contract_container, cast.student, cast.course, EnrollmentStatus.APPROVED)
    await seed_enrollment(contract_container, cast.student, cast.other_course, EnrollmentStatus.REJECTED)
    later = NOW + timedelta(hours=1)
    async with contract_container.uow() as uow:
        assert await uow.enrollments.unenroll(student_id, cast.course, later) == approved
        assert await uow.enrollments.unenroll(student_id, cast.course, later) is None  # nothing open now
        assert await uow.enrollments.unenroll(student_id, cast.other_course, later) is None  # rejected
        assert await uow.enrollments.unenroll(2**40, cast.course, later) is None
        await uow.commit()
    async with contract_container.uow() as uow:
        stored = await uow.enrollments.get(approved)
        assert stored is not None
        assert (stored.status, stored.responded_at) == (EnrollmentStatus.UNENROLLED, later)
        assert not await uow.enrollments.has_open(student_id, cast.course)
        # unenrolled is not open: the student may join again
        await uow.enrollments.add(Enrollment(student_id=student_id, course_id=cast.course, enrolled_at=later))
        await uow.commit()
