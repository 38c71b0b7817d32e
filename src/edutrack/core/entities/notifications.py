from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class NotificationType(StrEnum):
    """§10: the events that notify someone. Later issues emit the rest."""

    ENROLLMENT_REQUESTED = "enrollment_requested"
    ENROLLMENT_APPROVED = "enrollment_approved"
    ENROLLMENT_REJECTED = "enrollment_rejected"
    BALANCE_ADDED = "balance_added"
    CODE_REDEEMED = "code_redeemed"
    STUDENT_STATUS_CHANGED = "student_status_changed"
    SCORES_RELEASED = "scores_released"
    ANSWERS_RELEASED = "answers_released"
    WRITTEN_ANSWER_GRADED = "written_answer_graded"
    UNENROLLED = "unenrolled"  # taken out of a course by an integration (Appsembler bulk enrollment)

    @property
    def display(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class NewNotification:
    user_id: int
    notification_type: NotificationType
    title: str
    message: str
    metadata: dict[str, object] | None = field(default=None)
