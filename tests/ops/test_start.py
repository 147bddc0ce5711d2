"""bin/start: gunicorn + Celery worker + beat against PostgreSQL and Redis, supervised and stopped gracefully."""

import json
import os
import re
import signal
import threading
import time

import pytest

from categorization.models import LLMCall
from expenses.entries.services import message_record
from expenses.models import Entry
from tests.conftest import membership_of
from tests.fakes.claude_api import Reply
from tests.ops.conftest import METRICS_TOKEN, alive, descendants

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

FAKE_KEY = "sk-ant-test-fake"


def sample(text: str, name: str, **labels) -> float:
    """The value of one sample in Prometheus text format (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    match = re.search(rf"^{re.escape(name)}\{{{re.escape(wanted)}\}} (\S+)$", text, re.M)
    return float(match[1]) if match else 0.0


def wait_for(predicate, timeout: float, stack=None, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        if stack is not None:
            assert stack.process.poll() is None, stack.log()
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}" + (f"\n{stack.log()}" if stack else ""))


def supervisor_said(stack) -> list[dict]:
    lines = [json.loads(line) for line in stack.log_path.read_text().splitlines() if line.startswith("{")]
    return [line for line in lines if line["logger"] == "bin.start"]


def _succeeded(stack) -> str:
    """Names of the tasks the stack's worker reports as succeeded so far."""
    return " ".join(
        line.split("Task ", 1)[-1].split("[", 1)[0]
        for line in stack.log_path.read_text(errors="replace").splitlines()
        if '"celery.app.trace"' in line and "succeeded" in line
    )


def record_pending(household, alice, text: str = "뭉뭉 12000원") -> int:
    """A message whose item only Claude can place: it is saved pending and handed to the broker."""
    household.llm_enabled = True
    household.save(update_fields=["llm_enabled"])
    result = message_record(membership=membership_of(alice, household), channel="web", text=text)
    entry = result.entries[0]
    assert entry.category_state == "pending"
    return entry.pk


def test_the_stack_serves_runs_tasks_and_counts_across_processes(stack_factory, fake_claude, household, alice):
    stack = stack_factory(ANTHROPIC_API_KEY=FAKE_KEY, ANTHROPIC_BASE_URL=fake_claude.url)
    status, body = stack.get("/health")
    assert status == 200 and json.loads(body) == {"status": "ok", "database": "ok", "cache": "ok"}
    roles = stack.role_pids()
    assert set(roles) == {"web", "worker", "beat"} and all(alive(pid) for pid in roles.values())

    # Beat catches up at once on start (a woken machine does not wait a full interval)…
    wait_for(lambda: "sweep_pending_entries" in _succeeded(stack), 60, stack, "beat's catch-up sweep")

    # A task goes through Redis to the stack's Celery worker, which asks (fake) Claude and settles the entry.
    entry_id = record_pending(household, alice)
    wait_for(lambda: Entry.objects.filter(pk=entry_id, category_state="settled").exists(), 60, stack, "the worker")
    entry = Entry.objects.select_related("category").get(pk=entry_id)
    assert (entry.category.slug, entry.category_source) == ("pets", "llm")

    # Requests spread over both gunicorn workers (each connection is new, eight at a time).
    def hit(times: int):
        for _ in range(times):
            assert stack.get("/accounts/login/")[0] == 200

    threads = [threading.Thread(target=hit, args=(10,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    web_workers = set(descendants(roles["web"]))
    assert len(web_workers) == 2
    counted_by = {int(p.stem.split("_")[-1]) for p in stack.metrics_dir.glob("counter_*.db")}
    assert web_workers <= counted_by, (web_workers, counted_by)  # both web workers wrote counts…
    assert roles["worker"] in counted_by  # …and so did the Celery worker

    status, body = stack.get("/metrics")
    assert status == 200
    text = body.decode()
    # …and /metrics, answered by one worker, adds them all up.
    assert sample(text, "homenrich_http_requests_total", method="GET", status="200", view="login") == 80
    assert sample(text, "homenrich_http_request_duration_seconds_count", view="login") == 80
    task = "expenses.tasks.categorize_entries"
    assert sample(text, "homenrich_celery_tasks_total", state="success", task=task) >= 1
    sweep = "expenses.tasks.sweep_pending_entries"
    assert sample(text, "homenrich_celery_tasks_total", state="success", task=sweep) >= 1
    assert sample(text, "homenrich_llm_calls_total", model="claude-haiku-5-5", outcome="answered") == 1
    assert sample(text, "homenrich_llm_tokens_total", direction="input", model="claude-haiku-5-5") > 0
    assert sample(text, "homenrich_llm_cost_usd_total", model="claude-haiku-5-5") > 0

    # Through Fly's public proxy (Fly-Client-IP set), only the bearer token opens /metrics.
    assert stack.get("/metrics", {"Fly-Client-IP": "203.0.113.9"})[0] == 403
    token = {"Fly-Client-IP": "203.0.113.9", "Authorization": f"Bearer {METRICS_TOKEN}"}
    assert stack.get("/metrics", token)[0] == 200

    assert stack.stop() == 0
    lines = [json.loads(line) for line in stack.log_path.read_text().splitlines() if line.startswith("{")]
    logins = [
        line for line in lines if line.get("logger") == "homenrich.request" and line.get("path") == "/accounts/login/"
    ]
    assert len(logins) == 80 and all(len(line["request_id"]) == 32 for line in logins)
    assert any(line.get("logger") == "celery.app.trace" and task in line["message"] for line in lines)


def test_sigterm_lets_the_running_task_finish_and_stops_everything(stack_factory, fake_claude, household, alice):
    fake_claude.script(Reply(delay=4.0))  # Claude takes 4 s to answer
    stack = stack_factory(ANTHROPIC_API_KEY=FAKE_KEY, ANTHROPIC_BASE_URL=fake_claude.url)
    everything = [stack.process.pid, *descendants(stack.process.pid)]
    entry_id = record_pending(household, alice)
    wait_for(lambda: fake_claude.calls == 1, 60, stack, "the task to call Claude")

    started = time.monotonic()
    stack.process.send_signal(signal.SIGTERM)  # what Fly sends (kill_signal) when it stops the machine
    returncode = stack.process.wait(timeout=40)
    elapsed = time.monotonic() - started

    assert returncode == 0, stack.log()
    assert elapsed < 20, f"took {elapsed:.1f} s"  # STOP_TIMEOUT: nothing had to be killed
    # Warm shutdown: the worker finished the task it was running before exiting.
    entry = Entry.objects.get(pk=entry_id)
    assert (entry.category_state, entry.category_source) == ("settled", "llm")
    assert LLMCall.objects.filter(household=household, outcome="answered").count() == 1
    assert not [pid for pid in everything if alive(pid)]
    assert {"message": "stopped", "reason": "SIGTERM", "exit_code": 0}.items() <= supervisor_said(stack)[-1].items()


def test_when_a_child_dies_the_rest_stop_and_the_exit_code_says_so(stack_factory):
    stack = stack_factory()
    everything = [stack.process.pid, *descendants(stack.process.pid)]
    os.kill(stack.role_pids()["beat"], signal.SIGKILL)
    returncode = stack.process.wait(timeout=40)
    assert returncode != 0  # Fly's on-failure restart policy restarts the machine
    assert not [pid for pid in everything if alive(pid)]
    died = [line for line in supervisor_said(stack) if line["message"] == "child exited; stopping the others"]
    assert died and died[0]["role"] == "beat" and died[0]["level"] == "ERROR"


@pytest.mark.parametrize("roles", [("web",), ("worker", "beat")])
def test_each_process_group_of_a_split_deployment_starts_alone(stack_factory, roles):
    stack = stack_factory(roles)
    assert set(stack.role_pids()) == set(roles)
    assert stack.answers("/health") == ("web" in roles)
    assert stack.stop() == 0
