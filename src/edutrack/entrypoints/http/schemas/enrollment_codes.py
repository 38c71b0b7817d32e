"""Request and response bodies of the enrollment-code endpoints of the Appsembler-compatible API, with the
document's keys exactly (``"success"`` is the string ``"true"`` / ``"false"``)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from edutrack.core.entities.enrollment_codes import MAX_CODES, CodeAction
from edutrack.core.use_cases.enrollment_codes.change_code_status import CodeStatusChange
from edutrack.core.use_cases.enrollment_codes.enroll_with_code import CodeRedemption
from edutrack.core.use_cases.enrollment_codes.generate_codes import GeneratedCodes, NewEnrollmentCodes

CourseKey = Annotated[
    str, msgspec.Meta(max_length=300, description="The course key `course-v1:EduTrack+{id}+course`")
]
Count = Annotated[
    int,
    msgspec.Meta(
        ge=1, le=MAX_CODES, description="How many codes to generate, 1–1000 (a number or a string of digits)"
    ),
]
Email = Annotated[str, msgspec.Meta(max_length=254, description="The email of the student's account")]
Code = Annotated[
    str, msgspec.Meta(max_length=100, description="An enrollment code (8 symbols, case-sensitive)")
]


class GenerateCodesIn(msgspec.Struct, forbid_unknown_fields=False):
    course_id: CourseKey
    total_registration_codes: Count

    def command(self) -> NewEnrollmentCodes:
        return NewEnrollmentCodes(course_key=self.course_id, count=self.total_registration_codes)


class EnrollUserIn(msgspec.Struct, forbid_unknown_fields=False):
    email: Email
    enrollment_code: Code

    def command(self) -> CodeRedemption:
        return CodeRedemption(email=self.email.strip(), code=self.enrollment_code.strip())


class CodeStatusIn(msgspec.Struct, forbid_unknown_fields=False):
    enrollment_code: Code
    action: Annotated[CodeAction, msgspec.Meta(description="`cancel` or `restore`")]

    def command(self) -> CodeStatusChange:
        return CodeStatusChange(code=self.enrollment_code.strip(), action=self.action)


class GeneratedCodesOut(msgspec.Struct):
    course_id: str
    codes: list[str]
    course_url: str


class SuccessOut(msgspec.Struct):
    success: str = "true"


class RefusalOut(msgspec.Struct):
    """The document's 400 body; a malformed request adds DRF field errors (``"email": [...]``)."""

    success: str
    reason: str


class NotFoundOut(msgspec.Struct):
    detail: str


def generated_out(result: GeneratedCodes) -> GeneratedCodesOut:
    return GeneratedCodesOut(
        course_id=result.course_key, codes=list(result.codes), course_url=result.course_url
    )
