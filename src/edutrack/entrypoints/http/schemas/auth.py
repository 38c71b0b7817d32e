from __future__ import annotations

from typing import Annotated

import msgspec

from edutrack.core.actor import Role
from edutrack.core.use_cases.auth.change_password import PasswordChange
from edutrack.core.use_cases.auth.login import LoginAttempt

Username = Annotated[str, msgspec.Meta(min_length=1, max_length=150)]
Password = Annotated[str, msgspec.Meta(max_length=128)]


class CredentialsIn(msgspec.Struct, forbid_unknown_fields=False):
    username: Username
    password: Password


class UserOut(msgspec.Struct):
    id: int
    username: str
    role: Role
    name: str
    is_active: bool


class LoginOut(msgspec.Struct):
    user: UserOut


class TokenPairOut(msgspec.Struct):
    access: str
    refresh: str


class RefreshIn(msgspec.Struct, forbid_unknown_fields=False):
    refresh: Annotated[str, msgspec.Meta(max_length=4096)] | None = None


class MeOut(msgspec.Struct):
    id: int
    username: str
    role: Role
    name: str
    is_active: bool
    profile: Annotated[
        dict[str, object] | None,
        msgspec.Meta(
            description="The role's own profile: the teacher object of GET /accounts/teachers/{id}/, the "
            "assistant object of GET /accounts/teacher/assistant/{id}/, or the student object of "
            "GET /accounts/students/{id}/; null for a site owner."
        ),
    ] = None


class ChangePasswordIn(msgspec.Struct, forbid_unknown_fields=False):
    old_password: Password
    new_password: Password


# --- body → command -------------------------------------------------------------------------------


def login_attempt(data: CredentialsIn, client_address: str) -> LoginAttempt:
    return LoginAttempt(username=data.username, password=data.password, client_address=client_address)


def password_change(data: ChangePasswordIn, current_refresh: str | None) -> PasswordChange:
    return PasswordChange(
        old_password=data.old_password, new_password=data.new_password, current_refresh=current_refresh
    )
