"""A real Celery worker on the Redis broker settles an entry with (fake) Claude."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from categorization.models import LLMCall
from expenses.entries.services import message_record
from expenses.models import Entry
from tests.conftest import membership_of

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(fake_claude):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "ANTHROPIC_API_KEY": "sk-ant-test-fake",
        "ANTHROPIC_BASE_URL": fake_claude.url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "homenrich",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_worker_settles_a_pending_entry_through_the_broker(worker, fake_claude, household, alice):
    household.llm_enabled = True
    household.save(update_fields=["llm_enabled"])
    result = message_record(membership=membership_of(alice, household), channel="web", text="뭉뭉 12000원")
    entry_id = result.entries[0].pk
    assert Entry.objects.get(pk=entry_id).category_state == "pending"
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        entry = Entry.objects.select_related("category").get(pk=entry_id)
        if entry.category_state == "settled":
            break
        assert worker.poll() is None, worker.stdout.read().decode(errors="replace")
        time.sleep(0.3)
    assert (entry.category.slug, entry.category_source) == ("pets", "llm")
    assert LLMCall.objects.filter(household=household, outcome="answered").count() == 1
