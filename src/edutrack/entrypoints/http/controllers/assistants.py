"""Assistants: a teacher manages their own (Teacher API §1); the site owner reads everyone's (SiteOwner §4).

Handlers only decode, call one use case and encode; the use cases check the roles again.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from edutrack.core.actor import Role
from edutrack.core.errors import ValidationFailed
from edutrack.core.use_cases.assistants.create_assistant import CreateAssistant
from edutrack.core.use_cases.assistants.delete_assistant import DeleteAssistant
from edutrack.core.use_cases.assistants.get_assistant import GetMyAssistant
from edutrack.core.use_cases.assistants.list_assistants import ListAllAssistants, ListMyAssistants
from edutrack.core.use_cases.assistants.update_assistant import UpdateAssistant
from edutrack.entrypoints.http.conventions import paginate, parse_int, parse_search
from edutrack.entrypoints.http.forms import read_form_or_json
from edutrack.entrypoints.http.openapi import AllQuery, IntQuery, Paged, PageQuery, PageSizeQuery, SearchQuery
from edutrack.entrypoints.http.schemas import assistants as s
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.uploads import read_image
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.assistants import AssistantFilter
from edutrack.ports.readers import PageRequest
from edutrack.ports.storage import MediaStorage

TEACHER_ONLY = [roles(Role.TEACHER)]
DETAIL = "/assistant/{assistant_id:int}/"
NOT_OWNED = ' Another teacher\'s assistant is 404 {"detail": "Not found."}; assistants get 403.'
UPDATE_BODY = (
    " Body: multipart/form-data or JSON with the fields of AssistantUpdateIn (username, password, name,"
    " phone, gmail, gender, is_active) and optionally a `profile_picture` file (JPEG/PNG/WebP, at most"
    " 5 MB; `null` or an empty form value removes the picture). A new password is re-hashed and signs the"
    " assistant out of other sessions; `is_active: false` blocks their login."
)

LIST_DESCRIPTION = (
    "A **teacher** gets their own assistants, each `{id, user_id, username, name, phone, gmail, gender,"
    " profile_picture, is_active, created_at, teacher}` (AssistantOut). A **site owner** gets every"
    " assistant of every teacher, each `{id, user_id, username, name, phone, gmail, gender, is_active,"
    " created_at, teacher, teacher_name}` (AssistantAdminOut), filtered by `?teacher=` (teacher profile"
    " id). `?search=` matches name, phone or gmail (case-insensitive substring) for both. Newest first;"
    " paginated (`?page`, `?page_size`, `?all=true`). Assistants and students: 403."
)


class AssistantController(Controller):
    path = "/accounts/teacher"
    tags = ["assistants"]

    @get(
        "/assistants/",
        guards=[roles(Role.TEACHER, Role.SITE_OWNER)],
        summary="List assistants (teacher: own; site owner: all, read-only)",
        description=LIST_DESCRIPTION,
    )
    async def list_assistants(
        self,
        request: Request,
        list_all_assistants: Inject[ListAllAssistants],
        list_my_assistants: Inject[ListMyAssistants],
        media_storage: Inject[MediaStorage],
        teacher: IntQuery = None,
        search: SearchQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[s.AssistantOut] | Paged[s.AssistantAdminOut]:
        actor = actor_of(request)
        text = parse_search(search)
        if actor.role is Role.SITE_OWNER:
            filters = AssistantFilter(teacher=parse_int("teacher", teacher), search=text)

            async def fetch_all(page: PageRequest) -> object:
                return await list_all_assistants.execute(actor, filters, page)

            return await paginate(request, fetch_all, s.assistant_admin_out)

        async def fetch_mine(page: PageRequest) -> object:
            return await list_my_assistants.execute(actor, page, text)

        return await paginate(request, fetch_mine, lambda row: s.assistant_out(row, request, media_storage))

    @post(
        "/assistants/",
        guards=TEACHER_ONLY,
        summary="Create an assistant for the calling teacher (multipart)",
        description=(
            "Creates the user (role assistant) and the profile in one transaction; answers 201 with the"
            " assistant as the teacher sees it. Duplicate username or gmail (any role, case-insensitive),"
            " a non-Egyptian phone, a weak password or a file that is not a real JPEG/PNG/WebP image are"
            " 400 field errors."
        ),
    )
    async def create_assistant(
        self,
        request: Request,
        create_assistant: Inject[CreateAssistant],
        media_storage: Inject[MediaStorage],
        data: Annotated[s.AssistantCreateIn, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> s.AssistantOut:
        new = s.new_assistant(data, await read_image(data.profile_picture))
        row = await create_assistant.execute(actor_of(request), new)
        return s.assistant_out(row, request, media_storage)

    @get(
        DETAIL, guards=TEACHER_ONLY, summary="One of the calling teacher's assistants", description=NOT_OWNED
    )
    async def get_assistant(
        self,
        request: Request,
        get_my_assistant: Inject[GetMyAssistant],
        media_storage: Inject[MediaStorage],
        assistant_id: FromPath[int],
    ) -> s.AssistantOut:
        row = await get_my_assistant.execute(actor_of(request), assistant_id)
        return s.assistant_out(row, request, media_storage)

    @put(
        DETAIL,
        guards=TEACHER_ONLY,
        opt={"form_body": s.AssistantUpdateIn},
        summary="Replace an assistant's fields (username, name, phone, gmail required; password optional)",
        description=UPDATE_BODY + NOT_OWNED,
    )
    async def replace_assistant(
        self,
        request: Request,
        update_assistant: Inject[UpdateAssistant],
        get_my_assistant: Inject[GetMyAssistant],
        media_storage: Inject[MediaStorage],
        assistant_id: FromPath[int],
    ) -> s.AssistantOut:
        use_cases = (update_assistant, get_my_assistant)
        return await _update(request, use_cases, media_storage, assistant_id, partial=False)

    @patch(
        DETAIL,
        guards=TEACHER_ONLY,
        opt={"form_body": s.AssistantUpdateIn},
        summary="Change some of an assistant's fields",
        description=UPDATE_BODY + NOT_OWNED,
    )
    async def update_assistant(
        self,
        request: Request,
        update_assistant: Inject[UpdateAssistant],
        get_my_assistant: Inject[GetMyAssistant],
        media_storage: Inject[MediaStorage],
        assistant_id: FromPath[int],
    ) -> s.AssistantOut:
        use_cases = (update_assistant, get_my_assistant)
        return await _update(request, use_cases, media_storage, assistant_id, partial=True)

    @delete(
        DETAIL,
        guards=TEACHER_ONLY,
        summary="Delete an assistant and their user account",
        description="The assistant's tokens stop working and their picture file is removed." + NOT_OWNED,
    )
    async def delete_assistant(
        self, request: Request, delete_assistant: Inject[DeleteAssistant], assistant_id: FromPath[int]
    ) -> None:
        await delete_assistant.execute(actor_of(request), assistant_id)


async def _update(
    request: Request,
    use_cases: tuple[UpdateAssistant, GetMyAssistant],
    media_storage: MediaStorage,
    assistant_id: int,
    *,
    partial: bool,
) -> s.AssistantOut:
    update, get_mine = use_cases
    actor = actor_of(request)
    data, files = await read_form_or_json(request, s.AssistantUpdateIn)
    try:
        changes = await s.assistant_changes(data, files, partial=partial)
    except ValidationFailed:
        # another teacher's assistant is 404 before anything is said about the body's content
        await get_mine.execute(actor, assistant_id)
        raise
    row = await update.execute(actor, assistant_id, changes)
    return s.assistant_out(row, request, media_storage)


CONTROLLERS: list[type[Controller]] = [AssistantController]
