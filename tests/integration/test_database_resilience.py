"""A database that cannot serve a request in time gives a quick 503, never a hang or a 500."""

from __future__ import annotations

import uuid

import httpx
import pytest

from edutrack.composition import build_container
from edutrack.entrypoints.http.app import create_app
from edutrack.settings import Settings
from tests.support.databases import pg_admin

pytestmark = pytest.mark.anyio


async def test_an_exhausted_pool_answers_503(pg_database: str) -> None:
    settings = Settings(
        environment="test",
        database_url=pg_database,
        password_hashing="fast",
        db_pool_size=1,
        db_max_overflow=0,
        db_pool_timeout=0.5,
    )
    container = build_container(settings)
    app = create_app(settings, container)
    assert container.db_config is not None
    engine = container.db_config.get_engine()
    try:
        async with app.lifespan(), engine.connect() as held:  # the only pooled connection, held
            await held.exec_driver_sql("SELECT 1")
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://t"
            ) as client:
                response = await client.get("/academics/grades/")
                ready = await client.get("/health/ready")
        assert response.status_code == 503
        assert response.json() == {"detail": "Service temporarily unavailable. Please retry."}
        assert response.headers["retry-after"] == "5"
        assert ready.status_code == 503
    finally:
        await container.dispose()


async def test_an_unreachable_database_answers_503() -> None:
    settings = Settings(
        environment="test",
        database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none",
        password_hashing="fast",
        db_pool_timeout=1,
    )
    container = build_container(settings)
    app = create_app(settings, container)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            response = await client.get("/academics/grades/")
            ready = await client.get("/health/ready")
        assert response.status_code == 503
        assert ready.status_code == 503 and ready.json() == {
            "status": "unavailable",
            "database": "unreachable",
        }
    finally:
        await container.dispose()


async def test_a_server_out_of_connections_answers_503_not_500(pg_database: str) -> None:
    """PostgreSQL refusing a new connection ("too many clients", SQLSTATE 53300) is an overload like an
    exhausted pool: 503 with Retry-After, not an unhandled 500. A role limited to no connection at all
    gets the same refusal from the server, deterministically."""
    role = f"edutrack_full_{uuid.uuid4().hex[:8]}"
    await pg_admin(f'CREATE ROLE "{role}" LOGIN CONNECTION LIMIT 0')
    url = pg_database.replace("://postgres@", f"://{role}@", 1)
    assert url != pg_database
    settings = Settings(environment="test", database_url=url, password_hashing="fast", db_pool_timeout=1)
    container = build_container(settings)
    app = create_app(settings, container)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            response = await client.get("/academics/grades/")
            login = await client.post("/accounts/token/", json={"username": "x", "password": "y"})
        for answer in (response, login):
            assert answer.status_code == 503, answer.text
            assert answer.json() == {"detail": "Service temporarily unavailable. Please retry."}
            assert answer.headers["retry-after"] == "5"
    finally:
        await container.dispose()
        await pg_admin(f'DROP ROLE IF EXISTS "{role}"')
