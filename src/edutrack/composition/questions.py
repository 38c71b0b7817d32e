"""The question bank: chapters, lessons, questions with their choices, and the random selection."""

from __future__ import annotations

from edutrack.adapters.memory.questions_reader import MemoryQuestionBankReader
from edutrack.adapters.sql.readers.questions import SqlQuestionBankReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.questions.chapters import (
    CreateChapter,
    DeleteChapter,
    GetChapter,
    ListChapters,
    UpdateChapter,
)
from edutrack.core.use_cases.questions.lessons import (
    CreateBankLesson,
    DeleteBankLesson,
    GetBankLesson,
    ListBankLessons,
    UpdateBankLesson,
)
from edutrack.core.use_cases.questions.random_select import RandomSelectQuestions
from edutrack.core.use_cases.questions.read_questions import GetQuestion, ListQuestions
from edutrack.core.use_cases.questions.write_questions import CreateQuestion, DeleteQuestion, UpdateQuestion
from edutrack.ports.questions import QuestionBankReader


def wire(c: Container) -> None:
    c.component(QuestionBankReader, lambda c: c.pick(MemoryQuestionBankReader, SqlQuestionBankReader))
    reader = lambda c: c.get(QuestionBankReader)  # noqa: E731
    for query in (ListChapters, GetChapter, ListBankLessons, GetBankLesson, ListQuestions, GetQuestion):
        c.use_case(query, lambda c, query=query: query(reader(c)))
    for writer in (CreateChapter, UpdateChapter, CreateBankLesson, UpdateBankLesson):
        c.use_case(writer, lambda c, writer=writer: writer(c.uow(), c.clock, reader(c)))
    for writer in (CreateQuestion, UpdateQuestion):
        c.use_case(writer, lambda c, writer=writer: writer(c.uow(), c.clock, reader(c)))
    for deleter in (DeleteChapter, DeleteBankLesson, DeleteQuestion):
        c.use_case(deleter, lambda c, deleter=deleter: deleter(c.uow()))
    c.use_case(RandomSelectQuestions, lambda c: RandomSelectQuestions(c.uow(), reader(c)))
