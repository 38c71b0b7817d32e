"""Quizzes (issue #13): a lecture's timed set of bank questions, per-student overrides, the students'
attempts and the snapshot of each attempt, written when it starts: the questions, choices and points
as they were then (in the attempt's display order), with the student's saved answers.

The database holds the engine's rules against races: UNIQUE(quiz_id, student_id, attempt_number) (the
attempt limit under parallel starts) and a partial unique index on (quiz_id, student_id) WHERE
status = 'in_progress' (one open attempt per student and quiz)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import Base, fk

SCORE = Numeric(8, 2)
PERCENT = Numeric(5, 2)
VISIBILITY = "('immediate', 'after_close', 'manual')"
IN_PROGRESS = text("status = 'in_progress'")


class QuizModel(Base):
    __tablename__ = "quizzes"
    __table_args__ = (
        Index("ix_quizzes_lecture_created", "lecture_id", "created_at", "id"),
        Index("ix_quizzes_created", "created_at", "id"),
        CheckConstraint(
            "open_date IS NULL OR close_date IS NULL OR open_date < close_date", name="dates_in_order"
        ),
        CheckConstraint(f"score_visibility IN {VISIBILITY}", name="score_visibility_known"),
        CheckConstraint(f"answers_visibility IN {VISIBILITY}", name="answers_visibility_known"),
        CheckConstraint("question_order IN ('fixed', 'random')", name="question_order_known"),
        CheckConstraint("attempt_scoring IN ('best', 'average', 'last')", name="attempt_scoring_known"),
        CheckConstraint("timer_minutes IS NULL OR timer_minutes >= 1", name="timer_positive"),
        CheckConstraint("max_attempts IS NULL OR max_attempts >= 1", name="max_attempts_positive"),
        CheckConstraint(
            "passing_score IS NULL OR (passing_score >= 0 AND passing_score <= 100)",
            name="passing_score_percent",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lecture_id: Mapped[int] = mapped_column(fk("lectures.id", cascade=True))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    passing_score: Mapped[Decimal | None] = mapped_column(PERCENT)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    open_date: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    close_date: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    timer_minutes: Mapped[int | None] = mapped_column(Integer)
    score_visibility: Mapped[str] = mapped_column(String(20), default="immediate")
    answers_visibility: Mapped[str] = mapped_column(String(20), default="after_close")
    question_order: Mapped[str] = mapped_column(String(20), default="fixed")
    shuffle_choices: Mapped[bool] = mapped_column(Boolean, default=False)
    allow_multiple_attempts: Mapped[bool] = mapped_column(Boolean, default=False)
    max_attempts: Mapped[int | None] = mapped_column(Integer)
    attempt_scoring: Mapped[str] = mapped_column(String(20), default="best")
    show_correct_after_submission: Mapped[bool] = mapped_column(Boolean, default=True)
    scores_released_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    answers_released_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class QuizQuestionModel(Base):
    __tablename__ = "quiz_questions"
    __table_args__ = (
        UniqueConstraint("quiz_id", "question_id", name="uq_quiz_questions_quiz_question"),
        Index("ix_quiz_questions_quiz_order", "quiz_id", "order", "id"),
        # the bank's "in use" check and the RESTRICT key read it
        Index("ix_quiz_questions_question", "question_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[int] = mapped_column(fk("quizzes.id", cascade=True))
    # RESTRICT: a question a quiz uses is not deleted (400 "in use" before it gets here)
    question_id: Mapped[int] = mapped_column(fk("bank_questions.id"))
    order: Mapped[int] = mapped_column(Integer, default=0)
    points_override: Mapped[int | None] = mapped_column(Integer)


class QuizOverrideModel(Base):
    """A student's extra time, extra attempts or own close date for one quiz."""

    __tablename__ = "quiz_overrides"
    __table_args__ = (
        UniqueConstraint("quiz_id", "student_id", name="uq_quiz_overrides_quiz_student"),
        Index("ix_quiz_overrides_student", "student_id"),
        CheckConstraint("extra_minutes >= 0 AND extra_minutes <= 10080", name="extra_minutes_range"),
        CheckConstraint("extra_attempts >= 0 AND extra_attempts <= 100", name="extra_attempts_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[int] = mapped_column(fk("quizzes.id", cascade=True))
    student_id: Mapped[int] = mapped_column(fk("student_profiles.id", cascade=True))
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0)
    extra_attempts: Mapped[int] = mapped_column(Integer, default=0)
    close_date: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class QuizAttemptModel(Base):
    __tablename__ = "quiz_attempts"
    __table_args__ = (
        # the attempt limit under parallel starts: two starts cannot both take the same number
        UniqueConstraint(
            "quiz_id", "student_id", "attempt_number", name="uq_quiz_attempts_quiz_student_number"
        ),
        # one attempt in progress per (quiz, student)
        Index(
            "uq_quiz_attempts_one_in_progress",
            "quiz_id",
            "student_id",
            unique=True,
            sqlite_where=IN_PROGRESS,
            postgresql_where=IN_PROGRESS,
        ),
        Index("ix_quiz_attempts_status_deadline", "status", "deadline"),
        Index("ix_quiz_attempts_quiz_submitted", "quiz_id", "submitted_at", "id"),
        Index("ix_quiz_attempts_quiz_started", "quiz_id", "started_at", "id"),  # the staff list
        Index("ix_quiz_attempts_quiz_status", "quiz_id", "status", "submitted_at", "id"),
        Index("ix_quiz_attempts_student", "student_id", "started_at"),
        CheckConstraint("status IN ('in_progress', 'submitted', 'graded')", name="status_known"),
        CheckConstraint("closed_by IS NULL OR closed_by IN ('student', 'timer')", name="closed_by_known"),
        CheckConstraint("attempt_number >= 1", name="attempt_number_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[int] = mapped_column(fk("quizzes.id", cascade=True))
    student_id: Mapped[int] = mapped_column(fk("student_profiles.id", cascade=True))
    attempt_number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    started_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    deadline: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    closed_by: Mapped[str | None] = mapped_column(String(20))
    score: Mapped[Decimal] = mapped_column(SCORE, default=Decimal("0.00"))
    max_score: Mapped[Decimal] = mapped_column(SCORE, default=Decimal("0.00"))
    graded_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)


class QuizAnswerModel(Base):
    """One row per question of the attempt, written when it starts (the snapshot), with the student's
    answer (graded when saved for multiple choice) and a teacher's grade for a written one."""

    __tablename__ = "quiz_answers"
    __table_args__ = (
        Index("ix_quiz_answers_attempt_order", "attempt_id", "order", "id"),
        Index("ix_quiz_answers_question", "question_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(fk("quiz_attempts.id", cascade=True))
    question_id: Mapped[int] = mapped_column(Integer)  # no key: a snapshot outlives the bank question
    order: Mapped[int] = mapped_column(Integer, default=0)  # display order within the attempt
    question_type: Mapped[str] = mapped_column(String(20))
    question_text: Mapped[str] = mapped_column(Text)
    question_image: Mapped[str | None] = mapped_column(String(500))
    explanation: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[int] = mapped_column(Integer)
    answered: Mapped[bool] = mapped_column(Boolean, default=False)
    written_answer: Mapped[str | None] = mapped_column(Text)
    is_correct: Mapped[bool | None] = mapped_column(Boolean)
    points_awarded: Mapped[Decimal | None] = mapped_column(SCORE)
    score_override: Mapped[Decimal | None] = mapped_column(SCORE)
    feedback: Mapped[str] = mapped_column(Text, default="")
    graded_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    saved_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    # the bank ids of the selected snapshot choices, ascending, comma-separated ('' none): written with
    # the choices' flags (start, autosave, submit) so the item analysis counts picks from the answers
    # alone, never from the four-times-larger choices table
    selected_choices: Mapped[str] = mapped_column(Text, default="", server_default="")


class QuizAnswerChoiceModel(Base):
    __tablename__ = "quiz_answer_choices"
    __table_args__ = (Index("ix_quiz_answer_choices_answer_order", "answer_id", "order", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(fk("quiz_answers.id", cascade=True))
    choice_id: Mapped[int] = mapped_column(Integer)  # the bank choice's id at start time
    text: Mapped[str] = mapped_column(Text)
    image: Mapped[str | None] = mapped_column(String(500))
    is_correct: Mapped[bool] = mapped_column(Boolean, default=False)
    order: Mapped[int] = mapped_column(Integer, default=0)  # display order (shuffled when asked)
    selected: Mapped[bool] = mapped_column(Boolean, default=False)


class QuizItemGroupModel(Base):
    """The item analysis's groups over every closed attempt of a quiz (the scored attempts under
    ``average``), kept in the transactions that close or grade attempts (ADR 0014): how many answers share
    (question, answered, points awarded, points, the attempt's score, the selected choices). The statistics
    read these few hundred rows instead of grouping hundreds of thousands of answers. ``awarded`` is the
    answer's points awarded, 0 with ``waiting`` while a written answer waits for its grade (NULL then in
    the answer row): every key column is NOT NULL, so the key is a primary key and an upsert target.
    A group whose count falls to 0 (a regrade moved its answers) is deleted."""

    __tablename__ = "quiz_item_groups"

    quiz_id: Mapped[int] = mapped_column(fk("quizzes.id", cascade=True), primary_key=True)
    question_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answered: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    waiting: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    awarded: Mapped[Decimal] = mapped_column(SCORE, primary_key=True)
    points: Mapped[int] = mapped_column(Integer, primary_key=True)
    score: Mapped[Decimal] = mapped_column(SCORE, primary_key=True)
    selected_choices: Mapped[str] = mapped_column(Text, primary_key=True)
    answers: Mapped[int] = mapped_column(Integer)
