"""Teachers: the site owner's management of teacher accounts and their profiles."""

from __future__ import annotations

from edutrack.adapters.memory.teachers import MemoryTeacherReader
from edutrack.adapters.sql.readers.teachers import SqlTeacherReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.teachers.create_teacher import CreateTeacher
from edutrack.core.use_cases.teachers.get_teacher import GetTeacher
from edutrack.core.use_cases.teachers.list_teachers import ListTeachers
from edutrack.core.use_cases.teachers.update_teacher import UpdateTeacher
from edutrack.ports.teachers import TeacherReader


def wire(c: Container) -> None:
    c.component(TeacherReader, lambda c: c.pick(MemoryTeacherReader, SqlTeacherReader))
    c.use_case(
        CreateTeacher, lambda c: CreateTeacher(c.uow(), c.hasher, c.storage, c.clock, c.get(TeacherReader))
    )
    c.use_case(
        UpdateTeacher, lambda c: UpdateTeacher(c.uow(), c.hasher, c.storage, c.clock, c.get(TeacherReader))
    )
    c.use_case(ListTeachers, lambda c: ListTeachers(c.get(TeacherReader)), replica=True)
    c.use_case(GetTeacher, lambda c: GetTeacher(c.get(TeacherReader)))
