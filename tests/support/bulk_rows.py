"""Fill a migrated PostgreSQL database with many rows in a few seconds: one ``INSERT ... SELECT ... FROM
generate_series`` per table, then ``ANALYZE``.

Each column gets a value from its type (distinct per row where it matters: names, codes, timestamps), its
Python default when it has a plain one (statuses, flags), or the expression given for the table (foreign
keys, constrained values). The list query-plan test and the index benchmark share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import asyncpg
from sqlalchemy import JSON, Boolean, Column, Date, Integer, Numeric, String, Text

from edutrack.adapters.sql.tables import load_all

Base = load_all()
START = "timestamptz '2026-01-01 00:00:00+00'"


@dataclass(frozen=True)
class Fill:
    """``rows`` rows of ``table``; ``values`` maps a column to a SQL expression of the row number ``g``."""

    table: str
    rows: int
    values: dict[str, str] = field(default_factory=dict)


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {value!r}")


def _default(column: Column) -> str | None:
    default = column.default
    if default is None or not getattr(default, "is_scalar", False):
        return None
    value = default.arg
    return None if isinstance(value, datetime | date) else _literal(value)


def _generated(column: Column) -> str:
    """A value of the column's type for row ``g``: distinct strings and timestamps (one minute apart)."""
    kind = column.type
    if isinstance(kind, Boolean):
        return "true"
    if isinstance(kind, Integer):
        return "(g % 10)"
    if isinstance(kind, Numeric):
        return "10"
    if isinstance(kind, String):
        return f"left('{column.name[:3]}' || g, {kind.length or 200})"
    if isinstance(kind, Text):
        return f"'{column.name} ' || g"
    if isinstance(kind, JSON):
        return "'{}'"
    if isinstance(kind, Date):
        return "date '2000-01-01'"
    if "DateTime" in type(kind).__name__:
        return f"{START} + g * interval '1 minute'"
    raise TypeError(f"no generated value for {column.table.name}.{column.name} ({kind!r})")


def insert_statement(fill: Fill) -> str:
    table = Base.metadata.tables[fill.table]
    names: list[str] = []
    values: list[str] = []
    for column in table.columns:
        if column.name in fill.values:
            value = fill.values[column.name]
        elif column.primary_key:
            value = "g"
        elif column.foreign_keys:
            if column.nullable:
                continue
            raise ValueError(f"{fill.table}.{column.name} is a required foreign key: give its value")
        elif column.nullable and not column.unique:
            continue
        else:
            value = _default(column) or _generated(column)
        names.append(f'"{column.name}"')
        values.append(value)
    return (
        f'INSERT INTO "{fill.table}" ({", ".join(names)}) '
        f"SELECT {', '.join(values)} FROM generate_series(1, {fill.rows}) AS g"
    )


async def fill(dsn: str, fills: list[Fill]) -> None:
    """Insert every ``Fill`` in order (parents first), move the id sequences past the rows, ``ANALYZE``."""
    conn = await asyncpg.connect(dsn)
    try:
        for item in fills:
            await conn.execute(insert_statement(item))
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{item.table}\"', 'id'), "
                f'(SELECT max(id) FROM "{item.table}"))'
            )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


def catalogue(
    *, users_from: int, password_hash: str, courses: int = 500, students: int = 20_000, rows: int = 50_000
) -> list[Fill]:
    """The list endpoints' tables: ``courses`` courses of 50 teachers, 10 topics each, 10 lectures per
    topic (``courses`` × 100), one video per lecture; ``students`` students (users ``users_from + 1`` ...)
    and ``rows`` enrollments, purchases and notifications (half of them for the user ``users_from``, the
    caller of the test); ``rows // 2`` recharge codes (of the first ten courses) and bank questions; one
    homework and one quiz with a submission and an attempt from every student. Every user's password hash
    is ``password_hash``."""
    teachers = 50
    topics, lectures = courses * 10, courses * 100
    base = users_from
    student_user = f"{base} + g"
    teacher_user = f"{base + students} + g"
    at = f"{START} + g * interval '1 minute'"
    return [
        Fill(
            "users",
            students + teachers,
            {
                "id": f"{base} + g",
                "username": f"CASE WHEN g <= {students} THEN 's' || g ELSE 't' || (g - {students}) END",
                "password_hash": _literal(password_hash),
                "role": f"CASE WHEN g <= {students} THEN 'student' ELSE 'teacher' END",
            },
        ),
        Fill("grades", 10),
        Fill("subjects", 10),
        Fill("teacher_profiles", teachers, {"user_id": teacher_user, "gender": "'male'"}),
        Fill(
            "courses",
            courses,
            {"teacher_id": f"1 + g % {teachers}", "grade_id": "1 + g % 10", "subject_id": "1 + g % 10"},
        ),
        Fill("topics", topics, {"course_id": "1 + (g - 1) / 10"}),
        Fill(
            "lectures",
            lectures,
            {"topic_id": "1 + (g - 1) / 10", "price": "100", "available_days": "30"},
        ),
        Fill("videos", lectures, {"lecture_id": "g", "platform": "'youtube'"}),
        Fill(
            "student_profiles",
            students,
            {
                "user_id": student_user,
                "status": "(ARRAY['verified','pending','declined'])[1 + g % 3]",
            },
        ),
        Fill(
            "enrollments",
            rows,
            {
                "student_id": f"1 + (g - 1) % {students}",
                "course_id": f"1 + (g - 1) % {courses - 1}",
                "status": "(ARRAY['pending','approved','rejected','unenrolled'])[1 + g % 4]",
                "enrolled_at": at,
                "responded_at": f"CASE WHEN g % 4 = 1 THEN {at} + interval '1 hour' END",
            },
        ),
        Fill(
            "purchases",
            rows,
            {
                "student_id": f"1 + (g - 1) % {students}",
                "lecture_id": f"1 + (g - 1) % {lectures - 1}",
                "expires_at": f"{at} + interval '30 days'",
            },
        ),
        Fill(
            "recharge_codes",
            rows // 2,
            {
                "course_id": "1 + g % 10",  # the first ten courses: a course's codes fill many pages
                "code": "lpad(g::text, 16, '0')",
                "created_by": f"{base}",
                "used_by": f"CASE WHEN g % 3 = 0 THEN 1 + g % {students} END",
                "used_at": f"CASE WHEN g % 3 = 0 THEN {at} + interval '1 day' END",
            },
        ),
        Fill(
            "notifications",
            rows,
            {"user_id": f"CASE WHEN g % 2 = 0 THEN {base} ELSE {base} + 1 + g % {students} END"},
        ),
        Fill("bank_chapters", 100, {"subject_id": "1 + g % 10", "teacher_id": f"1 + g % {teachers}"}),
        Fill("bank_lessons", 1000, {"chapter_id": "1 + g % 100"}),
        Fill(
            "bank_questions",
            rows // 2,
            {
                "lesson_id": "1 + g % 1000",
                "teacher_id": f"CASE WHEN g % 5 = 0 THEN NULL ELSE 1 + (g / 5) % {teachers} END",
                "question_type": "(ARRAY['mcq_single','mcq_multiple','written'])[1 + g % 3]",
                "difficulty": "(ARRAY['easy','medium','hard'])[1 + (g / 3) % 3]",
                "points": "1",
                "is_global": "g % 5 = 0",
            },
        ),
        Fill("homeworks", 1, {"lecture_id": "1"}),
        Fill("homework_submissions", students, {"homework_id": "1", "student_id": "g"}),
        Fill("quizzes", 1, {"lecture_id": "1"}),
        Fill(
            "quiz_attempts",
            students,
            {"quiz_id": "1", "student_id": "g", "attempt_number": "1", "status": "'submitted'"},
        ),
    ]
