"""The enrollment-code repository (and ``enrollments.approve_pending``): the same tests on the memory
fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from edutrack.composition import Container
from edutrack.core.entities.enrollment_codes import CodeStatus, EnrollmentCode
from edutrack.core.entities.enrollments import Enrollment, EnrollmentStatus
from edutrack.ports.enrollment_codes import CodeStudent
from edutrack.ports.uow import UnitOfWork
from tests.support.clock import NOW
from tests.support.enrollment_codes import add_enrollment, build_scene, code_row, enrollments_of

pytestmark = pytest.mark.anyio


def _code(code: str, course: int, client: int | None) -> EnrollmentCode:
    return EnrollmentCode(
        code=code, course_id=course, created_at=NOW, updated_at=NOW, created_by_client=client
    )


async def test_codes_are_unique_and_single_use(contract_container: Container) -> None:
    c = contract_container
    scene = await build_scene(c, students=2)
    first, second = scene.students
    async with c.uow() as uow:
        stored = await uow.enrollment_codes.add_many(
            [_code("AAAAaaa1", scene.course, scene.client.pk), _code("BBBBbbb2", scene.course, None)]
        )
        assert [code.code for code in stored] == ["AAAAaaa1", "BBBBbbb2"] and all(code.id for code in stored)
        # a colliding code is skipped without failing the transaction; case matters
        again = await uow.enrollment_codes.add_many(
            [_code("AAAAaaa1", scene.course, None), _code("aaaaAAA1", scene.course, None)]
        )
        assert [code.code for code in again] == ["aaaaAAA1"]
        await uow.commit()
    later = NOW + timedelta(minutes=5)
    async with c.uow() as uow:
        claimed = await uow.enrollment_codes.claim("AAAAaaa1", first.id, later)
        assert claimed is not None and claimed.course_id == scene.course
        assert await uow.enrollment_codes.claim("AAAAaaa1", second.id, later) is None
        assert await uow.enrollment_codes.claim("aaaaaaa1", second.id, later) is None  # unknown
        enrollment = await add_enrollment_in(uow, first.id, scene.course)
        await uow.enrollment_codes.attach(claimed.id, enrollment)
        await uow.commit()
    row = await code_row(c, "AAAAaaa1")
    assert row is not None
    assert (row.status, row.used_by, row.used_at, row.enrollment_id) == (
        CodeStatus.ACTIVE,
        first.id,
        later,
        enrollment,
    )
    assert row.created_by_client == scene.client.pk and row.course_id == scene.course
    async with c.uow() as uow:
        assert await uow.enrollment_codes.claim("AAAAaaa1", second.id, later) is None  # committed use
        await uow.enrollment_codes.reset(row.id or 0, CodeStatus.CANCELLED, later)
        await uow.commit()
    row = await code_row(c, "AAAAaaa1")
    assert row is not None and row.status is CodeStatus.CANCELLED
    assert (row.used_by, row.used_at, row.enrollment_id, row.updated_at) == (None, None, None, later)
    async with c.uow() as uow:
        assert await uow.enrollment_codes.claim("AAAAaaa1", second.id, later) is None  # cancelled
        await uow.enrollment_codes.reset(row.id or 0, CodeStatus.ACTIVE, later)
        assert await uow.enrollment_codes.claim("AAAAaaa1", second.id, later) is not None
        await uow.rollback()
    assert await code_row(c, "nothere1") is None


async def add_enrollment_in(uow: UnitOfWork, student: int, course: int) -> int:
    enrollment = await uow.enrollments.add(
        Enrollment(student_id=student, course_id=course, enrolled_at=NOW, status=EnrollmentStatus.APPROVED)
    )
    assert enrollment.id is not None
    return enrollment.id


async def test_student_by_email_is_case_insensitive_and_students_only(contract_container: Container) -> None:
    c = contract_container
    scene = await build_scene(c, students=1)
    (pupil,) = scene.students
    async with c.uow() as uow:
        expected = CodeStudent(id=pupil.id, user_id=pupil.user_id)
        assert await uow.enrollment_codes.student_by_email(pupil.email) == expected
        assert await uow.enrollment_codes.student_by_email(f"  {pupil.email.upper()} ") == expected
        assert await uow.enrollment_codes.student_by_email(scene.teacher_email) is None
        assert await uow.enrollment_codes.student_by_email("nobody@example.com") is None
        assert await uow.enrollment_codes.student_by_email("") is None


async def test_approve_pending_changes_only_a_pending_request(contract_container: Container) -> None:
    c = contract_container
    scene = await build_scene(c, students=2)
    first, second = scene.students
    pending = await add_enrollment(c, first.id, scene.course, EnrollmentStatus.PENDING)
    await add_enrollment(c, second.id, scene.course, EnrollmentStatus.APPROVED)
    later = NOW + timedelta(hours=1)
    async with c.uow() as uow:
        assert await uow.enrollments.approve_pending(first.id, scene.course, later) == pending
        assert await uow.enrollments.approve_pending(first.id, scene.course, later) is None
        assert await uow.enrollments.approve_pending(second.id, scene.course, later) is None
        assert await uow.enrollments.approve_pending(first.id, 2**40, later) is None
        await uow.commit()
    assert await enrollments_of(c, first.id, scene.course) == [(pending, EnrollmentStatus.APPROVED)]
    async with c.uow() as uow:
        enrollment = await uow.enrollments.get(pending)
    assert enrollment is not None and (enrollment.approved_by, enrollment.responded_at) == (None, later)
