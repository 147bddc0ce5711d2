"""A Celery worker is SIGKILLed in the middle of asking Claude: the task runs again, once, with the same result.

Tasks are acknowledged late, so the killed worker's message stays unacknowledged on the broker; a new
worker takes it back after the visibility timeout (shortened here through CELERY_VISIBILITY_TIMEOUT).
Running it again must be harmless: one Claude answer applied, no duplicate entry, no second call when
the task is delivered yet again.
"""

import signal
import time

import pytest

from bench import procs
from categorization.models import LLMCall
from expenses.models import Entry
from tests.conftest import membership_of
from tests.drills.conftest import database_url, dump_logs, send_task, wait_for, worker
from tests.factories import EntryFactory
from tests.fakes.claude_api import Reply

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

VISIBILITY_TIMEOUT = 3


def test_a_task_killed_mid_call_runs_again_after_the_visibility_timeout_and_is_idempotent(
    fake_claude, household, alice, throwaway_redis, stopped_later
):
    household.llm_enabled = True
    household.save(update_fields=["llm_enabled"])
    entry = EntryFactory(
        paid_by=membership_of(alice, household),
        memo="뭉뭉",
        amount_krw=12000,
        category=household.categories.get(slug="other"),
        category_source="fallback",
        category_confidence=0.0,
        category_state="pending",
    )
    fake_claude.script(Reply(delay=30))  # the first call hangs: the worker dies while it waits
    env = procs.app_env(
        database_url=database_url(),
        redis_url=throwaway_redis.url,
        ANTHROPIC_API_KEY="sk-ant-test-fake",
        ANTHROPIC_BASE_URL=fake_claude.url,
        CLAUDE_TIMEOUT_SECONDS="40",
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
    )
    first = worker(env, name="doomed-worker")
    stopped_later.append(first)
    send_task(throwaway_redis.url, "expenses.tasks.categorize_entries", [[entry.pk]])
    try:
        wait_for(lambda: fake_claude.calls >= 1, timeout=30, what="the first worker to call Claude")
    except AssertionError:
        raise AssertionError(dump_logs(first)) from None
    first.signal_group(signal.SIGKILL)
    first.popen.wait(10)
    killed_at = time.monotonic()
    assert Entry.objects.get(pk=entry.pk).category_state == "pending"

    second = worker(env, name="second-worker")
    stopped_later.append(second)
    try:
        wait_for(
            lambda: Entry.objects.get(pk=entry.pk).category_state == "settled",
            timeout=150,  # redelivery waits for the visibility timeout and the broker's restore pass
            what="the task to run again on the second worker",
        )
    except AssertionError:
        raise AssertionError(dump_logs(second)) from None
    redelivered_after = time.monotonic() - killed_at
    entry.refresh_from_db()
    assert (entry.category.slug, entry.category_source) == ("pets", "llm")
    assert fake_claude.calls == 2  # the killed attempt and the one that answered
    assert list(LLMCall.objects.filter(household=household).values_list("outcome", flat=True)) == ["answered"]
    assert Entry.objects.filter(household=household).count() == 1
    assert redelivered_after >= VISIBILITY_TIMEOUT - 1  # taken back only once the timeout had passed

    # Delivered yet again (a duplicate, or the sweep): nothing changes and Claude is not asked.
    send_task(throwaway_redis.url, "expenses.tasks.categorize_entries", [[entry.pk]])
    time.sleep(3)
    assert fake_claude.calls == 2
    assert LLMCall.objects.filter(household=household).count() == 1
    print(f"task redelivered and settled {redelivered_after:.1f}s after the kill")
