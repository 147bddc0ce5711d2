"""The household importer on a large backup: the worker's peak memory and time, the web process's share,
against the same rows written by a plain bulk insert in the same run.

Each side runs in its own fresh process (as a gunicorn worker and a Celery worker would), which reports
its peak RSS (VmHWM) and time on stdout:
- `receive`: what the web process does with an upload (hash it, keep it in the database in 1 MB pieces);
- `run`: what the worker does (stream the file twice: check, then write in batches);
- `bulk`: the baseline, the same messages and entries built in memory and written by bulk_create;
- `bare`: a process that only sets Django up, for scale.

    python -m bench.importer child <receive|run|bulk|bare> <file> <user_id>
"""

import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import procs
from .report import Figure, Report

RSS_GOAL_MIB = 150
RATIO_GOAL = 3.0
MEMOS = ["점심 김밥", "스타벅스 라떼", "택시", "마트 장보기", "월세", "관리비", "주유", "편의점 간식", "약국", "영화"]


def _rows(count: int, seed: int = 7):
    """(message, entry) pairs as the export writes them, deterministic for the file and the baseline alike."""
    rng = random.Random(seed)
    today = dt.date.today()
    for i in range(1, count + 1):
        memo = rng.choice(MEMOS)
        amount = rng.randint(1, 2000) * 100
        day = today - dt.timedelta(days=rng.randint(0, 300))
        stamp = f"{day.isoformat()}T12:{i % 60:02d}:00+09:00"
        message = {
            "ref": i,
            "author": 1,
            "channel": "web",
            "raw_text": f"{memo} {amount}원",
            "outcome": "recorded",
            "received_at": stamp,
        }
        entry = {
            "kind": "expense",
            "amount_krw": amount,
            "spent_on": day.isoformat(),
            "category": "food",
            "memo": memo,
            "paid_by": 1,
            "entered_by": 1,
            "channel": "web",
            "category_source": "rules",
            "category_confidence": 0.9,
            "category_state": "settled",
            "message": i,
            "recurring_rule": None,
            "occurrence_on": None,
            "created_at": stamp,
            "updated_at": stamp,
        }
        yield message, entry


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)


def write_backup(path: Path, *, target_bytes: int, email: str) -> int:
    """A backup of about `target_bytes`, written as the export writes it; returns the number of entries."""
    from households.defaults import default_categories

    per_pair = sum(len(_dumps(x).encode()) + 4 for x in next(_rows(1)))
    count = max(100, int(target_bytes / per_pair))
    head = {
        "format": "homenrich-household",
        "version": 1,
        "exported_at": "2026-01-01T00:00:00+09:00",
        "household": {"name": "벤치가구", "month_start_day": 1, "llm_enabled": False},
        "categories": [
            {**c, "is_default": True, "is_hidden": False, "position": i} for i, c in enumerate(default_categories())
        ],
        "members": [{"ref": 1, "display_name": "벤치", "role": "owner", "email": email, "joined_at": None}],
    }
    with path.open("w", encoding="utf-8") as out:
        out.write(_dumps(head)[:-2] + ",\n")
        for section, index in (("messages", 0), ("entries", 1)):
            out.write(f' "{section}": [\n')
            for n, pair in enumerate(_rows(count)):
                out.write(("" if n == 0 else ",\n") + _dumps(pair[index]))
            out.write("\n ],\n")
        out.write(' "budgets": [],\n "budget_alerts": [],\n "learned_rules": []\n}\n')
    return count


# ---------------------------------------------------------------------------------------- the children


def _child(mode: str, path: str, user_id: int) -> dict:
    import django

    django.setup()
    from django.core.files import File

    from expenses.exports import uploads
    from households.models import User

    user = User.objects.get(pk=user_id)
    started = time.perf_counter()
    result: dict = {}
    if mode == "receive":
        with open(path, "rb") as upload:
            record, outcome = uploads.import_receive(user=user, upload=File(upload), file_name="bench.json")
        result.update(upload_id=record.pk, outcome=outcome)
    elif mode == "run":
        uploads.import_run(upload_id=int(os.environ["BENCH_UPLOAD_ID"]))
        from expenses.models import HouseholdImport

        record = HouseholdImport.objects.get(pk=int(os.environ["BENCH_UPLOAD_ID"]))
        result.update(state=record.state, problems=record.problems[:3])
    elif mode == "bulk":
        result.update(entries=_bulk(user, int(os.environ["BENCH_ROWS"])))
    result.update(seconds=time.perf_counter() - started, rss_mib=_peak_rss_mib())
    return result


def _peak_rss_mib() -> float:
    """This process's own peak RSS. Linux's ru_maxrss also counts the parent's size at the fork before exec
    (a child of a large bench process would report the parent), so VmHWM, which starts anew at exec, first."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bulk(user, count: int) -> int:
    """The baseline: the same rows, built in memory, written by bulk_create in one transaction."""
    from django.db import transaction
    from django.utils.dateparse import parse_date, parse_datetime

    from expenses.models import Entry, Message
    from households.models import Category, Household, Membership
    from households.services import household_create

    with transaction.atomic():
        household = household_create(owner=user, name="벤치 기준")
        Household.objects.filter(pk=household.pk)
        seat = Membership.objects.get(household=household, user=user)
        food = Category.objects.get(household=household, slug="food")
        pairs = list(_rows(count))
        messages = Message.objects.bulk_create(
            [
                Message(
                    household=household, author=seat, channel=m["channel"], raw_text=m["raw_text"], outcome="recorded"
                )
                for m, _ in pairs
            ],
            batch_size=2000,
        )
        Entry.objects.bulk_create(
            [
                Entry(
                    household=household,
                    kind="expense",
                    amount_krw=e["amount_krw"],
                    spent_on=parse_date(e["spent_on"]),
                    category=food,
                    memo=e["memo"],
                    paid_by=seat,
                    entered_by=seat,
                    channel="web",
                    category_source="rules",
                    category_confidence=0.9,
                    message=message,
                    created_at=parse_datetime(e["created_at"]),
                )
                for (_, e), message in zip(pairs, messages, strict=True)
            ],
            batch_size=2000,
        )
    return count


def _spawn(mode: str, path: Path, user_id: int, env: dict) -> dict:
    args = [procs.PYTHON, "-m", "bench.importer", "child", mode, str(path), str(user_id)]
    out = subprocess.run(args, cwd=procs.ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"{mode}: {out.stderr[-1500:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(report: Report, *, target_mb: float) -> None:
    from households.models import User

    user, _ = User.objects.get_or_create(email="bench-importer@example.com", defaults={"display_name": "벤치"})
    folder = Path(tempfile.mkdtemp(prefix="hn-import-"))
    path = folder / "backup.json"
    try:
        rows = write_backup(path, target_bytes=int(target_mb * 1024 * 1024), email=user.email)
        size_mb = path.stat().st_size / 1024 / 1024
        print(f"   backup: {size_mb:.1f} MB, {rows:,} messages and {rows:,} entries", flush=True)
        env = {**os.environ, "LOG_LEVEL": "WARNING"}
        bare = _spawn("bare", path, user.pk, env)
        received = _spawn("receive", path, user.pk, env)
        run = _spawn("run", path, user.pk, {**env, "BENCH_UPLOAD_ID": str(received["upload_id"])})
        if run["state"] != "done":
            raise RuntimeError(f"import refused: {run['problems']}")
        bulk = _spawn("bulk", path, user.pk, {**env, "BENCH_ROWS": str(rows)})
    finally:
        path.unlink(missing_ok=True)
        folder.rmdir()
    ratio = run["seconds"] / bulk["seconds"]
    report.add(
        Figure(
            key="import_worker_rss",
            figure=f"importer: worker peak RSS on a {size_mb:.0f} MB backup",
            value=f"{run['rss_mib']:.0f} MiB (web process receiving it: {received['rss_mib']:.0f} MiB, "
            f"{received['seconds']:.1f} s)",
            goal=f"≤ {RSS_GOAL_MIB} MiB",
            baseline=f"bare Django process {bare['rss_mib']:.0f} MiB",
            ok=run["rss_mib"] <= RSS_GOAL_MIB,
            number=run["rss_mib"],
            details={"size_mb": size_mb, "rows": rows, "bare": bare, "receive": received, "run": run},
        )
    )
    report.add(
        Figure(
            key="import_time_ratio",
            figure=f"importer time ÷ plain bulk insert ({rows:,} messages + {rows:,} entries)",
            value=f"{ratio:.2f}× ({run['seconds']:.1f} s)",
            goal=f"≤ {RATIO_GOAL:.0f}×",
            baseline=f"bulk_create of the same rows {bulk['seconds']:.1f} s",
            ok=ratio <= RATIO_GOAL,
            number=ratio,
            details={"run": run, "bulk": bulk},
        )
    )


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "child":
        print(json.dumps(_child(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
