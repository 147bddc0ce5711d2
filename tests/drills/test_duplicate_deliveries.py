"""Telegram delivers the same update three times (it resends whatever it did not see answered in time).

Sent one after the other and all at once, to a gunicorn with two worker processes on PostgreSQL:
exactly one entry, every delivery answered 200, and the repeats are kept as raw messages marked as
duplicates (nothing a member typed is lost, nothing is counted twice).
"""

import json
import threading
import time

import pytest
from django.utils import timezone

from bench import procs
from bench.hooks import FakeTelegram
from chatbots.models import ChatLink
from chatbots.services import inbox_address_create
from expenses.models import Entry, Message
from tests.conftest import membership_of
from tests.drills.conftest import database_url, dump_logs, post_json, web

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SECRET = "drill-telegram-secret"
ALICE_TG = 7_400_000_001


def _update(update_id: int, text: str) -> bytes:
    message = {
        "message_id": update_id % 100_000,
        "date": int(time.time()),
        "from": {"id": ALICE_TG, "is_bot": False, "first_name": "앨리스"},
        "chat": {"id": ALICE_TG, "type": "private", "first_name": "앨리스"},
        "text": text,
    }
    return json.dumps({"update_id": update_id, "message": message}, ensure_ascii=False).encode()


@pytest.fixture
def telegram_api():
    fake = FakeTelegram()
    yield fake
    fake.stop()


def test_an_update_delivered_three_times_makes_exactly_one_entry(household, alice, telegram_api, stopped_later):
    ChatLink.objects.create(
        household=household,
        membership=membership_of(alice, household),
        platform="telegram",
        telegram_chat_id=ALICE_TG,
        telegram_user_id=ALICE_TG,
    )
    env = procs.app_env(
        database_url=database_url(),
        redis_url="",
        TELEGRAM_BOT_TOKEN="123456:DRILL",
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        TELEGRAM_API_BASE=telegram_api.url,
    )
    server, port = web(env, workers=2)
    stopped_later.append(server)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "X-Forwarded-Proto": "https"}

    # One after the other: the first answer is the reply, the repeats get an empty 200.
    sequential = [post_json(port, "/hooks/telegram/", _update(900_001, "점심 김밥 8000원"), headers) for _ in range(3)]
    # All at once, as a resend racing a slow first delivery would.
    answers: list[tuple[int, bytes]] = []
    payload = _update(900_002, "커피 4500원")
    threads = [
        threading.Thread(target=lambda: answers.append(post_json(port, "/hooks/telegram/", payload, headers)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert [status for status, _ in sequential + answers] == [200] * 6, dump_logs(server)
    assert b"sendMessage" in sequential[0][1] and sequential[1][1] == sequential[2][1] == b""
    assert sum(b"sendMessage" in body for _, body in answers) == 1
    assert list(Entry.objects.filter(household=household).order_by("pk").values_list("memo", "amount_krw")) == [
        ("점심 김밥", 8000),
        ("커피", 4500),
    ]
    outcomes = sorted(Message.objects.filter(household=household).values_list("raw_text", "outcome"))
    assert outcomes.count(("점심 김밥 8000원", "recorded")) == 1
    assert outcomes.count(("점심 김밥 8000원", "duplicate")) == 2
    assert outcomes.count(("커피 4500원", "recorded")) == 1
    assert outcomes.count(("커피 4500원", "duplicate")) == 2


def test_one_card_text_racing_through_the_address_the_web_and_again_makes_one_entry(household, alice, stopped_later):
    """The SMS forwarder retries while the same text is forwarded again: five deliveries at once, two gunicorn
    workers, one entry — the reported payment's fingerprint is unique per household."""
    _, token = inbox_address_create(membership=membership_of(alice, household))
    server, port = web(procs.app_env(database_url=database_url(), redis_url=""), workers=2)
    stopped_later.append(server)
    today = timezone.localdate()
    text = f"[Web발신]\n신한카드(3821)승인 홍*동 6,100원(일시불){today:%m/%d} 08:42 스타벅스코리아 누적412,380원"
    push = f"신한카드 승인 홍*동님 6,100원 일시불 {today:%m/%d} 08:42 스타벅스코리아"
    answers: list[tuple[int, bytes]] = []
    headers = {"X-Forwarded-Proto": "https"}
    threads = [
        threading.Thread(
            target=lambda body=body: answers.append(
                post_json(port, f"/hooks/inbox/{token}/", json.dumps({"text": body}).encode(), headers)
            )
        )
        for body in (text, text, push, text, push)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [status for status, _ in answers] == [200] * 5, dump_logs(server)
    assert list(Entry.objects.filter(household=household).values_list("memo", "amount_krw")) == [
        ("스타벅스코리아", 6100)
    ]
    outcomes = sorted(Message.objects.filter(household=household).values_list("outcome", flat=True))
    assert outcomes.count("recorded") == 1 and outcomes.count("already_recorded") == 4
