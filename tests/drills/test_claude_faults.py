"""Claude misbehaves in every way we know while members record through the web door.

Each drill posts a message whose memo no rule knows (so it waits for Claude) with the fake Messages
API scripted to fail, runs what the commit dispatched (Celery eager here: retries run inline), and
checks what a member would notice: the page answered normally, the entry was saved at once with its
provisional category and keeps it, the task retried transient errors and then stopped, and every
attempt is in the cost ledger. One drill runs a real worker on a broker, so that `retry-after` is
waited for in real time.
"""

import time

import pytest

from categorization.models import LLMCall
from expenses.models import Entry, Message
from expenses.tasks import MAX_RETRIES
from tests.drills.conftest import dump_logs, send_task, wait_for, worker
from tests.fakes.claude_api import Reply, error_body, message_body

TEXT = "뭉뭉 12000원"  # "뭉뭉" is a word no keyword rule knows: the item waits for Claude
ATTEMPTS = 1 + MAX_RETRIES


@pytest.fixture
def claude_on(household):
    household.llm_enabled = True
    household.save(update_fields=["llm_enabled"])
    return household


def _record(client, django_capture_on_commit_callbacks):
    """POST through the web door; returns (response, the entry as saved before Claude, the entry after)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/entries/message/", {"text": TEXT})
        saved = Entry.objects.select_related("category").get(message__raw_text=TEXT)
    return response, saved, Entry.objects.select_related("category").get(pk=saved.pk)


def _answer(entry_slug_pairs) -> dict:
    import json

    return message_body(json.dumps({"answers": [{"i": i, "c": c} for i, c in entry_slug_pairs]}))


TRANSIENT = {
    "500": Reply(status=500, body=error_body("api_error", "internal")),
    "529 overloaded": Reply(status=529, body=error_body("overloaded_error", "Overloaded")),
    "429 with retry-after": Reply(
        status=429, body=error_body("rate_limit_error", "rate limited"), headers={"retry-after": "1"}
    ),
    "connection dropped": Reply(drop=True),
    "slow (timeout)": Reply(delay=1.5),
}


@pytest.mark.parametrize("fault", TRANSIENT.keys())
def test_transient_faults_are_retried_then_given_up_and_the_entry_keeps_its_category(
    fault, fake_claude, claude_on, alice, client_for, settings, django_capture_on_commit_callbacks
):
    settings.CLAUDE_TIMEOUT_SECONDS = 0.5
    fake_claude.script(*[TRANSIENT[fault]] * ATTEMPTS)
    response, saved, after = _record(client_for(alice), django_capture_on_commit_callbacks)

    assert response.status_code == 302  # the member's page answered normally
    assert (saved.amount_krw, saved.category.slug, saved.category_state) == (12000, "other", "pending")
    assert fake_claude.calls == ATTEMPTS  # retried, then stopped
    assert (after.category_id, after.category_source) == (saved.category_id, saved.category_source)
    assert after.category_state == "settled"  # given up cleanly: nothing stays pending forever
    assert LLMCall.objects.filter(household=claude_on).count() == ATTEMPTS  # every attempt is in the ledger
    assert Message.objects.get(raw_text=TEXT).outcome == "recorded"


def test_connection_refused_is_retried_then_given_up(
    claude_on, alice, client_for, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from bench.procs import free_port

    settings.ANTHROPIC_API_KEY = "sk-ant-test-fake"
    settings.CLAUDE_TIMEOUT_SECONDS = 0.5
    monkeypatch.setenv("ANTHROPIC_BASE_URL", f"http://127.0.0.1:{free_port()}")  # nobody listens there
    response, _saved, after = _record(client_for(alice), django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert (after.category.slug, after.category_source, after.category_state) == ("other", "fallback", "settled")
    assert LLMCall.objects.filter(household=claude_on, outcome="error").count() == ATTEMPTS


@pytest.mark.parametrize(
    "reply",
    [
        Reply(body="{not json at all"),
        Reply(body=message_body("I think this is pet food!")),
        Reply(body=message_body('{"answers": []}', stop_reason="max_tokens")),
    ],
    ids=["malformed body", "prose instead of JSON", "cut off"],
)
def test_a_malformed_answer_is_not_retried_and_changes_nothing(
    reply, fake_claude, claude_on, alice, client_for, django_capture_on_commit_callbacks
):
    fake_claude.script(reply)
    response, saved, after = _record(client_for(alice), django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert (after.category_id, after.category_source, after.category_state) == (
        saved.category_id,
        saved.category_source,
        "settled",
    )
    assert fake_claude.calls <= 2  # no retry loop on an answer that will not get better (escalation at most)


def test_an_answer_naming_a_category_that_does_not_exist_is_ignored(
    fake_claude, claude_on, alice, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    import re

    from tests.fakes import claude_api

    def made_up_slug(request: dict) -> dict:
        refs = re.findall(r"^(\d+)\t", request["messages"][0]["content"], flags=re.MULTILINE)
        return _answer([(int(ref), "spaceship") for ref in refs])

    monkeypatch.setattr(claude_api, "default_answer", made_up_slug)
    response, _saved, after = _record(client_for(alice), django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert fake_claude.calls >= 1
    assert (after.category.slug, after.category_source, after.category_state) == ("other", "fallback", "settled")
    assert not Entry.objects.filter(category__slug="spaceship").exists()


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.celery_worker
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_waits_for_retry_after_then_succeeds(
    fake_claude, claude_on, alice, throwaway_redis, stopped_later
):
    from bench import procs
    from tests.conftest import membership_of
    from tests.drills.conftest import database_url
    from tests.factories import EntryFactory

    entry = EntryFactory(
        paid_by=membership_of(alice, claude_on),
        memo="뭉뭉",
        category=claude_on.categories.get(slug="other"),
        category_source="fallback",
        category_confidence=0.0,
        category_state="pending",
    )
    fake_claude.script(
        Reply(status=429, body=error_body("rate_limit_error", "rate limited"), headers={"retry-after": "2"}),
    )
    env = procs.app_env(
        database_url=database_url(),
        redis_url=throwaway_redis.url,
        ANTHROPIC_API_KEY="sk-ant-test-fake",
        ANTHROPIC_BASE_URL=fake_claude.url,
        CLAUDE_TIMEOUT_SECONDS="2",
    )
    celery = worker(env)
    stopped_later.append(celery)
    started = time.monotonic()
    send_task(throwaway_redis.url, "expenses.tasks.categorize_entries", [[entry.pk]])
    try:
        wait_for(
            lambda: Entry.objects.get(pk=entry.pk).category_state == "settled", timeout=40, what="the entry to settle"
        )
    except AssertionError:
        raise AssertionError(dump_logs(celery)) from None
    took = time.monotonic() - started
    entry.refresh_from_db()
    calls = list(LLMCall.objects.filter(household=claude_on).order_by("created_at"))
    assert [c.outcome for c in calls] == ["rate_limited", "answered"]
    assert (calls[1].created_at - calls[0].created_at).total_seconds() >= 1.9  # retry-after was honoured
    assert (entry.category.slug, entry.category_source) == ("pets", "llm")
    assert took < 30
