"""Balances, the ledger and recharge codes (Teacher §12, SiteOwner §5, API_SUPPLEMENT §5, §6):
``/payments/balance/…``, ``/payments/transactions/my/``, ``/payments/codes/…``. Handlers decode, call
one use case and encode."""

from __future__ import annotations

from dataclasses import replace

from litestar import Controller, Request, get, post
from litestar.params import JSONBody
from litestar.response import Stream

from edutrack.core.actor import Role
from edutrack.core.use_cases.wallets.add_balance import AddBalance
from edutrack.core.use_cases.wallets.export_codes import ExportRechargeCodes
from edutrack.core.use_cases.wallets.generate_codes import GenerateRechargeCodes
from edutrack.core.use_cases.wallets.list_codes import ListRechargeCodes
from edutrack.core.use_cases.wallets.list_my_balances import ListMyBalances
from edutrack.core.use_cases.wallets.list_my_transactions import ListMyTransactions
from edutrack.core.use_cases.wallets.list_student_balances import ListStudentBalances
from edutrack.core.use_cases.wallets.redeem_code import RedeemCode
from edutrack.entrypoints.http.conventions import paginate, parse_bool, parse_int
from edutrack.entrypoints.http.idempotency import IdempotencyKey, idempotency_of
from edutrack.entrypoints.http.openapi import (
    AllQuery,
    BoolQuery,
    IntQuery,
    Paged,
    PageQuery,
    PageSizeQuery,
    TextQuery,
    csv_download,
)
from edutrack.entrypoints.http.schemas.wallets import (
    BalanceAddedOut,
    BalanceAddIn,
    CodeBatchOut,
    CodeIn,
    CodeOut,
    MyBalanceOut,
    RedeemedOut,
    RedeemIn,
    StudentBalanceOut,
    TransactionOut,
    add_balance_command,
    balance_added_out,
    code_out,
    code_request,
    codes_csv,
    my_balance_out,
    redeem_command,
    redeemed_out,
    student_balance_out,
    transaction_out,
)
from edutrack.entrypoints.http.security import actor_of, client_address, roles
from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.readers import PageRequest
from edutrack.ports.wallets import CodeFilter

STAFF = [roles(Role.TEACHER, Role.ASSISTANT)]
STUDENT = [roles(Role.STUDENT)]
OWNER = [roles(Role.SITE_OWNER)]
NOT_VERIFIED = ' An unverified student: 403 {"detail": "Your account is not verified."}.'
CODE_SHAPE = (
    "A code: {id, course, course_name, teacher_name, code (ABCD-EFGH-JKMN-PQRS), value, is_used, used_by "
    "(student profile id), used_by_name, used_at, created_at, expires_at, created_by (user id; null for "
    "codes made at the command line), created_by_username}."
)


def _code_filter(course: str | None, is_used: str | None) -> CodeFilter:
    return CodeFilter(course_id=parse_int("course", course), is_used=parse_bool("is_used", is_used))


class BalanceController(Controller):
    path = "/payments"
    tags = ["balance"]

    @post(
        "/balance/add/",
        status_code=200,
        guards=STAFF,
        summary="Add balance to a student's course wallet (teacher, assistant)",
        description=(
            "`student_id` is a student profile id or a student code; `amount` (string or number, >= 0.01, "
            "two decimals at most) is credited to the student's wallet in the course, with a `manual_add` "
            "ledger entry carrying the caller and `reason`; the student is notified (balance_added). "
            'Errors: 400 {"amount": ["Ensure this value is greater than or equal to 0.01."]}; 404 '
            '{"error": "Student not found"} / {"error": "Course not found"}; 403 {"error": "You can only '
            'add balance for your own courses"}; 403 {"error": "Student is not enrolled in this course"} '
            "(an approved enrollment is needed). `transaction_id` is the ledger entry's id."
        ),
    )
    async def add(
        self,
        request: Request,
        add_balance: Inject[AddBalance],
        data: JSONBody[BalanceAddIn],
        idempotency_key: IdempotencyKey = None,
    ) -> BalanceAddedOut:
        command = replace(add_balance_command(data), idempotency=idempotency_of(request))
        result = await add_balance.execute(actor_of(request), command)
        return balance_added_out(result)

    @get(
        "/balance/students/",
        guards=STAFF,
        summary="Balances of the students enrolled in the caller's courses (teacher, assistant)",
        description=(
            "A bare array, one row per approved enrollment in the teacher's courses, ordered by course "
            "name then student name; `balance` is 0.00 when the student has no wallet yet. Filters: "
            "?course=<course id>, ?student=<student profile id or student code>. Another teacher's course "
            "matches nothing."
        ),
    )
    async def students(
        self,
        request: Request,
        list_student_balances: Inject[ListStudentBalances],
        course: IntQuery = None,
        student: TextQuery = None,
    ) -> list[StudentBalanceOut]:
        rows = await list_student_balances.execute(actor_of(request), parse_int("course", course), student)
        return [student_balance_out(row) for row in rows]

    @get(
        "/balance/my/",
        guards=STUDENT,
        summary="The calling student's balances (student)",
        description=(
            "A bare array [{course_id, course_name, balance}]: every course where the student has a "
            "wallet or an approved enrollment (0.00 without a wallet), by course name."
        ),
    )
    async def my_balances(
        self, request: Request, list_my_balances: Inject[ListMyBalances]
    ) -> list[MyBalanceOut]:
        rows = await list_my_balances.execute(actor_of(request))
        return [my_balance_out(row) for row in rows]

    @get(
        "/transactions/my/",
        guards=STUDENT,
        summary="The calling student's ledger entries (student)",
        description=(
            "Paginated (?page, ?page_size, ?all=true), newest first. An entry: {id (the transaction_id), "
            "kind (code_redeem | manual_add | purchase), amount (signed: debits are negative, e.g. "
            '"-75.00"), balance_after, course (id), course_name, reason, actor_name, created_at}.'
        ),
    )
    async def my_transactions(
        self,
        request: Request,
        list_my_transactions: Inject[ListMyTransactions],
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[TransactionOut]:
        actor = actor_of(request)

        async def fetch(page: PageRequest) -> object:
            return await list_my_transactions.execute(actor, page)

        return await paginate(request, fetch, transaction_out)


class RechargeCodeController(Controller):
    path = "/payments/codes"
    tags = ["recharge codes"]

    @post(
        "/",
        guards=OWNER,
        summary="Generate recharge codes (site owner)",
        description=(
            "Body {course, value (>= 1.00), expires_at?, count? (1–1000, default 1)}. 201 with the code; "
            'with count > 1, {"count": N, "results": [codes by id]} — the whole batch in one transaction. '
            "Codes are 16 symbols of an unambiguous alphabet from a cryptographic random source. "
            "`expires_at` must lie in the future (without an offset it is read as UTC). Errors: 400 "
            '{"course": ["Invalid pk \\"X\\" - object does not exist."]}, {"value": ["Ensure this value '
            'is greater than or equal to 1."]}. ' + CODE_SHAPE
        ),
    )
    async def create(
        self, request: Request, generate_recharge_codes: Inject[GenerateRechargeCodes], data: JSONBody[CodeIn]
    ) -> CodeOut | CodeBatchOut:
        rows = await generate_recharge_codes.execute(actor_of(request), code_request(data))
        if data.count == 1:
            return code_out(rows[0])
        return CodeBatchOut(count=len(rows), results=[code_out(row) for row in rows])

    @get(
        "/",
        guards=OWNER,
        summary="List recharge codes (site owner)",
        description=(
            "Paginated (?page, ?page_size, ?all=true), newest first. Filters: ?course=<course id>, "
            "?is_used=true|false. " + CODE_SHAPE
        ),
    )
    async def list_codes(
        self,
        request: Request,
        list_recharge_codes: Inject[ListRechargeCodes],
        course: IntQuery = None,
        is_used: BoolQuery = None,
        page: PageQuery = None,
        page_size: PageSizeQuery = None,
        all_: AllQuery = None,
    ) -> Paged[CodeOut]:
        actor = actor_of(request)
        filters = _code_filter(course, is_used)

        async def fetch(page: PageRequest) -> object:
            return await list_recharge_codes.execute(actor, filters, page)

        return await paginate(request, fetch, code_out)

    @get(
        "/export/",
        guards=OWNER,
        summary="Export recharge codes as CSV (site owner)",
        responses=csv_download("The codes as CSV (UTF-8), streamed; formula-like cells escaped."),
        description=(
            "text/csv (UTF-8), streamed: a header row (id, code, course, course_name, teacher_name, value, "
            "is_used, used_by, used_by_name, used_at, created_at, expires_at, created_by, "
            "created_by_username) then one row per code by id. Filters as the list: ?course=, ?is_used=. "
            "Cells a spreadsheet would take for a formula are prefixed with an apostrophe."
        ),
        media_type="text/csv",
    )
    async def export(
        self,
        request: Request,
        export_recharge_codes: Inject[ExportRechargeCodes],
        course: IntQuery = None,
        is_used: BoolQuery = None,
    ) -> Stream:
        rows = export_recharge_codes.execute(actor_of(request), _code_filter(course, is_used))
        return Stream(
            codes_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="recharge-codes.csv"'},
        )

    @post(
        "/redeem/",
        status_code=200,
        guards=STUDENT,
        summary="Redeem a recharge code (verified student)",
        description=(
            "Body {code}: case, spaces and dashes do not matter. The code's value is credited to the "
            "student's wallet in the code's course (`course` is the course name) with a `code_redeem` "
            "ledger entry; the student is notified (code_redeemed). A code is redeemed at most once, "
            'whatever the concurrency. Errors: 404 {"error": "Invalid code"}; 400 {"error": "This code '
            'has already been used"}; 400 {"error": "This code has expired"}; 403 {"error": "Student is '
            "not enrolled in this course\"} (an approved enrollment in the code's course is needed). "
            "Unknown codes count as failed attempts: after 10 per student or 50 per client address within "
            '15 minutes, every redemption is refused with 429 {"detail": "Too many attempts. Try again '
            'later."} until the window passes.' + NOT_VERIFIED
        ),
    )
    async def redeem(
        self,
        request: Request,
        redeem_code: Inject[RedeemCode],
        data: JSONBody[RedeemIn],
        idempotency_key: IdempotencyKey = None,
    ) -> RedeemedOut:
        command = replace(redeem_command(data, client_address(request)), idempotency=idempotency_of(request))
        result = await redeem_code.execute(actor_of(request), command)
        return redeemed_out(result)


CONTROLLERS: list[type[Controller]] = [BalanceController, RechargeCodeController]
