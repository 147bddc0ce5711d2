"""Chat counts under real gunicorn with two workers: a Kakao double send is caught and the per-chat rate limit
holds whichever worker answers, with the embedded local-memory cache and with Redis down."""

import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from chatbots.models import ChatLink, Platform
from chatbots.throttle import MESSAGES_PER_MINUTE
from expenses.models import Entry, Message, MessageOutcome
from tests.conftest import membership_of
from tests.ops.conftest import Stack, descendants, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SECRET = "ops-telegram-secret"
SKILL_TOKEN = "ops-kakao-token"
BOB_TG = 7012345678
BOB_KAKAO = "226f81aef15e8f58bob"


def _post(stack: Stack, path: str, body: dict, headers: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        stack.url(path),
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-Proto": "https", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else {}
    except urllib.error.HTTPError as error:
        return error.code, {}


def _kakao(stack, utterance):
    body = {
        "intent": {"id": "fallback", "name": "폴백 블록"},
        "userRequest": {
            "utterance": utterance,
            "lang": "ko",
            "timezone": "Asia/Seoul",
            "user": {"id": BOB_KAKAO, "type": "botUserKey", "properties": {}},
        },
        "action": {"id": "a", "name": "가계부 기록", "params": {}, "detailParams": {}, "clientExtra": {}},
    }
    status, reply = _post(stack, "/hooks/kakao/", body, {"X-Skill-Token": SKILL_TOKEN})
    assert status == 200, status
    return "\n".join(o["simpleText"]["text"] for o in reply["template"]["outputs"])


def _telegram(stack, update_id, text):
    update = {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "from": {"id": BOB_TG, "is_bot": False, "first_name": "밥"},
            "chat": {"id": BOB_TG, "type": "private", "first_name": "밥"},
            "text": text,
        },
    }
    status, _ = _post(stack, "/hooks/telegram/", update, {"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert status == 200, status


def _start(tmp_path, redis_url: str) -> Stack:
    stack = Stack(tmp_path, ("web",))
    stack.env.update(
        REDIS_URL=redis_url,
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        KAKAO_SKILL_TOKEN=SKILL_TOKEN,
        TELEGRAM_BOT_TOKEN="123456:OPS-TEST",
        TELEGRAM_BOT_USERNAME="homenrich_test_bot",
    )
    return stack.start()


@pytest.mark.parametrize("cache", ["local-memory", "redis-down"])
def test_double_sends_and_the_rate_limit_hold_across_two_workers(tmp_path, household, bob, cache):
    seat = membership_of(bob, household)
    ChatLink.objects.create(household=household, membership=seat, platform=Platform.KAKAO, kakao_user_key=BOB_KAKAO)
    ChatLink.objects.create(
        household=household,
        membership=seat,
        platform=Platform.TELEGRAM,
        telegram_chat_id=BOB_TG,
        telegram_user_id=BOB_TG,
    )
    # Nothing listens on a fresh port: every cache call fails, as with Redis down.
    stack = _start(tmp_path, "" if cache == "local-memory" else f"redis://127.0.0.1:{free_port()}/0")
    try:
        deadline = time.monotonic() + 20
        while len(descendants(stack.role_pids()["web"])) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(descendants(stack.role_pids()["web"])) == 2  # two gunicorn workers

        # A member taps send twice: two requests at once, on whichever workers take them.
        replies = []
        for i in range(10):
            pair = [
                threading.Thread(target=lambda i=i: replies.append(_kakao(stack, f"점심 {8000 + i}원"))) for _ in "ab"
            ]
            for thread in pair:
                thread.start()
            for thread in pair:
                thread.join()
        assert Entry.objects.filter(channel="kakao").count() == 10
        assert sum("한 번만 기록했어요" in reply for reply in replies) == 10

        # 35 Telegram messages inside one minute: 30 recorded, 5 kept as rate-limited.
        if 60 - time.time() % 60 < 20:
            time.sleep(60 - time.time() % 60 + 0.5)  # start in a fresh minute: the window is the clock's
        for i in range(35):
            _telegram(stack, 900_000 + i, f"커피 {4000 + i}원")
        assert Entry.objects.filter(channel="telegram").count() == MESSAGES_PER_MINUTE
        assert Message.objects.filter(channel="telegram", outcome=MessageOutcome.RATE_LIMITED).count() == 5
    finally:
        stack.stop()
