"""A database that cannot serve a request in time gives a quick 503, never a hang or a 500."""

from __future__ import annotations

import httpx
import pytest

from edutrack.composition import build_container
from edutrack.entrypoints.http.app import create_app
from edutrack.settings import Settings

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
