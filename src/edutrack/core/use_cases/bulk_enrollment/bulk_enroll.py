"""Appsembler bulk enrollment: identifiers × courses, enroll or unenroll, with the state of each identifier
before and after, remembered auto-enrollments for emails without an account, and optional mail."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from edutrack.core.actor import Actor, Role
from edutrack.core.entities.bulk_enrollment import BulkAction, EnrollmentAllowance, IdentifierState
from edutrack.core.entities.content import Course
from edutrack.core.entities.enrollments import Enrollment, EnrollmentStatus
from edutrack.core.entities.integrations import AuditAction, AuditEntry
from edutrack.core.entities.mail import OutgoingMail
from edutrack.core.entities.notifications import NewNotification, NotificationType
from edutrack.core.errors import NotFound
from edutrack.core.policies.accounts import looks_like_email
from edutrack.core.policies.course_keys import course_id_of
from edutrack.core.policies.integrations import require_integration
from edutrack.core.policies.mail import DELIVER_NOW_JOB
from edutrack.ports.bulk_enrollment import Account
from edutrack.ports.clock import Clock
from edutrack.ports.jobs import JobQueue
from edutrack.ports.notifications import Notifier
from edutrack.ports.uow import UnitOfWork

log = logging.getLogger("edutrack.bulk_enrollment")

NOT_FOUND = "Not found"  # the document's body, without the final dot


@dataclass(frozen=True, slots=True)
class BulkEnrollment:
    """The request, already split and trimmed at the edge: ``courses`` are course keys, without repeats."""

    action: BulkAction
    identifiers: tuple[str, ...]
    courses: tuple[str, ...]
    auto_enroll: bool = False
    email_students: bool = False


@dataclass(frozen=True, slots=True)
class IdentifierResult:
    """One identifier in one course. ``invalid``: neither an account nor an email (the document's
    ``invalidIdentifier``); ``error``: an account that is not a student's (nothing changed)."""

    identifier: str
    before: IdentifierState | None = None
    after: IdentifierState | None = None
    invalid: bool = False
    error: bool = False


@dataclass(frozen=True, slots=True)
class CourseResult:
    course_key: str
    results: list[IdentifierResult]


@dataclass(frozen=True, slots=True)
class BulkEnrollmentResult:
    action: BulkAction
    auto_enroll: bool
    email_students: bool
    courses: list[CourseResult]


@dataclass(slots=True)
class _Changes:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    mails: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # address -> (subject, line)
    names: dict[str, str] = field(default_factory=dict)  # address -> the person's name
    notifications: list[NewNotification] = field(default_factory=list)


class BulkEnroll:
    """An integration client only (``require_integration``): enroll or unenroll every identifier (an email,
    or a username) in every course.

    Guarantees: every course key is checked first (an unknown one: NotFound ``Not found``, nothing
    written); the whole request is one transaction with its audit entry (``BULK_ENROLLED`` /
    ``BULK_UNENROLLED``, the counts and the identifiers) and its mail, so all of it happens or none does.
    Enrolling a student creates an approved enrollment (a pending request is approved); an unknown email
    is remembered (``allowed``, with ``auto_enroll`` as given) and enrolled when an account with that email
    is created. Unenrolling ends the open enrollment and forgets the allowance. With ``email_students``
    each address whose state changed gets one mail (queued in the outbox, sent by the ``mail.deliver``
    job after the commit) and each student a notification (``enrollment_approved`` / ``unenrolled``).
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, notifier: Notifier, jobs: JobQueue) -> None:
        self._uow = uow
        self._clock = clock
        self._notifier = notifier
        self._jobs = jobs

    async def execute(self, actor: Actor, command: BulkEnrollment) -> BulkEnrollmentResult:
        client = require_integration(actor)
        course_ids: list[int] = []
        for key in command.courses:
            course_id = course_id_of(key)
            if course_id is None:
                raise NotFound(NOT_FOUND)
            course_ids.append(course_id)
        now = self._clock.now()
        changes = _Changes()
        async with self._uow as uow:
            courses: list[Course] = []
            for course_id in course_ids:
                course = await uow.courses.get(course_id)
                if course is None:
                    raise NotFound(NOT_FOUND)
                courses.append(course)
            run = _Run(uow, command, client, now, changes)
            await run.load(course_ids)
            results = [
                CourseResult(key, [await run.apply(identifier, course) for identifier in command.identifiers])
                for key, course in zip(command.courses, courses, strict=True)
            ]
            await uow.integration_audit.record(self._audit_entry(command, client, now, changes))
            for address, changed in changes.mails.items():
                await uow.outbox.add(_mail(address, changes.names.get(address), changed, now))
            await uow.commit()
        if changes.notifications:
            await self._notifier.send(changes.notifications)
        if changes.mails:
            try:
                await self._jobs.enqueue(DELIVER_NOW_JOB)
            except Exception:  # the periodic delivery sends it anyway: the mail is in the outbox
                log.warning("could not enqueue %s; the periodic delivery will send the mail", DELIVER_NOW_JOB)
        return BulkEnrollmentResult(command.action, command.auto_enroll, command.email_students, results)

    @staticmethod
    def _audit_entry(command: BulkEnrollment, client: int, now: datetime, changes: _Changes) -> AuditEntry:
        enroll = command.action is BulkAction.ENROLL
        return AuditEntry(
            AuditAction.BULK_ENROLLED if enroll else AuditAction.BULK_UNENROLLED,
            target=",".join(command.courses),
            created_at=now,
            client_id=client,
            details={
                "courses": list(command.courses),
                "identifiers": list(command.identifiers),
                "auto_enroll": command.auto_enroll,
                "email_students": command.email_students,
                "counts": {
                    name: changes.counts.get(name, 0)
                    for name in ("enrolled", "unenrolled", "allowed", "disallowed", "unchanged", "invalid")
                },
                "mails": len(changes.mails),
            },
        )


class _Run:
    """The state of one bulk request inside its transaction: loaded with a fixed number of statements,
    then kept up to date as each identifier is applied (an identifier may repeat)."""

    def __init__(
        self, uow: UnitOfWork, command: BulkEnrollment, client: int, now: datetime, changes: _Changes
    ) -> None:
        self._uow = uow
        self._command = command
        self._client = client
        self._now = now
        self._changes = changes
        self._accounts: dict[str, Account] = {}
        self._enrollments: dict[tuple[int, int], EnrollmentStatus] = {}
        self._allowed: dict[tuple[str, int], bool] = {}  # (email, course) -> auto_enroll

    async def load(self, course_ids: Sequence[int]) -> None:
        repo = self._uow.enrollment_allowances
        self._accounts = await repo.accounts(set(self._command.identifiers))
        students = {a.student_id for a in self._accounts.values() if a.student_id is not None}
        for found in await repo.open_enrollments(students, course_ids):
            self._enrollments[(found.student_id, found.course_id)] = found.status
        emails = {i.lower() for i in self._command.identifiers if "@" in i}
        emails |= {a.gmail.lower() for a in self._accounts.values() if a.gmail}
        for allowance in await repo.allowances(emails, course_ids):
            self._allowed[(allowance.email, allowance.course_id)] = allowance.auto_enroll

    def _state(self, account: Account | None, email: str | None, course_id: int) -> IdentifierState:
        enrolled = (
            account is not None
            and account.student_id is not None
            and self._enrollments.get((account.student_id, course_id)) == EnrollmentStatus.APPROVED
        )
        auto = self._allowed.get((email, course_id)) if email is not None else None
        return IdentifierState(
            enrollment=enrolled, allowed=auto is not None, user=account is not None, auto_enroll=bool(auto)
        )

    async def apply(self, identifier: str, course: Course) -> IdentifierResult:
        assert course.id is not None
        account = self._accounts.get(identifier)
        if account is None and not looks_like_email(identifier):
            self._changes.counts["invalid"] += 1
            return IdentifierResult(identifier, invalid=True)
        if account is not None and (account.role is not Role.STUDENT or account.student_id is None):
            self._changes.counts["invalid"] += 1
            return IdentifierResult(identifier, error=True)
        email = (account.gmail if account is not None else identifier) or None
        email = email.lower() if email is not None else None
        before = self._state(account, email, course.id)
        if self._command.action is BulkAction.ENROLL:
            await self._enroll(account, email, course)
        else:
            await self._unenroll(account, email, course)
        after = self._state(account, email, course.id)
        self._record(account, email, course, before, after)
        return IdentifierResult(identifier, before, after)

    async def _enroll(self, account: Account | None, email: str | None, course: Course) -> None:
        assert course.id is not None
        if account is None:
            assert email is not None
            await self._uow.enrollment_allowances.remember(
                EnrollmentAllowance(email, course.id, self._command.auto_enroll, self._now, self._client)
            )
            self._allowed[(email, course.id)] = self._command.auto_enroll
            return
        assert account.student_id is not None
        key = (account.student_id, course.id)
        status = self._enrollments.get(key)
        if status == EnrollmentStatus.APPROVED:
            return
        if status == EnrollmentStatus.PENDING:
            await self._uow.enrollments.approve_pending(account.student_id, course.id, self._now)
        else:
            await self._uow.enrollments.add(
                Enrollment(
                    account.student_id,
                    course.id,
                    self._now,
                    status=EnrollmentStatus.APPROVED,
                    responded_at=self._now,
                )
            )
        self._enrollments[key] = EnrollmentStatus.APPROVED

    async def _unenroll(self, account: Account | None, email: str | None, course: Course) -> None:
        assert course.id is not None
        if account is not None and account.student_id is not None:
            key = (account.student_id, course.id)
            if key in self._enrollments:
                await self._uow.enrollments.unenroll(account.student_id, course.id, self._now)
                del self._enrollments[key]
        if email is not None and (email, course.id) in self._allowed:
            await self._uow.enrollment_allowances.forget(email, course.id)
            del self._allowed[(email, course.id)]

    def _record(
        self,
        account: Account | None,
        email: str | None,
        course: Course,
        before: IdentifierState,
        after: IdentifierState,
    ) -> None:
        counts = self._changes.counts
        line = subject = None
        if after.enrollment and not before.enrollment:
            counts["enrolled"] += 1
            subject = f"You have been enrolled in {course.name}"
            line = subject + "."
        elif before.enrollment and not after.enrollment:
            counts["unenrolled"] += 1
            subject = f"You have been unenrolled from {course.name}"
            line = subject + "."
        elif after.allowed and not before.allowed:
            counts["allowed"] += 1
            subject = f"You have been invited to {course.name}"
            line = (
                f"You have been invited to {course.name}: create an account with this email address and you "
                "will be enrolled."
                if after.auto_enroll
                else f"You have been invited to {course.name}: create an account with this email address."
            )
        elif before.allowed and not after.allowed:
            counts["disallowed"] += 1
        else:
            counts["unchanged"] += 1
        if line is None or subject is None or not self._command.email_students or email is None:
            return
        self._changes.mails.setdefault(email, []).append((subject, line))
        if account is not None:
            self._changes.names[email] = account.name
            enrolled = after.enrollment
            self._changes.notifications.append(
                NewNotification(
                    user_id=account.user_id,
                    notification_type=(
                        NotificationType.ENROLLMENT_APPROVED if enrolled else NotificationType.UNENROLLED
                    ),
                    title="Enrolled in a course" if enrolled else "Unenrolled from a course",
                    message=line,
                    metadata={"course_id": course.id, "status": "approved" if enrolled else "unenrolled"},
                )
            )


def _mail(address: str, name: str | None, changes: list[tuple[str, str]], now: datetime) -> OutgoingMail:
    """One mail per address: every change of the request for that address, in order."""
    greeting = f"Hello {name}," if name else "Hello,"
    subject = "Your EduTrack courses" if len(changes) > 1 else changes[0][0]
    body = "\n\n".join([greeting, *(line for _, line in changes), "— EduTrack"]) + "\n"
    return OutgoingMail(to=address, subject=subject[:300], body=body, created_at=now)
