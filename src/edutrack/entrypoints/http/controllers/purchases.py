"""Lecture purchases (Teacher API §7, API_SUPPLEMENT §5/§6): buying a lecture, reopening access, and the
student's and staff's lists. Handlers decode, call one use case and encode; the use cases check again."""

from __future__ import annotations

from dataclasses import replace

from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, JSONBody

from edutrack.core.actor import Role
from edutrack.core.use_cases.purchases.list_my_purchases import ListMyPurchases, MyPurchaseQuery
from edutrack.core.use_cases.purchases.list_purchases import ListPurchases, PurchaseQuery
from edutrack.core.use_cases.purchases.purchase_lecture import PurchaseLecture
from edutrack.core.use_cases.purchases.reopen_purchase import ReopenPurchase
from edutrack.entrypoints.http.conventions import paginate, parse_bool, parse_int, parse_search
from edutrack.entrypoints.http.idempotency import IdempotencyKey, idempotency_of
from edutrack.entrypoints.http.openapi import (
    AllQuery,
    BoolQuery,
    IntQuery,
    Paged,
    PageQuery,
    PageSizeQuery,
    TextQuery,
)
from edutrack.entrypoints.http.schemas import purchases as s
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.readers import PageRequest

STUDENT = [roles(Role.STUDENT)]
STAFF = [roles(Role.TEACHER, Role.ASSISTANT)]
READERS = [roles(Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT)]
PURCHASE = (
    " A purchased lecture is `{id, student, lecture, lecture_name, topic_name, course_name, teacher_name,"
    " purchased_at, expires_at, effective_expiry, amount_paid, extra_days, is_expired, reopened_by,"
    " reopened_by_name, reopened_at, reopen_logs: [{extra_days, reopened_by (name), reopened_at, note}]}`;"
    " `expires_at = purchased_at + available_days`, `effective_expiry = expires_at + extra_days` (every"
    " reopen summed), `is_expired = now > effective_expiry`."
)


class LecturePurchaseController(Controller):
    path = "/courses/lectures"
    tags = ["purchases"]

    @post(
        "/{lecture_id:int}/purchase/",
        guards=STUDENT,
        summary="Buy a lecture",
        description=(
            'Verified students (others 403 `{"detail": "Your account is not verified."}`). Deducts the'
            " lecture's `final_price` from the student's balance in the lecture's course (a `purchase` ledger"
            ' entry); a free lecture is bought without touching the balance (`amount_paid` "0.00"). Answers'
            " 201 with the purchased lecture. A lecture hidden from students (or in an inactive topic or"
            ' course) is 404; no approved enrollment in the course: 403 `{"error": "Student is not enrolled'
            ' in this course"}`; an unexpired purchase: 400 `{"error": "You already have active access to'
            ' this lecture"}`; balance too low: 400 `{"error": "Insufficient balance"}`. Concurrent purchases'
            " never spend a balance twice. After access expires the lecture can be bought again." + PURCHASE
        ),
        status_code=201,
    )
    async def purchase(
        self,
        request: Request,
        purchase_lecture: Inject[PurchaseLecture],
        lecture_id: FromPath[int],
        idempotency_key: IdempotencyKey = None,
    ) -> s.PurchaseOut:
        view = await purchase_lecture.execute(actor_of(request), lecture_id, idempotency_of(request))
        return s.purchase_out(view)


class PurchaseController(Controller):
    path = "/courses/purchases"
    tags = ["purchases"]

    @get(
        "/",
        guards=READERS,
        summary="Purchases in the caller's scope",
        description=(
            "Teachers and assistants: purchases of their teacher's courses; the site owner: every purchase;"
            " students 403. Newest first. Filters: `?lecture=` (id), `?student=` (student id or student"
            " code), `?course=` (id), `?is_expired=` (true/false). Paginated (`?page`, `?page_size`,"
            " `?all=true`)." + PURCHASE
        ),
    )
    async def list_purchases(
        self,
        request: Request,
        list_purchases: Inject[ListPurchases],
        lecture: IntQuery = None,
        student: TextQuery = None,
        course: IntQuery = None,
        is_expired: BoolQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[s.PurchaseOut]:
        actor = actor_of(request)
        query = PurchaseQuery(
            lecture=parse_int("lecture", lecture),
            student=parse_search(student),
            course=parse_int("course", course),
            is_expired=parse_bool("is_expired", is_expired),
        )

        async def fetch(page: PageRequest) -> object:
            return await list_purchases.execute(actor, query, page)

        return await paginate(request, fetch, s.purchase_out)

    @get(
        "/my/",
        guards=STUDENT,
        summary="The student's own purchased lectures",
        description=(
            "Students only. Newest first, each with `is_expired` and `effective_expiry`. Filters:"
            " `?lecture=`, `?course=`, `?is_expired=` (true/false). Paginated (`?page`, `?page_size`,"
            " `?all=true`)." + PURCHASE
        ),
    )
    async def my_purchases(
        self,
        request: Request,
        list_my_purchases: Inject[ListMyPurchases],
        lecture: IntQuery = None,
        course: IntQuery = None,
        is_expired: BoolQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[s.PurchaseOut]:
        actor = actor_of(request)
        query = MyPurchaseQuery(
            lecture=parse_int("lecture", lecture),
            course=parse_int("course", course),
            is_expired=parse_bool("is_expired", is_expired),
        )

        async def fetch(page: PageRequest) -> object:
            return await list_my_purchases.execute(actor, query, page)

        return await paginate(request, fetch, s.purchase_out)

    @patch(
        "/{purchase_id:int}/reopen/",
        guards=STAFF,
        summary="Extend a student's access to a lecture",
        description=(
            'The teacher of the lecture\'s course or their assistants. JSON `{"extra_days": >= 1 (at most'
            ' 3650), "note": optional text}`; reopens accumulate and each leaves a `reopen_logs` entry.'
            ' Another teacher\'s purchase: 403 `{"error": "You can only extend access for lectures in'
            ' your own courses"}`; extra_days below 1: 400 `{"extra_days": ["Ensure this value is greater'
            ' than or equal to 1."]}`; unknown purchase: 404 `{"detail": "Not found."}`. Only the current'
            " purchase of a lecture can be extended: one the student has since replaced by buying the lecture"
            ' again is 400 `{"error": "This purchase was replaced by a newer purchase of the same lecture;'
            ' extend that one instead"}`. Answers 200 with the updated purchase.' + PURCHASE
        ),
    )
    async def reopen(
        self,
        request: Request,
        reopen_purchase: Inject[ReopenPurchase],
        purchase_id: FromPath[int],
        data: JSONBody[s.ReopenIn],
        idempotency_key: IdempotencyKey = None,
    ) -> s.PurchaseOut:
        command = replace(s.reopen_command(purchase_id, data), idempotency=idempotency_of(request))
        view = await reopen_purchase.execute(actor_of(request), command)
        return s.purchase_out(view)


CONTROLLERS: list[type[Controller]] = [LecturePurchaseController, PurchaseController]
