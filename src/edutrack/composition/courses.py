"""Courses: the catalog's top level."""

from __future__ import annotations

from edutrack.adapters.memory.courses import MemoryCourseReader
from edutrack.adapters.sql.readers.courses import SqlCourseReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.courses.create_course import CreateCourse
from edutrack.core.use_cases.courses.delete_course import DeleteCourse
from edutrack.core.use_cases.courses.get_course import GetCourse
from edutrack.core.use_cases.courses.list_courses import ListCourses, ListMyCourses
from edutrack.core.use_cases.courses.update_course import UpdateCourse
from edutrack.ports.courses import CourseReader


def wire(c: Container) -> None:
    c.component(CourseReader, lambda c: c.pick(MemoryCourseReader, SqlCourseReader))
    c.use_case(CreateCourse, lambda c: CreateCourse(c.uow(), c.storage, c.clock, c.get(CourseReader)))
    c.use_case(UpdateCourse, lambda c: UpdateCourse(c.uow(), c.storage, c.clock, c.get(CourseReader)))
    c.use_case(DeleteCourse, lambda c: DeleteCourse(c.uow(), c.storage, c.private_files))
    c.use_case(ListCourses, lambda c: ListCourses(c.get(CourseReader)), replica=True)
    c.use_case(ListMyCourses, lambda c: ListMyCourses(c.get(CourseReader)), replica=True)
    c.use_case(GetCourse, lambda c: GetCourse(c.get(CourseReader)))
