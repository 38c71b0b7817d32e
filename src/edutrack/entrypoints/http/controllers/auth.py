from __future__ import annotations

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import JSONBody

from edutrack.core.actor import Role
from edutrack.core.use_cases.auth.change_password import ChangePassword
from edutrack.core.use_cases.auth.get_me import GetMe
from edutrack.core.use_cases.auth.login import Login
from edutrack.core.use_cases.auth.logout import Logout
from edutrack.core.use_cases.auth.refresh import RefreshTokens
from edutrack.entrypoints.http.schemas.assistants import assistant_out
from edutrack.entrypoints.http.schemas.auth import (
    ChangePasswordIn,
    CredentialsIn,
    LoginOut,
    MeOut,
    RefreshIn,
    TokenPairOut,
    UserOut,
    login_attempt,
    password_change,
)
from edutrack.entrypoints.http.schemas.common import DetailOut
from edutrack.entrypoints.http.schemas.students import student_out
from edutrack.entrypoints.http.schemas.teachers import teacher_out
from edutrack.entrypoints.http.security import (
    REFRESH_COOKIE,
    actor_of,
    clear_auth_cookies,
    client_address,
    set_auth_cookies,
)
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.assistants import AssistantRow
from edutrack.ports.storage import MediaStorage
from edutrack.ports.students import StudentRow
from edutrack.ports.teachers import TeacherRow
from edutrack.settings import Settings

PUBLIC = {"public": True}
PUBLIC_READS_COOKIES = {"public": True, "reads_cookies": True}


class AuthController(Controller):
    path = "/accounts"
    tags = ["auth"]

    @post("/login/", status_code=200, opt=PUBLIC, summary="Log in; sets the HttpOnly token cookies")
    async def login(
        self,
        request: Request,
        login: Inject[Login],
        settings: Inject[Settings],
        data: JSONBody[CredentialsIn],
    ) -> Response[LoginOut]:
        pair = await login.execute(login_attempt(data, client_address(request)))
        user = pair.user
        assert user.id is not None
        body = LoginOut(
            user=UserOut(
                id=user.id, username=user.username, role=user.role, name=user.name, is_active=user.is_active
            )
        )
        response = Response(body)
        set_auth_cookies(response, pair, settings)
        return response

    @post("/token/", status_code=200, opt=PUBLIC, summary="Obtain a token pair for scripts (bearer use)")
    async def token(
        self, request: Request, login: Inject[Login], data: JSONBody[CredentialsIn]
    ) -> TokenPairOut:
        pair = await login.execute(login_attempt(data, client_address(request)))
        return TokenPairOut(access=pair.access, refresh=pair.refresh)

    @post(
        "/token/refresh/",
        status_code=200,
        opt=PUBLIC_READS_COOKIES,
        summary="Rotate a refresh token (body or cookie)",
    )
    async def refresh(
        self,
        request: Request,
        refresh_tokens: Inject[RefreshTokens],
        settings: Inject[Settings],
        data: JSONBody[RefreshIn | None] = None,
    ) -> Response[TokenPairOut]:
        from_body = data.refresh if data else None
        token = from_body or request.cookies.get(REFRESH_COOKIE) or ""
        pair = await refresh_tokens.execute(token)
        response = Response(TokenPairOut(access=pair.access, refresh=pair.refresh))
        if not from_body:
            set_auth_cookies(response, pair, settings)
        return response

    @post(
        "/logout/",
        status_code=200,
        opt=PUBLIC_READS_COOKIES,
        summary="Revoke the refresh token and clear the cookies",
    )
    async def logout(
        self,
        request: Request,
        logout: Inject[Logout],
        settings: Inject[Settings],
        data: JSONBody[RefreshIn | None] = None,
    ) -> Response[DetailOut]:
        token = (data.refresh if data else None) or request.cookies.get(REFRESH_COOKIE)
        await logout.execute(token)
        response = Response(DetailOut(detail="Logged out."))
        clear_auth_cookies(response, settings)
        return response

    @get("/me/", summary="The current user and their role's profile (null for a site owner)")
    async def me(self, request: Request, get_me: Inject[GetMe], media_storage: Inject[MediaStorage]) -> MeOut:
        me = await get_me.execute(actor_of(request))
        user, row = me.user, me.profile
        profile: msgspec.Struct | None = None
        if isinstance(row, TeacherRow):
            profile = teacher_out(row, request, media_storage)
        elif isinstance(row, AssistantRow):
            profile = assistant_out(row, request, media_storage)
        elif isinstance(row, StudentRow):
            profile = student_out(row)
        return MeOut(
            id=user.id,
            username=user.username,
            role=Role(user.role),
            name=user.name,
            is_active=user.is_active,
            profile=msgspec.to_builtins(profile) if profile is not None else None,
        )

    @post("/change-password/", status_code=200, summary="Change the password; other sessions are logged out")
    async def change_password(
        self, request: Request, change_password: Inject[ChangePassword], data: JSONBody[ChangePasswordIn]
    ) -> DetailOut:
        await change_password.execute(
            actor_of(request), password_change(data, request.cookies.get(REFRESH_COOKIE))
        )
        return DetailOut(detail="Password updated.")


CONTROLLERS: list[type[Controller]] = [AuthController]
