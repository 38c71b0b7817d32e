"""``Idempotency-Key`` on the three money endpoints, on SQLite and PostgreSQL: a retry replays the first
answer with no second effect, another body under the same key is 409, keys are per user; and the stores
themselves (memory and both databases) behave alike."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.actor import Role
from edutrack.core.entities.enrollments import Enrollment, EnrollmentStatus
from edutrack.core.entities.people import Gender, StudentProfile, StudentStatus
from edutrack.core.entities.users import User
from edutrack.core.entities.wallets import LedgerKind, RechargeCode
from edutrack.core.policies.codes import display_code, generate_code
from edutrack.core.use_cases.academics.commands import NewArea, NewGovernorate
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.ports.idempotency import IdempotencyStore, InProgress, Mismatch, Replay, Reserved
from tests.integration.conftest import HeadersFor
from tests.lessons_support import PASSWORD, World, add_lecture, add_topic, build_world

pytestmark = pytest.mark.anyio

REUSED = {"detail": "Idempotency key reused with a different request."}


@dataclass(frozen=True)
class Shop:
    """A verified student (``pupil``) with an approved enrollment, a balance, a lecture and a code."""

    world: World
    student_id: int
    lecture: int
    code: str


async def open_shop(container: Container, balance: str = "250", price: str = "100") -> Shop:
    world = await build_world(container)
    owner = world.owner.actor
    governorate = (await container.get(CreateReferenceItem).execute(owner, NewGovernorate(name="Cairo"))).id
    area = (
        await container.get(CreateReferenceItem).execute(
            owner, NewArea(name="Nasr City", governorate_id=governorate)
        )
    ).id
    topic = await add_topic(container, world)
    lecture = await add_lecture(container, world, topic, price=price)
    now = container.clock.now()
    code = generate_code()
    async with container.uow() as uow:
        student = await uow.students.add(
            StudentProfile(
                user_id=world.student.actor.user_id,
                student_code="S00000001",
                name_ar="طالب",
                name_en="Pupil Student",
                phone_number="01001234567",
                national_id="30803150100011",
                birth_date=date(2008, 3, 15),
                gender=Gender.FEMALE,
                governorate_id=governorate,
                area_id=area,
                created_at=now,
                updated_at=now,
                status=StudentStatus.VERIFIED,
            )
        )
        assert student.id is not None
        await uow.enrollments.add(
            Enrollment(student.id, world.course, now, status=EnrollmentStatus.APPROVED, responded_at=now)
        )
        wallet = await uow.wallets.get_or_create_for_update(student.id, world.course, now)
        await uow.wallets.record(wallet, wallet.credit(LedgerKind.MANUAL_ADD, Decimal(balance), now))
        await uow.codes.add_many([RechargeCode(world.course, code, Decimal("40"), now)])
        await uow.commit()
    return Shop(world, student.id, lecture, code)


async def balance_of(container: Container, shop: Shop) -> Decimal:
    async with container.uow() as uow:
        wallet = await uow.wallets.get_for_update(shop.student_id, shop.world.course)
    assert wallet is not None
    return wallet.balance


async def purchases_of(container: Container, shop: Shop) -> int:
    async with container.uow() as uow:
        return len(await uow.purchases.of_student_lecture(shop.student_id, shop.lecture))


def keyed(headers: dict[str, str], key: str) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key}


@pytest.fixture
async def shop(container: Container) -> Shop:
    return await open_shop(container)


async def test_a_double_click_on_purchase_charges_once(
    client: httpx.AsyncClient, container: Container, shop: Shop, headers_for: HeadersFor
) -> None:
    student = keyed(await headers_for("pupil", PASSWORD), "buy-1")
    path = f"/courses/lectures/{shop.lecture}/purchase/"
    first = await client.post(path, headers=student)
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    retry = await client.post(path.rstrip("/"), headers=student)
    assert (retry.status_code, retry.content) == (201, first.content)
    assert retry.headers["idempotent-replayed"] == "true"
    assert await balance_of(container, shop) == Decimal("150.00")
    assert await purchases_of(container, shop) == 1


async def test_without_the_header_a_second_purchase_is_refused_by_the_rules(
    client: httpx.AsyncClient, container: Container, shop: Shop, headers_for: HeadersFor
) -> None:
    student = await headers_for("pupil", PASSWORD)
    path = f"/courses/lectures/{shop.lecture}/purchase/"
    assert (await client.post(path, headers=student)).status_code == 201
    again = await client.post(path, headers=student)
    assert (again.status_code, again.json()) == (
        400,
        {"error": "You already have active access to this lecture"},
    )
    assert "idempotent-replayed" not in again.headers
    assert await balance_of(container, shop) == Decimal("150.00")


async def test_a_refusal_is_replayed_too_and_a_new_key_is_a_new_request(
    client: httpx.AsyncClient, container: Container, headers_for: HeadersFor
) -> None:
    shop = await open_shop(container, balance="50")
    student = await headers_for("pupil", PASSWORD)
    path = f"/courses/lectures/{shop.lecture}/purchase/"
    first = await client.post(path, headers=keyed(student, "buy"))
    assert (first.status_code, first.json()) == (400, {"error": "Insufficient balance"})
    redeem = await client.post("/payments/codes/redeem/", json={"code": shop.code}, headers=student)
    assert redeem.status_code == 200, redeem.text
    now = container.clock.now()
    async with container.uow() as uow:
        wallet = await uow.wallets.get_for_update(shop.student_id, shop.world.course)
        assert wallet is not None
        await uow.wallets.record(wallet, wallet.credit(LedgerKind.MANUAL_ADD, Decimal("10"), now))
        await uow.commit()
    retry = await client.post(path, headers=keyed(student, "buy"))
    assert (retry.status_code, retry.json()) == (400, {"error": "Insufficient balance"})
    assert retry.headers["idempotent-replayed"] == "true"
    fresh = await client.post(path, headers=keyed(student, "buy-again"))
    assert fresh.status_code == 201, fresh.text
    assert await balance_of(container, shop) == Decimal("0.00")


async def test_a_redeemed_code_is_credited_once_per_key(
    client: httpx.AsyncClient, container: Container, shop: Shop, headers_for: HeadersFor
) -> None:
    student = keyed(await headers_for("pupil", PASSWORD), "redeem-1")
    first = await client.post(
        "/payments/codes/redeem/", json={"code": display_code(shop.code)}, headers=student
    )
    assert first.status_code == 200, first.text
    assert first.json()["new_balance"] == "290.00"
    retry = await client.post(
        "/payments/codes/redeem/", json={"code": display_code(shop.code)}, headers=student
    )
    assert (retry.status_code, retry.content) == (200, first.content)
    other = await client.post("/payments/codes/redeem/", json={"code": shop.code}, headers=student)
    assert (other.status_code, other.json()) == (409, REUSED)
    assert await balance_of(container, shop) == Decimal("290.00")


async def test_adding_balance_with_a_reused_key_and_another_body_is_409(
    client: httpx.AsyncClient, container: Container, shop: Shop, headers_for: HeadersFor
) -> None:
    teacher = keyed(await headers_for(shop.world.teacher.username, PASSWORD), "add-1")
    body = {"student_id": str(shop.student_id), "course_id": shop.world.course, "amount": "50.00"}
    first = await client.post("/payments/balance/add/", json=body, headers=teacher)
    assert first.status_code == 200, first.text
    retry = await client.post("/payments/balance/add/", json=dict(reversed(body.items())), headers=teacher)
    assert (retry.status_code, retry.content) == (200, first.content)
    other = await client.post("/payments/balance/add/", json={**body, "amount": "60.00"}, headers=teacher)
    assert (other.status_code, other.json()) == (409, REUSED)
    assert await balance_of(container, shop) == Decimal("300.00")


async def test_different_users_may_use_the_same_key(
    client: httpx.AsyncClient, container: Container, shop: Shop, headers_for: HeadersFor
) -> None:
    body = {"student_id": str(shop.student_id), "course_id": shop.world.course, "amount": "50.00"}
    for member in (shop.world.teacher, shop.world.assistant):
        headers = keyed(await headers_for(member.username, PASSWORD), "same-key")
        response = await client.post("/payments/balance/add/", json=body, headers=headers)
        assert response.status_code == 200, response.text
        assert "idempotent-replayed" not in response.headers
    assert await balance_of(container, shop) == Decimal("350.00")


async def test_a_malformed_key_is_400_and_nothing_happens(
    client: httpx.AsyncClient, container: Container, shop: Shop, headers_for: HeadersFor
) -> None:
    student = keyed(await headers_for("pupil", PASSWORD), "k" * 256)
    response = await client.post(f"/courses/lectures/{shop.lecture}/purchase/", headers=student)
    assert (response.status_code, response.json()) == (
        400,
        {"Idempotency-Key": ["Idempotency-Key must be 1 to 255 printable ASCII characters."]},
    )
    assert await purchases_of(container, shop) == 0


async def test_an_anonymous_request_is_401_whatever_its_key(client: httpx.AsyncClient, shop: Shop) -> None:
    response = await client.post(
        f"/courses/lectures/{shop.lecture}/purchase/", headers={"Idempotency-Key": "anonymous"}
    )
    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Authentication credentials were not provided."},
    )


async def test_the_header_is_documented_on_the_three_endpoints(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    (purchase,) = [path for path in paths if re.fullmatch(r"/courses/lectures/\{\w+\}/purchase/", path)]
    for path in (purchase, "/payments/codes/redeem/", "/payments/balance/add/"):
        operation = paths[path]["post"]
        (header,) = [p for p in operation.get("parameters", []) if p["name"] == "Idempotency-Key"]
        assert header["in"] == "header" and header["required"] is False
        assert "kept at least 24 hours" in header["description"]
        assert "409" in operation["responses"]


# --- the store itself: memory, SQLite and PostgreSQL ---------------------------------------------------


async def _user_id(container: Container) -> int:
    now = container.clock.now()
    async with container.uow() as uow:
        user = await uow.users.add(
            User(
                username=f"u{uuid.uuid4().hex[:8]}",
                password_hash="x",
                role=Role.STUDENT,
                name="U",
                created_at=now,
                updated_at=now,
            )
        )
        await uow.commit()
    assert user.id is not None
    return user.id


async def test_the_store_reserves_once_replays_and_releases(contract_container: Container) -> None:
    store = contract_container.get(IdempotencyStore)
    alice, bob = await _user_id(contract_container), await _user_id(contract_container)
    now = contract_container.clock.now()
    assert await store.reserve(alice, "k", "h1", now) == Reserved()
    assert await store.reserve(alice, "k", "h1", now) == InProgress()
    assert await store.reserve(alice, "k", "h2", now) == Mismatch()
    assert await store.reserve(bob, "k", "h2", now) == Reserved()
    await store.complete(alice, "k", 201, b'{"id":1}')
    assert await store.reserve(alice, "k", "h1", now) == Replay(201, b'{"id":1}')
    await store.release(alice, "k")  # a stored answer stays
    assert await store.reserve(alice, "k", "h1", now) == Replay(201, b'{"id":1}')
    await store.release(bob, "k")  # an unfinished reservation goes
    assert await store.reserve(bob, "k", "h3", now) == Reserved()


async def test_the_store_purges_only_old_keys(contract_container: Container) -> None:
    store = contract_container.get(IdempotencyStore)
    user = await _user_id(contract_container)
    now = contract_container.clock.now()
    await store.reserve(user, "old", "h", now - timedelta(hours=25))
    await store.reserve(user, "new", "h", now - timedelta(hours=23))
    assert await store.purge_older_than(now - timedelta(hours=24)) == 1
    assert await store.reserve(user, "old", "other", now) == Reserved()
    assert await store.reserve(user, "new", "other", now) == Mismatch()
