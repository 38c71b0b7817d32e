"""``/metrics``: request series by route template, the business counters, the pool gauges, the queue
depth, the access rules, and one total across ``edutrack serve --workers 2``.

Counters are process-wide (prometheus_client's registry), so in-process tests compare two scrapes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from edutrack.composition import Container
from edutrack.entrypoints.http.app import create_app
from edutrack.settings import Settings
from tests.support.http import BASE_URL, HeadersFor
from tests.support.purchase_api import build_people, buy_url
from tests.support.servers import serving

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
LOGIN = "/accounts/login"
PURCHASE = "/courses/lectures/{lecture_id}/purchase"

pytestmark = pytest.mark.anyio


def parse(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def requests(samples: Samples, path: str, status: int, method: str = "POST") -> float:
    labels = {"method": method, "path": path, "status_code": str(status)}
    return value(samples, "edutrack_requests_total", **labels)


async def scrape(client: httpx.AsyncClient, headers: Mapping[str, str] | None = None) -> Samples:
    response = await client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return parse(response.text)


def delta(before: Samples, after: Samples, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


async def test_a_scrape_after_traffic_counts_requests_and_business_events(
    client: httpx.AsyncClient, container: Container, headers_for: HeadersFor
) -> None:
    people = await build_people(container, headers_for)
    cast = people.shop.cast
    before = await scrape(client)

    wrong = {"username": cast.student.username, "password": "not-the-password"}
    assert (await client.post("/accounts/login/", json=wrong)).status_code == 401
    bought = await client.post(buy_url(people.shop.free), headers=people.student)
    assert bought.status_code == 201, bought.text
    code = await client.post(
        "/payments/codes/", json={"course": cast.course, "value": "50.00"}, headers=people.owner
    )
    assert code.status_code == 201, code.text
    redeemed = await client.post(
        "/payments/codes/redeem/", json={"code": code.json()["code"]}, headers=people.student
    )
    assert redeemed.status_code == 200, redeemed.text
    ghost = {"username": "ghost", "password": "nothing"}
    statuses = [(await client.post("/accounts/login/", json=ghost)).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]

    after = await scrape(client)
    assert delta(before, after, "edutrack_purchases_total") == 1
    assert delta(before, after, "edutrack_redemptions_total", kind="recharge") == 1
    assert delta(before, after, "edutrack_redemptions_total", kind="enrollment") == 0
    assert delta(before, after, "edutrack_failed_logins_total") == 6
    assert delta(before, after, "edutrack_throttled_requests_total", path=LOGIN) == 1
    assert requests(after, LOGIN, 401) - requests(before, LOGIN, 401) == 6
    assert requests(after, LOGIN, 429) - requests(before, LOGIN, 429) == 1
    assert requests(after, PURCHASE, 201) - requests(before, PURCHASE, 201) == 1
    histogram = {"method": "POST", "path": PURCHASE, "status_code": "201"}
    assert delta(before, after, "edutrack_request_duration_seconds_count", **histogram) == 1
    paths = {label for _, labels in after for name, label in labels if name == "path"}
    assert not [path for path in paths if re.search(r"/\d", path)], paths  # templates, never raw ids
    assert value(after, "edutrack_db_pool_size", pool="primary") == container.settings.db_pool_size
    assert value(after, "edutrack_db_pool_checked_out", pool="primary") == 0
    queued = ("edutrack_job_queue_jobs", frozenset({("status", "todo")})) in after
    assert queued == (container.settings.jobs == "queue")  # PostgreSQL's default; SQLite runs jobs inline

    document = (await client.get("/schema/openapi.json")).json()
    assert "/metrics" not in document["paths"]


async def test_an_idempotent_replay_is_not_a_second_purchase(
    client: httpx.AsyncClient, container: Container, headers_for: HeadersFor
) -> None:
    people = await build_people(container, headers_for)
    before = await scrape(client)
    headers = {**people.student, "Idempotency-Key": "buy-welcome-once"}
    first = await client.post(buy_url(people.shop.free), headers=headers)
    replay = await client.post(buy_url(people.shop.free), headers=headers)
    assert (first.status_code, replay.status_code) == (201, 201)
    assert replay.headers.get("idempotent-replayed") == "true"
    after = await scrape(client)
    assert delta(before, after, "edutrack_purchases_total") == 1
    assert requests(after, PURCHASE, 201) - requests(before, PURCHASE, 201) == 2


async def _get_metrics(
    app_settings: Settings, container: Container, headers: dict[str, str]
) -> httpx.Response:
    app = create_app(app_settings, container)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as other:
        return await other.get("/metrics", headers=headers)


async def test_a_metrics_token_hides_the_endpoint_from_other_callers(
    settings: Settings, container: Container
) -> None:
    guarded = replace(settings, metrics_token="scrape-me-please")
    assert (await _get_metrics(guarded, container, {})).status_code == 404
    wrong = {"Authorization": "Bearer guess"}
    assert (await _get_metrics(guarded, container, wrong)).status_code == 404
    right = {"Authorization": "Bearer scrape-me-please"}
    response = await _get_metrics(guarded, container, right)
    assert response.status_code == 200
    assert "edutrack_purchases_total" in response.text
    disabled = replace(settings, metrics_enabled=False)
    assert (await _get_metrics(disabled, container, {})).status_code == 404


async def test_the_job_queue_depth_is_read_from_postgresql(
    settings: Settings, container: Container, request: pytest.FixtureRequest
) -> None:
    if settings.is_sqlite:
        pytest.skip("the job queue runs on PostgreSQL only")
    from edutrack.adapters.jobs.postgres_queue import ensure_schema, libpq_url

    await ensure_schema(libpq_url(settings.database_url))
    engine = container.engines[0]
    from sqlalchemy import text

    async with engine.begin() as conn:
        await conn.execute(text("DELETE FROM procrastinate_jobs"))
        for status in ("todo", "todo", "doing", "succeeded"):
            await conn.execute(
                text(
                    "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status) "
                    "VALUES ('edutrack', 'metrics.test', '{}', CAST(:status AS procrastinate_job_status))"
                ),
                {"status": status},
            )
    try:
        queued = replace(settings, jobs="queue")
        response = await _get_metrics(queued, container, {})
        samples = parse(response.text)
        assert value(samples, "edutrack_job_queue_jobs", status="todo") == 2
        assert value(samples, "edutrack_job_queue_jobs", status="doing") == 1
        assert ("edutrack_job_queue_jobs", frozenset({("status", "succeeded")})) not in samples
    finally:
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM procrastinate_jobs"))


def test_several_workers_report_one_total(pg_database: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """``edutrack serve --workers 2``: each request on a connection of its own, so both workers answer;
    every scrape, whichever worker serves it, shows the same total."""
    settings = {"EDUTRACK_DATABASE_URL": pg_database, "EDUTRACK_MEDIA_DIR": str(tmp_path_factory.mktemp("m"))}
    n = 24
    with serving(settings, workers=2, ready_within=240) as base_url:
        for _ in range(n):
            with httpx.Client(base_url=base_url) as fresh:
                assert fresh.get("/accounts/me/").status_code == 401
        totals = []
        for _ in range(6):
            with httpx.Client(base_url=base_url) as fresh:
                samples = parse(fresh.get("/metrics").text)
            totals.append(requests(samples, "/accounts/me", 401, method="GET"))
            assert value(samples, "edutrack_db_pool_size", pool="primary") in (5, 10)  # one or two workers
    assert totals == [n] * 6
