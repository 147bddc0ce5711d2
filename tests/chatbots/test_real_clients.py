"""Chat as real clients send it: updates built with python-telegram-bot's classes, Kakao v2 skill requests.

The message's own time, commands for other bots, group → supergroup, the bot removed, edits, replies,
captions, forum topics, long replies, and counts shared by every web worker.
"""

import datetime as dt

import pytest
import telegram as ptb
from django.utils import timezone

from chatbots import throttle
from chatbots.models import ChatLink, ChatNotice, ChatTurn
from expenses.models import BudgetAlert, Entry, Message, MessageOutcome
from expenses.signals import budget_alert_recorded
from tests.chatbots.conftest import (
    ALICE_TG,
    BOB_TG,
    GROUP_TG,
    as_message,
    buttons_of,
    kakao_payload,
    kakao_text,
    post_kakao,
    post_telegram,
    reply_text,
    tg_bot_reply,
    tg_bot_user,
    tg_chat,
    tg_edit,
    tg_message,
    tg_reply,
    tg_update,
    tg_user,
)
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db

OLD_GROUP = -4012345678  # a basic group
NEW_SUPERGROUP = -1004012345678  # the supergroup it became


def group_message(text, user_id=BOB_TG, *, chat_id=GROUP_TG, chat_type="supergroup", **options):
    return tg_message(text, user_id=user_id, chat_id=chat_id, chat_type=chat_type, **options)


def link_group(client, household, alice, *, chat_id=GROUP_TG, chat_type="supergroup"):
    from chatbots import services

    token, _ = services.link_codes_create(membership=membership_of(alice, household))
    body = post_telegram(client, group_message(f"/start {token}", ALICE_TG, chat_id=chat_id, chat_type=chat_type))
    assert "연결됐어요" in reply_text(body)


# --- 1. the message's own time ------------------------------------------------------------------


def test_an_update_delivered_days_late_records_the_day_it_was_typed(client, household, bob_on_telegram):
    typed = timezone.now() - dt.timedelta(days=3)

    body = post_telegram(client, tg_message("점심 8천", sent_at=typed)).json()

    entry = Entry.objects.get()
    day = timezone.localdate(typed)
    assert entry.spent_on == day and entry.amount_krw == 8000
    assert f"({day.month}/{day.day})" in body["text"]


def test_relative_words_count_from_the_messages_own_day_in_seoul(client, household, bob_on_telegram):
    # 16:30 UTC is 01:30 the next morning in Seoul: 어제 is the UTC date itself.
    utc_day = timezone.now().astimezone(dt.UTC).date() - dt.timedelta(days=4)
    typed = dt.datetime.combine(utc_day, dt.time(16, 30), tzinfo=dt.UTC)

    post_telegram(client, tg_message("어제 택시 12,300", sent_at=typed))

    assert Entry.objects.get().spent_on == utc_day


def test_a_kakao_request_carries_no_time_so_its_arrival_is_the_time(client, household, bob_on_kakao):
    post_kakao(client, kakao_payload("어제 택시 12,300"))

    assert Entry.objects.get().spent_on == timezone.localdate() - dt.timedelta(days=1)


def test_a_date_ahead_of_our_clock_is_not_believed(client, household, bob_on_telegram):
    post_telegram(client, tg_message("점심 8천", sent_at=timezone.now() + dt.timedelta(days=2)))

    assert Entry.objects.get().spent_on == timezone.localdate()


# --- 2. commands addressed to another bot -------------------------------------------------------


@pytest.mark.parametrize("command", ["/undo@otherbot", "/help@otherbot", "/cancel@other_bot", "/start@otherbot abc123"])
def test_a_command_for_another_bot_is_not_obeyed(client, household, alice, bob_on_telegram, command):
    link_group(client, household, alice)
    post_telegram(client, group_message("점심 8천"))
    before = Message.objects.count()

    response = post_telegram(client, group_message(command))

    assert response.status_code == 200 and response.content == b""
    assert Entry.objects.count() == 1
    assert Message.objects.count() == before  # not said to us: not kept either


@pytest.mark.parametrize("command", ["/undo@homenrich_test_bot", "/undo@HomeNRich_Test_Bot", "/undo"])
def test_a_command_without_a_suffix_or_with_our_name_is_ours(client, household, alice, bob_on_telegram, command):
    link_group(client, household, alice)
    post_telegram(client, group_message("점심 8천"))

    assert "취소했어요" in reply_text(post_telegram(client, group_message(command)))
    assert not Entry.objects.exists()


def test_help_for_us_is_answered(client, household, alice, bob_on_telegram):
    link_group(client, household, alice)

    assert "이렇게 보내 주세요" in reply_text(post_telegram(client, group_message("/help@homenrich_test_bot")))


# --- 3. group → supergroup, and the bot removed --------------------------------------------------


def _migrated(old, new, *, in_old: bool) -> dict:
    """The service message Telegram posts in the old group (migrate_to) or the new supergroup (migrate_from)."""
    if in_old:
        message = ptb.Message(
            message_id=900,
            date=dt.datetime.now(dt.UTC),
            chat=tg_chat(old, "group"),
            from_user=tg_user(ALICE_TG),
            migrate_to_chat_id=new,
        )
    else:
        message = ptb.Message(
            message_id=1,
            date=dt.datetime.now(dt.UTC),
            chat=tg_chat(new, "supergroup"),
            from_user=ptb.User(id=1087968824, is_bot=True, first_name="Group", username="GroupAnonymousBot"),
            migrate_from_chat_id=old,
        )
    return tg_update(message=message)


@pytest.mark.parametrize("in_old", [True, False], ids=["migrate_to", "migrate_from"])
def test_a_group_upgraded_to_a_supergroup_keeps_its_link(client, household, alice, bob_on_telegram, in_old):
    link_group(client, household, alice, chat_id=OLD_GROUP, chat_type="group")
    post_telegram(client, group_message("점심 8천", chat_id=OLD_GROUP, chat_type="group"))

    assert post_telegram(client, _migrated(OLD_GROUP, NEW_SUPERGROUP, in_old=in_old)).status_code == 200
    body = post_telegram(client, group_message("커피 4500", chat_id=NEW_SUPERGROUP)).json()

    assert "✅" in body["text"] and body["chat_id"] == NEW_SUPERGROUP
    assert Entry.objects.count() == 2
    assert not ChatLink.objects.filter(telegram_chat_id=OLD_GROUP).exists()
    # The turn moved with it: 취소 in the supergroup takes back the supergroup's last entry.
    assert "커피" in reply_text(post_telegram(client, group_message("취소", chat_id=NEW_SUPERGROUP)))


def test_both_migration_messages_in_any_order_move_the_group_once(client, household, alice, bob_on_telegram):
    link_group(client, household, alice, chat_id=OLD_GROUP, chat_type="group")
    post_telegram(client, group_message("점심 8천", chat_id=OLD_GROUP, chat_type="group"))

    post_telegram(client, _migrated(OLD_GROUP, NEW_SUPERGROUP, in_old=False))
    post_telegram(client, _migrated(OLD_GROUP, NEW_SUPERGROUP, in_old=True))

    links = ChatLink.objects.filter(telegram_chat_id=NEW_SUPERGROUP)
    assert sorted(links.values_list("telegram_user_id", flat=True)) == [BOB_TG, ALICE_TG]
    assert all(link.is_group and link.is_current for link in links)


def test_a_notice_sent_to_the_old_group_id_follows_it_to_the_supergroup(
    client, household, alice, bob_on_telegram, fake_telegram, django_capture_on_commit_callbacks
):
    link_group(client, household, alice, chat_id=OLD_GROUP, chat_type="group")
    fake_telegram.calls.clear()
    fake_telegram.migrated[OLD_GROUP] = NEW_SUPERGROUP  # the upgrade happened; no update told us
    alert = BudgetAlert.objects.create(
        household=household,
        period_key="2026-11",
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 30),
        threshold=80,
        spent_krw=80,
        budget_krw=100,
    )

    with django_capture_on_commit_callbacks(execute=True):
        budget_alert_recorded.send(sender=BudgetAlert, alert=alert)

    delivered = [m["chat_id"] for m in fake_telegram.sent("sendMessage")]
    assert NEW_SUPERGROUP in delivered and delivered.count(OLD_GROUP) == 1  # tried once, then followed
    assert ChatLink.objects.filter(telegram_chat_id=NEW_SUPERGROUP, is_group=True).exists()
    assert not ChatNotice.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.parametrize("status", ["left", "kicked"])
def test_a_group_that_removed_the_bot_is_no_longer_linked(client, household, alice, bob_on_telegram, status):
    link_group(client, household, alice)
    post_telegram(client, group_message("점심 8천"))
    removed = ptb.ChatMemberLeft(tg_bot_user()) if status == "left" else ptb.ChatMemberBanned(tg_bot_user(), None)
    update = tg_update(
        my_chat_member=ptb.ChatMemberUpdated(
            chat=tg_chat(GROUP_TG, "supergroup"),
            from_user=tg_user(ALICE_TG),
            date=dt.datetime.now(dt.UTC),
            old_chat_member=ptb.ChatMemberMember(tg_bot_user()),
            new_chat_member=removed,
        )
    )

    assert post_telegram(client, update).status_code == 200

    assert not ChatLink.objects.filter(telegram_chat_id=GROUP_TG).exists()
    assert ChatLink.objects.filter(telegram_chat_id=BOB_TG).exists()  # Bob's own chat stays
    assert Entry.objects.count() == 1  # the ledger keeps what the group recorded
    from chatbots.selectors import household_recipients

    assert f"telegram:{GROUP_TG}" not in household_recipients(household_id=household.pk)


# --- 4. edits -----------------------------------------------------------------------------------


def test_an_edit_changes_the_entry_its_message_made(client, household, bob_on_telegram):
    sent = tg_message("커피 4500")
    post_telegram(client, sent)

    body = post_telegram(client, tg_edit(sent, "커피 5400")).json()

    entry = Entry.objects.get()
    assert entry.amount_krw == 5400 and entry.category.slug == "cafe"
    assert "고친 메시지대로 바꿨어요" in body["text"] and "5,400원" in body["text"]
    assert body["reply_parameters"]["message_id"] == sent["message"]["message_id"]
    assert Message.objects.filter(outcome=MessageOutcome.EDITED, raw_text="커피 5400").exists()


def test_a_second_edit_follows_the_first(client, household, bob_on_telegram):
    sent = tg_message("커피 4500")
    post_telegram(client, sent)
    post_telegram(client, tg_edit(sent, "커피 5400"))

    post_telegram(client, tg_edit(sent, "택시 5400"))

    entry = Entry.objects.get()
    assert (entry.amount_krw, entry.memo, entry.category.slug) == (5400, "택시", "transport")


def test_an_edit_keeps_a_category_a_member_chose_when_the_words_stay(client, household, bob_on_telegram):
    sent = tg_message("커피 4500")
    post_telegram(client, sent)
    entry = Entry.objects.get()
    post_telegram(client, tg_message("방금 거 식비로"))

    post_telegram(client, tg_edit(sent, "커피 5400"))

    entry.refresh_from_db()
    assert (entry.amount_krw, entry.category.slug) == (5400, "food")


def test_an_edit_leaves_an_entry_changed_by_hand_and_says_why(client, client_for, household, bob_on_telegram):
    sent = tg_message("커피 4500")
    post_telegram(client, sent)
    entry = Entry.objects.get()
    Entry.objects.filter(pk=entry.pk).update(amount_krw=4000)  # fixed on the web meanwhile

    body = post_telegram(client, tg_edit(sent, "커피 5400")).json()

    entry.refresh_from_db()
    assert entry.amount_krw == 4000
    assert "직접 고친 항목이라 그대로 두었어요" in body["text"]


def test_an_edit_adds_and_drops_items(client, household, bob_on_telegram):
    sent = tg_message("점심 8천, 커피 4500")
    post_telegram(client, sent)

    post_telegram(client, tg_edit(sent, "점심 9천"))
    assert list(Entry.objects.values_list("memo", "amount_krw")) == [("점심", 9000)]

    post_telegram(client, tg_edit(sent, "점심 9천, 택시 5000"))
    assert sorted(Entry.objects.values_list("memo", "amount_krw")) == [("점심", 9000), ("택시", 5000)]


def test_an_edit_without_an_amount_deletes_nothing(client, household, bob_on_telegram):
    sent = tg_message("커피 4500")
    post_telegram(client, sent)

    text = reply_text(post_telegram(client, tg_edit(sent, "커피")))

    assert "그대로 두었어요" in text and Entry.objects.get().amount_krw == 4500


def test_an_edit_that_changes_nothing_is_not_answered(client, household, bob_on_telegram):
    sent = tg_message("커피 4500")
    post_telegram(client, sent)

    response = post_telegram(client, tg_edit(sent, "커피  4500"))

    assert response.content == b"" and Entry.objects.get().amount_krw == 4500


def test_an_edit_of_a_message_that_recorded_nothing_is_read_as_new(client, household, bob_on_telegram):
    sent = tg_message("커피")
    post_telegram(client, sent)

    body = post_telegram(client, tg_edit(sent, "커피 4500")).json()

    assert Entry.objects.get().amount_krw == 4500 and "✅" in body["text"]
    post_telegram(client, tg_edit(sent, "커피 5000"))  # …and a later edit follows it like any other
    assert Entry.objects.get().amount_krw == 5000


def test_an_edit_never_runs_a_command(client, household, bob_on_telegram):
    post_telegram(client, tg_message("점심 8천"))
    sent = tg_message("안녕")
    post_telegram(client, sent)

    response = post_telegram(client, tg_edit(sent, "취소"))

    assert response.content == b"" and Entry.objects.count() == 1


def test_an_edited_message_keeps_its_first_day(client, household, bob_on_telegram):
    typed = timezone.now() - dt.timedelta(days=2)
    sent = tg_message("어제 커피 4500", sent_at=typed)
    post_telegram(client, sent)

    post_telegram(client, tg_edit(sent, "어제 커피 5400"))

    entry = Entry.objects.get()
    assert entry.spent_on == timezone.localdate(typed) - dt.timedelta(days=1) and entry.amount_krw == 5400


# --- 5. replies ---------------------------------------------------------------------------------


def test_replying_undo_to_the_bots_reply_undoes_that_entry_not_the_last(client, household, bob_on_telegram):
    first = post_telegram(client, tg_message("택시 5000")).json()
    post_telegram(client, tg_message("커피 4500"))

    text = reply_text(post_telegram(client, tg_reply("취소", tg_bot_reply(first))))

    assert "택시" in text and "취소했어요" in text
    assert list(Entry.objects.values_list("memo", flat=True)) == ["커피"]


def test_replying_a_category_to_the_bots_reply_changes_that_entry(client, household, bob_on_telegram):
    first = post_telegram(client, tg_message("점심 김밥 8000원")).json()
    post_telegram(client, tg_message("커피 4500"))

    text = reply_text(post_telegram(client, tg_reply("교통으로 바꿔줘", tg_bot_reply(first))))

    assert "바꿨어요" in text
    assert dict(Entry.objects.values_list("memo", "category__slug")) == {"점심 김밥": "transport", "커피": "cafe"}


def test_replying_to_ones_own_message_names_the_entries_it_made(client, household, bob_on_telegram):
    sent = tg_message("택시 5000")
    post_telegram(client, sent)
    post_telegram(client, tg_message("커피 4500"))

    post_telegram(client, tg_reply("카페로", as_message(sent)))

    assert dict(Entry.objects.values_list("memo", "category__slug")) == {"택시": "cafe", "커피": "cafe"}
    post_telegram(client, tg_reply("취소", as_message(sent)))
    assert list(Entry.objects.values_list("memo", flat=True)) == ["커피"]


def test_replying_an_amount_fixes_the_amount(client, household, bob_on_telegram):
    first = post_telegram(client, tg_message("커피 4500")).json()

    text = reply_text(post_telegram(client, tg_reply("5400원으로 바꿔줘", tg_bot_reply(first))))

    assert Entry.objects.get().amount_krw == 5400 and "4,500원에서 바꿨어요" in text


def test_a_reply_to_a_message_with_two_entries_asks_which_one(client, household, bob_on_telegram):
    first = post_telegram(client, tg_message("점심 8천, 커피 4500")).json()

    body = post_telegram(client, tg_reply("교통으로", tg_bot_reply(first))).json()

    assert "골라 주세요" in body["text"] and any(b["callback_data"].startswith("pick:") for b in buttons_of(body))
    assert set(Entry.objects.values_list("category__slug", flat=True)) == {"food", "cafe"}
    post_telegram(client, tg_reply("취소", tg_bot_reply(first)))  # 취소 takes back the whole message
    assert not Entry.objects.exists()


def test_a_reply_to_a_message_without_entries_changes_nothing(client, household, bob_on_telegram):
    post_telegram(client, tg_message("커피 4500"))
    chatter = tg_message("오늘 날씨 좋다")
    post_telegram(client, chatter)

    text = reply_text(post_telegram(client, tg_reply("취소", as_message(chatter))))

    assert "기록한 항목이 없어요" in text and Entry.objects.count() == 1


def test_a_reply_naming_another_households_entry_finds_nothing(client, household, bob_on_telegram, charlie):
    stranger_entry = EntryFactory(paid_by=charlie.memberships.get())
    forged = tg_bot_reply(
        {
            "chat_id": BOB_TG,
            "text": "✅",
            "reply_markup": {"inline_keyboard": [[{"text": "취소", "callback_data": f"undo:{stranger_entry.pk}"}]]},
        }
    )

    text = reply_text(post_telegram(client, tg_reply("취소", forged)))

    assert "기록한 항목이 없어요" in text and Entry.objects.filter(pk=stranger_entry.pk).exists()


def test_buttons_of_another_bots_message_name_nothing(client, household, bob_on_telegram):
    post_telegram(client, tg_message("커피 4500"))
    entry = Entry.objects.get()
    other = ptb.Message(
        message_id=77,
        date=dt.datetime.now(dt.UTC),
        chat=tg_chat(BOB_TG),
        from_user=tg_bot_user(user_id=999, username="otherbot"),
        text="?",
        reply_markup=ptb.InlineKeyboardMarkup([[ptb.InlineKeyboardButton("x", callback_data=f"undo:{entry.pk}")]]),
    )

    text = reply_text(post_telegram(client, tg_reply("취소", other)))

    assert "기록한 항목이 없어요" in text and Entry.objects.exists()


# --- 6. captions --------------------------------------------------------------------------------


def test_a_photo_caption_is_read_as_the_message(client, household, bob_on_telegram):
    photo = [ptb.PhotoSize(file_id="AgAD", file_unique_id="AQAD", width=1280, height=960)]

    body = post_telegram(client, tg_message(None, caption="영수증 점심 8000원", photo=photo)).json()

    entry = Entry.objects.get()
    assert entry.amount_krw == 8000 and "✅" in body["text"]
    assert Message.objects.get(outcome=MessageOutcome.RECORDED).raw_text == "영수증 점심 8000원"


def test_a_document_caption_is_read_too(client, household, bob_on_telegram):
    document = ptb.Document(file_id="BQAD", file_unique_id="AgAD", file_name="receipt.pdf")

    post_telegram(client, tg_message(None, caption="택시 12,300", document=document))

    assert Entry.objects.get().amount_krw == 12_300


# --- 7. forum topics ----------------------------------------------------------------------------


def test_a_reply_in_a_forum_topic_goes_back_into_the_topic(client, household, alice, bob_on_telegram):
    link_group(client, household, alice)

    body = post_telegram(
        client, group_message("점심 8천", message_thread_id=42, is_topic_message=True, is_forum=True)
    ).json()

    assert body["message_thread_id"] == 42
    assert ChatTurn.objects.get().telegram_thread_id == 42
    general = post_telegram(client, group_message("커피 4500", is_forum=True)).json()
    assert "message_thread_id" not in general


def test_a_reply_sent_later_through_the_api_goes_into_the_topic_too(
    client, household, alice, bob_on_telegram, fake_telegram, monkeypatch
):
    link_group(client, household, alice)
    household.llm_enabled = True
    household.save(update_fields=["llm_enabled"])

    post_telegram(client, group_message("뭉뭉 12000원", message_thread_id=42, is_topic_message=True, is_forum=True))

    (sent,) = [m for m in fake_telegram.sent("sendMessage") if m["chat_id"] == GROUP_TG]
    assert sent["message_thread_id"] == 42


# --- 8. long replies ----------------------------------------------------------------------------


def _many_items(count: int) -> str:
    return ",".join(f"{i % 9 + 1}원" for i in range(count))  # 333 items in 998 characters


def test_a_message_of_333_items_is_answered_with_its_totals(client, household, bob_on_telegram):
    text = _many_items(333)
    assert len(text) <= 1000

    body = post_telegram(client, tg_message(text)).json()

    assert Entry.objects.count() == 333
    assert len(body["text"]) <= 4096
    total = sum(i % 9 + 1 for i in range(333))
    assert "외 " in body["text"] and f"합계 {total:,}원" in body["text"]


def test_a_kakao_reply_of_333_items_keeps_its_totals_within_kakaos_limit(client, household, bob_on_kakao):
    response = post_kakao(client, kakao_payload(_many_items(333)))

    first = response.json()["template"]["outputs"][0]["simpleText"]["text"]
    assert len(first) <= 1000 and f"합계 {sum(i % 9 + 1 for i in range(333)):,}원" in first


# --- 9. counts shared by every worker -------------------------------------------------------------


class EachRequestAnotherWorker:
    """Each request sees an empty local-memory cache, as the other gunicorn worker would."""

    def __init__(self, monkeypatch):
        from django.core.cache import caches
        from django.core.cache.backends.locmem import LocMemCache

        caches["default"]
        self._connections = caches._connections
        self._make = lambda: LocMemCache(f"worker-{id(object())}", {})
        monkeypatch.setattr(self._connections, "default", self._make())

    def switch(self):
        self._connections.default = self._make()


def test_a_kakao_double_send_is_caught_whichever_worker_gets_it(client, household, bob_on_kakao, monkeypatch):
    workers = EachRequestAnotherWorker(monkeypatch)
    caught = 0
    for i in range(10):
        first = kakao_text(post_kakao(client, kakao_payload(f"점심 {8000 + i}원")))
        workers.switch()
        second = kakao_text(post_kakao(client, kakao_payload(f"점심 {8000 + i}원")))
        workers.switch()
        caught += "✅" in first and "한 번만 기록했어요" in second

    assert caught == 10 and Entry.objects.count() == 10


def test_the_rate_limit_holds_across_workers(client, household, bob_on_telegram, monkeypatch):
    workers = EachRequestAnotherWorker(monkeypatch)
    monkeypatch.setattr(throttle, "_now", lambda: 1_800_000_000.0)  # one minute

    for i in range(35):
        post_telegram(client, tg_message(f"커피 {4000 + i}"))
        workers.switch()

    assert Entry.objects.count() == throttle.MESSAGES_PER_MINUTE
    assert Message.objects.filter(outcome=MessageOutcome.RATE_LIMITED).count() == 5


def test_counters_expire_and_are_pruned(household):
    monkey_now = 1_800_000_000.0
    assert throttle.first_time(name="x", parts=("a",), seconds=10) is True
    assert throttle.first_time(name="x", parts=("a",), seconds=10) is False
    assert throttle.counters_prune(now=monkey_now * 2) >= 1
    assert throttle.first_time(name="x", parts=("a",), seconds=10) is True
