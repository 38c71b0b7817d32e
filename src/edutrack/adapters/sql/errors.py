"""Database errors → domain errors, in one place. Named constraints map to the error a user should see."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import IntegrityError

from edutrack.core.errors import Conflict, DomainError, ValidationFailed

# constraint (or index) name → the domain error it means. Later issues add their named constraints here.
CONSTRAINT_ERRORS: dict[str, Callable[[], DomainError]] = {
    "uq_users_username_lower": lambda: ValidationFailed.field("username", "Username already exists."),
    "uq_users_gmail_lower": lambda: ValidationFailed.field(
        "gmail", "This email is already associated with an account."
    ),
}


def translate(exc: IntegrityError) -> DomainError:
    """A violated named constraint becomes its domain error; anything else is a 409 conflict."""
    text = str(exc.orig) if exc.orig is not None else str(exc)
    constraint = getattr(getattr(exc.orig, "__cause__", None), "constraint_name", None) or getattr(
        exc.orig, "constraint_name", None
    )
    if constraint and constraint in CONSTRAINT_ERRORS:
        return CONSTRAINT_ERRORS[constraint]()
    for name, make in CONSTRAINT_ERRORS.items():
        if name in text:
            return make()
    return Conflict("The request conflicts with the current state of the resource.")
