"""Purchase use cases (Teacher §7, API_SUPPLEMENT §5/§6) over the in-memory fakes: buying, money, expiry
and buying again, reopening, the lists, and the content viewer that opens bought lectures."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.memory.lessons import LessonTables
from edutrack.adapters.memory.purchases import PurchaseTables
from edutrack.adapters.memory.wallets import WalletTables
from edutrack.composition import Container
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.entities.wallets import LedgerKind
from edutrack.core.errors import (
    AccountNotVerified,
    DomainError,
    InUse,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from edutrack.core.policies.content import Viewer
from edutrack.core.policies.lessons import shows_video_url
from edutrack.core.use_cases.lessons.commands import TopicChanges
from edutrack.core.use_cases.lessons.lectures import DeleteLecture
from edutrack.core.use_cases.lessons.topics import DeleteTopic, UpdateTopic
from edutrack.core.use_cases.lessons.viewer import ResolveContentViewer
from edutrack.core.use_cases.purchases.list_my_purchases import ListMyPurchases, MyPurchaseQuery
from edutrack.core.use_cases.purchases.list_purchases import ListPurchases, PurchaseQuery
from edutrack.core.use_cases.purchases.purchase_lecture import PurchaseLecture
from edutrack.core.use_cases.purchases.reopen_purchase import ReopenCommand, ReopenPurchase
from edutrack.ports.readers import PageRequest
from tests.support.enrollments import seed_enrollment
from tests.support.money import Shop, approve, build_shop, fund
from tests.support.people import Member, student_id

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
NOT_ENROLLED = {"error": "Student is not enrolled in this course"}
ACTIVE = {"error": "You already have active access to this lecture"}
INSUFFICIENT = {"error": "Insufficient balance"}
NOT_YOURS = {"error": "You can only extend access for lectures in your own courses"}


@pytest.fixture
async def shop(container: Container) -> Shop:
    shop = await build_shop(container)
    await approve(container, shop.cast.student, shop.cast.course)
    return shop


def body_of(caught: pytest.ExceptionInfo[DomainError]) -> dict[str, object]:
    return caught.value.body()


def state(container: Container):  # type: ignore[no-untyped-def]
    assert container.memory_store is not None
    return container.memory_store.state


def balance(container: Container, member: Member, course: int) -> Decimal | None:
    for wallet in state(container).of(WalletTables).wallets.values():
        if (wallet.student_id, wallet.course_id) == (student_id(member), course):
            return wallet.balance
    return None


# --- buying -----------------------------------------------------------------------------------------------


async def test_buying_debits_the_final_price_through_the_ledger(
    container: Container, shop: Shop, clock: FrozenClock
) -> None:
    cast = shop.cast
    await fund(container, cast.student, cast.course, "100.00")
    view = await container.get(PurchaseLecture).execute(cast.student.actor, shop.lecture)
    row = view.row
    assert view.is_expired is False
    assert (row.student_id, row.lecture_id, row.lecture_name, row.topic_name) == (
        student_id(cast.student),
        shop.lecture,
        "Motion",
        "Kinematics",
    )
    assert (row.course_name, row.teacher_name, row.amount_paid) == (
        "Mechanics",
        "Ahmed Hassan",
        Decimal("80"),
    )
    assert (row.purchased_at, row.expires_at, row.effective_expiry) == (
        clock.now(),
        clock.now() + timedelta(days=30),
        clock.now() + timedelta(days=30),
    )
    assert (row.extra_days, row.reopened_by, row.reopened_by_name, row.reopened_at, row.reopen_logs) == (
        0,
        None,
        None,
        None,
        (),
    )
    assert balance(container, cast.student, cast.course) == Decimal("20.00")
    entries = sorted(state(container).of(WalletTables).ledger.values(), key=lambda e: e.id or 0)
    debit = entries[-1]
    assert (debit.kind, debit.amount, debit.balance_after, debit.actor_id, debit.reference) == (
        LedgerKind.PURCHASE,
        Decimal("-80.00"),
        Decimal("20.00"),
        cast.student.actor.user_id,
        f"purchase:{row.id}",
    )
    assert sum(e.amount for e in entries) == Decimal("20.00")


async def test_a_free_lecture_never_touches_the_balance(container: Container, shop: Shop) -> None:
    cast = shop.cast
    view = await container.get(PurchaseLecture).execute(cast.student.actor, shop.free)
    assert view.row.amount_paid == Decimal("0") and view.is_expired is False
    money = state(container).of(WalletTables)
    assert money.wallets == {} and money.ledger == {}


async def test_the_lecture_must_be_visible(container: Container, shop: Shop) -> None:
    cast = shop.cast
    await fund(container, cast.student, cast.course, "500")
    for lecture in (shop.hidden, 999_999):
        with pytest.raises(NotFound) as caught:
            await container.get(PurchaseLecture).execute(cast.student.actor, lecture)
        assert body_of(caught) == {"detail": "Not found."}
    await container.get(UpdateTopic).execute(cast.teacher.actor, shop.topic, TopicChanges(is_active=False))
    with pytest.raises(NotFound):
        await container.get(PurchaseLecture).execute(cast.student.actor, shop.lecture)
    assert state(container).of(PurchaseTables).purchases == {}


@pytest.mark.parametrize("status", [None, EnrollmentStatus.PENDING, EnrollmentStatus.REJECTED])
async def test_an_approved_enrollment_is_needed(
    container: Container, shop: Shop, status: EnrollmentStatus | None
) -> None:
    cast = shop.cast
    if status is not None:
        await seed_enrollment(container, cast.classmate, cast.course, status)
    await fund(container, cast.classmate, cast.course, "100")
    with pytest.raises(PermissionDenied) as caught:
        await container.get(PurchaseLecture).execute(cast.classmate.actor, shop.lecture)
    assert body_of(caught) == NOT_ENROLLED
    # enrolled in Mechanics does not open Mona's course
    with pytest.raises(PermissionDenied) as other:
        await container.get(PurchaseLecture).execute(cast.student.actor, shop.other_lecture)
    assert body_of(other) == NOT_ENROLLED
    assert state(container).of(PurchaseTables).purchases == {}


async def test_only_verified_students_buy(container: Container, shop: Shop) -> None:
    cast = shop.cast
    with pytest.raises(AccountNotVerified) as caught:
        await container.get(PurchaseLecture).execute(cast.unverified.actor, shop.free)
    assert body_of(caught) == {"detail": "Your account is not verified."}
    for member in (cast.teacher, cast.assistant, cast.owner):
        with pytest.raises(PermissionDenied) as denied:
            await container.get(PurchaseLecture).execute(member.actor, shop.free)
        assert body_of(denied) == FORBIDDEN


@pytest.mark.parametrize("funds", [None, "79.99"])
async def test_insufficient_balance_changes_nothing(
    container: Container, shop: Shop, funds: str | None
) -> None:
    cast = shop.cast
    if funds is not None:
        await fund(container, cast.student, cast.course, funds)
    with pytest.raises(RuleViolation) as caught:
        await container.get(PurchaseLecture).execute(cast.student.actor, shop.lecture)
    assert body_of(caught) == INSUFFICIENT
    assert state(container).of(PurchaseTables).purchases == {}
    assert balance(container, cast.student, cast.course) == (Decimal(funds) if funds else None)
    assert len(state(container).of(WalletTables).ledger) == (1 if funds else 0)


async def test_no_second_purchase_while_access_lasts_then_buy_again(
    container: Container, shop: Shop, clock: FrozenClock
) -> None:
    cast = shop.cast
    await fund(container, cast.student, cast.course, "200")
    first = await container.get(PurchaseLecture).execute(cast.student.actor, shop.lecture)
    clock.advance(days=30)  # now == expires_at: still open
    with pytest.raises(RuleViolation) as caught:
        await container.get(PurchaseLecture).execute(cast.student.actor, shop.lecture)
    assert body_of(caught) == ACTIVE
    clock.advance(microseconds=1)
    mine = await container.get(ListMyPurchases).execute(cast.student.actor, MyPurchaseQuery(), ALL)
    assert [(v.row.id, v.is_expired) for v in mine.items] == [(first.row.id, True)]
    second = await container.get(PurchaseLecture).execute(cast.student.actor, shop.lecture)
    assert second.row.id != first.row.id and second.is_expired is False
    assert second.row.expires_at == clock.now() + timedelta(days=30)
    stored = state(container).of(PurchaseTables).purchases
    assert [(p.id, p.is_current) for p in sorted(stored.values(), key=lambda p: p.id or 0)] == [
        (first.row.id, False),
        (second.row.id, True),
    ]
    assert balance(container, cast.student, cast.course) == Decimal("40.00")


async def test_the_free_lecture_is_also_one_active_purchase(container: Container, shop: Shop) -> None:
    cast = shop.cast
    await container.get(PurchaseLecture).execute(cast.student.actor, shop.free)
    with pytest.raises(RuleViolation) as caught:
        await container.get(PurchaseLecture).execute(cast.student.actor, shop.free)
    assert body_of(caught) == ACTIVE


# --- reopening --------------------------------------------------------------------------------------------


async def test_reopen_accumulates_and_logs(container: Container, shop: Shop, clock: FrozenClock) -> None:
    cast = shop.cast
    bought = await container.get(PurchaseLecture).execute(cast.student.actor, shop.free)
    start = clock.now()
    clock.advance(days=8)
    first = await container.get(ReopenPurchase).execute(
        cast.teacher.actor, ReopenCommand(bought.row.id, 5, "Exams")
    )
    assert first.is_expired is False  # expired after 7 days, reopened for 5 more
    clock.advance(days=1)
    second = await container.get(ReopenPurchase).execute(
        cast.assistant.actor, ReopenCommand(bought.row.id, 2)
    )
    row = second.row
    assert (row.extra_days, row.effective_expiry) == (7, start + timedelta(days=14))
    assert (row.reopened_by, row.reopened_by_name, row.reopened_at) == (
        cast.assistant.actor.user_id,
        "Helper Hany",
        clock.now(),
    )
    assert [(log.extra_days, log.reopened_by_name, log.reopened_at, log.note) for log in row.reopen_logs] == [
        (5, "Ahmed Hassan", start + timedelta(days=8), "Exams"),
        (2, "Helper Hany", clock.now(), ""),
    ]


async def test_reopen_scope(container: Container, shop: Shop) -> None:
    cast = shop.cast
    bought = await container.get(PurchaseLecture).execute(cast.student.actor, shop.free)
    for member in (cast.other, cast.other_assistant):
        with pytest.raises(PermissionDenied) as caught:
            await container.get(ReopenPurchase).execute(member.actor, ReopenCommand(bought.row.id, 1))
        assert body_of(caught) == NOT_YOURS
    for member in (cast.student, cast.owner):
        with pytest.raises(PermissionDenied) as denied:
            await container.get(ReopenPurchase).execute(member.actor, ReopenCommand(bought.row.id, 1))
        assert body_of(denied) == FORBIDDEN
    for missing in (999_999, 2**40):
        with pytest.raises(NotFound) as not_found:
            await container.get(ReopenPurchase).execute(cast.teacher.actor, ReopenCommand(missing, 1))
        assert body_of(not_found) == {"detail": "Not found."}


async def test_reopens_are_capped_in_total(container: Container, shop: Shop) -> None:
    cast = shop.cast
    bought = await container.get(PurchaseLecture).execute(cast.student.actor, shop.free)
    for _ in range(10):
        await container.get(ReopenPurchase).execute(cast.teacher.actor, ReopenCommand(bought.row.id, 3650))
    with pytest.raises(ValidationFailed) as caught:
        await container.get(ReopenPurchase).execute(cast.teacher.actor, ReopenCommand(bought.row.id, 1))
    assert body_of(caught) == {"extra_days": ["Access cannot be extended by more than 36500 days in total."]}


async def test_a_replaced_purchase_cannot_be_reopened(
    container: Container, shop: Shop, clock: FrozenClock
) -> None:
    """After the student bought the lecture again, extending the old purchase would give them two
    unexpired purchases of one lecture: refused, and nothing changes."""
    cast = shop.cast
    old = await container.get(PurchaseLecture).execute(cast.student.actor, shop.free)
    clock.advance(days=8)
    new = await container.get(PurchaseLecture).execute(cast.student.actor, shop.free)
    with pytest.raises(RuleViolation) as caught:
        await container.get(ReopenPurchase).execute(cast.teacher.actor, ReopenCommand(old.row.id, 30))
    assert body_of(caught) == {
        "error": "This purchase was replaced by a newer purchase of the same lecture; extend that one instead"
    }
    stored = state(container).of(PurchaseTables).purchases
    assert (stored[old.row.id].extra_days, stored[old.row.id].reopen_logs) == (0, [])
    extended = await container.get(ReopenPurchase).execute(cast.teacher.actor, ReopenCommand(new.row.id, 30))
    assert extended.row.extra_days == 30


# --- lists ------------------------------------------------------------------------------------------------


async def test_my_purchases_newest_first_with_filters(
    container: Container, shop: Shop, clock: FrozenClock
) -> None:
    cast = shop.cast
    await fund(container, cast.student, cast.course, "80")
    free = await container.get(PurchaseLecture).execute(cast.student.actor, shop.free)
    clock.advance(days=1)
    paid = await container.get(PurchaseLecture).execute(cast.student.actor, shop.lecture)
    await approve(container, cast.classmate, cast.course)
    await container.get(PurchaseLecture).execute(cast.classmate.actor, shop.free)
    clock.advance(days=7)  # the free lecture has expired, the paid one has not

    async def mine(**query: object) -> list[tuple[int, bool]]:
        page = await container.get(ListMyPurchases).execute(cast.student.actor, MyPurchaseQuery(**query), ALL)  # type: ignore[arg-type]
        return [(v.row.id, v.is_expired) for v in page.items]

    assert await mine() == [(paid.row.id, False), (free.row.id, True)]
    assert await mine(is_expired=True) == [(free.row.id, True)]
    assert await mine(is_expired=False, course=cast.course) == [(paid.row.id, False)]
    assert await mine(lecture=shop.free) == [(free.row.id, True)]
    assert await mine(course=cast.other_course) == []
    for member in (cast.teacher, cast.owner):
        with pytest.raises(PermissionDenied):
            await container.get(ListMyPurchases).execute(member.actor, MyPurchaseQuery(), ALL)


async def test_staff_list_scope(container: Container, shop: Shop) -> None:
    cast = shop.cast
    mine = await container.get(PurchaseLecture).execute(cast.student.actor, shop.free)
    await approve(container, cast.student, cast.other_course)
    await fund(container, cast.student, cast.other_course, "100")
    theirs = await container.get(PurchaseLecture).execute(cast.student.actor, shop.other_lecture)

    async def ids(member: Member, **query: object) -> list[int]:
        page = await container.get(ListPurchases).execute(member.actor, PurchaseQuery(**query), ALL)  # type: ignore[arg-type]
        return [v.row.id for v in page.items]

    assert await ids(cast.teacher) == [mine.row.id]
    assert await ids(cast.assistant) == [mine.row.id]
    assert await ids(cast.other) == [theirs.row.id]
    assert await ids(cast.owner) == [theirs.row.id, mine.row.id]
    assert await ids(cast.owner, student="ST00000001", course=cast.course) == [mine.row.id]
    assert await ids(cast.teacher, course=cast.other_course) == []
    with pytest.raises(PermissionDenied) as caught:
        await container.get(ListPurchases).execute(cast.student.actor, PurchaseQuery(), ALL)
    assert body_of(caught) == FORBIDDEN


# --- opening content to buyers ----------------------------------------------------------------------------


async def test_the_content_viewer_opens_unexpired_purchases_only(
    container: Container, shop: Shop, clock: FrozenClock
) -> None:
    cast = shop.cast
    viewer = await container.get(ResolveContentViewer).execute(cast.student.actor)
    assert viewer == Viewer(student=True)
    assert not shows_video_url(viewer, shop.free)
    await container.get(PurchaseLecture).execute(cast.student.actor, shop.free)
    viewer = await container.get(ResolveContentViewer).execute(cast.student.actor)
    assert viewer == Viewer(student=True, accessible_lecture_ids=frozenset({shop.free}))
    assert shows_video_url(viewer, shop.free) and not shows_video_url(viewer, shop.lecture)
    classmate = await container.get(ResolveContentViewer).execute(cast.classmate.actor)
    assert classmate.accessible_lecture_ids == frozenset()
    clock.advance(days=7, microseconds=1)
    assert (await container.get(ResolveContentViewer).execute(cast.student.actor)) == Viewer(student=True)
    for member in (cast.teacher, cast.assistant, cast.other):
        staff = await container.get(ResolveContentViewer).execute(member.actor)
        assert staff == Viewer(own_teacher_id=member.actor.teacher_id)
        assert shows_video_url(staff, shop.free)
    assert await container.get(ResolveContentViewer).execute(cast.owner.actor) == Viewer(sees_all=True)


async def test_a_bought_lecture_and_its_topic_are_kept(container: Container, shop: Shop) -> None:
    cast = shop.cast
    await container.get(PurchaseLecture).execute(cast.student.actor, shop.free)
    with pytest.raises(InUse) as lecture:
        await container.get(DeleteLecture).execute(cast.teacher.actor, shop.free)
    assert body_of(lecture) == {
        "detail": "Cannot delete: students have bought this lecture. Hide it instead (is_visible false)."
    }
    with pytest.raises(InUse) as topic:
        await container.get(DeleteTopic).execute(cast.teacher.actor, shop.topic)
    assert body_of(topic)["detail"].startswith("Cannot delete: students have bought lectures of this topic.")
    lessons = state(container).of(LessonTables)
    assert shop.free in lessons.lectures and shop.topic in lessons.topics
    await container.get(DeleteLecture).execute(cast.teacher.actor, shop.hidden)  # never bought: deleted
    assert shop.hidden not in state(container).of(LessonTables).lectures
