"""Homework: a lecture's bank questions, the students' submissions, grading and results."""

from __future__ import annotations

from edutrack.adapters.memory.homework import MemoryHomeworkReader, MemoryHomeworkSubmissionReader
from edutrack.adapters.sql.readers.homework import SqlHomeworkReader, SqlHomeworkSubmissionReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.homework.grade_written import GradeWrittenAnswer
from edutrack.core.use_cases.homework.read_homework import GetHomework, ListHomeworks
from edutrack.core.use_cases.homework.read_submissions import (
    ExportHomeworkResults,
    GetHomeworkSubmission,
    HomeworkResults,
    ListHomeworkSubmissions,
)
from edutrack.core.use_cases.homework.submit_homework import SubmitHomework
from edutrack.core.use_cases.homework.write_homework import CreateHomework, DeleteHomework, UpdateHomework
from edutrack.ports.homework import HomeworkReader, HomeworkSubmissionReader
from edutrack.ports.notifications import Notifier
from edutrack.ports.purchases import LectureAccess


def wire(c: Container) -> None:
    c.component(HomeworkReader, lambda c: c.pick(MemoryHomeworkReader, SqlHomeworkReader))
    c.component(
        HomeworkSubmissionReader,
        lambda c: c.pick(MemoryHomeworkSubmissionReader, SqlHomeworkSubmissionReader),
    )
    homeworks = lambda c: c.get(HomeworkReader)  # noqa: E731
    submissions = lambda c: c.get(HomeworkSubmissionReader)  # noqa: E731
    c.use_case(CreateHomework, lambda c: CreateHomework(c.uow(), c.clock, homeworks(c)))
    c.use_case(UpdateHomework, lambda c: UpdateHomework(c.uow(), c.clock, homeworks(c)))
    c.use_case(DeleteHomework, lambda c: DeleteHomework(c.uow()))
    c.use_case(
        ListHomeworks, lambda c: ListHomeworks(homeworks(c), c.get(LectureAccess), c.clock), replica=True
    )
    c.use_case(GetHomework, lambda c: GetHomework(homeworks(c), c.get(LectureAccess), c.clock))
    c.use_case(
        SubmitHomework, lambda c: SubmitHomework(c.uow(), c.clock, c.get(LectureAccess), submissions(c))
    )
    c.use_case(
        GradeWrittenAnswer, lambda c: GradeWrittenAnswer(c.uow(), c.clock, c.get(Notifier), submissions(c))
    )
    for query in (ListHomeworkSubmissions, HomeworkResults, ExportHomeworkResults):
        c.use_case(query, lambda c, q=query: q(homeworks(c), submissions(c)), replica=True)
    c.use_case(GetHomeworkSubmission, lambda c: GetHomeworkSubmission(submissions(c), c.clock))
