"""When things around the bot fail: cache down, concurrent redeliveries, a broken handler."""

import threading

import pytest
from django.db import connection

from chatbots import services
from chatbots.models import TelegramUpdate
from expenses.models import Entry, Message, MessageOutcome
from tests.chatbots.conftest import (
    BOB_TG,
    TELEGRAM_SECRET,
    kakao_payload,
    kakao_text,
    post_kakao,
    post_telegram,
    reply_text,
    tg_message,
)
from tests.conftest import membership_of

pytestmark = pytest.mark.django_db


class BrokenCache:
    def close(self, **kwargs):
        """Django closes every cache after each request; a client that cannot connect has nothing to close."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache is down")

        return fail


class SilentCache:
    """What django-redis with IGNORE_EXCEPTIONS looks like when Redis is down: every call answers None."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


@pytest.mark.parametrize("cache", [BrokenCache(), SilentCache()])
def test_with_the_cache_down_messages_still_record(
    client, household, bob_on_telegram, bob_on_kakao, monkeypatch, cache
):
    from django.core.cache import caches

    caches["default"]  # every module's `cache` proxy now finds the broken one
    monkeypatch.setattr(caches._connections, "default", cache)

    for i in range(2):
        reply_text(post_telegram(client, tg_message("커피 4500")))
        assert "✅" in kakao_text(post_kakao(client, kakao_payload(f"점심 800{i}")))
    again = kakao_text(post_kakao(client, kakao_payload("점심 8001")))

    # Nothing typed is lost, and the double send is still caught: the counts live in the database.
    assert Entry.objects.filter(channel="telegram").count() == 2
    assert Entry.objects.filter(channel="kakao").count() == 2
    assert "한 번만 기록했어요" in again


def test_a_redelivered_start_token_is_not_kept_either(client, household, bob):
    token, _ = services.link_codes_create(membership=membership_of(bob, household))
    update = tg_message(f"/start {token}")

    post_telegram(client, update)
    post_telegram(client, update)

    assert not Message.objects.filter(raw_text__contains=token).exists()
    assert Message.objects.filter(raw_text="/start", outcome=MessageOutcome.DUPLICATE).exists()


def test_a_bug_in_handling_is_logged_and_answered_200(client, household, bob_on_telegram, monkeypatch, caplog):
    from chatbots import conversation

    def explode(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(conversation, "answer_text", explode)

    response = post_telegram(client, tg_message("점심 5000원"))

    assert response.status_code == 200
    assert "update not handled" in caplog.text


def test_a_bug_in_kakao_handling_still_gives_a_valid_korean_reply(client, household, bob_on_kakao, monkeypatch):
    from chatbots import conversation, kakao

    def explode(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(conversation, "answer_text", explode)

    response = post_kakao(client, kakao_payload("점심 5000원"))

    assert response.status_code == 200 and kakao.problems(response.json()) == []
    assert "문제가 생겼어요" in kakao_text(response)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_redeliveries_record_once(household, bob):
    from django.test import Client

    client = Client()
    token, _ = services.link_codes_create(membership=membership_of(bob, household))
    post_telegram(client, tg_message(f"/start {token}", user_id=BOB_TG))
    update = tg_message("점심 김밥 5000원")
    barrier = threading.Barrier(3)
    statuses = []

    def deliver():
        try:
            barrier.wait()
            statuses.append(post_telegram(Client(), update).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200, 200, 200]
    assert Entry.objects.count() == 1
    assert TelegramUpdate.objects.filter(update_id=update["update_id"]).count() == 1


def test_secret_comparison_is_constant_time_and_total():
    from chatbots.views import secret_matches

    assert secret_matches(TELEGRAM_SECRET, TELEGRAM_SECRET)
    assert not secret_matches(None, TELEGRAM_SECRET)
    assert not secret_matches("", "")
    assert not secret_matches("비밀", TELEGRAM_SECRET)  # non-ASCII header value: no exception


def test_pruning_forgets_old_update_ids_and_spent_codes(household, bob):
    import datetime as dt

    from django.utils import timezone

    from chatbots.models import LinkAttempt, LinkCode
    from chatbots.tasks import chatbots_prune

    TelegramUpdate.objects.create(update_id=1)
    TelegramUpdate.objects.create(update_id=2)
    TelegramUpdate.objects.filter(update_id=1).update(received_at=timezone.now() - dt.timedelta(days=8))
    services.link_codes_create(membership=membership_of(bob, household))
    LinkCode.objects.filter(platform="kakao").update(expires_at=timezone.now() - dt.timedelta(days=2))
    LinkAttempt.objects.create(platform="kakao", chat_key="k")

    assert chatbots_prune.delay().get() == 2

    assert list(TelegramUpdate.objects.values_list("update_id", flat=True)) == [2]
    assert list(LinkCode.objects.values_list("platform", flat=True)) == ["telegram"]
    assert LinkAttempt.objects.count() == 1  # a try from today still counts


def test_a_wrong_start_token_gets_the_telegram_wording(client, household):
    text = reply_text(post_telegram(client, tg_message("/start notARealToken123")))

    assert "만료" in text and "8자리" not in text
