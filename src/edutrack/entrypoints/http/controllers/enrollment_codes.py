"""Enrollment codes of the Appsembler-compatible API (API_SUPPLEMENT §11):
``/appsembler_api/v0/enrollment-codes/{generate,enroll-user,status}``. OAuth client tokens only; bodies
as JSON or as a form. Handlers decode, call one use case and encode."""

from __future__ import annotations

from typing import TypeVar

import msgspec
from litestar import Controller, Request, post
from litestar.openapi import ResponseSpec

from edutrack.core.entities.enrollment_codes import INVALID_PARAMETERS
from edutrack.core.errors import ValidationFailed
from edutrack.core.use_cases.enrollment_codes.change_code_status import ChangeCodeStatus
from edutrack.core.use_cases.enrollment_codes.common import CodeRefused
from edutrack.core.use_cases.enrollment_codes.enroll_with_code import EnrollWithCode
from edutrack.core.use_cases.enrollment_codes.generate_codes import GenerateEnrollmentCodes
from edutrack.entrypoints.http.forms import read_form_or_json
from edutrack.entrypoints.http.schemas import enrollment_codes as s
from edutrack.entrypoints.http.security import actor_of
from edutrack.entrypoints.http.wiring import Inject

S = TypeVar("S", bound=msgspec.Struct)

MEDIA = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
COMMON = (
    "Authentication: `Authorization: Bearer <token>` from `POST /oauth2/access_token/` (client credentials); "
    'missing: 401 {"detail": "Authentication credentials were not provided."}, bad, expired or revoked: 401 '
    '{"detail": "Invalid Token."}; user tokens never open it. The body is JSON or a form '
    "(urlencoded or multipart); the path works with or without a trailing slash. "
)
REFUSAL = (
    'Refusals are 400 {"success": "false", "reason": "..."} (the document\'s body) and write nothing. A '
    "missing or malformed field (not in the document) is the same body with the reason "
    f'"{INVALID_PARAMETERS}" plus DRF field errors, e.g. {{"success": "false", "reason": '
    f'"{INVALID_PARAMETERS}", "email": ["This field is required."]}}. '
)
GENERATE = (
    "JSON or form {course_id, total_registration_codes}. `course_id` is a course key "
    '`course-v1:EduTrack+{id}+course`; a key that names no course: 404 {"detail": "Not found"}. '
    '`total_registration_codes` is 1–1000, a number or a string ("20"); anything else: 400 with DRF field '
    'errors ({"total_registration_codes": ["Ensure this value is less than or equal to 1000."]}). Answers '
    '200 {course_id, codes, course_url: "/courses/<key>/about"}. Codes are 8 symbols [A-Za-z0-9] from a '
    "cryptographic source, unique across all courses (case-sensitive), single use; an inactive course may "
    "get codes (using one is refused while it is inactive). All codes are stored, and the generation is "
    "recorded in the integration audit with the client, in one transaction. "
)
ENROLL = (
    "JSON or form {email, enrollment_code}. Enrolls the student whose account has that email "
    "(case-insensitive) in the code's course: an approved enrollment, no teacher review (a pending request "
    "of that student for that course is approved instead). A code enrolls one student only, whatever the "
    "concurrency: it is claimed by one conditional update, so of parallel calls with one code exactly one "
    'succeeds. Answers 200 {"success": "true"}. Reasons, in the order checked: no student account with '
    'that email: "User not found." (not in the document); unknown, cancelled or already used code: '
    '"Enrollment code error."; the course is inactive (the document\'s "Enrollment closed"): "Enrollment '
    'code error."; the student is already enrolled (approved): "Already enrolled." (the code stays '
    'unused). "Course full." never happens: courses have no capacity. The use is recorded in the '
    "integration audit. "
)
STATUS = (
    "JSON or form {enrollment_code, action: cancel|restore}. `cancel`: the code becomes unusable; if it had "
    "enrolled a student, that student is unenrolled from the code's course (the enrollment's status "
    "becomes `unenrolled`). `restore`: the code becomes usable again; if it had enrolled a student (active "
    "and used), that student is unenrolled and the code is free for another student. Each change is "
    "recorded in the integration audit; a call that changes nothing (cancelling a cancelled code, "
    'restoring an unused active one) answers 200 and records nothing. Answers 200 {"success": "true"}; an '
    'unknown code: 400 {"success": "false", "reason": "The enrollment code (<code>) was not found"}. '
    "A status "
    "change locks the code, so a cancel racing a redemption ends either with the code cancelled and nobody "
    "enrolled through it, or with the student enrolled and then unenrolled. "
)


REFUSED = {400: ResponseSpec(data_container=s.RefusalOut, description="Refused: nothing written")}
NO_COURSE = {404: ResponseSpec(data_container=s.NotFoundOut, description='{"detail": "Not found"}')}


async def _body_or_refusal(request: Request, struct_type: type[S]) -> S:
    """The body, or the document's refusal body carrying the DRF field errors."""
    try:
        body, _ = await read_form_or_json(request, struct_type)
    except ValidationFailed as exc:
        raise CodeRefused(INVALID_PARAMETERS, exc.fields) from None
    return body


class EnrollmentCodesController(Controller):
    path = "/appsembler_api/v0/enrollment-codes"
    tags = ["appsembler"]
    security = [{"BearerToken": []}]

    @post(
        "/generate",
        status_code=200,
        opt={"integration": True, "form_body": s.GenerateCodesIn, "form_media": MEDIA},
        responses=NO_COURSE,
        summary="Generate enrollment codes for a course (OAuth client)",
        description=GENERATE + COMMON,
    )
    async def generate(
        self, request: Request, generate_enrollment_codes: Inject[GenerateEnrollmentCodes]
    ) -> s.GeneratedCodesOut:
        body, _ = await read_form_or_json(request, s.GenerateCodesIn)
        result = await generate_enrollment_codes.execute(actor_of(request), body.command())
        return s.generated_out(result)

    @post(
        "/enroll-user",
        status_code=200,
        opt={"integration": True, "form_body": s.EnrollUserIn, "form_media": MEDIA},
        responses=REFUSED,
        summary="Enroll a student with an enrollment code (OAuth client)",
        description=ENROLL + REFUSAL + COMMON,
    )
    async def enroll_user(self, request: Request, enroll_with_code: Inject[EnrollWithCode]) -> s.SuccessOut:
        body = await _body_or_refusal(request, s.EnrollUserIn)
        await enroll_with_code.execute(actor_of(request), body.command())
        return s.SuccessOut()

    @post(
        "/status",
        status_code=200,
        opt={"integration": True, "form_body": s.CodeStatusIn, "form_media": MEDIA},
        responses=REFUSED,
        summary="Cancel or restore an enrollment code (OAuth client)",
        description=STATUS + REFUSAL + COMMON,
    )
    async def change_status(
        self, request: Request, change_code_status: Inject[ChangeCodeStatus]
    ) -> s.SuccessOut:
        body = await _body_or_refusal(request, s.CodeStatusIn)
        await change_code_status.execute(actor_of(request), body.command())
        return s.SuccessOut()


CONTROLLERS = [EnrollmentCodesController]
