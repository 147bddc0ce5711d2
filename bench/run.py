"""`python -m bench.run [--quick]`: prepares its own data, runs every benchmark, prints the table, writes latest.json.

Everything runs against real gunicorn (bin/start's configuration), PostgreSQL and Redis on loopback:
a throw-away database `hn_bench_run` on the local server and Redis database 5, both emptied first
(BENCH_DB_NAME and BENCH_REDIS_URL choose others, e.g. when two checkouts measure at once).
"""

import argparse
import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from . import procs
from .report import Report

DB_NAME = os.environ.get("BENCH_DB_NAME", "hn_bench_run")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
CORPUS = Path(__file__).resolve().parent / "corpus" / "realistic_mix.txt"
SAMPLES = procs.ROOT / "tests" / "parser" / "sample_messages.jsonl"


@dataclass(frozen=True)
class Mode:
    name: str
    households: int
    entries: int
    seconds: float  # each load measurement
    warmup: float
    rounds: int  # alternating floor/door rounds
    page_seconds: float
    stats_reps: int
    parser_seconds: float
    hook_seconds: float
    footprint_reps: int
    footprint_load: float
    heavy_reps: int  # one-at-a-time requests for the busiest month's pages
    baseline_every: int  # the every-item Claude baseline samples one message in this many
    import_mb: float  # the backup file the importer reads


FULL = Mode("full", 2000, 2_000_000, 15, 3, 2, 10, 30, 5, 8, 3, 8, 8, 1, 50)
QUICK = Mode("quick", 200, 50_000, 3, 0.5, 1, 2.5, 8, 1, 3, 1, 2, 3, 4, 5)


def corpus_messages() -> list[str]:
    """The parser engineer's realistic mix when it is there, else the sample messages."""
    if CORPUS.exists():
        from .parsing import corpus_lines

        return corpus_lines(CORPUS)
    import json

    return [json.loads(line)["text"] for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]


def _setup_django(database_url: str) -> dict[str, str]:
    env = procs.app_env(database_url=database_url, redis_url=REDIS_URL)
    # This process seeds, logs people in and runs the in-process figures; tasks it causes run inline.
    os.environ.update(procs.app_env(database_url=database_url, redis_url=""))
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["HOMENRICH_BENCH"] = "1"
    import django

    django.setup()
    return env


def _flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


class Phase:
    """Runs one benchmark; a crash is reported as a missing figure instead of ending the run."""

    failures: list[str] = []

    def __init__(self, report: Report, name: str):
        self.report, self.name = report, name

    def __enter__(self):
        self.started = time.monotonic()
        print(f"\n== {self.name}", flush=True)
        return self

    def __exit__(self, exc_type, exc, tb):
        took = time.monotonic() - self.started
        if exc is not None:
            traceback.print_exception(exc_type, exc, tb)
            Phase.failures.append(f"{self.name}: {exc_type.__name__}: {str(exc)[:300]}")
            self.report.note(f"{self.name} failed: {exc_type.__name__}: {str(exc)[:300]}")
        print(f"   ({self.name}: {took:.1f} s)", flush=True)
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smaller run with the same output shape (< 2 min)")
    parser.add_argument("--keep-db", action="store_true", help=f"keep the {DB_NAME} database afterwards")
    parser.add_argument(
        "--only", default="", help="comma-separated phases: web,pages,stats,hooks,parser,footprint,importer"
    )
    args = parser.parse_args(argv)
    mode = QUICK if args.quick else FULL
    only = {p.strip() for p in args.only.split(",") if p.strip()}
    wanted = lambda phase: not only or phase in only  # noqa: E731
    started = time.monotonic()
    report = Report(mode.name)
    print(
        f"HomeNRich benchmark ({mode.name}): {mode.entries:,} entries over {mode.households:,} households", flush=True
    )

    database_url = procs.database_recreate(DB_NAME)
    env = _setup_django(database_url)
    from django.core.management import call_command

    from . import seed, web

    try:
        print("\n== prepare", flush=True)
        # Not a Phase: without data there is nothing to measure, so a failure here ends the run.
        print(f"   bytecode ready in {procs.compile_bytecode():.1f} s", flush=True)
        call_command("migrate", verbosity=0)
        if _static_stale():
            procs.manage(env, "collectstatic", "--noinput", "-v", "0")
        _flush_redis()
        today = seed.now_in_seoul()
        seeded = seed.seed(households=mode.households, entries=mode.entries, today=today)
        print(
            f"   seeded {seeded.entries:,} entries in {seeded.seconds:.1f} s; busiest month "
            f"{seeded.busy_month:%Y-%m} holds {seeded.busy_month_entries:,} entries",
            flush=True,
        )
        if wanted("web"):
            # The htmx door writes into a long day: every writer's household already holds that many today.
            filled = seed.fill_day(
                owner_user_ids=seeded.typical_owner_ids[: web.WRITE_CLIENTS], day=today, entries=web.LONG_DAY
            )
            print(f"   {filled:,} entries on {today} in the writers' households ({web.LONG_DAY} each)", flush=True)
        report.context.update(
            postgres=_postgres_version(),
            commit_round_trip_ms=_commit_ms(database_url),
            entries=seeded.entries,
            households=seeded.households,
            seed_seconds=round(seeded.seconds, 1),
        )
        messages = corpus_messages()
        from . import hooks

        fake_telegram = hooks.FakeTelegram()
        senders = hooks.link_chats(seeded.typical_owner_ids[20 : 20 + hooks.SENDERS]) if wanted("hooks") else []
        port = procs.free_port()
        server = procs.gunicorn(env={**env, **hooks.settings_env(fake_telegram.url)}, port=port)
        try:
            procs.wait_http(port, timeout=60, proc=server)
            clients = [web.Client(seed.login_cookies(uid), port) for uid in seeded.typical_owner_ids]
            busy = web.Client(seed.login_cookies(seeded.busy_owner_id), port)
            today_key = f"{today:%Y-%m}"
            busy_key = f"{seeded.busy_month:%Y-%m}"
            if wanted("web"):
                with Phase(report, "web door"):
                    web.web_door(
                        report,
                        port=port,
                        clients=clients[: web.WRITE_CLIENTS],
                        messages=messages,
                        seconds=mode.seconds,
                        warmup=mode.warmup,
                        rounds=mode.rounds,
                        short_day_client=clients[-1],
                        server_pid=server.pid,
                    )
            if wanted("pages"):
                readers = clients[web.WRITE_CLIENTS : web.WRITE_CLIENTS + web.PAGE_CLIENTS]
                for key, figure, prefix in (
                    ("month_page", "month page", "month"),
                    ("stats_page", "stats page", "stats"),
                ):
                    with Phase(report, figure):
                        web.page_latency(
                            report,
                            port=port,
                            key=key,
                            figure=figure,
                            typical=[(c, f"/{prefix}/{today_key}/") for c in readers],
                            busy=(busy, f"/{prefix}/{busy_key}/"),
                            floor=readers,
                            seconds=mode.page_seconds,
                            warmup=mode.warmup,
                            heavy_reps=mode.heavy_reps,
                            server_pid=server.pid,
                        )
            if wanted("stats"):
                with Phase(report, "stats uncached vs raw SQL"):
                    from . import stats_page

                    stats_page.measure(
                        report,
                        port=port,
                        client=busy,
                        household_id=seeded.busy_household_id,
                        busiest=seeded.busy_month,
                        entries_in_month=seeded.busy_month_entries,
                        reps=mode.stats_reps,
                    )
            if wanted("hooks"):
                with Phase(report, "webhooks"):
                    hooks.measure(
                        report,
                        port=port,
                        senders=senders,
                        messages=messages,
                        seconds=mode.hook_seconds,
                        warmup=mode.warmup,
                        secret_key=procs.BENCH_SECRET_KEY,
                        rounds=mode.rounds,
                        server_pid=server.pid,
                    )
        finally:
            server.stop()
            fake_telegram.stop()
        if wanted("parser"):
            with Phase(report, "parser and Claude"):
                from . import parsing

                parsing.measure(
                    report,
                    messages=messages,
                    corpus=CORPUS,
                    seconds=mode.parser_seconds,
                    door_rps=_door_rps(report),
                    baseline_every=mode.baseline_every,
                )
        if wanted("importer"):
            with Phase(report, "importer"):
                from . import importer

                importer.measure(report, target_mb=mode.import_mb)
        if wanted("footprint"):
            with Phase(report, "memory and cold start"):
                from . import footprint

                footprint.measure(
                    report,
                    env=env,
                    database_url=database_url,
                    reps=mode.footprint_reps,
                    load_seconds=mode.footprint_load,
                    warm_cookies=[seed.login_cookies(uid) for uid in seeded.typical_owner_ids[-4:]],
                    messages=messages,
                    month_key=today_key,
                )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            procs.database_drop(DB_NAME)
        _flush_redis()
    report.context["seconds"] = round(time.monotonic() - started, 1)
    report.write()
    print(f"\nHomeNRich benchmark ({mode.name}, {report.context['seconds']:.0f} s, {os.cpu_count()} cpus)\n")
    print(report.table())
    context = report.context
    print(
        f"\ncontext: PostgreSQL {context.get('postgres')}, "
        f"one committed INSERT {context.get('commit_round_trip_ms')} ms, "
        f"{context.get('entries', 0):,} entries over {context.get('households', 0):,} households"
    )
    for note in report.notes:
        print(f"note: {note}")
    print(f"\nwritten to {Path('bench/latest.json')}")
    return 1 if Phase.failures else 0


def _static_stale() -> bool:
    """DEBUG off serves hashed static files from the manifest; collect again only when a source is newer."""
    from django.conf import settings

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [p for folder in settings.STATICFILES_DIRS for p in Path(folder).rglob("*") if p.is_file()]
    return any(p.stat().st_mtime > built for p in sources)


def _door_rps(report: Report) -> float | None:
    for figure in report.figures:
        if figure.key == "web_door_rps_ratio":
            return figure.details.get("door", {}).get("rps")
    return None


def _commit_ms(database_url: str) -> float:
    """One INSERT and its COMMIT from Python over loopback: what every committed row costs on this machine."""
    import statistics

    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_commit (id serial PRIMARY KEY, at timestamptz DEFAULT now())")
        times = []
        for _ in range(60):
            started = time.perf_counter()
            conn.execute("INSERT INTO bench_commit DEFAULT VALUES")
            times.append((time.perf_counter() - started) * 1000)
        conn.execute("DROP TABLE bench_commit")
    value = statistics.median(times[10:])
    print(f"   one committed INSERT: {value:.2f} ms (median)", flush=True)
    return round(value, 3)


def _postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    sys.exit(main())
