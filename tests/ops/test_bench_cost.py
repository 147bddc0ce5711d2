"""bench.cost: the per-household cost table in operations.md comes from a benchmark run's own figures."""

import json

from bench import cost


def _run(tmp_path, *, telegram=8.0, htmx=10.0, page=20.0):
    figures = [
        {"key": "web_cpu_ms_per_request", "details": {"floor write": 4.0, "door": 9.0, "htmx door": htmx}},
        {"key": "hook_cpu_ms_per_request", "details": {"webhook floor": 2.0, "Telegram": telegram, "Kakao": 10.0}},
        {"key": "htmx_door_rps_ratio", "details": {"htmx": {"queries_per_request": 12}}},
        {"key": "month_page", "details": {"page": {"cpu_ms_per_request": page, "queries_per_request": 11}}},
        {"key": "telegram_reply_p95_ratio", "details": {"queries_per_request": 13}},
        {"key": "kakao_reply_p95_ratio", "details": {"queries_per_request": 14}},
    ]
    path = tmp_path / "latest.json"
    path.write_text(json.dumps({"mode": "full", "machine": {}, "figures": figures, "notes": []}))
    return path


def test_the_cost_per_household_falls_with_scale_and_beat_stays_one(tmp_path):
    per = cost.figures(_run(tmp_path))
    small, large = cost.estimate(1_000, per), cost.estimate(100_000, per)
    assert small["per_household_usd"] > large["per_household_usd"] > 0
    assert small["web_machines"] >= 2 and large["web_machines"] >= small["web_machines"]
    table = cost.table(_run(tmp_path))
    assert "| 1,000 |" in table and "| 10,000 |" in table and "| 100,000 |" in table
    # Every row runs exactly one beat, whatever the size.
    assert all(row.split("|")[5].strip().endswith("+ 1") for row in table.splitlines() if row.startswith("| 1"))


def test_a_costlier_door_costs_more_at_scale(tmp_path):
    cheap = cost.estimate(100_000, cost.figures(_run(tmp_path, htmx=10.0)))
    dear = cost.estimate(100_000, cost.figures(_run(tmp_path, htmx=200.0)))
    assert dear["web_vcpus"] > cheap["web_vcpus"] and dear["monthly_usd"] >= cheap["monthly_usd"]
