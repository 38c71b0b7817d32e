"""Teacher profiles in SQL: the profile row and its ``teacher_grades`` rows, replaced on save."""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.tables.teachers import TeacherProfileModel, teacher_grades
from edutrack.core.entities.people import Gender, TeacherProfile

COLUMNS = (
    "user_id",
    "phone",
    "secondary_phone",
    "gender",
    "profile_picture",
    "biography",
    "facebook",
    "subject_id",
    "video_security_id",
    "created_at",
    "updated_at",
)


def _values(teacher: TeacherProfile) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(teacher, name) for name in COLUMNS}
    values["gender"] = Gender(teacher.gender).value
    return values


class SqlTeacherRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, teacher: TeacherProfile) -> TeacherProfile:
        row = TeacherProfileModel(**_values(teacher))
        self._session.add(row)
        try:
            await self._session.flush()
            teacher.id = row.id
            await self._insert_grades(teacher)
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
        return teacher

    async def get(self, teacher_id: int) -> TeacherProfile | None:
        if not valid_id(teacher_id):
            return None
        row = await self._session.get(TeacherProfileModel, teacher_id)
        if row is None:
            return None
        grade_ids = await self._session.scalars(
            select(teacher_grades.c.grade_id)
            .where(teacher_grades.c.teacher_id == teacher_id)
            .order_by(teacher_grades.c.grade_id)
        )
        return TeacherProfile(
            id=row.id,
            user_id=row.user_id,
            phone=row.phone,
            secondary_phone=row.secondary_phone,
            gender=Gender(row.gender),
            profile_picture=row.profile_picture,
            biography=row.biography,
            facebook=row.facebook,
            subject_id=row.subject_id,
            video_security_id=row.video_security_id,
            grade_ids=list(grade_ids),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    async def save(self, teacher: TeacherProfile) -> None:
        assert teacher.id is not None
        values = _values(teacher)
        del values["created_at"]
        try:
            await self._session.execute(
                update(TeacherProfileModel).where(TeacherProfileModel.id == teacher.id).values(values)
            )
            await self._session.execute(
                delete(teacher_grades).where(teacher_grades.c.teacher_id == teacher.id)
            )
            await self._insert_grades(teacher)
        except IntegrityError as exc:
            raise errors.translate(exc) from exc

    async def _insert_grades(self, teacher: TeacherProfile) -> None:
        ids = list(dict.fromkeys(teacher.grade_ids))
        if ids:
            await self._session.execute(
                insert(teacher_grades), [{"teacher_id": teacher.id, "grade_id": g} for g in ids]
            )
