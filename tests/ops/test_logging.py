"""Structured logs (one JSON object per line, with request and household ids) and Sentry without PII."""

import io
import json
import logging
import subprocess
import sys

import pytest

from homenrich.logging import JsonFormatter, sentry_scrub
from tests.ops.conftest import ROOT, production_env


@pytest.fixture
def json_lines():
    """Lines the app logs, formatted as production formats them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.mark.django_db
def test_a_request_logs_one_json_line_with_flys_request_id_and_the_household(client_for, alice, household, json_lines):
    response = client_for(alice).get("/", follow=True, HTTP_FLY_REQUEST_ID="01JDFLYREQ-abc123")
    assert response.status_code == 200
    access = [line for line in json_lines() if line["logger"] == "homenrich.request"]
    assert access, json_lines()
    page = access[-1]
    assert page["request_id"] == "01JDFLYREQ-abc123"
    assert page["household_id"] == household.pk
    assert page["status"] == 200 and page["method"] == "GET" and page["duration_ms"] >= 0
    assert {"ts", "level", "message", "pid"} <= set(page)
    assert response.headers["X-Request-ID"] == "01JDFLYREQ-abc123"


@pytest.mark.django_db
def test_lines_logged_inside_a_view_carry_the_request_id(client_for, alice, household, json_lines, monkeypatch):
    from expenses.entries import services

    def broken_parser(text, today):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(services, "parse_message", broken_parser)
    client_for(alice).post("/entries/message/", {"text": "점심 5000원"}, HTTP_X_REQUEST_ID="req-42")
    failures = [line for line in json_lines() if line["logger"] == "expenses.entries.services"]
    assert failures and failures[0]["level"] == "ERROR"
    assert failures[0]["request_id"] == "req-42"
    assert failures[0]["household_id"] == household.pk
    assert "parser exploded" in failures[0]["exception"]


@pytest.mark.django_db
def test_a_missing_or_odd_request_id_is_replaced_by_a_fresh_one(client, json_lines):
    client.get("/accounts/login/", HTTP_X_REQUEST_ID='bad id"\n{"level": "forged"}')
    client.get("/accounts/login/")
    ids = [line["request_id"] for line in json_lines() if line["logger"] == "homenrich.request"]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert all(len(request_id) == 32 and request_id.isalnum() for request_id in ids)


@pytest.mark.django_db
def test_health_checks_do_not_flood_the_log(client, json_lines):
    for _ in range(5):
        client.get("/health")
    assert not [line for line in json_lines() if line.get("path") == "/health"]


def test_secrets_from_the_environment_never_reach_a_log_line(monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-api03-very-secret-value")
    monkeypatch.setenv("DATABASE_URL", "postgres://app:Xk2f9Qp7vLm3@db.internal:5432/homenrich")
    formatter = JsonFormatter()
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "calling with key %s to %s", ("sk-ant-api03-very-secret-value", "x"), None
    )
    record.dsn = "postgres://app:Xk2f9Qp7vLm3@other-host/x"
    line = formatter.format(record)
    assert "very-secret" not in line and "Xk2f9Qp7vLm3" not in line
    assert json.loads(line)["message"] == "calling with key [redacted] to x"


def test_a_short_common_password_does_not_wipe_words_from_the_logs(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://homenrich:homenrich@127.0.0.1:5432/homenrich")
    record = logging.LogRecord("homenrich.request", logging.INFO, __file__, 1, "GET /", (), None)
    assert json.loads(JsonFormatter().format(record))["logger"] == "homenrich.request"


def test_sentry_events_lose_what_people_typed_and_who_they_are():
    event = {
        "request": {
            "url": "https://homenrich.fly.dev/entries/message/",
            "method": "POST",
            "data": {"text": "병원 진료비 35000원"},
            "cookies": {"sessionid": "abc"},
            "query_string": "q=월세",
            "headers": {"Authorization": "Bearer t", "Cookie": "sessionid=abc", "User-Agent": "Mobile Safari"},
        },
        "user": {"id": 7, "email": "minji@example.com", "ip_address": "203.0.113.9"},
        "exception": {"values": [{"type": "ValueError"}]},
    }
    scrubbed = sentry_scrub(event)
    assert "data" not in scrubbed["request"] and "cookies" not in scrubbed["request"]
    assert "query_string" not in scrubbed["request"]
    assert scrubbed["request"]["headers"] == {"User-Agent": "Mobile Safari"}
    assert scrubbed["user"] == {"id": 7}
    assert scrubbed["exception"] == {"values": [{"type": "ValueError"}]}


def test_sentry_is_on_with_a_dsn_and_sends_no_personal_data():
    script = (
        "import django; django.setup(); import sentry_sdk; "
        "o = sentry_sdk.get_client().options; "
        "print(o['dsn'], o['send_default_pii'], o['max_request_body_size'], o['include_local_variables'])"
    )
    env = production_env(SENTRY_DSN="https://public@o0.ingest.sentry.io/1")
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["https://public@o0.ingest.sentry.io/1", "False", "never", "False"]


def test_without_a_dsn_sentry_stays_off():
    script = "import django; django.setup(); import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=production_env(), capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "False"
