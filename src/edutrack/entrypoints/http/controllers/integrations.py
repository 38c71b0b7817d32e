"""Integrations (API_SUPPLEMENT §11, issue #14): the OAuth2 token endpoint, the Appsembler accounts and
analytics batches (OAuth client tokens only, ``opt={"integration": True}``) and the site owner's audit
trail. Handlers decode, call one use case and encode; the batches answer a stream."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Callable
from typing import Annotated, Any, TypeVar

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Stream

from edutrack.core.actor import Role
from edutrack.core.entities.integrations import AuditAction
from edutrack.core.use_cases.integrations.accounts import (
    CreateIntegrationAccount,
    GetIntegrationUser,
    NewAccount,
    WrongParameters,
)
from edutrack.core.use_cases.integrations.analytics import AccountsBatch, BatchQuery, EnrollmentsBatch
from edutrack.core.use_cases.integrations.audit import ListIntegrationAudit
from edutrack.core.use_cases.integrations.tokens import InvalidRequest, IssueAccessToken, TokenRequest
from edutrack.entrypoints.http.conventions import paginate, parse_choice
from edutrack.entrypoints.http.openapi import (
    ACCOUNT_EXISTS,
    ACCOUNT_REFUSED,
    NOT_FOUND,
    AllQuery,
    MomentQuery,
    Paged,
    PageQuery,
    PageSizeQuery,
    TextQuery,
    choice,
)
from edutrack.entrypoints.http.schemas import integrations as s
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.validation import FORM_TYPES, content_type
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.readers import PageRequest
from edutrack.settings import Settings

R = TypeVar("R")
MEDIA = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
TOKEN_MEDIA = ("application/x-www-form-urlencoded", "application/json")
CHUNK_ROWS = 200
COMMON = (
    "Authentication: `Authorization: Bearer <token>` from `POST /oauth2/access_token/` (client credentials); "
    'missing: 401 {"detail": "Authentication credentials were not provided."}, bad, expired or revoked: 401 '
    '{"detail": "Invalid Token."}; user tokens and cookies never open it. The path works with or without a '
    "trailing slash. "
)
TOKEN = (
    "OAuth2 client credentials (RFC 6749 §4.4), as a form (`application/x-www-form-urlencoded`, the OAuth2 "
    "way) or JSON: {grant_type: client_credentials, client_id, client_secret}. Answers 200 {access_token, "
    'token_type: "Bearer", expires_in: 36000, scope: "read write"}. Errors as RFC 6749 §5.2 (the document '
    'gives none): a missing parameter or an unreadable body 400 {"error": "invalid_request"}; another grant '
    'type 400 {"error": "unsupported_grant_type"}; an unknown client, a wrong secret or a revoked client 401 '
    '{"error": "invalid_client"}. Tokens are 256 random bits stored as SHA-256 digests; each call issues a '
    "new one (they live 10 hours; revoking the client ends them at once). Clients are made with `edutrack "
    "oauth create-client --name N`."
)
CREATE = (
    "JSON or form {username, password, email, name}. Creates a *verified* student who can log in at once: "
    "the email is the account's gmail, the name its name (and the profile's English name); the profile's "
    "other fields stay empty (texts) or null (national id, birth date, gender, governorate, area) for the "
    'student to complete. Answers 200 {"user_id ": <user id>} (the document\'s key, with its space). A '
    "missing field, a field that is no string, or one breaking the platform's rules (username: letters, "
    "digits and @/./+/-/_, up to 150; a valid email; a name up to 200; the password rules: 8-128 "
    'characters, not all digits, not the username, not common): 400 {"user_message": "Wrong parameters on '
    'user creation"}; a username or email any account already has (any role, case-insensitive): 409 '
    '{"user_message": "User already exists"}. Nothing is written on either. The creation is recorded in the '
    "integration audit (`account_created`). In the same transaction the new student is enrolled (approved) "
    "in the courses a bulk enrollment remembered for that email with `auto_enroll` "
    "(audited `auto_enrolled`). "
)
GET_USER = (
    'Whether an account has this username (any role, case-insensitive): 200 {"user_id ": "<username>"} '
    '(the document\'s body: the stored username under the key "user_id "); unknown: 404 {"detail": "Not '
    'found"}. '
)
BATCH = (
    "`updated_min` / `updated_max`: a date `YYYY-MM-DD` (the whole day in the platform's time zone, "
    "EDUTRACK_TIME_ZONE, Africa/Cairo by default) or an ISO datetime (`Z` or an offset; without one, the "
    "platform's time zone); both bounds are inclusive, so `updated_max=2015-12-19` includes all of the 19th "
    "(`update_min` / `update_max`, as one of the document's examples spells them, are accepted too). A bad "
    'value: 400 {"updated_min": ["Date or datetime has wrong format. ..."]}. The answer is a JSON array, '
    "ordered by id, streamed in chunks from a server-side cursor (no pagination, never one list in memory). "
)
ACCOUNTS = (
    "Every account (all roles: students, teachers, assistants, the site owner — the document's \"all "
    'registered accounts"), created in the window: [{username, date_joined, is_active, id, email}] '
    '(`date_joined`: when the account was created, UTC; `email`: its gmail, "" when none). '
)
ENROLLMENTS = (
    "The approved (current) enrollments (not pending, rejected or unenrolled ones), enrolled in the window "
    "(when approved, else when requested): [{username, course_id, user_id, enrollment_id, date_enrolled}], "
    "`course_id` a course key `course-v1:EduTrack+{id}+course`. `course_id` filters by course; a key that "
    'names no course: 404 {"detail": "Not found"}. '
)
AUDIT = (
    "Site owner only (others 403). Every privileged change made through the Appsembler API, newest first, "
    "paginated: {id, client (its client_id; null once deleted or for an auto-enrollment no client made), "
    "client_name, action, target, details, created_at}. Filters: `client` (a client_id or the client's "
    "number), `action` (" + ", ".join(a.value for a in AuditAction) + "), `created_after` / "
    "`created_before` (dates or datetimes, inclusive), `date` (one day, platform time zone). A bad filter: "
    "400 with the field's error."
)


async def _raw_body(request: Request) -> dict[str, Any] | None:
    """A form or a JSON object as a plain dict; None when the body is neither."""
    if content_type(request) in FORM_TYPES:
        form = await request.form()
        return {key: value for key, value in form.items() if isinstance(value, str)}
    body = await request.body()
    if not body.strip():
        return {}
    try:
        raw = msgspec.json.decode(body)
    except msgspec.DecodeError:
        return None
    return raw if isinstance(raw, dict) else None


def _text(raw: dict[str, Any], name: str) -> str | None:
    value = raw.get(name)
    return value if isinstance(value, str) else None


def _json_array(rows: AsyncIterator[R], encode: Callable[[R], bytes]) -> AsyncIterable[bytes]:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"["
        batch: list[bytes] = []
        first = True
        async for row in rows:
            batch.append(encode(row))
            if len(batch) >= CHUNK_ROWS:
                yield (b"" if first else b",") + b",".join(batch)
                first, batch = False, []
        if batch:
            yield (b"" if first else b",") + b",".join(batch)
        yield b"]"

    return chunks()


def _batch_query(request: Request, course_key: str | None = None) -> BatchQuery:
    params = request.query_params
    lower = params.get("updated_min", params.get("update_min"))
    upper = params.get("updated_max", params.get("update_max"))
    return BatchQuery(
        updated_min=s.parse_moment("updated_min", lower),
        updated_max=s.parse_moment("updated_max", upper),
        course_key=course_key,
    )


class OAuthController(Controller):
    path = "/oauth2"
    tags = ["appsembler"]

    @post(
        "/access_token/",
        status_code=200,
        opt={"public": True, "form_body": s.TokenIn, "form_media": TOKEN_MEDIA},
        security=[],
        summary="Get an OAuth2 access token (client credentials)",
        description=TOKEN,
    )
    async def access_token(
        self, request: Request, issue_access_token: Inject[IssueAccessToken]
    ) -> s.TokenOut:
        raw = await _raw_body(request)
        if raw is None:
            raise InvalidRequest()
        issued = await issue_access_token.execute(
            TokenRequest(
                grant_type=_text(raw, "grant_type"),
                client_id=_text(raw, "client_id"),
                client_secret=_text(raw, "client_secret"),
            )
        )
        return s.TokenOut(
            access_token=issued.access_token,
            token_type=issued.token_type,
            expires_in=issued.expires_in,
            scope=issued.scope,
        )


class AppsemblerAccountsController(Controller):
    path = "/appsembler_api/v0/accounts"
    tags = ["appsembler"]
    security = [{"BearerToken": []}]

    @post(
        "/create",
        status_code=200,
        opt={"integration": True, "form_body": s.AccountIn, "form_media": MEDIA},
        responses={400: ACCOUNT_REFUSED, 409: ACCOUNT_EXISTS},
        summary="Create a student account (OAuth client)",
        description=CREATE + COMMON,
    )
    async def create(
        self, request: Request, create_integration_account: Inject[CreateIntegrationAccount]
    ) -> s.AccountCreatedOut:
        raw = await _raw_body(request)
        if raw is None:
            raise WrongParameters()
        created = await create_integration_account.execute(
            actor_of(request),
            NewAccount(
                username=_text(raw, "username"),
                password=_text(raw, "password"),
                email=_text(raw, "email"),
                name=_text(raw, "name"),
            ),
        )
        return s.AccountCreatedOut(user_id=created.user_id)

    @get(
        "/get-user/{username:str}",
        opt={"integration": True},
        summary="Check an existing username (OAuth client)",
        description=GET_USER + COMMON,
    )
    async def get_user(
        self, request: Request, username: FromPath[str], get_integration_user: Inject[GetIntegrationUser]
    ) -> s.UserFoundOut:
        return s.UserFoundOut(user_id=await get_integration_user.execute(actor_of(request), username))


class AppsemblerAnalyticsController(Controller):
    path = "/appsembler_api/v0/analytics"
    tags = ["appsembler"]
    security = [{"BearerToken": []}]

    @get(
        "/accounts/batch",
        opt={"integration": True},
        summary="Accounts batch (OAuth client; streamed)",
        description=ACCOUNTS + BATCH + COMMON,
        media_type="application/json",
    )
    async def accounts(
        self,
        request: Request,
        accounts_batch: Inject[AccountsBatch],
        updated_min: MomentQuery = None,
        updated_max: MomentQuery = None,
    ) -> Stream:
        rows = await accounts_batch.execute(actor_of(request), _batch_query(request))
        return Stream(_json_array(rows, s.account_json), media_type="application/json")

    @get(
        "/enrollment/batch",
        opt={"integration": True},
        responses={404: NOT_FOUND},  # a course_id naming no course
        summary="Enrollments batch (OAuth client; streamed)",
        description=ENROLLMENTS + BATCH + COMMON,
        media_type="application/json",
    )
    async def enrollments(
        self,
        request: Request,
        enrollments_batch: Inject[EnrollmentsBatch],
        course_id: TextQuery = None,
        updated_min: MomentQuery = None,
        updated_max: MomentQuery = None,
    ) -> Stream:
        rows = await enrollments_batch.execute(actor_of(request), _batch_query(request, course_id))
        return Stream(_json_array(rows, s.enrollment_json), media_type="application/json")


class IntegrationAuditController(Controller):
    path = "/integrations/audit"
    tags = ["integrations"]
    guards = [roles(Role.SITE_OWNER)]

    @get("/", summary="The Appsembler API's audit trail (site owner)", description=AUDIT)
    async def list_audit(
        self,
        request: Request,
        list_integration_audit: Inject[ListIntegrationAudit],
        settings: Inject[Settings],
        client: TextQuery = None,
        action: Annotated[str | None, choice(AuditAction)] = None,
        created_after: MomentQuery = None,
        created_before: MomentQuery = None,
        date: MomentQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[s.AuditOut]:
        chosen = parse_choice("action", action, [a.value for a in AuditAction])
        filters = s.audit_filter(
            settings.zone,
            client=client.strip() if client and client.strip() else None,
            action=AuditAction(chosen) if chosen else None,
            created_after=s.parse_moment("created_after", created_after),
            created_before=s.parse_moment("created_before", created_before),
            day=s.parse_moment("date", date),
        )
        actor = actor_of(request)

        async def fetch(page: PageRequest) -> object:
            return await list_integration_audit.execute(actor, filters, page)

        return await paginate(request, fetch, s.audit_out)


CONTROLLERS = [
    OAuthController,
    AppsemblerAccountsController,
    AppsemblerAnalyticsController,
    IntegrationAuditController,
]
