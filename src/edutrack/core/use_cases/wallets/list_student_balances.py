"""The staff's view of their students' balances (Teacher §12)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.use_cases.shared import Query
from edutrack.core.use_cases.wallets.add_balance import parse_student_ref
from edutrack.core.use_cases.wallets.common import require_staff
from edutrack.ports.wallets import BalanceFilter, StudentBalanceRow, WalletReader

MAX_ID = 2**31 - 1


class ListStudentBalances(Query[WalletReader]):
    """A teacher or an assistant: every student with an approved enrollment in one of the teacher's
    courses, with the balance there (0.00 without a wallet). Filters: course id; student (profile id or
    student code). Another teacher's course simply matches nothing."""

    async def execute(
        self, actor: Actor, course_id: int | None = None, student: str | None = None
    ) -> list[StudentBalanceRow]:
        teacher_id = require_staff(actor)
        filters = BalanceFilter(course_id=course_id)
        if student is not None and student.strip():
            ref = parse_student_ref(student)
            if isinstance(ref, int):
                if not 1 <= ref <= MAX_ID:
                    return []
                filters = BalanceFilter(course_id=course_id, student_id=ref)
            else:
                filters = BalanceFilter(course_id=course_id, student_code=ref)
        return await self._reader.student_balances(teacher_id, filters)
