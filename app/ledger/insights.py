"""Figures for the dashboard: spending by category and month, work waiting, bot success."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from app.ledger import lifecycle
from app.ledger.models import BotRun, Record
from app.ledger.store import Ledger

SPENT_STATES = (lifecycle.REVIEWED, lifecycle.SUBMITTED, lifecycle.CONFIRMED)


@dataclass
class Insights:
    by_category: list[tuple[str, Decimal]] = field(default_factory=list)  # largest first
    by_month: list[tuple[str, Decimal]] = field(default_factory=list)  # "2026-01", oldest first
    by_state: dict[str, int] = field(default_factory=dict)
    waiting_review: int = 0
    bot_success: list[tuple[str, int, int]] = field(default_factory=list)  # week, passed, runs


def gather(
    ledger: Ledger, *, months: int = 12, weeks: int = 12, today: date | None = None
) -> Insights:
    """What the dashboard draws. Spending counts approved records (not captures or repeats)."""
    today = today or date.today()
    out = Insights()
    with ledger.session() as s:
        out.by_state = {
            state: int(n)
            for state, n in s.execute(
                select(Record.state, func.count(Record.id)).group_by(Record.state)
            )
        }
        rows = s.execute(
            select(Record.category, Record.issue_date, Record.total).where(
                Record.state.in_(SPENT_STATES), Record.total.is_not(None)
            )
        ).all()
        runs = s.execute(select(BotRun.started_at, BotRun.status)).all()
    out.waiting_review = out.by_state.get(lifecycle.CAPTURED, 0)

    categories: dict[str, Decimal] = defaultdict(Decimal)
    dated = [issued for _, issued, _ in rows if issued is not None and issued <= today]
    month_keys = _last_months(max(dated, default=today), months)  # up to the latest spending
    per_month: dict[str, Decimal] = {key: Decimal(0) for key in month_keys}
    for category, issued, total in rows:
        categories[category or "其他"] += Decimal(total or 0)
        if issued is not None:
            key = f"{issued.year:04d}-{issued.month:02d}"
            if key in per_month:
                per_month[key] += Decimal(total or 0)
    out.by_category = sorted(categories.items(), key=lambda kv: kv[1], reverse=True)
    out.by_month = list(per_month.items())

    week_keys = _last_weeks(today, weeks)
    passed: Counter[str] = Counter()
    total_runs: Counter[str] = Counter()
    for started, status in runs:
        key = _week(started.date())
        total_runs[key] += 1
        passed[key] += status == "passed"
    out.bot_success = [(key, passed[key], total_runs[key]) for key in week_keys]
    return out


def _last_months(today: date, count: int) -> list[str]:
    keys = []
    year, month = today.year, today.month
    for _ in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keys[::-1]


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _last_weeks(today: date, count: int) -> list[str]:
    return [_week(today - timedelta(weeks=n)) for n in range(count - 1, -1, -1)]
