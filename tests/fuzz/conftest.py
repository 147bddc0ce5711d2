"""Fuzzing profiles: modest example counts in CI, at least 10,000 per target with HYPOTHESIS_PROFILE=nightly.

    .venv/bin/pytest tests/fuzz                              # ci: a few hundred inputs per target
    HYPOTHESIS_PROFILE=nightly .venv/bin/pytest tests/fuzz   # nightly: >= 10,000 inputs per target

The profiles are registered with Hypothesis too, so HYPOTHESIS_PROFILE=nightly also scales every other
property test in the run. Each fuzz test takes its own count from `examples(target)`.
"""

import os

import httpx2 as httpx
import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
EXAMPLES = {
    "ci": {
        "parser": 400,
        "message_form": 120,
        "entry_form": 120,
        "telegram": 120,
        "kakao": 120,
        "url_query": 150,
        "url_form": 150,
        "importer": 80,
        "inbox": 120,
    },
    "nightly": {
        "parser": 20_000,
        "message_form": 10_000,
        "entry_form": 10_000,
        "telegram": 10_000,
        "kakao": 10_000,
        "url_query": 10_000,
        "url_form": 10_000,
        "importer": 10_000,
        "inbox": 10_000,
    },
}
_common = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}
hypothesis_settings.register_profile("ci", max_examples=100, **_common)
hypothesis_settings.register_profile("nightly", max_examples=10_000, **_common)
if "HYPOTHESIS_PROFILE" in os.environ:
    hypothesis_settings.load_profile(PROFILE)


def examples(target: str) -> hypothesis_settings:
    """Settings for one fuzz target under the active profile."""
    return hypothesis_settings(max_examples=EXAMPLES.get(PROFILE, EXAMPLES["ci"])[target], **_common)


TELEGRAM_SECRET = "fuzz-telegram-secret"
KAKAO_TOKEN = "fuzz-kakao-token"


@pytest.fixture
def chat_settings(settings):
    settings.TELEGRAM_BOT_TOKEN = "123456:FUZZ-TOKEN"
    settings.TELEGRAM_WEBHOOK_SECRET = TELEGRAM_SECRET
    settings.KAKAO_SKILL_TOKEN = KAKAO_TOKEN
    settings.TELEGRAM_API_BASE = "https://api.telegram.org"
    return settings


@pytest.fixture
def telegram_calls(monkeypatch):
    """No network: every outgoing Bot API call answers ok and is counted."""
    from chatbots import tasks, telegram

    calls = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        result = {"message_id": 1, "date": 1795666000, "chat": {"id": 1, "type": "private"}, "text": "."}
        return httpx.Response(200, json={"ok": True, "result": result})

    monkeypatch.setattr(telegram, "transport", httpx.MockTransport(handle))
    monkeypatch.setattr(tasks, "kakao_transport", httpx.MockTransport(handle))
    return calls
