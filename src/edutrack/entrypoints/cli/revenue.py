"""``edutrack revenue trend`` and ``edutrack revenue check-rollups``."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TYPE_CHECKING

from edutrack.core.actor import SYSTEM
from edutrack.core.policies.dates import OUT_OF_RANGE, parse_day, within_range
from edutrack.core.use_cases.revenue.trend import ComputeRevenueTrend
from edutrack.entrypoints.cli.common import EXIT_FAILED, EXIT_OK, Commands, with_container

if TYPE_CHECKING:
    from edutrack.composition import Container
    from edutrack.settings import Settings


def _day(raw: str) -> date | None:
    """``--start``/``--end``: a day as YYYY-MM-DD (blank is the default)."""
    try:
        day = parse_day(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, got {raw!r}") from None
    if day is not None and not within_range(day):
        raise argparse.ArgumentTypeError(OUT_OF_RANGE)
    return day


def _revenue_trend(settings: Settings, args: argparse.Namespace) -> int:
    from edutrack.core.money import format_money

    async def work(container: Container) -> dict[str, object]:
        trend = await container.get(ComputeRevenueTrend).execute(SYSTEM, args.start, args.end)
        return {
            "start_date": trend.start_date.isoformat(),
            "end_date": trend.end_date.isoformat(),
            "total_revenue": format_money(trend.total_revenue),
            "total_purchases": trend.total_purchases,
            "daily_trends": [
                {
                    "date": d.day.isoformat(),
                    "revenue": format_money(d.revenue),
                    "purchase_count": d.purchase_count,
                }
                for d in trend.daily_trends
            ],
        }

    print(json.dumps(with_container(settings, work)))
    return EXIT_OK


def _check_rollups(settings: Settings, args: argparse.Namespace) -> int:
    from edutrack.adapters.sql.rollups import SalesRollups  # SQLAlchemy: only once the settings are valid

    async def work(container: Container) -> dict[str, object]:
        rollups = container.get(SalesRollups)
        drift = await rollups.drift()
        if drift and args.repair:
            await rollups.rebuild()
            return {"drift": drift, "repaired": True, "drift_after": await rollups.drift()}
        return {"drift": drift, "repaired": False}

    result = with_container(settings, work)
    print(json.dumps(result))
    return EXIT_FAILED if result["drift"] and not result["repaired"] else EXIT_OK


def register(commands: Commands) -> None:
    actions = commands.group("revenue", "revenue analytics")
    trend = actions.add_parser(
        "trend",
        help="revenue and purchases per day of the platform time zone, start..end inclusive (at most 366 "
        "days); prints the JSON of GET /payments/revenue/trends/",
    )
    trend.add_argument(
        "--start",
        type=_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="first day (default: 29 days before --end)",
    )
    trend.add_argument(
        "--end", type=_day, default=None, metavar="YYYY-MM-DD", help="last day (default: today)"
    )
    trend.set_defaults(handler=_revenue_trend)
    check = actions.add_parser(
        "check-rollups",
        help="compare the sales rollups (lecture_sales, student_sales) with the purchases; prints "
        '{"drift": [...], "repaired": ...}; exit 1 when they disagree, unless --repair rebuilt them',
    )
    check.add_argument("--repair", action="store_true", help="rebuild both rollups from the purchases")
    check.set_defaults(handler=_check_rollups)
