"""Profile one endpoint in process with pyinstrument (``pip install pyinstrument``): the app on a database
filled by ``bench/dataset.py``, warm (50 calls), then ``--requests`` calls under the profiler.

    PYTHONPATH=src:. .venv/bin/python bench/profile_endpoint.py --database edutrack_bench_api \\
        --path /courses/lectures/1/ --user bench_owner --requests 400
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import in_process, pg_url


async def profile(database: str, path: str, user: str, requests: int) -> str:
    from pyinstrument import Profiler

    async with in_process(pg_url(database, "postgresql+asyncpg")) as (client, login, _):
        headers = await login(user)
        for _ in range(50):
            await client.get(path, headers=headers)
        profiler = Profiler(interval=0.0001, async_mode="enabled")
        with profiler:
            for _ in range(requests):
                response = await client.get(path, headers=headers)
        assert response.status_code == 200, response.text[:300]
        return profiler.output_text(unicode=False, color=False, show_all=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--user", default="bench_owner")
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    print(asyncio.run(profile(args.database, args.path, args.user, args.requests)))


if __name__ == "__main__":
    main()
