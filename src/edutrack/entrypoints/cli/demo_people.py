"""The people of the demo world: the site owner, teachers with their assistants, and two dozen students.

Plain data first, then a loader that creates only the accounts whose username is still free, through the
same use cases as the HTTP API: the operator (the system site owner) creates teachers and sets student
statuses, each teacher creates their own assistants, and students register themselves. Usernames and
gmails derive from the English names; reference items are named here as ``demo_data`` names them (its
tests keep the two consistent).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.people import EducationalState, Gender, StudentStatus
from edutrack.core.policies.people import NATIONAL_ID_GOVERNORATES
from edutrack.core.use_cases.assistants.create_assistant import CreateAssistant, NewAssistant
from edutrack.core.use_cases.students.register_student import RegisterStudent, StudentRegistration
from edutrack.core.use_cases.students.set_status import SetStudentStatus, StudentStatusChanges
from edutrack.core.use_cases.teachers.create_teacher import CreateTeacher, NewTeacher
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from edutrack.ports.readers import PageRequest
from edutrack.ports.teachers import TeacherFilter, TeacherReader, TeacherRow

SITE_OWNERS, TEACHERS, ASSISTANTS, STUDENTS = "site owners", "teachers", "assistants", "students"
PEOPLE = (SITE_OWNERS, TEACHERS, ASSISTANTS, STUDENTS)
"""The keys of the counts of accounts created, one per role."""

TEACHER_PASSWORD = "Teacher-pass-2026"
ASSISTANT_PASSWORD = "Assistant-pass-2026"
STUDENT_PASSWORD = "Student-pass-2026"
EMAIL_DOMAIN = "example.com"
M, F = Gender.MALE, Gender.FEMALE


@dataclass(frozen=True, slots=True)
class SiteOwnerSeed:
    username: str
    password: str
    name: str
    gmail: str


SITE_OWNER = SiteOwnerSeed("admin", "Admin-pass-2026", "Site Owner", "admin@edutrack.local")


def username_of(name: str) -> str:
    """``"Khaled Abdel Rahman"`` → ``"khaled.abdel.rahman"``; the gmail is ``<username>@example.com``."""
    return ".".join(name.lower().split())


def gmail_of(name: str) -> str:
    return f"{username_of(name)}@{EMAIL_DOMAIN}"


# --- teachers and their assistants ----------------------------------------------------------------


class AssistantSeed(NamedTuple):
    name: str
    gender: Gender
    phone: str


@dataclass(frozen=True, slots=True)
class TeacherSeed:
    """``grades`` are grade orders (1 = First Secondary), each one the subject is taught in."""

    name: str
    gender: Gender
    phone: str
    subject: str
    grades: tuple[int, ...]
    video_security: str | None
    assistants: tuple[AssistantSeed, ...] = field(default=())
    secondary_phone: str | None = None


TEACHER_SEEDS: tuple[TeacherSeed, ...] = (
    TeacherSeed(
        "Ahmed Mahmoud", M, "01012345678", "Physics", (2, 3), "DRM (VdoCipher)",
        (AssistantSeed("Omar Khaled", M, "01098765432"), AssistantSeed("Nour Hassan", F, "01123456789")),
        secondary_phone="01223344556",
    ),
    TeacherSeed(
        "Mona Ibrahim", F, "01123450987", "English", (1, 2, 3), "Watermark",
        (AssistantSeed("Salma Adel", F, "01287654321"),),
    ),
    TeacherSeed(
        "Khaled Abdel Rahman", M, "01234567890", "Pure Mathematics", (2, 3), None,
        (AssistantSeed("Youssef Tarek", M, "01556677889"), AssistantSeed("Mariam Samir", F, "01011223344")),
    ),
    TeacherSeed(
        "Fatma El Sayed", F, "01511223344", "Chemistry", (3,), "Watermark",
        (AssistantSeed("Hana Mostafa", F, "01144556677"),),
    ),
    TeacherSeed(
        "Mahmoud Hassan", M, "01066778899", "Arabic", (1, 2), "None",
        (AssistantSeed("Ali Gamal", M, "01599887766"),),
    ),
)  # fmt: skip

# --- students ---------------------------------------------------------------------------------------


class StudentSeed(NamedTuple):
    """``grade`` is a grade order; a graduate has no school type, grade or division."""

    name_en: str
    name_ar: str
    gender: Gender
    birth_date: str
    governorate: str
    area: str
    school_type: str | None
    grade: int | None
    division: str | None
    father_job: str


S = StudentSeed
AR, LANG, AZHAR = "Arabic", "Languages", "Azhar"
GEN, SCI, MATH, LIT = "General", "Science", "Mathematics", "Literary"

STUDENT_SEEDS: dict[StudentStatus, tuple[StudentSeed, ...]] = {
    StudentStatus.VERIFIED: (
        S("Omar Tarek", "عمر طارق", M, "2009-05-14", "Cairo", "Nasr City", AR, 3, SCI, "Engineer"),
        S("Malak Ashraf", "ملك أشرف", F, "2010-02-03", "Giza", "Dokki", LANG, 2, SCI, "Doctor"),
        S("Youssef Hany", "يوسف هاني", M, "2011-08-21", "Alexandria", "Smouha", LANG, 1, GEN, "Accountant"),
        S("Habiba Walid", "حبيبة وليد", F, "2009-11-30", "Dakahlia", "Mansoura", AR, 3, MATH, "Teacher"),
        S("Ziad Sherif", "زياد شريف", M, "2010-06-12", "Sharqia", "Zagazig", AR, 2, LIT, "Farmer"),
        S("Farida Amr", "فريدة عمرو", F, "2011-01-25", "Cairo", "Heliopolis", LANG, 1, GEN, "Pharmacist"),
        S("Abdelrahman Sayed", "عبد الرحمن سيد", M, "2009-03-08", "Asyut", "Dayrut", AZHAR, 3, LIT, "Imam"),
        S("Jana Mohamed", "جنى محمد", F, "2010-09-17", "Gharbia", "Tanta", AR, 2, SCI, "Lawyer"),
        S("Mostafa Adel", "مصطفى عادل", M, "2011-04-02", "Qalyubia", "Banha", AR, 1, GEN, "Carpenter"),
        S("Rawan Essam", "روان عصام", F, "2009-07-19", "Monufia", "Menouf", AR, 3, SCI, "Civil servant"),
        S("Karim Nabil", "كريم نبيل", M, "2010-12-05", "Giza", "Haram", LANG, 2, SCI, "Engineer"),
        S("Nada Fathy", "ندى فتحي", F, "2009-10-23", "Beheira", "Damanhour", AR, 3, LIT, "Merchant"),
        S("Seif Ayman", "سيف أيمن", M, "2011-03-15", "Port Said", "Port Fouad", LANG, 1, GEN, "Sailor"),
        S("Laila Hossam", "ليلى حسام", F, "2010-05-28", "Aswan", "Kom Ombo", AR, 2, LIT, "Tour guide"),
        S("Hamza Ramadan", "حمزة رمضان", M, "2008-08-09", "Minya", "Mallawi", None, None, None, "Driver"),
    ),
    StudentStatus.PENDING: (
        S("Mariam Khaled", "مريم خالد", F, "2011-06-06", "Cairo", "Maadi", LANG, 1, GEN, "Doctor"),
        S("Ahmed Saeed", "أحمد سعيد", M, "2010-01-19", "Ismailia", "Fayed", AR, 2, SCI, "Mechanic"),
        S("Salma Yasser", "سلمى ياسر", F, "2009-02-27", "Luxor", "Esna", AZHAR, 3, SCI, "Farmer"),
        S("Adham Wael", "أدهم وائل", M, "2008-12-11", "Damietta", "Faraskur", None, None, None, "Fisherman"),
    ),
    StudentStatus.DECLINED: (
        S("Hassan Magdy", "حسن مجدي", M, "2010-10-10", "Sohag", "Akhmim", AZHAR, 2, LIT, "Teacher"),
        S("Yara Emad", "يارا عماد", F, "2011-09-01", "Red Sea", "Hurghada", LANG, 1, GEN, "Hotel manager"),
    ),
    StudentStatus.SUSPENDED_TEMPORARY: (
        S("Marwan Ibrahim", "مروان إبراهيم", M, "2009-04-04", "Suez", "Faisal", AR, 3, MATH, "Accountant"),
        S("Rana Tamer", "رنا تامر", F, "2010-07-22", "Faiyum", "Sinnuris", AR, 2, SCI, "Nurse"),
    ),
    StudentStatus.SUSPENDED_PERMANENT: (
        S("Tarek Fouad", "طارق فؤاد", M, "2009-12-29", "Qena", "Qus", AR, 3, LIT, "Electrician"),
    ),
}  # fmt: skip

INACTIVE_STATUSES = frozenset({StudentStatus.SUSPENDED_PERMANENT})
"""A permanently suspended student's account is also disabled."""

PHONE_PREFIXES = ("010", "011", "012", "015")
_GOVERNORATE_CODES = {name: code for code, name in NATIONAL_ID_GOVERNORATES.items()}
_SCHOOL_KIND = {AR: "Secondary School", LANG: "Language School", AZHAR: "Azhar Institute"}


def phone(n: int) -> str:
    """A valid Egyptian mobile number, different for every ``n`` below 10**8."""
    return PHONE_PREFIXES[n % 4] + f"{(23_456_789 + n * 7_654_321) % 100_000_000:08d}"


def national_id(birth_date: date, governorate: str, gender: Gender, serial: int) -> str:
    """Century digit, YYMMDD, the governorate's code, a 3-digit serial, a gender digit (odd for male,
    even for female) and a last digit; the platform checks the birth date and the governorate code."""
    century = "3" if birth_date.year >= 2000 else "2"
    gender_digit = (2 * serial + (1 if gender is Gender.MALE else 0)) % 10
    body = f"{century}{birth_date:%y%m%d}{_GOVERNORATE_CODES[governorate]}{serial % 1000:03d}{gender_digit}"
    return body + str(sum(map(int, body)) % 10)


def students() -> list[tuple[StudentStatus, StudentSeed]]:
    return [(status, seed) for status, seeds in STUDENT_SEEDS.items() for seed in seeds]


def demo_logins() -> list[str]:
    """One login per role, for the summary ``edutrack demo-data`` prints."""
    verified = STUDENT_SEEDS[StudentStatus.VERIFIED][0].name_en
    first = TEACHER_SEEDS[0]
    return [
        f"Site owner login: {SITE_OWNER.username} / {SITE_OWNER.password}",
        f"Teacher login: {username_of(first.name)} / {TEACHER_PASSWORD}",
        f"Assistant login: {username_of(first.assistants[0].name)} / {ASSISTANT_PASSWORD}",
        f"Student login (verified): {username_of(verified)} / {STUDENT_PASSWORD}",
    ]


# --- the loader ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReferenceIds:
    """Reference item ids by name (grades by order; areas by (governorate, area))."""

    grades: Mapping[int, int]
    school_types: Mapping[str, int]
    divisions: Mapping[str, int]
    subjects: Mapping[str, int]
    governorates: Mapping[str, int]
    areas: Mapping[tuple[str, str], int]
    video_security: Mapping[str, int]


class _PeopleLoader:
    def __init__(self, container: Container, refs: ReferenceIds) -> None:
        self._container = container
        self._refs = refs
        self.counts = dict.fromkeys(PEOPLE, 0)

    async def taken(self, username: str) -> bool:
        async with self._container.uow() as uow:
            return await uow.users.username_taken(username)

    async def site_owner(self) -> None:
        if await self.taken(SITE_OWNER.username):
            return
        owner = NewSiteOwner(
            username=SITE_OWNER.username,
            password=SITE_OWNER.password,
            name=SITE_OWNER.name,
            gmail=SITE_OWNER.gmail,
        )
        await self._container.get(CreateSiteOwner).execute(SYSTEM, owner)
        self.counts[SITE_OWNERS] += 1

    async def teachers(self) -> None:
        page = await self._container.get(TeacherReader).list(TeacherFilter(), PageRequest(limit=None))
        existing = {row.username.casefold(): row for row in page.items}
        for seed in TEACHER_SEEDS:
            username = username_of(seed.name)
            row = existing.get(username)
            if row is None:
                if await self.taken(username):  # some other account has the name: leave it alone
                    continue
                row = await self.teacher(seed, username)
            actor = Actor(user_id=row.user_id, username=row.username, role=Role.TEACHER, teacher_id=row.id)
            for assistant in seed.assistants:
                await self.assistant(actor, assistant)

    async def teacher(self, seed: TeacherSeed, username: str) -> TeacherRow:
        refs = self._refs
        video = refs.video_security[seed.video_security] if seed.video_security else None
        row = await self._container.get(CreateTeacher).execute(
            SYSTEM,
            NewTeacher(
                username=username,
                password=TEACHER_PASSWORD,
                name=seed.name,
                phone=seed.phone,
                gmail=gmail_of(seed.name),
                gender=seed.gender,
                subject_id=refs.subjects[seed.subject],
                grade_ids=[refs.grades[order] for order in seed.grades],
                secondary_phone=seed.secondary_phone,
                biography=f"{seed.subject} teacher for secondary-school students.",
                video_security_id=video,
            ),
        )
        self.counts[TEACHERS] += 1
        return row

    async def assistant(self, teacher: Actor, seed: AssistantSeed) -> None:
        username = username_of(seed.name)
        if await self.taken(username):
            return
        await self._container.get(CreateAssistant).execute(
            teacher,
            NewAssistant(
                username=username,
                password=ASSISTANT_PASSWORD,
                name=seed.name,
                phone=seed.phone,
                gmail=gmail_of(seed.name),
                gender=seed.gender,
            ),
        )
        self.counts[ASSISTANTS] += 1

    async def students(self) -> None:
        for n, (status, seed) in enumerate(students(), start=1):
            username = username_of(seed.name_en)
            if await self.taken(username):
                continue
            row = await self._container.get(RegisterStudent).execute(self.registration(n, seed, username))
            if status is not StudentStatus.PENDING:
                disable = {"is_active": False} if status in INACTIVE_STATUSES else {}
                await self._container.get(SetStudentStatus).execute(
                    SYSTEM, row.id, StudentStatusChanges(status=status, **disable)
                )
            self.counts[STUDENTS] += 1

    def registration(self, n: int, seed: StudentSeed, username: str) -> StudentRegistration:
        refs = self._refs
        born = date.fromisoformat(seed.birth_date)
        school = seed.grade is not None
        return StudentRegistration(
            username=username,
            password=STUDENT_PASSWORD,
            name_ar=seed.name_ar,
            name_en=seed.name_en,
            phone_number=phone(n),
            father_number=phone(1000 + n),
            mother_number=phone(2000 + n) if n % 3 else None,
            father_job=seed.father_job,
            educational_state=EducationalState.SCHOOL if school else EducationalState.GRADUATE,
            school_type=refs.school_types[seed.school_type] if seed.school_type else None,
            grade=refs.grades[seed.grade] if seed.grade is not None else None,
            division=refs.divisions[seed.division] if seed.division else None,
            school_name=f"{seed.area} {_SCHOOL_KIND[seed.school_type]}" if seed.school_type else None,
            national_id=national_id(born, seed.governorate, seed.gender, n),
            birth_date=born,
            gender=seed.gender,
            gmail=gmail_of(seed.name_en),
            governorate=refs.governorates[seed.governorate],
            area=refs.areas[(seed.governorate, seed.area)],
        )


async def load_people(container: Container, refs: ReferenceIds) -> dict[str, int]:
    """Create the demo accounts whose usernames are free; return how many of each role were created."""
    loader = _PeopleLoader(container, refs)
    await loader.site_owner()
    await loader.teachers()
    await loader.students()
    return loader.counts
