"""The stats page of the busiest month of the 20,000-entry household: uncached against its raw SQL, and cached."""

import re
import statistics
import time

import psycopg
from django.db import connection
from django.db.models import F

from households.models import Household
from households.periods import month_period

from . import load
from .report import Figure, Report, ms, ratio
from .web import FLOOR_READ, Client

UNCACHED_GOAL = 2.0
CACHED_GOAL = 0.05


def _raw_statements(household: Household, period) -> list[tuple[str, dict]]:
    from expenses.stats import queries as stats

    return stats.raw_sql_for_month(household_id=household.pk, period=period, start_day=household.month_start_day)


def _stats_ms(sample: load.Sample) -> float | None:
    """The view's own `stats;dur=…` entry of Server-Timing: the cache lookup, plus the computation on a miss."""
    match = re.search(r"(?:^|,)\s*stats;dur=([0-9.]+)", sample.server_timing or "")
    return float(match.group(1)) if match else None


def _time_raw(conn: psycopg.Connection, statements: list[tuple[str, dict]]) -> float:
    """Milliseconds to run the aggregate statements the page needs and fetch their rows, from a Python client."""
    started = time.perf_counter()
    for sql, params in statements:
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def measure(
    report: Report, *, port: int, client: Client, household_id: int, busiest, entries_in_month: int, reps: int
) -> dict:
    household = Household.objects.get(pk=household_id)
    period = month_period(busiest.year, busiest.month, household.month_start_day)
    path = f"/stats/{period.key}/"
    request = client.get(path)
    statements = _raw_statements(household, period)
    settings = connection.settings_dict
    conn = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
        autocommit=True,
        prepare_threshold=None,  # planned on every run, as Django's client-side binding does
    )

    def bump() -> None:
        # A write elsewhere would do this: the cache key carries the data version.
        Household.objects.filter(pk=household_id).update(data_version=F("data_version") + 1)

    # Warm both sides once (plans, pages in shared buffers, connections).
    load.sequential(port, [request], before_each=bump)
    _time_raw(conn, statements)
    uncached, raw, queries, uncached_work = [], [], [], []
    for _ in range(reps):
        raw.append(_time_raw(conn, statements))
        sample = load.sequential(port, [request], before_each=bump)[0]
        if sample.status != 200:
            raise RuntimeError(f"GET {path} answered {sample.status}")
        uncached.append(sample.server_ms)
        queries.append(sample.queries)
        uncached_work.append(_stats_ms(sample))
    # Cached pages alternate with the read floor (session, user, household of the asker: what any page pays).
    paired = load.sequential(port, [request, client.get(FLOOR_READ)] * (reps * 2))
    cached_samples, floor_samples = paired[0::2], paired[1::2]
    cached = [s.server_ms for s in cached_samples if s.status == 200]
    cached_work = [_stats_ms(s) for s in cached_samples if s.status == 200]
    floor = [s.server_ms for s in floor_samples if s.status == 200]
    conn.close()
    uncached_ms, raw_ms, cached_ms = statistics.median(uncached), statistics.median(raw), statistics.median(cached)
    floor_ms = statistics.median(floor)
    uncached_ratio, cached_ratio = uncached_ms / raw_ms, cached_ms / uncached_ms
    details = {
        "path": path,
        "household_entries_in_month": entries_in_month,
        "uncached_server_ms": uncached,
        "raw_sql_ms": raw,
        "cached_server_ms": cached,
        "read_floor_server_ms": floor,
        "uncached_stats_work_ms": uncached_work,
        "cached_stats_work_ms": cached_work,
        "queries_uncached": statistics.median(queries),
        "queries_cached": statistics.median([s.queries for s in cached_samples]),
        "raw_statements": len(statements),
    }
    report.add(
        Figure(
            key="stats_uncached_ratio",
            figure=f"stats page uncached ÷ raw SQL (busiest month, {entries_in_month:,} entries, of the 20k household)",
            value=f"{ratio(uncached_ratio)} ({ms(uncached_ms)}, {statistics.median(queries):g} queries)",
            goal=f"≤ {UNCACHED_GOAL:g}×",
            baseline=f"its {len(statements)} aggregate statements {ms(raw_ms)}",
            ok=uncached_ratio <= UNCACHED_GOAL,
            number=uncached_ratio,
            details=details,
        )
    )
    report.add(
        Figure(
            key="stats_cached_ratio",
            figure="stats page cached ÷ uncached server time",
            value=f"{cached_ratio * 100:.1f} % ({ms(cached_ms)})",
            goal=f"≤ {CACHED_GOAL * 100:g} %",
            baseline=f"uncached {ms(uncached_ms)}",
            ok=cached_ratio <= CACHED_GOAL,
            number=cached_ratio,
        )
    )
    if None not in uncached_work and None not in cached_work:
        work_uncached, work_cached = statistics.median(uncached_work), statistics.median(cached_work)
        report.add(
            Figure(
                key="stats_cached_work_ratio",
                figure="stats work cached ÷ uncached (the view's Server-Timing: cache lookup vs compute + render)",
                value=f"{work_cached / work_uncached * 100:.1f} % ({ms(work_cached)})",
                goal=f"≤ {CACHED_GOAL * 100:g} %",
                baseline=f"uncached {ms(work_uncached)}",
                ok=work_cached / work_uncached <= CACHED_GOAL,
                number=work_cached / work_uncached,
            )
        )
    else:
        report.note("stats page sent no Server-Timing entry for its stats work")
    report.add(
        Figure(
            key="stats_cached_floor_ratio",
            figure="stats page cached ÷ read floor (context: what any signed-in page pays)",
            value=f"{ratio(cached_ms / floor_ms)} ({ms(cached_ms)})",
            goal="—",
            baseline=f"read floor {ms(floor_ms)}",
            ok=None,
            number=cached_ms / floor_ms,
        )
    )
    return details
