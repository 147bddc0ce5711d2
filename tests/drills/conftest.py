"""Fault drills: real gunicorn, Celery workers and throw-away Redis/PostgreSQL servers around the suite's database.

The drills that start processes need PostgreSQL (the processes share the test database, so the test
commits what it prepares: `transactional_db`) and start their own redis-server on another port, so the
shared Redis is never stopped. Everything they start is stopped by its own process id.
"""

import http.client
import time
from importlib import import_module
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.test import override_settings

from bench import procs


def database_url() -> str:
    """The suite's test database, for the processes a drill starts."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def login_cookies(user) -> dict[str, str]:
    """A committed session for `user`, as login() would store it (signed with the started processes' key)."""
    with override_settings(SECRET_KEY=procs.BENCH_SECRET_KEY):
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
    return {settings.SESSION_COOKIE_NAME: store.session_key, settings.CSRF_COOKIE_NAME: "d" * 32}


def post_form(port: int, path: str, fields: dict, cookies: dict[str, str], timeout: float = 15) -> tuple[int, float]:
    """POST a form the way a browser behind Fly's TLS proxy does; returns (status, seconds).

    Status 0: no answer at all; 401: redirected to the login page (a session the server did not accept).
    """
    headers = {
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "X-CSRFToken": cookies[settings.CSRF_COOKIE_NAME],
        "X-Forwarded-Proto": "https",
        "Origin": f"https://127.0.0.1:{port}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    started = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("POST", path, body=urlencode(fields), headers=headers)
        response = conn.getresponse()
        response.read()
        conn.close()
    except (OSError, http.client.HTTPException):
        return 0, time.monotonic() - started
    if response.status in (301, 302) and "/accounts/login" in (response.getheader("Location") or ""):
        return 401, time.monotonic() - started
    return response.status, time.monotonic() - started


def post_json(port: int, path: str, payload: bytes, headers: dict[str, str], timeout: float = 15) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request("POST", path, body=payload, headers={"Content-Type": "application/json", **headers})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def web(env: dict[str, str], *, workers: int = 1) -> tuple[procs.Proc, int]:
    port = procs.free_port()
    server = procs.gunicorn(env=env, port=port, app="homenrich.wsgi:application", workers=workers, threads=4)
    procs.wait_http(port, timeout=60, proc=server)
    return server, port


def worker(env: dict[str, str], name: str = "drill-worker") -> procs.Proc:
    return procs.celery_worker(env=env, pool="solo", name=name)


def send_task(redis_url: str, name: str, args: list) -> None:
    """Queue a task on the drill's own broker, whatever broker this test process is configured with."""
    from homenrich.celery import app

    with app.connection_for_write(redis_url) as conn:
        app.send_task(name, args=args, connection=conn)


def wait_for(condition, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture
def throwaway_redis():
    server = procs.ThrowawayRedis()
    server.start()
    yield server
    server.kill()


@pytest.fixture
def stopped_later():
    """Processes a drill starts; all stopped (by their own pid) when the test ends, whatever happened."""
    started: list[procs.Proc] = []
    yield started
    for proc in reversed(started):
        proc.stop(timeout=10)


def dump_logs(*procs_: procs.Proc) -> str:
    return "\n".join(f"--- {p.name}\n{p.log_tail(4000)}" for p in procs_)
