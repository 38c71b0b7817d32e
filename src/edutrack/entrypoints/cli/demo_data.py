"""The demo world ``edutrack demo-data`` loads: a small, realistic Egyptian secondary-school setting.

Everything is plain data first, then one loader that creates only what is missing (matched by name,
case-insensitively), so running it again creates nothing. Rows go through the same use cases as the
HTTP API, acting as the operator at the command line (the system site owner). The people (site owner,
teachers, assistants, students) live in ``demo_people`` and are loaded on top of this world; the demo
teachers' courses and their content (``demo_content``) come next, then their question banks
(``demo_questions``), and the students' enrollments, codes and purchases
(``demo_money``); the demo homework and its submissions (``demo_homework``), then the demo quizzes and
their attempts in every state (``demo_quizzes``) come last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM
from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.use_cases.academics.commands import NEW_ITEM
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.academics.list_items import ListReferenceItems
from edutrack.entrypoints.cli.demo_content import load_content
from edutrack.entrypoints.cli.demo_homework import load_homework
from edutrack.entrypoints.cli.demo_money import load_money
from edutrack.entrypoints.cli.demo_people import ReferenceIds, load_people
from edutrack.entrypoints.cli.demo_questions import load_question_bank
from edutrack.entrypoints.cli.demo_quizzes import load_quizzes
from edutrack.ports.academics import ReferenceFilter
from edutrack.ports.readers import PageRequest

# --- grades, school types, divisions -------------------------------------------------------------

FIRST, SECOND, THIRD = "First Secondary", "Second Secondary", "Third Secondary"
GRADES: tuple[tuple[str, int], ...] = ((FIRST, 1), (SECOND, 2), (THIRD, 3))

ARABIC_SCHOOLS, LANGUAGE_SCHOOLS, AZHAR = "Arabic", "Languages", "Azhar"
SCHOOL_TYPES: tuple[str, ...] = (ARABIC_SCHOOLS, LANGUAGE_SCHOOLS, AZHAR)

GENERAL, SCIENCE, MATHEMATICS, LITERARY = "General", "Science", "Mathematics", "Literary"


@dataclass(frozen=True, slots=True)
class DivisionSeed:
    name: str
    grades: tuple[str, ...]
    school_types: tuple[str, ...] = SCHOOL_TYPES


DIVISIONS: tuple[DivisionSeed, ...] = (
    DivisionSeed(GENERAL, (FIRST,)),
    DivisionSeed(SCIENCE, (SECOND, THIRD)),
    DivisionSeed(MATHEMATICS, (THIRD,)),
    DivisionSeed(LITERARY, (SECOND, THIRD)),
)

# --- subjects --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubjectSeed:
    """Every division listed is taught in at least one of the listed grades."""

    name: str
    grades: tuple[str, ...]
    divisions: tuple[str, ...]
    school_types: tuple[str, ...] = SCHOOL_TYPES


ALL_GRADES = (FIRST, SECOND, THIRD)
ALL_DIVISIONS = (GENERAL, SCIENCE, MATHEMATICS, LITERARY)
SCIENCE_TRACK = (GENERAL, SCIENCE, MATHEMATICS)
LITERARY_TRACK = (GENERAL, LITERARY)

SUBJECTS: tuple[SubjectSeed, ...] = (
    SubjectSeed("Arabic", ALL_GRADES, ALL_DIVISIONS),
    SubjectSeed("English", ALL_GRADES, ALL_DIVISIONS),
    SubjectSeed("French", ALL_GRADES, ALL_DIVISIONS, (ARABIC_SCHOOLS, LANGUAGE_SCHOOLS)),
    SubjectSeed("German", ALL_GRADES, ALL_DIVISIONS, (LANGUAGE_SCHOOLS,)),
    SubjectSeed("Mathematics", (FIRST, SECOND), (GENERAL, LITERARY)),
    SubjectSeed("Pure Mathematics", (SECOND, THIRD), (SCIENCE, MATHEMATICS)),
    SubjectSeed("Applied Mathematics (Mechanics)", (SECOND, THIRD), (SCIENCE, MATHEMATICS)),
    SubjectSeed("Physics", ALL_GRADES, SCIENCE_TRACK),
    SubjectSeed("Chemistry", ALL_GRADES, SCIENCE_TRACK),
    SubjectSeed("Biology", ALL_GRADES, (GENERAL, SCIENCE)),
    SubjectSeed("Geology and Environmental Sciences", (THIRD,), (SCIENCE,)),
    SubjectSeed("History", ALL_GRADES, LITERARY_TRACK),
    SubjectSeed("Geography", ALL_GRADES, LITERARY_TRACK),
    SubjectSeed("Philosophy and Logic", ALL_GRADES, LITERARY_TRACK),
    SubjectSeed("Psychology and Sociology", (SECOND, THIRD), (LITERARY,)),
    SubjectSeed("Religious Education", ALL_GRADES, ALL_DIVISIONS, (ARABIC_SCHOOLS, LANGUAGE_SCHOOLS)),
    SubjectSeed("Holy Quran", ALL_GRADES, ALL_DIVISIONS, (AZHAR,)),
    SubjectSeed("Islamic Jurisprudence (Fiqh)", ALL_GRADES, ALL_DIVISIONS, (AZHAR,)),
)

# --- places: all 27 governorates, a few real areas (cities or districts) in each -------------------

GOVERNORATES: dict[str, tuple[str, ...]] = {
    "Cairo": ("Nasr City", "Heliopolis", "Maadi", "Shubra"),
    "Giza": ("Dokki", "Mohandessin", "Haram", "6th of October City"),
    "Alexandria": ("Smouha", "Sidi Gaber", "Montaza", "Agami"),
    "Qalyubia": ("Banha", "Shubra El Kheima", "Qalyub", "Khanka"),
    "Sharqia": ("Zagazig", "10th of Ramadan City", "Belbeis", "Minya El Qamh"),
    "Dakahlia": ("Mansoura", "Talkha", "Mit Ghamr", "Dekernes"),
    "Gharbia": ("Tanta", "El Mahalla El Kubra", "Kafr El Zayat", "Zefta"),
    "Monufia": ("Shebin El Kom", "Menouf", "Sadat City", "Ashmoun"),
    "Beheira": ("Damanhour", "Kafr El Dawwar", "Rashid", "Edku"),
    "Kafr El Sheikh": ("Kafr El Sheikh City", "Desouk", "Baltim", "Sidi Salem"),
    "Damietta": ("Damietta City", "New Damietta", "Ras El Bar", "Faraskur"),
    "Port Said": ("Port Fouad", "El Sharq", "El Arab", "El Manakh"),
    "Ismailia": ("Ismailia City", "Fayed", "El Qantara", "Tell El Kebir"),
    "Suez": ("El Arbaeen", "Ataqah", "Faisal", "El Ganayen"),
    "North Sinai": ("Arish", "Sheikh Zuweid", "Rafah", "Bir al-Abd"),
    "South Sinai": ("Sharm El Sheikh", "Dahab", "El Tor", "Saint Catherine"),
    "Red Sea": ("Hurghada", "Safaga", "El Quseir", "Marsa Alam"),
    "Matrouh": ("Marsa Matrouh", "El Alamein", "Siwa", "Sallum"),
    "New Valley": ("Kharga", "Dakhla", "Farafra", "Baris"),
    "Faiyum": ("Faiyum City", "Sinnuris", "Ibshaway", "Tamiya"),
    "Beni Suef": ("Beni Suef City", "El Wasta", "Biba", "Ihnasya"),
    "Minya": ("Minya City", "Mallawi", "Samalut", "Beni Mazar"),
    "Asyut": ("Asyut City", "Dayrut", "Manfalut", "Abnub"),
    "Sohag": ("Sohag City", "Akhmim", "Girga", "Tahta"),
    "Qena": ("Qena City", "Nag Hammadi", "Qus", "Dishna"),
    "Luxor": ("Luxor City", "Esna", "Armant", "El Bayadiya"),
    "Aswan": ("Aswan City", "Kom Ombo", "Edfu", "Daraw"),
}

# --- video security options (price per student, EGP) ---------------------------------------------

VIDEO_SECURITY: tuple[tuple[str, str], ...] = (
    ("None", "0.00"),
    ("Watermark", "5.00"),
    ("DRM (VdoCipher)", "15.00"),
)

# --- the loader ------------------------------------------------------------------------------------


STEPS = 8  # the parts load_demo_data reports to on_step, the last being "done"


def _key(name: str) -> str:
    return name.strip().casefold()


class _Loader:
    def __init__(self, container: Container) -> None:
        self._container = container
        self.counts: dict[str, int] = {kind.value: 0 for kind in ReferenceKind}

    async def existing(self, kind: ReferenceKind) -> dict[str, int]:
        page = await self._container.get(ListReferenceItems).execute(
            kind, ReferenceFilter(), PageRequest(offset=0, limit=None)
        )
        return {_key(row.name): row.id for row in page.items}

    async def ensure(
        self, kind: ReferenceKind, known: dict[str, int], name: str, fields: Mapping[str, object]
    ) -> int:
        """The id of the row called ``name``, creating it from ``fields`` when it is missing."""
        found = known.get(_key(name))
        if found is not None:
            return found
        row = await self._container.get(CreateReferenceItem).execute(
            SYSTEM, NEW_ITEM[kind](name=name, **fields)
        )
        known[_key(name)] = row.id
        self.counts[kind.value] += 1
        return row.id

    async def simple(
        self, kind: ReferenceKind, items: Iterable[tuple[str, Mapping[str, object]]]
    ) -> dict[str, int]:
        known = await self.existing(kind)
        return {name: await self.ensure(kind, known, name, fields) for name, fields in items}


async def load_demo_data(
    container: Container, on_step: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Create whatever of the demo world is missing; return how many rows of each kind were created.
    ``on_step`` is told each part's name as it starts (the CLI's progress line)."""
    step = on_step or (lambda _name: None)
    step(f"[1/{STEPS}] reference data")
    loader = _Loader(container)
    grades = await loader.simple(ReferenceKind.GRADE, ((name, {"order": order}) for name, order in GRADES))
    school_types = await loader.simple(ReferenceKind.SCHOOL_TYPE, ((name, {}) for name in SCHOOL_TYPES))
    divisions = await loader.simple(
        ReferenceKind.DIVISION,
        (
            (
                seed.name,
                {
                    "grade_ids": [grades[g] for g in seed.grades],
                    "school_type_ids": [school_types[s] for s in seed.school_types],
                },
            )
            for seed in DIVISIONS
        ),
    )
    subjects = await loader.simple(
        ReferenceKind.SUBJECT,
        (
            (
                seed.name,
                {
                    "grade_ids": [grades[g] for g in seed.grades],
                    "division_ids": [divisions[d] for d in seed.divisions],
                    "school_type_ids": [school_types[s] for s in seed.school_types],
                },
            )
            for seed in SUBJECTS
        ),
    )
    governorates = await loader.simple(ReferenceKind.GOVERNORATE, ((name, {}) for name in GOVERNORATES))

    # Area names are unique within a governorate only, so match them per governorate.
    area_ids: dict[tuple[str, str], int] = {}
    for governorate, areas in GOVERNORATES.items():
        governorate_id = governorates[governorate]
        page = await container.get(ListReferenceItems).execute(
            ReferenceKind.AREA, ReferenceFilter(parent=governorate_id), PageRequest(offset=0, limit=None)
        )
        known = {_key(row.name): row.id for row in page.items}
        for area in areas:
            area_ids[(governorate, area)] = await loader.ensure(
                ReferenceKind.AREA, known, area, {"governorate_id": governorate_id}
            )

    video_security = await loader.simple(
        ReferenceKind.VIDEO_SECURITY,
        ((name, {"price_per_student": Decimal(price)}) for name, price in VIDEO_SECURITY),
    )
    refs = ReferenceIds(
        grades={order: grades[name] for name, order in GRADES},
        school_types=school_types,
        divisions=divisions,
        subjects=subjects,
        governorates=governorates,
        areas=area_ids,
        video_security=video_security,
    )
    step(f"[2/{STEPS}] people")
    people = await load_people(container, refs)
    step(f"[3/{STEPS}] courses and content")
    content = await load_content(container, refs)
    step(f"[4/{STEPS}] question banks")
    bank = await load_question_bank(container)
    step(f"[5/{STEPS}] enrollments, codes and purchases")
    money = await load_money(container)
    step(f"[6/{STEPS}] homework")
    homework = await load_homework(container, bank.question_ids)
    step(f"[7/{STEPS}] quizzes")
    quizzes = await load_quizzes(container, bank.question_ids)
    step(f"[{STEPS}/{STEPS}] done")
    return loader.counts | people | content | bank.counts | money | homework | quizzes
