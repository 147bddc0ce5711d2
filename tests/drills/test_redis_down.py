"""Redis (cache and broker) goes away while members record on the web; the sweep catches up when it is back.

Two ways for Redis to be away: killed (connections refused at once) and frozen (SIGSTOP: connections
hang until their timeouts). Either way the web door must answer, save the message and its entries,
and leave the undecided ones "pending"; once Redis is back, the periodic sweep run by a real worker
hands them to (fake) Claude.
"""

import datetime as dt
import signal
import time

import pytest
from django.utils import timezone

from bench import procs
from expenses.models import Entry, Message
from tests.drills.conftest import database_url, dump_logs, login_cookies, post_form, send_task, wait_for, web, worker

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

UNDECIDED = "뭉뭉 {n}원"  # no rule knows 뭉뭉: waits for Claude
DECIDED = "점심 김밥 {n}원"  # a keyword rule settles it at once


@pytest.mark.parametrize("how", ["killed", "frozen"])
def test_with_redis_away_the_web_door_saves_everything_and_the_sweep_settles_it_later(
    how, fake_claude, household, alice, throwaway_redis, stopped_later
):
    household.llm_enabled = True
    household.save(update_fields=["llm_enabled"])
    env = procs.app_env(
        database_url=database_url(),
        redis_url=throwaway_redis.url,
        ANTHROPIC_API_KEY="sk-ant-test-fake",
        ANTHROPIC_BASE_URL=fake_claude.url,
    )
    server, port = web(env)
    stopped_later.append(server)
    cookies = login_cookies(alice)
    assert post_form(port, "/entries/message/", {"text": DECIDED.format(n=1000)}, cookies)[0] == 302

    if how == "killed":
        throwaway_redis.kill()
    else:
        throwaway_redis.proc.signal_group(signal.SIGSTOP)
    answers = []
    for n in range(1, 5):
        answers.append(post_form(port, "/entries/message/", {"text": UNDECIDED.format(n=n)}, cookies, timeout=30))
        answers.append(post_form(port, "/entries/message/", {"text": DECIDED.format(n=n)}, cookies, timeout=30))
    slowest = max(seconds for _, seconds in answers)
    print(f"redis {how}: statuses {sorted({s for s, _ in answers})}, seconds {[round(t, 2) for _, t in answers]}")

    assert [status for status, _ in answers] == [302] * len(answers), dump_logs(server)
    # Refused connections fail fast. A frozen Redis costs each cache call its 0.5 s socket timeout and a
    # task dispatch the broker's timeouts (about 4 s measured): slow, but answered and nothing lost.
    assert slowest < (3 if how == "killed" else 10), f"a request took {slowest:.1f}s with Redis {how}"
    undecided = Entry.objects.filter(memo="뭉뭉")
    assert undecided.count() == 4
    assert set(undecided.values_list("category_state", "category__slug")) == {("pending", "other")}
    assert Entry.objects.filter(memo="점심 김밥", category_state="settled").count() == 5
    assert Message.objects.filter(household=household).exclude(outcome="recorded").count() == 0

    if how == "killed":
        throwaway_redis.start()  # same port
    else:
        throwaway_redis.proc.signal_group(signal.SIGCONT)
    celery = worker(env)
    stopped_later.append(celery)
    # Time passes: the sweep only takes entries left pending for a while (a task may still be on its way).
    Entry.objects.filter(memo="뭉뭉").update(created_at=timezone.now() - dt.timedelta(minutes=10))
    send_task(throwaway_redis.url, "categorization.tasks.sweep_pending_entries", [])
    try:
        wait_for(
            lambda: not Entry.objects.filter(memo="뭉뭉", category_state="pending").exists(),
            timeout=45,
            what="the sweep to settle the pending entries",
        )
    except AssertionError:
        raise AssertionError(dump_logs(celery, server)) from None
    assert set(Entry.objects.filter(memo="뭉뭉").values_list("category__slug", "category_source")) == {("pets", "llm")}
    assert Entry.objects.filter(household=household).count() == 9
    time.sleep(0.5)
