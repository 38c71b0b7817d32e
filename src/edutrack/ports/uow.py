from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from edutrack.ports.academics import ReferenceCatalog
from edutrack.ports.assistants import AssistantRepository
from edutrack.ports.auth import AttemptCounter, RefreshTokenRepository, UserRepository
from edutrack.ports.bulk_enrollment import EnrollmentAllowanceRepository
from edutrack.ports.courses import CourseRepository
from edutrack.ports.enrollment_codes import EnrollmentCodeRepository
from edutrack.ports.enrollments import EnrollmentRepository
from edutrack.ports.homework import HomeworkRepository, HomeworkSubmissionRepository
from edutrack.ports.idempotency import IdempotencyRepository
from edutrack.ports.integrations import IntegrationAudit, OAuthClientRepository, OAuthTokenRepository
from edutrack.ports.lessons import LectureRepository, TopicRepository, VideoRepository
from edutrack.ports.mail import MailOutbox
from edutrack.ports.materials import MaterialRepository
from edutrack.ports.notifications import NotificationRepository
from edutrack.ports.purchases import PurchaseRepository
from edutrack.ports.questions import BankLessonRepository, ChapterRepository, QuestionRepository
from edutrack.ports.quiz_attempts import QuizAttemptRepository
from edutrack.ports.quizzes import QuizOverrideRepository, QuizRepository
from edutrack.ports.students import StudentRepository
from edutrack.ports.teachers import TeacherRepository
from edutrack.ports.wallets import RechargeCodeRepository, WalletRepository


class UnitOfWork(Protocol):
    """One transaction. ``async with uow: ...; await uow.commit()``; leaving the block without a commit
    rolls back. Repositories are only valid inside the block."""

    users: UserRepository
    refresh_tokens: RefreshTokenRepository
    attempts: AttemptCounter
    reference: ReferenceCatalog
    teachers: TeacherRepository
    assistants: AssistantRepository
    students: StudentRepository
    notifications: NotificationRepository
    courses: CourseRepository
    topics: TopicRepository
    lectures: LectureRepository
    videos: VideoRepository
    materials: MaterialRepository
    chapters: ChapterRepository
    bank_lessons: BankLessonRepository
    questions: QuestionRepository
    homeworks: HomeworkRepository
    homework_submissions: HomeworkSubmissionRepository
    quizzes: QuizRepository
    quiz_overrides: QuizOverrideRepository
    quiz_attempts: QuizAttemptRepository
    enrollments: EnrollmentRepository
    enrollment_codes: EnrollmentCodeRepository
    wallets: WalletRepository
    codes: RechargeCodeRepository
    purchases: PurchaseRepository
    idempotency: IdempotencyRepository
    integration_audit: IntegrationAudit
    enrollment_allowances: EnrollmentAllowanceRepository
    outbox: MailOutbox
    oauth_clients: OAuthClientRepository
    oauth_tokens: OAuthTokenRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...
