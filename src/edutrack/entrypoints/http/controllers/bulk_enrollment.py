"""Bulk enrollment of the Appsembler-compatible API (issue 14): ``/appsembler_api/v0/bulk-enrollment/
bulk-enroll``. OAuth client tokens only; the body as JSON or as a form. Decode, call one use case, encode."""

from __future__ import annotations

from litestar import Controller, Request, post

from edutrack.core.use_cases.bulk_enrollment.bulk_enroll import BulkEnroll
from edutrack.entrypoints.http.forms import read_form_or_json
from edutrack.entrypoints.http.schemas.bulk_enrollment import (
    MAX_COURSES,
    MAX_IDENTIFIERS,
    BulkEnrollIn,
    BulkEnrollOut,
    bulk_out,
)
from edutrack.entrypoints.http.security import actor_of
from edutrack.entrypoints.http.wiring import Inject

MEDIA = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
DESCRIPTION = (
    "JSON or form {action: enroll|unenroll, identifiers, courses, auto_enroll?, email_students?}. "
    "`identifiers`: comma-separated emails or usernames (an identifier with `@` is an email), at most "
    f"{MAX_IDENTIFIERS}; `courses`: comma-separated course keys `course-v1:EduTrack+{{id}}+course`, at most "
    f"{MAX_COURSES} (repeats ignored). Spaces, tabs and newlines inside values are removed (the document's "
    "sample wraps values across lines), empty values dropped. `auto_enroll`, `email_students`: booleans "
    '(true/false, "true"/"false", "1"/"0"), default false. A missing field: 400 DRF errors '
    '({"identifiers": ["This field is required."]}); nothing left after trimming: "This field may not be '
    'blank."; a bad action: "\\"x\\" is not a valid choice.". Any course key that names no course: 404 '
    '{"detail": "Not found"} and nothing is written. Otherwise 200 with the document\'s body: for each '
    "course, one result per identifier with its state `before` and `after` ({enrollment: enrolled "
    "(approved), allowed: an allowance is remembered for the email, user: an account exists, auto_enroll: "
    "the allowance enrolls the account when it is created}). **enroll**: a student is enrolled (an approved "
    "enrollment, no teacher review; a pending request is approved); an email with no account is remembered "
    "(allowed, auto_enroll as given): with auto_enroll the account later created with that email (by "
    "registration, by `accounts/create`, by any path creating a student) is enrolled at once. "
    "**unenroll**: the student's open enrollment becomes `unenrolled` and the email's allowance is "
    "forgotten. An identifier that is neither an account nor an email (an unknown username) is reported "
    '{"identifier": "...", "invalidIdentifier": true}; an account that is not a student\'s '
    '{"identifier": "...", "error": true}; neither changes anything. The whole request is one '
    "transaction, recorded in the integration audit (bulk_enrolled / bulk_unenrolled, with the counts and "
    "the identifiers). With `email_students` every address whose state changed gets one mail listing its "
    "changes (an email with no account: an invitation), queued in the same transaction and sent right "
    "after by the background mail delivery (retried on failure), and each student a notification "
    "(enrollment_approved or unenrolled). Authentication: `Authorization: Bearer <token>` from "
    '`POST /oauth2/access_token/`; missing: 401 {"detail": "Authentication credentials were not '
    'provided."}, bad, expired or revoked: 401 {"detail": "Invalid Token."}. Works with or without the '
    "trailing slash."
)


class BulkEnrollmentController(Controller):
    path = "/appsembler_api/v0/bulk-enrollment"
    tags = ["appsembler"]
    security = [{"BearerToken": []}]

    @post(
        "/bulk-enroll",
        status_code=200,
        opt={"integration": True, "form_body": BulkEnrollIn, "form_media": MEDIA},
        summary="Enroll or unenroll many students in many courses (OAuth client)",
        description=DESCRIPTION,
    )
    async def bulk_enroll(self, request: Request, bulk_enroll: Inject[BulkEnroll]) -> BulkEnrollOut:
        body, _ = await read_form_or_json(request, BulkEnrollIn)
        result = await bulk_enroll.execute(actor_of(request), body.command())
        return bulk_out(result)


CONTROLLERS = [BulkEnrollmentController]
