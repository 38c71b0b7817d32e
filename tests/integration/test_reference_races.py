"""Names stay unique, case-insensitively, even when the same name is created at once."""

from __future__ import annotations

import asyncio

import httpx
import pytest

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("attempt", range(3))
async def test_concurrent_creates_of_one_name_give_one_201_and_field_errors(
    client: httpx.AsyncClient, owner_headers: dict[str, str], attempt: int
) -> None:
    names = ["Third Secondary", "THIRD SECONDARY", "third secondary", "Third secondary", "tHIRD sECONDARY"]
    responses = await asyncio.gather(
        *(client.post("/academics/grades/", json={"name": n}, headers=owner_headers) for n in names)
    )
    assert sorted(r.status_code for r in responses) == [201, 400, 400, 400, 400]
    for response in responses:
        if response.status_code == 400:
            assert response.json() == {"name": ["grade with this name already exists."]}
    assert (await client.get("/academics/grades/")).json()["count"] == 1
