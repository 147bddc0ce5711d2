"""`python -m bench.cost [bench/latest.json]`: what a household costs at 1k, 10k and 100k households.

Computed from the last `make bench` run's measured server CPU per request (gunicorn's processes, read
from /proc over each measured window) and statements per request, and from the usage assumptions
below (docs/operations.md explains them). Prints a Markdown table for docs/operations.md.
"""

import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

from .report import LATEST

# What one household does on an ordinary day (a couple or a family of 2–4; product.md: recording is
# "as easy as sending a chat message"): lines recorded through each door, and pages opened.
PER_HOUSEHOLD_DAY = {
    "telegram": 3.0,  # chat messages to the Telegram bot
    "kakao": 2.0,  # chat messages to the Kakao channel
    "htmx": 3.0,  # lines typed on the month page (the htmx door)
    "inbox": 1.0,  # forwarded card texts (priced as a Telegram webhook)
    "pages": 8.0,  # month and stats pages opened
}
PEAK_HOUR_SHARE = 0.20  # the busiest hour (evening, KST) holds a fifth of the day's requests
CPU_TARGET = 0.70  # operations.md's scaling trigger: plan for 70 % CPU at the peak hour
DB_CPU_MS_PER_STATEMENT = 0.08  # PostgreSQL CPU per simple indexed statement (assumption, see docs)
WORKER_SHARE = 0.15  # worker CPU as a share of web CPU: replies after Claude, budget alerts, sweeps
ENTRY_BYTES = 450  # one entry row with its indexes and message row, on disk
CLAUDE_USD_PER_1000_MESSAGES = 0.0015  # measured by the benchmark (bench/parsing.py)


@dataclass(frozen=True)
class Price:
    """Approximate monthly list prices (USD, nrt); check fly.io/docs/about/pricing before relying on them."""

    web_vcpu: float = 31.0  # performance-1x (dedicated vCPU, 2 GB): sustained load without CPU quota
    small_machine: float = 7.6  # shared-cpu-2x 1 GB: a web or worker machine below one busy vCPU
    beat_machine: float = 1.9  # shared-cpu-1x 256 MB
    postgres_base: float = 38.0  # Managed Postgres Basic (HA pair, PITR) incl. 10 GB
    postgres_vcpu: float = 40.0  # each further dedicated vCPU of the database
    storage_gb: float = 0.28  # per GB-month
    redis: float = 10.0  # Upstash fixed plan; pay-as-you-go is less below ~10k households


def figures(path: Path = LATEST) -> dict[str, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    by_key = {f["key"]: f for f in data["figures"]}
    per = {}
    web = by_key.get("web_cpu_ms_per_request", {}).get("details", {})
    hooks = by_key.get("hook_cpu_ms_per_request", {}).get("details", {})
    door = by_key.get("web_door_rps_ratio", {}).get("details", {})
    htmx = by_key.get("htmx_door_rps_ratio", {}).get("details", {}).get("htmx", {})
    page = by_key.get("month_page", {}).get("details", {}).get("page", {})
    hook_details = by_key.get("telegram_reply_p95_ratio", {}).get("details", {})
    kakao_details = by_key.get("kakao_reply_p95_ratio", {}).get("details", {})
    per["telegram"] = {"cpu_ms": hooks.get("Telegram"), "statements": hook_details.get("queries_per_request")}
    per["kakao"] = {"cpu_ms": hooks.get("Kakao"), "statements": kakao_details.get("queries_per_request")}
    per["htmx"] = {"cpu_ms": web.get("htmx door"), "statements": htmx.get("queries_per_request")}
    per["inbox"] = per["telegram"]
    per["pages"] = {"cpu_ms": page.get("cpu_ms_per_request"), "statements": page.get("queries_per_request")}
    per["_door"] = {"cpu_ms": web.get("door"), "statements": door.get("door", {}).get("queries_per_request")}
    return per


def estimate(households: int, per: dict[str, dict], price: Price = Price()) -> dict:
    app_ms_day = sum(n * (per[k]["cpu_ms"] or 0) for k, n in PER_HOUSEHOLD_DAY.items()) * households
    db_ms_day = (
        sum(n * (per[k]["statements"] or 0) for k, n in PER_HOUSEHOLD_DAY.items())
        * DB_CPU_MS_PER_STATEMENT
        * households
    )
    requests_day = sum(PER_HOUSEHOLD_DAY.values()) * households
    peak_rps = requests_day * PEAK_HOUR_SHARE / 3600
    web_vcpus = app_ms_day * PEAK_HOUR_SHARE / 3600 / 1000 / CPU_TARGET
    worker_vcpus = web_vcpus * WORKER_SHARE
    db_vcpus = db_ms_day * PEAK_HOUR_SHARE / 3600 / 1000 / CPU_TARGET
    # Two web machines at least (a deploy or a crash never takes the door down), one worker, one beat.
    web_machines = max(2, math.ceil(web_vcpus))
    web_cost = web_machines * (price.web_vcpu if web_vcpus > 1 else price.small_machine)
    worker_machines = max(1, math.ceil(worker_vcpus))
    worker_cost = worker_machines * (price.web_vcpu if worker_vcpus > 1 else price.small_machine)
    entries_year = (PER_HOUSEHOLD_DAY["telegram"] + PER_HOUSEHOLD_DAY["kakao"] + PER_HOUSEHOLD_DAY["htmx"]) * 365
    storage_gb = households * entries_year * ENTRY_BYTES / 1e9
    db_cost = price.postgres_base + max(0, math.ceil(db_vcpus) - 1) * price.postgres_vcpu
    db_cost += max(0.0, storage_gb - 10) * price.storage_gb
    messages_month = (sum(PER_HOUSEHOLD_DAY.values()) - PER_HOUSEHOLD_DAY["pages"]) * 30 * households
    claude = messages_month / 1000 * CLAUDE_USD_PER_1000_MESSAGES
    total = web_cost + worker_cost + price.beat_machine + db_cost + price.redis + claude
    return {
        "households": households,
        "peak_rps": peak_rps,
        "web_vcpus": web_vcpus,
        "db_vcpus": db_vcpus,
        "web_machines": web_machines,
        "worker_machines": worker_machines,
        "storage_gb_year": storage_gb,
        "monthly_usd": total,
        "per_household_usd": total / households,
        "parts": {
            "web": web_cost,
            "worker": worker_cost,
            "beat": price.beat_machine,
            "postgres": db_cost,
            "redis": price.redis,
            "claude": claude,
        },
    }


def table(path: Path = LATEST) -> str:
    per = figures(path)
    missing = [k for k in PER_HOUSEHOLD_DAY if per[k]["cpu_ms"] is None]
    lines = []
    if missing:
        lines.append(f"(no measured CPU for {', '.join(missing)} in {path}: run `make bench` first)")
    lines.append(
        "measured per request: "
        + ", ".join(
            f"{k} {per[k]['cpu_ms']:.1f} CPU-ms / {per[k]['statements'] or 0:g} statements"
            for k in ("telegram", "kakao", "htmx", "pages")
            if per[k]["cpu_ms"] is not None
        )
    )
    lines.append("")
    lines.append(
        "| households | peak req/s | web vCPU at 70 % | DB vCPU | machines (web + worker + beat) "
        "| entries on disk after a year | USD / month | USD / household / month |"
    )
    lines.append("|---|---|---|---|---|---|---|---|")
    for n in (1_000, 10_000, 100_000):
        e = estimate(n, per)
        lines.append(
            f"| {n:,} | {e['peak_rps']:.1f} | {e['web_vcpus']:.2f} | {e['db_vcpus']:.2f} "
            f"| {e['web_machines']} + {e['worker_machines']} + 1 | {e['storage_gb_year']:.1f} GB "
            f"| ${e['monthly_usd']:,.0f} | ${e['per_household_usd']:.4f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(Path(sys.argv[1]) if len(sys.argv) > 1 else LATEST))
