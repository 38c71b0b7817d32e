from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.idempotency import SqlIdempotencyRepository
from edutrack.adapters.sql.repositories.academics import SqlReferenceCatalog
from edutrack.adapters.sql.repositories.assistants import SqlAssistantRepository
from edutrack.adapters.sql.repositories.auth import (
    SqlAttemptCounter,
    SqlRefreshTokenRepository,
    SqlUserRepository,
)
from edutrack.adapters.sql.repositories.bulk_enrollment import SqlEnrollmentAllowanceRepository
from edutrack.adapters.sql.repositories.courses import SqlCourseRepository
from edutrack.adapters.sql.repositories.enrollment_codes import SqlEnrollmentCodeRepository
from edutrack.adapters.sql.repositories.enrollments import SqlEnrollmentRepository
from edutrack.adapters.sql.repositories.homework import SqlHomeworkRepository, SqlHomeworkSubmissionRepository
from edutrack.adapters.sql.repositories.integrations import (
    SqlIntegrationAudit,
    SqlOAuthClientRepository,
    SqlOAuthTokenRepository,
)
from edutrack.adapters.sql.repositories.lessons import (
    SqlLectureRepository,
    SqlTopicRepository,
    SqlVideoRepository,
)
from edutrack.adapters.sql.repositories.mail import SqlMailOutbox
from edutrack.adapters.sql.repositories.materials import SqlMaterialRepository
from edutrack.adapters.sql.repositories.notifications import SqlNotificationRepository
from edutrack.adapters.sql.repositories.purchases import SqlPurchaseRepository
from edutrack.adapters.sql.repositories.questions import (
    SqlBankLessonRepository,
    SqlChapterRepository,
    SqlQuestionRepository,
)
from edutrack.adapters.sql.repositories.quiz_attempts import SqlQuizAttemptRepository
from edutrack.adapters.sql.repositories.quizzes import SqlQuizOverrideRepository, SqlQuizRepository
from edutrack.adapters.sql.repositories.students import SqlStudentRepository
from edutrack.adapters.sql.repositories.teachers import SqlTeacherRepository
from edutrack.adapters.sql.repositories.wallets import SqlRechargeCodeRepository, SqlWalletRepository


class SqlUnitOfWork:
    """One session, one transaction. Rolls back unless ``commit`` ran; commit errors propagate, translated."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        session = self._sessions()
        self._session = session
        self.users = SqlUserRepository(session)
        self.refresh_tokens = SqlRefreshTokenRepository(session)
        self.attempts = SqlAttemptCounter(session)
        self.reference = SqlReferenceCatalog(session)
        self.teachers = SqlTeacherRepository(session)
        self.assistants = SqlAssistantRepository(session)
        self.students = SqlStudentRepository(session)
        self.notifications = SqlNotificationRepository(session)
        self.courses = SqlCourseRepository(session)
        self.topics = SqlTopicRepository(session)
        self.lectures = SqlLectureRepository(session)
        self.videos = SqlVideoRepository(session)
        self.materials = SqlMaterialRepository(session)
        self.chapters = SqlChapterRepository(session)
        self.bank_lessons = SqlBankLessonRepository(session)
        self.questions = SqlQuestionRepository(session)
        self.homeworks = SqlHomeworkRepository(session)
        self.homework_submissions = SqlHomeworkSubmissionRepository(session)
        self.quizzes = SqlQuizRepository(session)
        self.quiz_overrides = SqlQuizOverrideRepository(session)
        self.quiz_attempts = SqlQuizAttemptRepository(session)
        self.enrollments = SqlEnrollmentRepository(session)
        self.enrollment_codes = SqlEnrollmentCodeRepository(session)
        self.wallets = SqlWalletRepository(session)
        self.codes = SqlRechargeCodeRepository(session)
        self.purchases = SqlPurchaseRepository(session)
        self.idempotency = SqlIdempotencyRepository(session)
        self.integration_audit = SqlIntegrationAudit(session)
        self.enrollment_allowances = SqlEnrollmentAllowanceRepository(session)
        self.outbox = SqlMailOutbox(session)
        self.oauth_clients = SqlOAuthClientRepository(session)
        self.oauth_tokens = SqlOAuthTokenRepository(session)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        try:
            await session.rollback()
        finally:
            await session.close()

    async def commit(self) -> None:
        assert self._session is not None, "commit outside of 'async with uow'"
        try:
            await self._session.commit()
        except IntegrityError as exc:
            await self._session.rollback()
            raise errors.translate(exc) from exc

    async def rollback(self) -> None:
        if self._session is not None:
            await self._session.rollback()
