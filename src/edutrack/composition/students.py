"""Students: registration, their own profile, and the site owner's student management."""

from __future__ import annotations

from edutrack.adapters.memory.students import MemoryStudentReader
from edutrack.adapters.sql.readers.students import SqlStudentReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.students.get_student import GetMyStudentProfile, GetStudent
from edutrack.core.use_cases.students.list_students import ListStudents
from edutrack.core.use_cases.students.register_student import RegisterStudent
from edutrack.core.use_cases.students.set_status import SetStudentStatus
from edutrack.core.use_cases.students.update_my_profile import UpdateMyStudentProfile
from edutrack.ports.notifications import Notifier
from edutrack.ports.students import StudentReader


def wire(c: Container) -> None:
    c.component(StudentReader, lambda c: c.pick(MemoryStudentReader, SqlStudentReader))
    c.use_case(RegisterStudent, lambda c: RegisterStudent(c.uow(), c.hasher, c.clock, c.get(StudentReader)))
    c.use_case(GetMyStudentProfile, lambda c: GetMyStudentProfile(c.get(StudentReader)))
    c.use_case(
        UpdateMyStudentProfile, lambda c: UpdateMyStudentProfile(c.uow(), c.clock, c.get(StudentReader))
    )
    c.use_case(ListStudents, lambda c: ListStudents(c.get(StudentReader)), replica=True)
    c.use_case(GetStudent, lambda c: GetStudent(c.get(StudentReader)))
    c.use_case(SetStudentStatus, lambda c: SetStudentStatus(c.uow(), c.clock, c.get(Notifier)))
