"""Reference data (§4): one controller per resource under ``/academics/<resource>/``, built by one factory.

Reads are public; writes are guarded for site owners (the use cases check again). Handlers only decode,
call one use case and encode.

No ``from __future__ import annotations`` here, on purpose: the handlers' annotations name the
resource's own body classes (closure variables), which Litestar could not resolve from strings; evaluated
annotations give every resource typed request and response bodies in the OpenAPI schema.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from edutrack.core.actor import Role
from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.errors import ValidationFailed
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.academics.delete_item import DeleteReferenceItem
from edutrack.core.use_cases.academics.get_item import GetReferenceItem
from edutrack.core.use_cases.academics.list_items import ListReferenceItems
from edutrack.core.use_cases.academics.update_item import UpdateReferenceItem
from edutrack.entrypoints.http.conventions import PageOut, paginate, parse_int, parse_search
from edutrack.entrypoints.http.openapi import (
    AllQuery,
    Paged,
    PageQuery,
    PageSizeQuery,
    SearchQuery,
    int_query,
)
from edutrack.entrypoints.http.schemas import academics as s
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.academics import ReferenceFilter, ReferenceRow
from edutrack.ports.readers import PageRequest

PUBLIC = {"public": True}
SITE_OWNER_ONLY = [roles(Role.SITE_OWNER)]
DETAIL = "/{item_id:int}/"
Search = SearchQuery


@dataclass(frozen=True, slots=True)
class Resource:
    kind: ReferenceKind
    name: str  # singular, for class names and summaries
    create: type[msgspec.Struct]
    patch: type[msgspec.Struct]
    out: type[msgspec.Struct]
    encode: Callable[[ReferenceRow], Any]
    parent: str | None = None  # the query parameter that filters by parent, if any


async def _list(
    request: Request,
    list_items: ListReferenceItems,
    resource: Resource,
    parent: int | None,
    search: str | None,
) -> PageOut[Any]:
    filters = ReferenceFilter(parent=parent, search=parse_search(search))

    async def fetch(page: PageRequest) -> object:
        return await list_items.execute(resource.kind, filters, page)

    return await paginate(request, fetch, resource.encode)


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def reference_controller(resource: Resource) -> type[Controller]:
    """A Controller for one resource, its handlers typed with the resource's own bodies."""
    Create, Patch, Out = resource.create, resource.patch, resource.out
    kind, encode, name = resource.kind, resource.encode, resource.name
    assert s.NEW_COMMANDS[Create].kind is kind and s.CHANGES_COMMANDS[Patch].kind is kind, name

    if resource.parent is None:

        @get("/", opt=PUBLIC, summary=f"List {kind.value} (public)")
        async def list_items(
            self,
            request: Request,
            list_reference_items: Inject[ListReferenceItems],
            search: Search = None,
            page: PageQuery = None,
            page_size: PageSizeQuery = None,
            all_: AllQuery = None,
        ) -> Paged[Out]:
            return await _list(request, list_reference_items, resource, None, search)

    else:
        parent_name = resource.parent

        @get("/", opt=PUBLIC, summary=f"List {kind.value} (public); filter by ?{parent_name}=")
        async def list_items(
            self,
            request: Request,
            list_reference_items: Inject[ListReferenceItems],
            search: Search = None,
            parent: Annotated[str | None, int_query(parent_name)] = None,
            page: PageQuery = None,
            page_size: PageSizeQuery = None,
            all_: AllQuery = None,
        ) -> Paged[Out]:
            return await _list(
                request, list_reference_items, resource, parse_int(parent_name, parent), search
            )

    @get(DETAIL, opt=PUBLIC, summary=f"One {name} (public)")
    async def retrieve(self, get_reference_item: Inject[GetReferenceItem], item_id: FromPath[int]) -> Out:
        return encode(await get_reference_item.execute(kind, item_id))

    @post("/", guards=SITE_OWNER_ONLY, summary=f"Create {_a(name)} (site owner)")
    async def create(
        self, request: Request, create_reference_item: Inject[CreateReferenceItem], data: JSONBody[Create]
    ) -> Out:
        row = await create_reference_item.execute(actor_of(request), s.new_item(data))
        return encode(row)

    @patch(DETAIL, guards=SITE_OWNER_ONLY, summary=f"Change {_a(name)} (site owner; only the fields sent)")
    async def update(
        self,
        request: Request,
        update_reference_item: Inject[UpdateReferenceItem],
        get_reference_item: Inject[GetReferenceItem],
        item_id: FromPath[int],
        data: JSONBody[Patch],
    ) -> Out:
        try:
            changes = s.item_changes(data)
        except ValidationFailed:
            await get_reference_item.execute(kind, item_id)  # a missing item is 404 before a bad price
            raise
        row = await update_reference_item.execute(actor_of(request), item_id, changes)
        return encode(row)

    @delete(DETAIL, guards=SITE_OWNER_ONLY, summary=f"Delete {_a(name)} (site owner; refused while in use)")
    async def destroy(
        self, request: Request, delete_reference_item: Inject[DeleteReferenceItem], item_id: FromPath[int]
    ) -> None:
        await delete_reference_item.execute(actor_of(request), kind, item_id)

    class_name = "".join(part.title() for part in name.split()) + "Controller"
    namespace = {
        "path": f"/academics/{kind.value}",
        "tags": ["academics"],
        "list_items": list_items,
        "retrieve": retrieve,
        "create": create,
        "update": update,
        "destroy": destroy,
    }
    return type(class_name, (Controller,), namespace)


RESOURCES = [
    Resource(ReferenceKind.GRADE, "grade", s.GradeIn, s.GradePatch, s.GradeOut, s.grade_out),
    Resource(
        ReferenceKind.SCHOOL_TYPE,
        "school type",
        s.SchoolTypeIn,
        s.SchoolTypePatch,
        s.SchoolTypeOut,
        s.school_type_out,
    ),
    Resource(
        ReferenceKind.DIVISION,
        "division",
        s.DivisionIn,
        s.DivisionPatch,
        s.DivisionOut,
        s.division_out,
        "grade",
    ),
    Resource(
        ReferenceKind.SUBJECT, "subject", s.SubjectIn, s.SubjectPatch, s.SubjectOut, s.subject_out, "grade"
    ),
    Resource(
        ReferenceKind.GOVERNORATE,
        "governorate",
        s.GovernorateIn,
        s.GovernoratePatch,
        s.GovernorateOut,
        s.governorate_out,
    ),
    Resource(ReferenceKind.AREA, "area", s.AreaIn, s.AreaPatch, s.AreaOut, s.area_out, "governorate"),
    Resource(
        ReferenceKind.VIDEO_SECURITY,
        "video security option",
        s.VideoSecurityIn,
        s.VideoSecurityPatch,
        s.VideoSecurityOut,
        s.video_security_out,
    ),
]

CONTROLLERS: list[type[Controller]] = [reference_controller(r) for r in RESOURCES]
