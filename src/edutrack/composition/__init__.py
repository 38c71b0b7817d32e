"""The composition root: builds every adapter from settings, and each use case from them.

HTTP and the CLI both start here, so they run the same use cases against the same adapters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from edutrack.adapters.clock import SystemClock
from edutrack.adapters.memory.academics import MemoryReferenceReader
from edutrack.adapters.memory.assistants import MemoryAssistantReader
from edutrack.adapters.memory.courses import MemoryCourseReader
from edutrack.adapters.memory.dashboards import MemoryDashboardReader
from edutrack.adapters.memory.lessons import MemoryContentReader
from edutrack.adapters.memory.materials import MemoryMaterialReader
from edutrack.adapters.memory.notifications import MemoryNotificationReader, MemoryNotifier
from edutrack.adapters.memory.readers import MemoryAccountReader, MemoryHealthProbe
from edutrack.adapters.memory.store import MemoryStore
from edutrack.adapters.memory.students import MemoryStudentReader
from edutrack.adapters.memory.teachers import MemoryTeacherReader
from edutrack.adapters.memory.uow import MemoryUnitOfWork
from edutrack.adapters.security.hashing import Argon2Hasher
from edutrack.adapters.security.tokens import JwtCodec
from edutrack.adapters.sql.database import DatabaseOptions, build_config, reader_engine, session_factory
from edutrack.adapters.sql.readers.academics import SqlReferenceReader
from edutrack.adapters.sql.readers.accounts import SqlAccountReader, SqlHealthProbe
from edutrack.adapters.sql.readers.assistants import SqlAssistantReader
from edutrack.adapters.sql.readers.content import SqlContentReader
from edutrack.adapters.sql.readers.courses import SqlCourseReader
from edutrack.adapters.sql.readers.dashboards import SqlDashboardReader
from edutrack.adapters.sql.readers.materials import SqlMaterialReader
from edutrack.adapters.sql.readers.notifications import SqlNotificationReader
from edutrack.adapters.sql.readers.students import SqlStudentReader
from edutrack.adapters.sql.readers.teachers import SqlTeacherReader
from edutrack.adapters.sql.repositories.notifications import SqlNotifier
from edutrack.adapters.sql.uow import SqlUnitOfWork
from edutrack.adapters.storage.local import LocalMediaStorage
from edutrack.adapters.storage.memory import MemoryMediaStorage
from edutrack.adapters.storage.private import LocalPrivateFiles, MemoryPrivateFiles
from edutrack.composition.enrollments import EnrollmentFactories
from edutrack.composition.idempotency import IdempotencyFactories
from edutrack.composition.purchases import PurchaseFactories
from edutrack.composition.revenue import RevenueFactories
from edutrack.composition.wallets import WalletFactories
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.academics.delete_item import DeleteReferenceItem
from edutrack.core.use_cases.academics.get_item import GetReferenceItem
from edutrack.core.use_cases.academics.list_items import ListReferenceItems
from edutrack.core.use_cases.academics.update_item import UpdateReferenceItem
from edutrack.core.use_cases.assistants.create_assistant import CreateAssistant
from edutrack.core.use_cases.assistants.delete_assistant import DeleteAssistant
from edutrack.core.use_cases.assistants.get_assistant import GetMyAssistant
from edutrack.core.use_cases.assistants.list_assistants import ListAllAssistants, ListMyAssistants
from edutrack.core.use_cases.assistants.update_assistant import UpdateAssistant
from edutrack.core.use_cases.auth.authenticate import Authenticate
from edutrack.core.use_cases.auth.change_password import ChangePassword
from edutrack.core.use_cases.auth.get_me import GetMe
from edutrack.core.use_cases.auth.login import Login
from edutrack.core.use_cases.auth.logout import Logout
from edutrack.core.use_cases.auth.refresh import RefreshTokens
from edutrack.core.use_cases.auth.tokens import TokenPolicy
from edutrack.core.use_cases.courses.create_course import CreateCourse
from edutrack.core.use_cases.courses.delete_course import DeleteCourse
from edutrack.core.use_cases.courses.get_course import GetCourse
from edutrack.core.use_cases.courses.list_courses import ListCourses, ListMyCourses
from edutrack.core.use_cases.courses.update_course import UpdateCourse
from edutrack.core.use_cases.dashboards.site_owner import ComputeSiteOwnerDashboard
from edutrack.core.use_cases.lessons.lectures import (
    CreateLecture,
    DeleteLecture,
    GetLecture,
    ListLectures,
    ListLectureVideos,
    UpdateLecture,
)
from edutrack.core.use_cases.lessons.topics import (
    CreateTopic,
    DeleteTopic,
    GetTopic,
    ListTopicLectures,
    ListTopics,
    UpdateTopic,
)
from edutrack.core.use_cases.lessons.videos import CreateVideo, DeleteVideo, GetVideo, ListVideos, UpdateVideo
from edutrack.core.use_cases.materials.create_material import CreateMaterial
from edutrack.core.use_cases.materials.delete_material import DeleteMaterial
from edutrack.core.use_cases.materials.read_materials import GetMaterial, ListMaterials, OpenMaterialFile
from edutrack.core.use_cases.materials.replace_material import ReplaceMaterial
from edutrack.core.use_cases.notifications.count_unread import CountUnreadNotifications
from edutrack.core.use_cases.notifications.list_notifications import ListNotifications
from edutrack.core.use_cases.notifications.mark_read import MarkAllNotificationsRead, MarkNotificationRead
from edutrack.core.use_cases.students.get_student import GetMyStudentProfile, GetStudent
from edutrack.core.use_cases.students.list_students import ListStudents
from edutrack.core.use_cases.students.register_student import RegisterStudent
from edutrack.core.use_cases.students.set_status import SetStudentStatus
from edutrack.core.use_cases.students.update_my_profile import UpdateMyStudentProfile
from edutrack.core.use_cases.teachers.create_teacher import CreateTeacher
from edutrack.core.use_cases.teachers.get_teacher import GetTeacher
from edutrack.core.use_cases.teachers.list_teachers import ListTeachers
from edutrack.core.use_cases.teachers.update_teacher import UpdateTeacher
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner
from edutrack.ports.assistants import AssistantReader
from edutrack.ports.clock import Clock
from edutrack.ports.courses import CourseReader
from edutrack.ports.dashboards import DashboardReader
from edutrack.ports.lessons import ContentReader
from edutrack.ports.materials import MaterialReader
from edutrack.ports.notifications import NotificationReader, Notifier
from edutrack.ports.readers import AccountReader, HealthProbe, ReferenceReader
from edutrack.ports.security import PasswordHasher, TokenCodec
from edutrack.ports.storage import MediaStorage, PrivateFiles
from edutrack.ports.students import StudentReader
from edutrack.ports.teachers import TeacherReader
from edutrack.ports.uow import UnitOfWork
from edutrack.settings import Settings


@dataclass
class Container(
    EnrollmentFactories, WalletFactories, PurchaseFactories, RevenueFactories, IdempotencyFactories
):
    settings: Settings
    clock: Clock
    hasher: PasswordHasher
    codec: TokenCodec
    uow: Callable[[], UnitOfWork]
    accounts: AccountReader
    reference_reader: ReferenceReader
    teacher_reader: TeacherReader
    assistant_reader: AssistantReader
    student_reader: StudentReader
    notification_reader: NotificationReader
    dashboard_reader: DashboardReader
    course_reader: CourseReader
    content_reader: ContentReader
    material_reader: MaterialReader
    health: HealthProbe
    storage: MediaStorage
    private_files: PrivateFiles
    notifier: Notifier
    db_config: SQLAlchemyAsyncConfig | None = None
    engines: list[AsyncEngine] = field(default_factory=list)
    read_sessions: async_sessionmaker[AsyncSession] | None = None
    memory_store: MemoryStore | None = None
    token_policy: TokenPolicy = field(default_factory=TokenPolicy)

    # --- auth and accounts ---
    def login(self) -> Login:
        return Login(self.uow(), self.hasher, self.codec, self.clock, self.token_policy, self.accounts)

    def refresh_tokens(self) -> RefreshTokens:
        return RefreshTokens(self.uow(), self.codec, self.clock, self.token_policy, self.accounts)

    def logout(self) -> Logout:
        return Logout(self.uow(), self.codec, self.clock)

    def change_password(self) -> ChangePassword:
        return ChangePassword(self.uow(), self.hasher, self.codec, self.clock)

    def authenticate(self) -> Authenticate:
        return Authenticate(self.accounts, self.codec, self.clock)

    def get_me(self) -> GetMe:
        return GetMe(self.accounts, self.teacher_reader, self.assistant_reader, self.student_reader)

    def create_site_owner(self) -> CreateSiteOwner:
        return CreateSiteOwner(self.uow(), self.hasher, self.clock)

    # --- reference data ---
    def list_reference_items(self) -> ListReferenceItems:
        return ListReferenceItems(self.reference_reader)

    def get_reference_item(self) -> GetReferenceItem:
        return GetReferenceItem(self.reference_reader)

    def create_reference_item(self) -> CreateReferenceItem:
        return CreateReferenceItem(self.uow(), self.reference_reader)

    def update_reference_item(self) -> UpdateReferenceItem:
        return UpdateReferenceItem(self.uow(), self.reference_reader)

    def delete_reference_item(self) -> DeleteReferenceItem:
        return DeleteReferenceItem(self.uow())

    # --- people ---
    def create_teacher(self) -> CreateTeacher:
        return CreateTeacher(self.uow(), self.hasher, self.storage, self.clock, self.teacher_reader)

    def update_teacher(self) -> UpdateTeacher:
        return UpdateTeacher(self.uow(), self.hasher, self.storage, self.clock, self.teacher_reader)

    def list_teachers(self) -> ListTeachers:
        return ListTeachers(self.teacher_reader)

    def get_teacher(self) -> GetTeacher:
        return GetTeacher(self.teacher_reader)

    def create_assistant(self) -> CreateAssistant:
        return CreateAssistant(self.uow(), self.hasher, self.storage, self.clock, self.assistant_reader)

    def update_assistant(self) -> UpdateAssistant:
        return UpdateAssistant(self.uow(), self.hasher, self.storage, self.clock, self.assistant_reader)

    def delete_assistant(self) -> DeleteAssistant:
        return DeleteAssistant(self.uow(), self.storage)

    def list_my_assistants(self) -> ListMyAssistants:
        return ListMyAssistants(self.assistant_reader)

    def get_my_assistant(self) -> GetMyAssistant:
        return GetMyAssistant(self.assistant_reader)

    def list_all_assistants(self) -> ListAllAssistants:
        return ListAllAssistants(self.assistant_reader)

    def register_student(self) -> RegisterStudent:
        return RegisterStudent(self.uow(), self.hasher, self.clock, self.student_reader)

    def get_my_student_profile(self) -> GetMyStudentProfile:
        return GetMyStudentProfile(self.student_reader)

    def update_my_student_profile(self) -> UpdateMyStudentProfile:
        return UpdateMyStudentProfile(self.uow(), self.clock, self.student_reader)

    def list_students(self) -> ListStudents:
        return ListStudents(self.student_reader)

    def get_student(self) -> GetStudent:
        return GetStudent(self.student_reader)

    def set_student_status(self) -> SetStudentStatus:
        return SetStudentStatus(self.uow(), self.clock, self.notifier)

    # --- notifications and dashboards ---
    def list_notifications(self) -> ListNotifications:
        return ListNotifications(self.notification_reader)

    def count_unread_notifications(self) -> CountUnreadNotifications:
        return CountUnreadNotifications(self.notification_reader)

    def mark_notification_read(self) -> MarkNotificationRead:
        return MarkNotificationRead(self.uow())

    def mark_all_notifications_read(self) -> MarkAllNotificationsRead:
        return MarkAllNotificationsRead(self.uow())

    def site_owner_dashboard(self) -> ComputeSiteOwnerDashboard:
        return ComputeSiteOwnerDashboard(self.dashboard_reader, self.clock, self.settings.time_zone)

    # --- catalog and content ---
    def create_course(self) -> CreateCourse:
        return CreateCourse(self.uow(), self.storage, self.clock, self.course_reader)

    def update_course(self) -> UpdateCourse:
        return UpdateCourse(self.uow(), self.storage, self.clock, self.course_reader)

    def delete_course(self) -> DeleteCourse:
        return DeleteCourse(self.uow(), self.storage, self.private_files)

    def list_courses(self) -> ListCourses:
        return ListCourses(self.course_reader)

    def list_my_courses(self) -> ListMyCourses:
        return ListMyCourses(self.course_reader)

    def get_course(self) -> GetCourse:
        return GetCourse(self.course_reader)

    def create_topic(self) -> CreateTopic:
        return CreateTopic(self.uow(), self.clock, self.content_reader)

    def update_topic(self) -> UpdateTopic:
        return UpdateTopic(self.uow(), self.clock, self.content_reader)

    def delete_topic(self) -> DeleteTopic:
        return DeleteTopic(self.uow(), self.storage, self.private_files)

    def list_topics(self) -> ListTopics:
        return ListTopics(self.content_reader)

    def get_topic(self) -> GetTopic:
        return GetTopic(self.content_reader)

    def list_topic_lectures(self) -> ListTopicLectures:
        return ListTopicLectures(self.content_reader)

    def create_lecture(self) -> CreateLecture:
        return CreateLecture(self.uow(), self.storage, self.clock, self.content_reader)

    def update_lecture(self) -> UpdateLecture:
        return UpdateLecture(self.uow(), self.storage, self.clock, self.content_reader)

    def delete_lecture(self) -> DeleteLecture:
        return DeleteLecture(self.uow(), self.storage, self.private_files)

    def list_lectures(self) -> ListLectures:
        return ListLectures(self.content_reader)

    def get_lecture(self) -> GetLecture:
        return GetLecture(self.content_reader)

    def list_lecture_videos(self) -> ListLectureVideos:
        return ListLectureVideos(self.content_reader)

    def create_video(self) -> CreateVideo:
        return CreateVideo(self.uow(), self.clock, self.content_reader)

    def update_video(self) -> UpdateVideo:
        return UpdateVideo(self.uow(), self.clock, self.content_reader)

    def delete_video(self) -> DeleteVideo:
        return DeleteVideo(self.uow())

    def list_videos(self) -> ListVideos:
        return ListVideos(self.content_reader)

    def get_video(self) -> GetVideo:
        return GetVideo(self.content_reader)

    def create_material(self) -> CreateMaterial:
        return CreateMaterial(self.uow(), self.private_files, self.clock, self.material_reader)

    def replace_material(self) -> ReplaceMaterial:
        return ReplaceMaterial(self.uow(), self.private_files, self.clock, self.material_reader)

    def delete_material(self) -> DeleteMaterial:
        return DeleteMaterial(self.uow(), self.private_files)

    def list_materials(self) -> ListMaterials:
        return ListMaterials(self.material_reader, self.lecture_access(), self.clock)

    def get_material(self) -> GetMaterial:
        return GetMaterial(self.material_reader, self.lecture_access(), self.clock)

    def open_material_file(self) -> OpenMaterialFile:
        return OpenMaterialFile(self.material_reader, self.private_files, self.lecture_access(), self.clock)

    async def dispose(self) -> None:
        for engine in self.engines:
            await engine.dispose()


def build_container(settings: Settings, *, backend: str = "sql", clock: Clock | None = None) -> Container:
    """``backend="memory"`` wires the in-memory fakes (unit tests); ``"sql"`` the configured database."""
    hasher = Argon2Hasher(fast=settings.password_hashing == "fast")
    codec = JwtCodec(settings.secret_key, timedelta(minutes=settings.access_token_minutes))
    policy = TokenPolicy(refresh_ttl=timedelta(days=settings.refresh_token_days))
    clock = clock or SystemClock()
    if backend == "memory":
        store = MemoryStore()
        return Container(
            settings=settings,
            clock=clock,
            hasher=hasher,
            codec=codec,
            uow=lambda: MemoryUnitOfWork(store),
            accounts=MemoryAccountReader(store),
            reference_reader=MemoryReferenceReader(store),
            teacher_reader=MemoryTeacherReader(store),
            assistant_reader=MemoryAssistantReader(store),
            student_reader=MemoryStudentReader(store),
            notification_reader=MemoryNotificationReader(store),
            dashboard_reader=MemoryDashboardReader(store),
            course_reader=MemoryCourseReader(store),
            content_reader=MemoryContentReader(store),
            material_reader=MemoryMaterialReader(store),
            health=MemoryHealthProbe(),
            storage=MemoryMediaStorage(),
            private_files=MemoryPrivateFiles(),
            notifier=MemoryNotifier(store, clock),
            memory_store=store,
            token_policy=policy,
        )
    options = DatabaseOptions(
        url=settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout,
        echo=settings.db_echo,
    )
    config = build_config(options)
    sessions = session_factory(config)
    read_engine = reader_engine(config, options)
    reads = async_sessionmaker(read_engine, expire_on_commit=False)
    engines = list(dict.fromkeys([config.get_engine(), read_engine]))
    return Container(
        settings=settings,
        clock=clock,
        hasher=hasher,
        codec=codec,
        uow=lambda: SqlUnitOfWork(sessions),
        accounts=SqlAccountReader(reads),
        reference_reader=SqlReferenceReader(reads),
        teacher_reader=SqlTeacherReader(reads),
        assistant_reader=SqlAssistantReader(reads),
        student_reader=SqlStudentReader(reads),
        notification_reader=SqlNotificationReader(reads),
        dashboard_reader=SqlDashboardReader(reads),
        course_reader=SqlCourseReader(reads),
        content_reader=SqlContentReader(reads),
        material_reader=SqlMaterialReader(reads),
        health=SqlHealthProbe(reads),
        storage=LocalMediaStorage(settings.media_dir / "public"),
        private_files=LocalPrivateFiles(settings.media_dir / "private"),
        notifier=SqlNotifier(sessions, clock),
        db_config=config,
        engines=engines,
        read_sessions=reads,
        token_policy=policy,
    )
