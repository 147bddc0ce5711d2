"""PostgreSQL restarts while members record through the web door (a cluster of the drill's own).

What must hold: no request gets a 500 (a few may get a clean 503 while the database is away), the
service recovers by itself within 5 s of PostgreSQL accepting connections again, every answered
request kept what was typed, and no message ends up with only some of its entries.
"""

import json
import threading
import time

import psycopg
import pytest

from bench import procs
from tests.drills.conftest import post_form, web

CLIENTS = 6
RECOVERY_SECONDS = 5.0
SETUP = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from households.models import User
from households.services import household_create
jars = []
for n in range(%(clients)d):
    user = User.objects.create_user(email=f"drill{n}@example.com", password=None, display_name=f"드릴{n}")
    household_create(owner=user, name=f"드릴가구{n}")
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    jars.append({settings.SESSION_COOKIE_NAME: store.session_key, settings.CSRF_COOKIE_NAME: "d" * 32})
print("JARS=" + json.dumps(jars))
"""


def _text(n: int) -> str:
    # Two items per message, both amounts carrying n: a message with one entry would be a partial write.
    return f"점심 김밥 {10_000 + n}원, 커피 {20_000 + n}원"


@pytest.fixture
def cluster():
    pg = procs.ThrowawayPostgres().init()
    pg.start()
    yield pg
    pg.destroy()


@pytest.mark.postgres
@pytest.mark.slow
def test_a_restart_under_load_gives_clean_503s_recovers_within_5s_and_writes_nothing_partial(cluster, stopped_later):
    url = cluster.create_database("hn_drill")
    env = procs.app_env(database_url=url, redis_url="", DB_CONNECT_TIMEOUT="2")
    procs.manage(env, "migrate", "--noinput")
    jars = json.loads(procs.manage(env, "shell", "-c", SETUP % {"clients": CLIENTS}).stdout.split("JARS=")[1])
    server, port = web(env, workers=2)
    stopped_later.append(server)

    results: list[tuple[int, float, float, int]] = []  # (n, started, finished, status)
    counter = iter(range(1_000_000))
    lock = threading.Lock()
    stop = threading.Event()

    def member(jar):
        while not stop.is_set():
            with lock:
                n = next(counter)
            started = time.monotonic()
            status, _ = post_form(port, "/entries/message/", {"text": _text(n)}, jar, timeout=20)
            with lock:
                results.append((n, started, time.monotonic(), status))

    threads = [threading.Thread(target=member, args=(jar,)) for jar in jars]
    for thread in threads:
        thread.start()
    time.sleep(2.0)
    down_at = time.monotonic()
    cluster.stop()  # fast shutdown: in-flight transactions are rolled back, sessions cut
    time.sleep(1.5)  # a restart that takes a moment, as a managed failover would
    cluster.start()
    up_at = time.monotonic()
    time.sleep(RECOVERY_SECONDS + 4.0)
    stop.set()
    for thread in threads:
        thread.join(30)

    statuses = sorted({status for *_, status in results})
    errors = [(n, status, round(s - down_at, 2)) for n, s, _, status in results if status not in (302, 503)]
    assert not errors, f"answers other than 302/503 around the restart: {errors[:10]} (all statuses {statuses})"
    late_failures = [
        (n, round(s - up_at, 2)) for n, s, _, status in results if s > up_at + RECOVERY_SECONDS and status != 302
    ]
    assert not late_failures, f"still failing more than {RECOVERY_SECONDS}s after PostgreSQL was back: {late_failures}"
    assert sum(1 for *_, s in results if s == 302) > 20, "the drill sent too little load to mean anything"
    assert any(s > up_at for _, s, _, _ in results), "no request after the restart"

    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            """
            SELECT m.raw_text, m.outcome, count(e.id), coalesce(sum(e.amount_krw), 0)
            FROM expenses_message m LEFT JOIN expenses_entry e ON e.message_id = m.id
            GROUP BY m.id, m.raw_text, m.outcome
            """
        ).fetchall()
        orphans = conn.execute("SELECT count(*) FROM expenses_entry WHERE message_id IS NULL").fetchone()[0]
    by_text = {text: (outcome, count, total) for text, outcome, count, total in rows}
    partial = {text: v for text, v in by_text.items() if v[1] not in (0, 2)}
    assert not partial, f"messages with only some of their entries: {partial}"
    assert orphans == 0
    recorded_wrong = {text: v for text, v in by_text.items() if v[0] == "recorded" and v[1] != 2}
    assert not recorded_wrong, f"messages marked recorded without both entries: {recorded_wrong}"
    # Every request that was answered 302 kept what was typed; a 503 may or may not have.
    lost = [n for n, _, _, status in results if status == 302 and _text(n) not in by_text]
    assert not lost, f"answered requests whose message is not stored: {lost[:10]}"
    assert procs.http_status(port, "/health") == 200
    back = min((f - up_at for _, s, f, status in results if status == 302 and f > up_at), default=None)
    print(
        f"restart took {up_at - down_at:.2f}s; {len(results)} requests: "
        f"{sum(1 for *_, st in results if st == 302)}×302, {sum(1 for *_, st in results if st == 503)}×503; "
        f"first 302 finished {back:.2f}s after PostgreSQL was back"
    )


def test_a_database_error_in_a_view_is_a_korean_503_page(client_for, alice, monkeypatch):
    from django.db import OperationalError

    from expenses.entries import views

    def unavailable(**kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(views.services, "message_record", unavailable)
    response = client_for(alice).post("/entries/message/", {"text": "점심 5000원"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "잠시 후 다시 시도해 주세요" in response.content.decode()
