from __future__ import annotations

import copy
from types import TracebackType
from typing import Self

from edutrack.adapters.memory.academics import MemoryReferenceCatalog
from edutrack.adapters.memory.assistants import MemoryAssistantRepository
from edutrack.adapters.memory.auth import (
    MemoryAttemptCounter,
    MemoryRefreshTokenRepository,
    MemoryUserRepository,
)
from edutrack.adapters.memory.bulk_enrollment import MemoryEnrollmentAllowanceRepository
from edutrack.adapters.memory.courses import MemoryCourseRepository
from edutrack.adapters.memory.enrollment_codes import MemoryEnrollmentCodeRepository
from edutrack.adapters.memory.enrollments import MemoryEnrollmentRepository
from edutrack.adapters.memory.homework import MemoryHomeworkRepository, MemoryHomeworkSubmissionRepository
from edutrack.adapters.memory.idempotency import MemoryIdempotencyRepository
from edutrack.adapters.memory.integrations import (
    MemoryIntegrationAudit,
    MemoryOAuthClientRepository,
    MemoryOAuthTokenRepository,
)
from edutrack.adapters.memory.lessons import (
    MemoryLectureRepository,
    MemoryTopicRepository,
    MemoryVideoRepository,
)
from edutrack.adapters.memory.mail import MemoryMailOutbox
from edutrack.adapters.memory.materials import MemoryMaterialRepository
from edutrack.adapters.memory.notifications import MemoryNotificationRepository
from edutrack.adapters.memory.purchases import MemoryPurchaseRepository
from edutrack.adapters.memory.questions import (
    MemoryBankLessonRepository,
    MemoryChapterRepository,
    MemoryQuestionRepository,
)
from edutrack.adapters.memory.quiz_attempts import MemoryQuizAttemptRepository
from edutrack.adapters.memory.quizzes import MemoryQuizOverrideRepository, MemoryQuizRepository
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.students import MemoryStudentRepository
from edutrack.adapters.memory.teachers import MemoryTeacherRepository
from edutrack.adapters.memory.wallets import MemoryRechargeCodeRepository, MemoryWalletRepository


class MemoryUnitOfWork:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._working: MemoryState | None = None
        self.committed = False

    def _bind(self, state: MemoryState) -> None:
        self._working = state
        self.users = MemoryUserRepository(state)
        self.refresh_tokens = MemoryRefreshTokenRepository(state)
        self.attempts = MemoryAttemptCounter(state)
        self.reference = MemoryReferenceCatalog(state)
        self.teachers = MemoryTeacherRepository(state)
        self.assistants = MemoryAssistantRepository(state)
        self.students = MemoryStudentRepository(state)
        self.notifications = MemoryNotificationRepository(state)
        self.courses = MemoryCourseRepository(state)
        self.topics = MemoryTopicRepository(state)
        self.lectures = MemoryLectureRepository(state)
        self.videos = MemoryVideoRepository(state)
        self.materials = MemoryMaterialRepository(state)
        self.chapters = MemoryChapterRepository(state)
        self.bank_lessons = MemoryBankLessonRepository(state)
        self.questions = MemoryQuestionRepository(state)
        self.homeworks = MemoryHomeworkRepository(state)
        self.homework_submissions = MemoryHomeworkSubmissionRepository(state)
        self.quizzes = MemoryQuizRepository(state)
        self.quiz_overrides = MemoryQuizOverrideRepository(state)
        self.quiz_attempts = MemoryQuizAttemptRepository(state)
        self.enrollments = MemoryEnrollmentRepository(state)
        self.enrollment_codes = MemoryEnrollmentCodeRepository(state)
        self.wallets = MemoryWalletRepository(state)
        self.codes = MemoryRechargeCodeRepository(state)
        self.purchases = MemoryPurchaseRepository(state)
        self.idempotency = MemoryIdempotencyRepository(state)
        self.integration_audit = MemoryIntegrationAudit(state)
        self.enrollment_allowances = MemoryEnrollmentAllowanceRepository(state)
        self.outbox = MemoryMailOutbox(state)
        self.oauth_clients = MemoryOAuthClientRepository(state)
        self.oauth_tokens = MemoryOAuthTokenRepository(state)

    async def __aenter__(self) -> Self:
        await self._store.lock.acquire()
        self._bind(copy.deepcopy(self._store.state))
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._working = None
        self._store.lock.release()

    async def commit(self) -> None:
        assert self._working is not None, "commit outside of 'async with uow'"
        self._store.state = self._working
        self.committed = True
        self._bind(copy.deepcopy(self._working))

    async def rollback(self) -> None:
        if self._working is not None:
            self._bind(copy.deepcopy(self._store.state))
