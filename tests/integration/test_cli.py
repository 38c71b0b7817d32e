"""The ``edutrack`` command line, run in-process (``main([...])``) against a fresh SQLite file.

These tests are synchronous on purpose: ``main()`` starts its own event loops (Alembic's env.py and each
use-case command call ``asyncio.run``), so no loop may be running around it.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM
from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.entities.content import Platform
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.entities.people import StudentStatus
from edutrack.core.policies.content import viewer_of
from edutrack.core.policies.lessons import check_video_url
from edutrack.core.policies.people import check_national_id, check_phone
from edutrack.core.use_cases.academics.list_items import ListReferenceItems
from edutrack.core.use_cases.auth.authenticate import Authenticate
from edutrack.core.use_cases.auth.login import Login, LoginAttempt
from edutrack.core.use_cases.dashboards.site_owner import ComputeSiteOwnerDashboard
from edutrack.core.use_cases.materials.read_materials import OpenMaterialFile
from edutrack.core.use_cases.revenue.trend import ComputeRevenueTrend
from edutrack.entrypoints.cli import demo_content, demo_data, demo_money, demo_people
from edutrack.entrypoints.cli.main import main
from edutrack.ports.academics import ReferenceFilter
from edutrack.ports.assistants import AssistantFilter, AssistantReader
from edutrack.ports.courses import CourseFilter, CourseReader, CourseRow
from edutrack.ports.enrollments import EnrollmentFilter, EnrollmentReader
from edutrack.ports.lessons import LectureRow
from edutrack.ports.materials import MaterialFilter, MaterialReader, MaterialRow
from edutrack.ports.purchases import PurchaseFilter, PurchaseReader
from edutrack.ports.readers import PageRequest
from edutrack.ports.students import StudentFilter, StudentReader, StudentRow
from edutrack.ports.teachers import TeacherFilter, TeacherReader, TeacherRow
from edutrack.ports.wallets import CodeFilter, RechargeCodeReader
from edutrack.settings import Settings
from tests.support.cli import with_container

T = TypeVar("T")

PASSWORD = "Strong-pass-42"


async def reference_totals(container: Container) -> dict[str, int]:
    totals = {}
    for kind in ReferenceKind:
        page = await container.get(ListReferenceItems).execute(
            kind, ReferenceFilter(), PageRequest(limit=None)
        )
        totals[kind.value] = page.total
    return totals


def feed_stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# --- demo data --------------------------------------------------------------------------------------


def test_demo_data_loads_the_egyptian_world_once(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo-data"]) == 0
    first_out = capsys.readouterr().out
    assert "27 governorates" in first_out
    first = with_container(reference_totals)

    assert main(["demo-data"]) == 0
    assert "nothing to create" in capsys.readouterr().out
    second = with_container(reference_totals)

    assert second == first
    assert first["governorates"] == 27
    assert first["grades"] == 3
    assert first["school-types"] == 3
    assert first["divisions"] == len(demo_data.DIVISIONS)
    assert first["subjects"] == len(demo_data.SUBJECTS)
    assert first["areas"] == sum(len(areas) for areas in demo_data.GOVERNORATES.values())
    assert first["video-security"] == 3


def test_demo_data_counts_and_admin_login(migrated: str) -> None:
    async def load_twice_and_login(container: Container) -> tuple[dict[str, int], dict[str, int], bool]:
        first = await demo_data.load_demo_data(container)
        second = await demo_data.load_demo_data(container)
        owner = demo_people.SITE_OWNER
        pair = await container.get(Login).execute(LoginAttempt(owner.username, owner.password, "127.0.0.1"))
        return first, second, bool(pair.access)

    first, second, logged_in = with_container(load_twice_and_login)
    assert first[ReferenceKind.GOVERNORATE.value] == 27
    assert first[demo_people.SITE_OWNERS] == 1
    assert first[demo_people.TEACHERS] == len(demo_people.TEACHER_SEEDS)
    assert first[demo_people.ASSISTANTS] == sum(len(t.assistants) for t in demo_people.TEACHER_SEEDS)
    assert first[demo_people.STUDENTS] == 24
    assert all(count == 0 for count in second.values()), second
    assert logged_in


def test_demo_data_seeds_are_consistent() -> None:
    grades = {name for name, _ in demo_data.GRADES}
    division_grades = {d.name: set(d.grades) for d in demo_data.DIVISIONS}
    assert len(demo_data.GOVERNORATES) == 27
    assert all(3 <= len(areas) <= 4 for areas in demo_data.GOVERNORATES.values())
    for subject in demo_data.SUBJECTS:
        assert set(subject.grades) <= grades, subject.name
        assert set(subject.school_types) <= set(demo_data.SCHOOL_TYPES), subject.name
        for division in subject.divisions:
            assert division_grades[division] & set(subject.grades), (subject.name, division)


def test_demo_people_seeds_are_consistent() -> None:
    subjects = {seed.name: seed for seed in demo_data.SUBJECTS}
    grade_names = {order: name for name, order in demo_data.GRADES}
    divisions = {seed.name: seed for seed in demo_data.DIVISIONS}
    teachers = demo_people.TEACHER_SEEDS
    assert 4 <= len(teachers) <= 5
    for teacher in teachers:
        assert 1 <= len(teacher.grades) <= 3, teacher.name
        assert {grade_names[g] for g in teacher.grades} <= set(subjects[teacher.subject].grades), teacher.name
        assert teacher.video_security is None or teacher.video_security in dict(demo_data.VIDEO_SECURITY)
        assert 1 <= len(teacher.assistants) <= 2, teacher.name
        for phone in (teacher.phone, *(a.phone for a in teacher.assistants)):
            assert check_phone(phone) == phone

    students = demo_people.students()
    assert len(students) == 24
    assert len({status for status, _ in students}) == len(StudentStatus)
    for n, (_, seed) in enumerate(students, start=1):
        assert seed.area in demo_data.GOVERNORATES[seed.governorate], seed.name_en
        if seed.grade is None:  # a graduate
            assert seed.school_type is None and seed.division is None, seed.name_en
        else:
            assert seed.division is not None and seed.school_type is not None, seed.name_en
            assert grade_names[seed.grade] in divisions[seed.division].grades, seed.name_en
            assert seed.school_type in divisions[seed.division].school_types, seed.name_en
        born = date.fromisoformat(seed.birth_date)
        nid = demo_people.national_id(born, seed.governorate, seed.gender, n)
        assert check_national_id(nid, born) == nid
        assert check_phone(demo_people.phone(n)) == demo_people.phone(n)

    names = [t.name for t in teachers] + [a.name for t in teachers for a in t.assistants]
    names += [seed.name_en for _, seed in students]
    usernames = [demo_people.username_of(name) for name in names]
    assert len(set(usernames)) == len(usernames)
    assert demo_people.SITE_OWNER.username not in usernames


def test_demo_data_loads_people_once_and_they_can_log_in(
    migrated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo-data"]) == 0
    out = capsys.readouterr().out
    teachers = len(demo_people.TEACHER_SEEDS)
    assistants = sum(len(t.assistants) for t in demo_people.TEACHER_SEEDS)
    assert f"1 site owners, {teachers} teachers, {assistants} assistants, 24 students, " in out
    courses = [topics for seed in demo_people.TEACHER_SEEDS for topics in demo_content_of(seed)]
    assert f"{len(courses)} courses, {sum(map(len, courses))} topics, " in out
    for line in demo_people.demo_logins():
        assert line in out

    async def inspect(container: Container) -> dict[str, object]:
        dashboard = await container.get(ComputeSiteOwnerDashboard).execute(SYSTEM)
        teacher_rows = (
            await container.get(TeacherReader).list(TeacherFilter(), PageRequest(limit=None))
        ).items
        per_teacher = [
            (await container.get(AssistantReader).list(AssistantFilter(teacher=row.id), PageRequest())).total
            for row in teacher_rows
        ]
        suspended = await container.get(StudentReader).list(
            StudentFilter(status=StudentStatus.SUSPENDED_PERMANENT), PageRequest(limit=None)
        )
        for username, password in (
            (demo_people.username_of(demo_people.TEACHER_SEEDS[1].name), demo_people.TEACHER_PASSWORD),
            (demo_people.username_of("Ali Gamal"), demo_people.ASSISTANT_PASSWORD),
            (demo_people.username_of("Omar Tarek"), demo_people.STUDENT_PASSWORD),
        ):
            assert (await container.get(Login).execute(LoginAttempt(username, password, "127.0.0.1"))).access
        return {
            "dashboard": dashboard,
            "teachers": teacher_rows,
            "per_teacher": per_teacher,
            "suspended": suspended.items,
        }

    found = with_container(inspect)
    dashboard = found["dashboard"]
    assert dashboard.total_teachers == teachers >= 4
    assert dashboard.total_assistants == assistants
    assert dashboard.total_students == 24
    by_status = dashboard.students_by_status
    assert (
        by_status.verified,
        by_status.pending,
        by_status.declined,
        by_status.suspended_temporary,
        by_status.suspended_permanent,
    ) == tuple(len(demo_people.STUDENT_SEEDS[status]) for status in StudentStatus)
    assert by_status.verified > by_status.pending > 0 and by_status.declined > 0
    assert all(1 <= n <= 2 for n in found["per_teacher"]), found["per_teacher"]
    for row in found["teachers"]:
        assert row.subject is not None and 1 <= len(row.grades) <= 3
        assert {g.id for g in row.grades} <= {g.id for g in row.subject.grades}
        assert row.gmail.endswith("@example.com")
    assert [row.is_active for row in found["suspended"]] == [False]

    assert main(["demo-data"]) == 0
    assert "nothing to create" in capsys.readouterr().out
    again = with_container(inspect)["dashboard"]
    assert (again.total_teachers, again.total_assistants, again.total_students) == (teachers, assistants, 24)


def demo_content_of(seed: demo_people.TeacherSeed) -> list[tuple[str, ...]]:
    """The topics of each course the demo teacher gets."""
    return [topics for order in seed.grades if (topics := demo_content.CURRICULUM.get((seed.subject, order)))]


def test_demo_content_seeds_are_consistent() -> None:
    for seed in demo_people.TEACHER_SEEDS:
        assert 1 <= len(demo_content_of(seed)) <= 2, seed.name
    for topics in demo_content.CURRICULUM.values():
        assert 3 <= len(topics) <= 5
        assert len({name.casefold() for name in topics}) == len(topics)
    assert all(2 <= len(demo_content.lecture_names("T", i)) <= 4 for i in range(5))
    for price, discount in demo_content.PRICING:
        assert Decimal("50.00") <= Decimal(price) <= Decimal("150.00")
        assert Decimal("0.00") <= Decimal(discount) < Decimal(price)
    assert all(7 <= days <= 30 for days in demo_content.AVAILABLE_DAYS)
    pdf = demo_content.pdf_document("Ohm's Law (Part 1) \\ — notes", ["a line"])
    assert pdf.startswith(b"%PDF-1.4\n") and pdf.endswith(b"%%EOF\n") and 300 < len(pdf) < 2000
    assert b"(Ohm's Law \\(Part 1\\) \\\\ - notes)" in pdf


def test_demo_data_gives_every_teacher_a_catalog(demo_world: str) -> None:
    async def inspect(container: Container) -> dict[str, object]:
        everything = PageRequest(limit=None)
        teachers = (await container.get(TeacherReader).list(TeacherFilter(), everything)).items
        courses = {
            row.id: (
                await container.get(CourseReader).list(
                    viewer_of(SYSTEM), CourseFilter(teacher_id=row.id), everything
                )
            ).items
            for row in teachers
        }
        materials = (await container.get(MaterialReader).list(MaterialFilter(), everything)).items
        owner = demo_people.SITE_OWNER
        pair = await container.get(Login).execute(LoginAttempt(owner.username, owner.password, "127.0.0.1"))
        actor = await container.get(Authenticate).execute(pair.access)
        download = await container.get(OpenMaterialFile).execute(actor, materials[0].id)
        content = b"".join([chunk async for chunk in download.chunks])
        again = await demo_data.load_demo_data(container)
        return {
            "teachers": teachers,
            "courses": courses,
            "materials": materials,
            "download": (download, content),
            "again": again,
        }

    found = with_container(inspect)
    teachers: list[TeacherRow] = found["teachers"]
    courses: dict[int, list[CourseRow]] = found["courses"]
    assert len(teachers) == len(demo_people.TEACHER_SEEDS)
    lectures: list[LectureRow] = []
    for teacher in teachers:
        assert 1 <= len(courses[teacher.id]) <= 2, teacher.name
        for course in courses[teacher.id]:
            assert teacher.subject is not None and course.subject_id == teacher.subject.id
            assert course.grade_id in {g.id for g in teacher.grades}
            assert course.name == f"{teacher.subject.name} — {course.grade_name} 2026"
            assert 3 <= len(course.topics) <= 5, course.name
            first = course.topics[0].lectures[0]
            assert (first.price, first.discount) == (Decimal("0.00"), Decimal("0.00"))
            for topic in course.topics:
                assert 2 <= len(topic.lectures) <= 4, topic.name
                lectures += topic.lectures
    for lecture in lectures:
        assert lecture.price == 0 or Decimal("50.00") <= lecture.price <= Decimal("150.00")
        assert Decimal("0.00") <= lecture.discount <= lecture.price
        assert 7 <= lecture.available_days <= 30 and lecture.is_visible
        assert 1 <= len(lecture.videos) <= 2
        for video in lecture.videos:
            check_video_url(Platform(video.platform), video.video_url)
    assert sum(lecture.price == 0 for lecture in lectures) == sum(map(len, courses.values()))
    assert any(lecture.discount > 0 for lecture in lectures)
    videos = [video for lecture in lectures for video in lecture.videos]
    assert {video.platform for video in videos} == {p.value for p in Platform}
    assert any(v.video_url.startswith("https://www.youtube.com/watch?v=") for v in videos)
    assert any(v.video_url.endswith("/playlist.m3u8") and ".b-cdn.net/" in v.video_url for v in videos)
    assert any(v.video_url.startswith("https://player.vdocipher.com/v2/?otp=") for v in videos)

    topics = [topic for rows in courses.values() for course in rows for topic in course.topics]
    materials: list[MaterialRow] = found["materials"]
    assert sorted(m.lecture_id for m in materials) == sorted(t.lectures[0].id for t in topics)
    download, content = found["download"]
    assert download.filename == f"{materials[0].title}.pdf"
    assert len(content) == materials[0].file_size == download.size
    assert content.startswith(b"%PDF-1.4\n") and content.endswith(b"%%EOF\n")
    assert all(count == 0 for count in found["again"].values()), found["again"]


def test_demo_data_brings_enrollments_codes_and_sixty_days_of_purchases(demo_world: str) -> None:
    async def inspect(container: Container) -> dict[str, object]:
        everything = PageRequest(limit=None)
        now = container.clock.now()
        enrollments = (await container.get(EnrollmentReader).list(EnrollmentFilter(), everything)).items
        codes = (await container.get(RechargeCodeReader).list(CodeFilter(), everything)).items
        purchases = (await container.get(PurchaseReader).list(PurchaseFilter(now=now), everything)).items
        trend = await container.get(ComputeRevenueTrend).execute(SYSTEM)
        again = await demo_money.load_money(container)
        return {
            "now": now,
            "enrollments": enrollments,
            "codes": codes,
            "purchases": purchases,
            "trend": trend,
            "again": again,
        }

    found = with_container(inspect)
    statuses = Counter(row.status for row in found["enrollments"])
    # every status a student or teacher can reach; `unenrolled` is made only by an integration (§11)
    assert set(statuses) == set(EnrollmentStatus) - {EnrollmentStatus.UNENROLLED}, statuses
    assert statuses[EnrollmentStatus.APPROVED] > statuses[EnrollmentStatus.REJECTED] >= 2
    codes = found["codes"]
    assert any(code.used_at is not None for code in codes) and any(code.used_at is None for code in codes)
    now = found["now"]
    purchases = found["purchases"]
    assert all(now - timedelta(days=60) <= p.purchased_at <= now for p in purchases)
    zone = ZoneInfo(Settings.from_env().time_zone)
    assert len({p.purchased_at.astimezone(zone).date() for p in purchases}) >= 10
    assert all(p.amount_paid > 0 for p in purchases)
    trend = found["trend"]
    assert trend.total_revenue > 0 and sum(day.revenue > 0 for day in trend.daily_trends) >= 5
    assert all(count == 0 for count in found["again"].values()), found["again"]


def test_demo_data_before_migrations_fails_with_one_line(
    cli_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo-data"]) == 1
    assert "db upgrade" in one_error_line(capsys)


# --- users create-site-owner ------------------------------------------------------------------------


def test_create_site_owner_reads_password_from_stdin_and_can_log_in(
    migrated: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, PASSWORD + "\n")
    code = main(
        [
            "users",
            "create-site-owner",
            "--username",
            "boss",
            "--password-stdin",
            "--name",
            "The Boss",
            "--gmail",
            "boss@example.com",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert "boss" in capsys.readouterr().out

    async def login(container: Container) -> str:
        pair = await container.get(Login).execute(LoginAttempt("boss", PASSWORD, "127.0.0.1"))
        return pair.access

    assert with_container(login)


def test_create_site_owner_refuses_a_weak_password(
    migrated: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, "12345678\n")
    assert main(["users", "create-site-owner", "--username", "boss", "--password-stdin"]) == 1
    line = one_error_line(capsys)
    assert "password" in line.lower()
    assert "entirely numeric" in line


def test_create_site_owner_refuses_a_taken_username(
    migrated: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", "create-site-owner", "--username", "boss", "--password-stdin"]) == 0
    capsys.readouterr()
    feed_stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", "create-site-owner", "--username", "BOSS", "--password-stdin"]) == 1
    assert "Username already exists." in one_error_line(capsys)


def test_create_site_owner_needs_a_password_on_stdin(
    migrated: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, "")
    assert main(["users", "create-site-owner", "--username", "boss", "--password-stdin"]) != 0
    assert "standard input" in one_error_line(capsys)


# --- users create-teacher ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the demo world loaded, built once; tests get copies of it."""
    from edutrack.adapters.sql.migrate import upgrade

    folder = tmp_path_factory.mktemp("demo-template")
    url = f"sqlite+aiosqlite:///{folder / 'cli.db'}"
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("EDUTRACK_"):
                patch.delenv(name)
        patch.setenv("EDUTRACK_DATABASE_URL", url)
        patch.setenv("EDUTRACK_PASSWORD_HASHING", "fast")
        patch.setenv("EDUTRACK_ENV", "test")
        patch.setenv("EDUTRACK_MEDIA_DIR", str(folder / "media"))
        upgrade(url)
        with_container(demo_data.load_demo_data)
    return folder


@pytest.fixture
def demo_world(cli_env: str, tmp_path: Path, demo_template: Path) -> str:
    """A fresh copy of the demo database at the URL of ``cli_env``."""
    for file in demo_template.glob("cli.db*"):  # the database and any WAL leftovers
        shutil.copy(file, tmp_path / file.name)
    shutil.copytree(demo_template / "media", tmp_path / "media")  # the demo materials' files
    return cli_env


def reference_ids(kind: ReferenceKind) -> dict[str, int]:
    async def fetch(container: Container) -> dict[str, int]:
        page = await container.get(ListReferenceItems).execute(
            kind, ReferenceFilter(), PageRequest(limit=None)
        )
        return {row.name: row.id for row in page.items}

    return with_container(fetch)


def create_teacher_args(**overrides: str) -> list[str]:
    subjects = reference_ids(ReferenceKind.SUBJECT)
    grades = reference_ids(ReferenceKind.GRADE)
    options = {
        "--username": "hany.fawzy",
        "--name": "Hany Fawzy",
        "--phone": "01022334455",
        "--gmail": "hany.fawzy@example.com",
        "--gender": "male",
        "--subject": str(subjects["Biology"]),
        "--grades": f"{grades['First Secondary']},{grades['Second Secondary']}",
        **overrides,
    }
    return ["users", "create-teacher", "--password-stdin", *(x for pair in options.items() for x in pair)]


def test_create_teacher_prints_its_id_and_the_teacher_can_log_in(
    demo_world: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = create_teacher_args(**{"--secondary-phone": "+20 111 222 3344"})
    feed_stdin(monkeypatch, PASSWORD + "\n")
    assert main(args) == 0, capsys.readouterr().err
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    created = json.loads(out[0])
    assert set(created) == {"id", "username"}
    assert created["username"] == "hany.fawzy"
    assert isinstance(created["id"], int)

    async def check(container: Container) -> tuple[str, object]:
        pair = await container.get(Login).execute(LoginAttempt("hany.fawzy", PASSWORD, "127.0.0.1"))
        return pair.access, await container.get(TeacherReader).get(created["id"])

    access, row = with_container(check)
    assert access
    assert row is not None
    assert (row.username, row.name, row.gmail, row.phone, row.secondary_phone, row.gender, row.is_active) == (
        "hany.fawzy",
        "Hany Fawzy",
        "hany.fawzy@example.com",
        "01022334455",
        "01112223344",
        "male",
        True,
    )
    assert row.subject is not None and row.subject.name == "Biology"
    assert [g.name for g in row.grades] == ["First Secondary", "Second Secondary"]


def test_create_teacher_inactive_with_video_security(
    demo_world: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    watermark = reference_ids(ReferenceKind.VIDEO_SECURITY)["Watermark"]
    feed_stdin(monkeypatch, PASSWORD + "\n")
    args = create_teacher_args(**{"--video-security": str(watermark)})
    assert main([*args, "--inactive"]) == 0, capsys.readouterr().err
    teacher_id = json.loads(capsys.readouterr().out)["id"]

    async def fetch(container: Container) -> object:
        return await container.get(TeacherReader).get(teacher_id)

    row = with_container(fetch)
    assert row.is_active is False
    assert row.video_security is not None and row.video_security.id == watermark


def test_create_teacher_refuses_a_taken_gmail(
    demo_world: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, PASSWORD + "\n")
    taken = demo_people.gmail_of(demo_people.TEACHER_SEEDS[0].name).upper()
    assert main(create_teacher_args(**{"--gmail": taken})) == 1
    assert (
        one_error_line(capsys) == "edutrack: error: gmail: This email is already associated with an account."
    )


def test_create_teacher_reports_every_bad_field_on_one_line(
    demo_world: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, PASSWORD + "\n")
    geology = reference_ids(ReferenceKind.SUBJECT)["Geology and Environmental Sciences"]
    first = reference_ids(ReferenceKind.GRADE)["First Secondary"]
    args = create_teacher_args(**{"--phone": "0123", "--subject": str(geology), "--grades": str(first)})
    assert main(args) == 1
    line = one_error_line(capsys)
    assert "phone: Phone number must be exactly 11 digits" in line
    assert (
        "grades: Grade First Secondary is not taught in subject Geology and Environmental Sciences." in line
    )


def test_create_teacher_usage_errors_exit_2(
    migrated: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, PASSWORD + "\n")
    base = ["users", "create-teacher", "--password-stdin", "--username", "u", "--name", "N", "--phone"]
    base += ["01022334455", "--gmail", "u@example.com", "--subject", "1"]
    assert main([*base, "--gender", "male", "--grades", "1,x"]) == 2
    assert "comma-separated ids" in capsys.readouterr().err
    assert main([*base, "--gender", "other", "--grades", "1"]) == 2
    assert "--gender" in capsys.readouterr().err


# --- students set-status ---------------------------------------------------------------------------


def find_student(name_en: str) -> StudentRow:
    async def fetch(container: Container) -> StudentRow:
        page = await container.get(StudentReader).list(StudentFilter(search=name_en), PageRequest())
        (row,) = page.items
        return row

    return with_container(fetch)


def test_set_student_status_by_id(demo_world: str, capsys: pytest.CaptureFixture[str]) -> None:
    pending = find_student("Mariam Khaled")
    assert (pending.status, pending.is_active) == ("pending", True)
    assert main(["students", "set-status", str(pending.id), "--status", "verified"]) == 0
    assert json.loads(capsys.readouterr().out) == {"status": "verified", "is_active": True}
    assert find_student("Mariam Khaled").status == "verified"


def test_set_student_status_by_code_and_active_flag(
    demo_world: str, capsys: pytest.CaptureFixture[str]
) -> None:
    student = find_student("Omar Tarek")
    code = student.student_code.lower()
    args = ["students", "set-status", code, "--status", "suspended_temporary", "--active", "false"]
    assert main(args) == 0, capsys.readouterr().err
    assert json.loads(capsys.readouterr().out) == {"status": "suspended_temporary", "is_active": False}
    after = find_student("Omar Tarek")
    assert (after.id, after.status, after.is_active) == (student.id, "suspended_temporary", False)

    assert main(["students", "set-status", student.student_code, "--active", "TRUE"]) == 0
    assert json.loads(capsys.readouterr().out) == {"status": "suspended_temporary", "is_active": True}
    assert find_student("Omar Tarek").is_active is True


def test_set_student_status_of_an_unknown_student(
    demo_world: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for student in ("999999", "99999999999", "S00000000", "S", "nobody"):
        assert main(["students", "set-status", student, "--status", "verified"]) == 1, student
        assert one_error_line(capsys) == "edutrack: error: student not found"


def test_set_student_status_usage_errors_exit_2(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["students", "set-status", "1"]) == 2
    assert "--status" in one_error_line(capsys)
    assert main(["students", "set-status", "1", "--status", "gone"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main(["students", "set-status", "1", "--active", "maybe"]) == 2
    assert "true or false" in capsys.readouterr().err


# --- settings, migrations, usage --------------------------------------------------------------------


def test_invalid_setting_is_one_line_naming_the_variable(
    cli_env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EDUTRACK_TIME_ZONE", "Mars/Olympus_Mons")
    assert main(["db", "upgrade"]) != 0
    assert "EDUTRACK_TIME_ZONE" in one_error_line(capsys)


def test_db_current_and_downgrade(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "current"]) == 0
    assert "(head)" in capsys.readouterr().out
    assert main(["db", "downgrade"]) == 2  # the target revision must be explicit
    capsys.readouterr()
    assert main(["db", "downgrade", "--revision", "base"]) == 0
    capsys.readouterr()
    assert main(["db", "current"]) == 0
    assert "(head)" not in capsys.readouterr().out
    assert main(["db", "upgrade", "--revision", "no-such-revision"]) == 1
    assert one_error_line(capsys)


def test_serve_rejects_a_bad_port(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "70000"]) == 2
    assert "port" in capsys.readouterr().err


def test_python_dash_m_edutrack_help_exits_zero() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "edutrack", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    for command in ("serve", "db", "users", "students", "demo-data", "up"):
        assert command in result.stdout


def test_codes_generate_writes_a_csv_of_unique_codes(
    demo_world: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "codes.csv"
    assert (
        main(["codes", "generate", "--course", "1", "--value", "50", "--count", "5", "--csv", str(target)])
        == 0
    )
    assert json.loads(capsys.readouterr().out) == {"count": 5, "csv": str(target)}
    rows = target.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("id,code,course,course_name,teacher_name,value,is_used,")  # the HTTP export's
    codes = [row.split(",")[1] for row in rows[1:]]
    assert len(set(codes)) == 5 and all(len(code) == 19 and code.count("-") == 3 for code in codes)
    assert all(row.split(",")[5:7] == ["50.00", "false"] for row in rows[1:])
    assert main(["codes", "generate", "--course", "1", "--value", "0.50"]) == 1
    assert "value" in capsys.readouterr().err


def test_revenue_check_rollups_finds_and_repairs_drift(
    demo_world: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo purchases were bought through the use cases: the rollups agree. A hand-edited row is
    reported (exit 1) and ``--repair`` rebuilds both tables from the purchases."""
    assert main(["revenue", "check-rollups"]) == 0
    assert json.loads(capsys.readouterr().out) == {"drift": [], "repaired": False}

    database = demo_world.removeprefix("sqlite+aiosqlite:///")
    with sqlite3.connect(database) as db:
        lecture, count = db.execute("SELECT lecture_id, purchase_count FROM lecture_sales LIMIT 1").fetchone()
        db.execute(
            "UPDATE lecture_sales SET purchase_count = purchase_count + 1 WHERE lecture_id = ?", (lecture,)
        )
        db.execute("DELETE FROM student_sales WHERE student_id = (SELECT min(student_id) FROM student_sales)")

    assert main(["revenue", "check-rollups"]) == 1
    drift = json.loads(capsys.readouterr().out)["drift"]
    assert len(drift) == 2
    assert drift[0].startswith(f"lecture {lecture}: purchases say {count} /")
    assert drift[1].startswith("student ") and "student_sales says (None, None, None, None)" in drift[1]

    assert main(["revenue", "check-rollups", "--repair"]) == 0
    repaired = json.loads(capsys.readouterr().out)
    assert (repaired["drift"], repaired["repaired"], repaired["drift_after"]) == (drift, True, [])
    assert main(["revenue", "check-rollups"]) == 0
