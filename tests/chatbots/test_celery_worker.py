"""A real Celery worker on Redis sends the Telegram reply, then edits it when (fake) Claude answers."""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from chatbots.models import ChatLink, ChatTurn
from expenses.models import Entry
from tests.chatbots.conftest import BOB_TG, post_telegram, tg_message
from tests.conftest import membership_of

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]


class LoopbackTelegram:
    """The Bot API on 127.0.0.1, for a worker in another process; records (method, payload)."""

    def __init__(self):
        self.calls: list[tuple[str, dict]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                payload = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                method = re.sub(r"^/bot[^/]+/", "", self.path)
                fake.calls.append((method, payload))
                result = {"message_id": 4242, "chat": {"id": payload.get("chat_id")}, "date": 0}
                body = json.dumps({"ok": True, "result": result}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def sent(self, method):
        return [payload for m, payload in self.calls if m == method]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def loopback_telegram(settings):
    fake = LoopbackTelegram()
    settings.TELEGRAM_API_BASE = fake.url
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def worker(fake_claude, loopback_telegram, settings):
    from homenrich.celery import app

    # Tasks an earlier run left on the broker point at rows of another test database.
    app.control.purge()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "ANTHROPIC_API_KEY": "sk-ant-test-fake",
        "ANTHROPIC_BASE_URL": fake_claude.url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "TELEGRAM_BOT_TOKEN": settings.TELEGRAM_BOT_TOKEN,
        "TELEGRAM_API_BASE": loopback_telegram.url,
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


def _wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def test_the_worker_sends_the_reply_and_edits_it_after_claude(worker, loopback_telegram, household, bob):
    household.llm_enabled = True
    household.save(update_fields=["llm_enabled"])
    membership = membership_of(bob, household)
    ChatLink.objects.create(
        household=household,
        membership=membership,
        platform="telegram",
        telegram_chat_id=BOB_TG,
        telegram_user_id=BOB_TG,
        title="민지",
    )

    response = post_telegram(Client(), tg_message("뭉뭉 12000원"))

    assert response.status_code == 200 and response.content == b""  # the worker answers

    def visible_text() -> str:
        """What bob sees: the worker's reply, as last edited."""
        versions = loopback_telegram.sent("sendMessage") + loopback_telegram.sent("editMessageText")
        return versions[-1]["text"] if versions else ""

    # The worker may run Claude's task before or after sending the reply: either the reply already
    # names the category, or it said "분류 확인 중" and was edited. Bob ends up seeing 반려동물.
    assert _wait_for(lambda: "반려동물" in visible_text()), loopback_telegram.calls
    (sent,) = loopback_telegram.sent("sendMessage")
    assert sent["chat_id"] == BOB_TG and sent["reply_markup"]["inline_keyboard"]
    assert "분류 확인 중" not in visible_text()
    assert all(edit["message_id"] == 4242 for edit in loopback_telegram.sent("editMessageText"))
    assert ChatTurn.objects.get().reply_message_id == 4242
    assert Entry.objects.get().category.slug == "pets"


def test_the_worker_delivers_a_budget_alert_once(worker, loopback_telegram, household, bob):
    from expenses.models import BudgetAlert
    from expenses.signals import budget_alert_recorded

    ChatLink.objects.create(
        household=household,
        membership=membership_of(bob, household),
        platform="telegram",
        telegram_chat_id=BOB_TG,
        telegram_user_id=BOB_TG,
        title="민지",
    )
    alert = BudgetAlert.objects.create(
        household=household,
        category=None,
        period_key="2026-11",
        period_start="2026-11-01",
        period_end="2026-11-30",
        threshold=100,
        spent_krw=1_200_000,
        budget_krw=1_000_000,
    )

    budget_alert_recorded.send(sender=BudgetAlert, alert=alert)
    budget_alert_recorded.send(sender=BudgetAlert, alert=alert)

    assert _wait_for(lambda: loopback_telegram.sent("sendMessage")), loopback_telegram.calls
    time.sleep(2)  # room for a wrong second delivery to show up
    (sent,) = loopback_telegram.sent("sendMessage")
    assert sent["chat_id"] == BOB_TG and "전체 예산을 넘었어요" in sent["text"]
