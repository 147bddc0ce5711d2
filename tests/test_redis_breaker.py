"""Redis seen from a request: one try, then the process rests from a broker or cache that failed."""

import pytest

from expenses.models import Entry
from homenrich import breaker, dispatch


class FlakyTask:
    name = "tests.flaky"

    def __init__(self, failing: bool):
        self.failing, self.calls = failing, []

    def apply_async(self, args, **options):
        self.calls.append((args, options))
        if self.failing:
            raise TimeoutError("Timeout reading from socket")


def test_a_publish_is_tried_once_without_celerys_retries():
    task = FlakyTask(failing=False)
    assert dispatch.publish(task, (1, 2), countdown=2) is True
    assert task.calls == [((1, 2), {"retry": False, "countdown": 2})]


def test_after_a_failure_the_process_rests_then_tries_again(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(breaker.time, "monotonic", lambda: clock[0])
    sick = FlakyTask(failing=True)
    assert dispatch.publish(sick, (1,)) is False
    healthy = FlakyTask(failing=False)
    assert dispatch.publish(healthy, (2,)) is False  # resting: the broker is not touched
    assert healthy.calls == [] and breaker.broker.resting()
    clock[0] += breaker.broker.rest_seconds + 0.1
    assert dispatch.publish(healthy, (3,)) is True
    assert healthy.calls == [((3,), {"retry": False})]


def test_a_web_message_recorded_while_the_broker_fails_stays_pending(client, household, alice, monkeypatch):
    from expenses.tasks import categorize_entries

    household.llm_enabled = True
    household.save(update_fields=["llm_enabled"])
    client.force_login(alice)

    def broker_down(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(categorize_entries, "apply_async", broker_down)
    for text in ("뭉뭉 12000원", "뭉뭉 3000원"):
        assert client.post("/entries/message/", {"text": text}).status_code == 302
    assert sorted(Entry.objects.values_list("amount_krw", "category_state")) == [(3000, "pending"), (12000, "pending")]


class DeadClient:
    """django-redis's client against a Redis that times out."""

    def __init__(self):
        self.calls = 0

    def get(self, *args, **kwargs):
        from django_redis.exceptions import ConnectionInterrupted

        self.calls += 1
        try:
            raise TimeoutError("Timeout reading from socket")
        except TimeoutError as error:
            raise ConnectionInterrupted(connection=None) from error


def test_a_cache_that_times_out_is_asked_once_then_left_alone_for_a_while(monkeypatch):
    from django.core.cache import caches

    from homenrich.breaker import BreakerRedisCache

    cache = caches["default"]
    if not isinstance(cache, BreakerRedisCache):
        pytest.skip("needs the Redis cache (REDIS_URL)")
    dead = DeadClient()
    monkeypatch.setattr(cache, "_client", dead)
    assert [cache.get(f"k{i}", "miss") for i in range(5)] == ["miss"] * 5  # a miss, never an error
    assert dead.calls == 1 and breaker.cache.resting()
    breaker.cache.reset()
    assert cache.get("k", "miss") == "miss" and dead.calls == 2
