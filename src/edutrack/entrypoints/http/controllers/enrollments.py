"""Enrollments (Teacher §6, API_SUPPLEMENT §5): ``/courses/enrollments/``. Handlers decode, call one use
case and encode."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody

from edutrack.core.actor import Role
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.use_cases.enrollments.approve_enrollment import ApproveEnrollment
from edutrack.core.use_cases.enrollments.bulk_action import BulkApproveEnrollments
from edutrack.core.use_cases.enrollments.list_my_enrollments import ListMyEnrollments
from edutrack.core.use_cases.enrollments.list_pending_enrollments import ListPendingEnrollments
from edutrack.core.use_cases.enrollments.reject_enrollment import RejectEnrollment
from edutrack.core.use_cases.enrollments.request_enrollment import RequestEnrollment
from edutrack.entrypoints.http.conventions import paginate, parse_choice, parse_int
from edutrack.entrypoints.http.openapi import AllQuery, IntQuery, Paged, PageQuery, PageSizeQuery, choice
from edutrack.entrypoints.http.schemas.enrollments import (
    BulkActionIn,
    BulkActionOut,
    DecisionIn,
    EnrollmentIn,
    EnrollmentOut,
    bulk_action_command,
    bulk_action_out,
    decision_command,
    enrollment_out,
)
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.readers import PageRequest

STUDENTS = [roles(Role.STUDENT)]
STAFF = [roles(Role.TEACHER, Role.ASSISTANT)]
DECISION = "/{enrollment_id:int}/"
SHAPE = (
    "An enrollment: `student` is the student profile id, `course` the course id; `approved_by` is the user "
    "id of whoever decided (approved or rejected) and `approved_by_name` their name, both null while "
    "pending; `responded_at` and `response_note` likewise. "
)
DECIDE = (
    "The course's teacher or one of the teacher's assistants (other roles: 403 {{\"detail\": ...}}). Body "
    'optional: {{"response_note": "..."}} (at most 1000 characters; blank is none). Only a pending '
    "enrollment is {done}, by one conditional update, so of two concurrent decisions exactly one wins. "
    '404 {{"error": "Enrollment not found"}}; another teacher\'s course: 403 {{"error": "You can only '
    'manage enrollments for your own courses"}}; not pending: 400 {{"error": "Cannot {verb} enrollment '
    'with status: <status>"}}. The decision is kept (who, when, note) and the student is notified '
    "(enrollment_{done}). 200 with the enrollment. "
)


def _status_filter(raw: str | None) -> EnrollmentStatus | None:
    value = parse_choice("status", raw, [s.value for s in EnrollmentStatus])
    return EnrollmentStatus(value) if value is not None else None


class EnrollmentController(Controller):
    path = "/courses/enrollments"
    tags = ["enrollments"]

    @post(
        "/",
        guards=STUDENTS,
        summary="Ask to join a course (verified student)",
        description=(
            'JSON {"course": <course id>} → 201 with the new `pending` enrollment; the course\'s teacher is '
            "notified (enrollment_requested). A student whose status is not verified: 403 "
            '{"detail": "Your account is not verified."}. An unknown or inactive course: 400 {"course": '
            '["Invalid pk \\"<id>\\" - object does not exist."]}. A pending or approved enrollment in the '
            'course already exists (also when two requests race): 400 {"detail": "You already have a '
            'pending or approved enrollment in this course."}; after a rejection the student may ask '
            "again. " + SHAPE
        ),
    )
    async def request_enrollment(
        self, request: Request, request_enrollment: Inject[RequestEnrollment], data: JSONBody[EnrollmentIn]
    ) -> EnrollmentOut:
        row = await request_enrollment.execute(actor_of(request), data.course)
        return enrollment_out(row)

    @get(
        "/my/",
        guards=STUDENTS,
        summary="The calling student's enrollments (student)",
        description=(
            "Paginated (?page, ?page_size, ?all=true), newest first, every status; ?status=pending|"
            "approved|rejected narrows. " + SHAPE
        ),
    )
    async def my_enrollments(
        self,
        request: Request,
        list_my_enrollments: Inject[ListMyEnrollments],
        status: Annotated[str | None, choice(EnrollmentStatus)] = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[EnrollmentOut]:
        actor = actor_of(request)
        wanted = _status_filter(status)

        async def fetch(page: PageRequest) -> object:
            return await list_my_enrollments.execute(actor, page, wanted)

        return await paginate(request, fetch, enrollment_out)

    @get(
        "/pending/",
        guards=STAFF,
        summary="Pending enrollment requests in the teacher's courses (teacher, assistant)",
        description=(
            "Paginated (?page, ?page_size, ?all=true), oldest first (first come, first served): the pending "
            "enrollments in the courses of the calling teacher (an assistant: of their teacher), never "
            "another teacher's. ?course=<course id> narrows to one course. " + SHAPE
        ),
    )
    async def pending(
        self,
        request: Request,
        list_pending_enrollments: Inject[ListPendingEnrollments],
        course: IntQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[EnrollmentOut]:
        actor = actor_of(request)
        course_id = parse_int("course", course)

        async def fetch(page: PageRequest) -> object:
            return await list_pending_enrollments.execute(actor, page, course_id)

        return await paginate(request, fetch, enrollment_out)

    @post(
        DECISION + "approve/",
        guards=STAFF,
        status_code=200,
        summary="Approve a pending enrollment (the course's teacher or assistant)",
        description=DECIDE.format(verb="approve", done="approved") + SHAPE,
    )
    async def approve(
        self,
        request: Request,
        approve_enrollment: Inject[ApproveEnrollment],
        enrollment_id: FromPath[int],
        data: JSONBody[DecisionIn | None] = None,
    ) -> EnrollmentOut:
        row = await approve_enrollment.execute(actor_of(request), decision_command(enrollment_id, data))
        return enrollment_out(row)

    @post(
        DECISION + "reject/",
        guards=STAFF,
        status_code=200,
        summary="Reject a pending enrollment (the course's teacher or assistant)",
        description=DECIDE.format(verb="reject", done="rejected") + SHAPE,
    )
    async def reject(
        self,
        request: Request,
        reject_enrollment: Inject[RejectEnrollment],
        enrollment_id: FromPath[int],
        data: JSONBody[DecisionIn | None] = None,
    ) -> EnrollmentOut:
        row = await reject_enrollment.execute(actor_of(request), decision_command(enrollment_id, data))
        return enrollment_out(row)

    @post(
        "/bulk-action/",
        guards=STAFF,
        status_code=200,
        summary="Approve or reject many enrollments at once (teacher, assistant)",
        description=(
            'JSON {"enrollment_ids": [1 to 500 ids], "action": "approve" | "reject"}. Each id is decided '
            "like the single approve/reject (its own existence and ownership checks and its own conditional "
            "update); a failing id is listed in `errors` with the single endpoint's message and never fails "
            "the others. A repeated id is decided once; `total_requested` counts distinct ids, so "
            "`processed` + len(`errors`) = `total_requested`. Decided students are notified. 400: "
            '{"action": ["\\"X\\" is not a valid choice."]}, {"enrollment_ids": ["Ensure this field has at '
            'least 1 elements."]} (or "no more than 500 elements.").'
        ),
    )
    async def bulk_action(
        self,
        request: Request,
        bulk_approve_enrollments: Inject[BulkApproveEnrollments],
        data: JSONBody[BulkActionIn],
    ) -> BulkActionOut:
        result = await bulk_approve_enrollments.execute(actor_of(request), bulk_action_command(data))
        return bulk_action_out(result)


CONTROLLERS = [EnrollmentController]
