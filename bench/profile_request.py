"""`python -m bench.profile_request [telegram|kakao|door] …`: one request end to end, in-process, on PostgreSQL.

Prints every SQL statement the request runs (with its time), the transactions it commits, and the
Python functions that took the most time (cProfile, cumulative). A small throw-away database
(`hn_profile` on the local server, or --db) is seeded with a few households; the request is sent a
few times first so that the profile shows the steady state, not the first request's imports.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time

from . import procs

DB_NAME = os.environ.get("BENCH_PROFILE_DB", "hn_profile")


def _setup(database_url: str, fake_telegram_url: str) -> None:
    from . import hooks

    os.environ.update(procs.app_env(database_url=database_url, redis_url=""))
    os.environ.update(hooks.settings_env(fake_telegram_url))
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["HOMENRICH_BENCH"] = "1"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    import django

    django.setup()


def _request(kind: str, n: int, sender: dict, cookies: dict[str, str] | None):
    from . import hooks

    # A different linked chat each time: the per-chat limit (30 a minute) must not answer instead.
    k = n % len(sender["telegram"])
    sender = {**sender, "telegram": sender["telegram"][k:] + sender["telegram"][:k]}
    sender["kakao"] = sender["kakao"][k:] + sender["kakao"][:k]
    if kind == "telegram":
        request = hooks._telegram_requests(sender, ["점심 김밥 5000원"], 1, 5_000_000 + n)[0]
    elif kind == "kakao":
        request = hooks._kakao_requests(sender, ["점심 김밥 5000원"], 1, start=0)[0]
    elif kind == "floor":
        return hooks._floor_requests(sender, ["점심 김밥 5000원"], 1, procs.BENCH_SECRET_KEY)[0]
    else:
        from .web import Client

        request = Client(cookies, 8000).post("/entries/message/", {"text": "점심 김밥 5000원"})
        request = request.__class__(
            request.method, request.path, request.body, (*request.headers, ("HX-Request", "true"))
        )
    return request


def _send(client, request):
    from django.http import HttpRequest  # noqa: F401 - Django is set up by now

    headers = {}
    for name, value in request.headers:
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            continue
        if key == "COOKIE":
            for part in value.split("; "):
                k, v = part.split("=", 1)
                client.cookies[k] = v
            continue
        headers[f"HTTP_{key}"] = value
    content_type = dict(request.headers).get("Content-Type", "application/json")
    return client.generic(
        "POST", request.path, request.body, content_type=content_type, secure=True, SERVER_NAME="127.0.0.1", **headers
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=("telegram", "kakao", "door", "floor"))
    parser.add_argument("--warm", type=int, default=5, help="requests before the profiled one")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative or tottime")
    parser.add_argument("--repeat", type=int, default=40, help="requests timed without the profiler")
    parser.add_argument("--profile-all", action="store_true", help="profile the repeated requests together")
    args = parser.parse_args(argv)

    from .hooks import FakeTelegram

    fake = FakeTelegram()
    database_url = procs.database_recreate(DB_NAME)
    try:
        _setup(database_url, fake.url)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from . import hooks, seed

        call_command("migrate", verbosity=0)
        today = seed.now_in_seoul()
        seeded = seed.seed(households=30, entries=20_000, today=today)
        senders = hooks.link_chats(seeded.typical_owner_ids[:2])
        cookies = seed.login_cookies(seeded.typical_owner_ids[0])
        client = Client(enforce_csrf_checks=False)
        for n in range(args.warm):
            response = _send(client, _request(args.kind, n, senders[0], cookies))
        commits = []
        request = _request(args.kind, args.warm, senders[0], cookies)
        original_commit = connection.commit

        def commit(*a, **k):
            commits.append(time.perf_counter())
            return original_commit(*a, **k)

        connection.commit = commit
        # Django's atomic() commits through the connection's _commit via the DB-API connection.
        profiler = cProfile.Profile()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            profiler.enable()
            response = _send(client, request)
            profiler.disable()
            took = (time.perf_counter() - started) * 1000
        print(f"\n{args.kind}: {response.status_code}, {len(response.content)} bytes, {took:.1f} ms in-process")
        print(f"{len(queries.captured_queries)} statements:")
        for q in queries.captured_queries:
            print(f"  {float(q['time']) * 1000:7.2f} ms  {q['sql'][:220]}")
        begins = sum(1 for q in queries.captured_queries if q["sql"].upper().startswith(("SAVEPOINT", "BEGIN")))
        print(f"savepoints/begins: {begins}; explicit connection.commit calls: {len(commits)}")
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())
        times, in_db = [], []
        spent = [0.0]

        def timed(execute, sql, params, many, context):
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += time.perf_counter() - began

        many = cProfile.Profile() if args.profile_all else None
        for n in range(args.repeat):
            request = _request(args.kind, args.warm + 1 + n, senders[0], cookies)
            spent[0] = 0.0
            started = time.perf_counter()
            if many:
                many.enable()
            with connection.execute_wrapper(timed):
                _send(client, request)
            if many:
                many.disable()
            times.append((time.perf_counter() - started) * 1000)
            in_db.append(spent[0] * 1000)
        if many:
            out = io.StringIO()
            stats = pstats.Stats(many, stream=out)
            stats.sort_stats(args.sort).print_stats(args.top)
            print(f"--- all {args.repeat} requests, by {args.sort} ---")
            print(out.getvalue())
        if times:
            import statistics

            print(
                f"{args.repeat} more, unprofiled: median {statistics.median(times):.2f} ms "
                f"(min {min(times):.2f}), of which waiting on statements {statistics.median(in_db):.2f} ms"
            )
        body = response.content[:600]
        try:
            print(json.dumps(json.loads(body), ensure_ascii=False)[:600])
        except ValueError:
            print(body)
    finally:
        from django.db import connections

        connections.close_all()
        fake.stop()
        if not args.keep_db:
            procs.database_drop(DB_NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
