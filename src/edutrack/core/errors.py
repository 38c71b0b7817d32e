"""The one hierarchy of domain errors.

Each error carries the body the API documents for it; ``entrypoints/http/errors.py`` maps the class to a
status code. The core never mentions HTTP: the class says what went wrong, the body says it in the
documents' words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from edutrack.core.messages import invalid_pk

__all__ = ["invalid_pk"]  # re-exported: rules that raise field errors name it with the errors

T = TypeVar("T")


class DomainError(Exception):
    """Base of every error the core raises on purpose."""

    key = "detail"
    default_message = "Request failed."

    def __init__(self, message: str | None = None, *, key: str | None = None) -> None:
        self.message = message or self.default_message
        if key is not None:
            self.key = key
        super().__init__(self.message)

    def body(self) -> dict[str, object]:
        return {self.key: self.message}


class ValidationFailed(DomainError):
    """Input broke a rule: ``{"field": ["message", ...]}`` (``non_field_errors`` for cross-field rules)."""

    def __init__(self, fields: Mapping[str, Sequence[str] | str]) -> None:
        self.fields = {k: [v] if isinstance(v, str) else list(v) for k, v in fields.items()}
        super().__init__("; ".join(f"{k}: {', '.join(v)}" for k, v in self.fields.items()))

    @classmethod
    def field(cls, name: str, message: str) -> ValidationFailed:
        return cls({name: [message]})

    @classmethod
    def non_field(cls, message: str) -> ValidationFailed:
        return cls({"non_field_errors": [message]})

    def body(self) -> dict[str, object]:
        return dict(self.fields)


class RuleViolation(DomainError):
    """A business rule refuses the request as it stands (400 with ``detail`` or ``error``)."""


class NotFound(DomainError):
    default_message = "Not found."


def found(row: T | None) -> T:
    """``row``, or NotFound when there is none."""
    if row is None:
        raise NotFound()
    return row


class PermissionDenied(DomainError):
    default_message = "You do not have permission to perform this action."


class AccountNotVerified(PermissionDenied):
    default_message = "Your account is not verified."


class AccountDisabled(PermissionDenied):
    default_message = "User account is disabled."


class NotAuthenticated(DomainError):
    default_message = "Authentication credentials were not provided."


class InvalidCredentials(NotAuthenticated):
    default_message = "Invalid username or password."


class InvalidRefreshToken(NotAuthenticated):
    key = "error"
    default_message = "Invalid or expired refresh token"


class Conflict(DomainError):
    """The request clashes with the current state of a resource (409)."""


class Throttled(DomainError):
    """Too many attempts within a limit's window. ``retry_after``: the window's length in seconds, when
    the counted attempts are forgotten at the latest (an upper bound: the window began at its first
    attempt)."""

    default_message = "Too many attempts. Try again later."

    def __init__(self, message: str | None = None, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class InUse(RuleViolation):
    default_message = "Cannot delete: it is in use."


class FieldErrors:
    """Collects field errors so that one response reports every problem at once (as DRF does)."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, *messages: str) -> None:
        self.fields.setdefault(field, []).extend(messages)

    def merge(self, exc: ValidationFailed) -> None:
        for field, messages in exc.fields.items():
            self.add(field, *messages)

    def check(self, rule: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        """Run ``rule``; on ``ValidationFailed`` keep its messages and return None."""
        try:
            return rule(*args, **kwargs)
        except ValidationFailed as exc:
            self.merge(exc)
            return None

    def __contains__(self, field: str) -> bool:
        return field in self.fields

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationFailed(self.fields)
