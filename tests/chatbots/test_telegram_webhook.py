"""Telegram: linking, recording, buttons, commands, groups, replays and bad payloads."""

import json

import pytest
import telegram as ptb

from chatbots.models import ChatLink, TelegramUpdate
from expenses.models import Entry, Message, MessageOutcome
from tests.chatbots.conftest import (
    BOB_TG,
    CHARLIE_TG,
    GROUP_TG,
    TELEGRAM_SECRET,
    VERA_TG,
    buttons_of,
    link_telegram,
    post_telegram,
    reply_text,
    tg_button,
    tg_message,
)
from tests.conftest import membership_of

pytestmark = pytest.mark.django_db


def test_it_links_a_private_chat_with_a_one_time_start_token(client, household, bob):
    response = link_telegram(client, bob, household, user_id=BOB_TG)

    body = response.json()
    assert body["method"] == "sendMessage" and body["chat_id"] == BOB_TG
    assert "앨리스네" in body["text"] and "밥님" in body["text"]
    link = ChatLink.objects.get(telegram_chat_id=BOB_TG)
    assert link.membership == membership_of(bob, household) and link.telegram_user_id == BOB_TG


def test_a_start_token_works_once(client, household, bob):
    from chatbots import services

    token, _ = services.link_codes_create(membership=membership_of(bob, household))
    assert "연결됐어요" in reply_text(post_telegram(client, tg_message(f"/start {token}")))

    again = reply_text(post_telegram(client, tg_message(f"/start {token}", user_id=CHARLIE_TG)))

    assert "만료" in again
    assert not ChatLink.objects.filter(telegram_chat_id=CHARLIE_TG).exists()


def test_an_expired_start_token_is_refused(client, household, bob):
    from chatbots import services
    from chatbots.models import LinkCode

    token, _ = services.link_codes_create(membership=membership_of(bob, household))
    LinkCode.objects.update(expires_at="2020-01-01T00:00:00Z")

    assert "만료" in reply_text(post_telegram(client, tg_message(f"/start {token}")))
    assert not ChatLink.objects.exists()


def test_the_token_is_not_kept_in_the_message_log(client, household, bob):
    from chatbots import services

    token, _ = services.link_codes_create(membership=membership_of(bob, household))
    post_telegram(client, tg_message(f"/start {token}"))

    assert not Message.objects.filter(raw_text__contains=token).exists()


def test_an_unlinked_chat_is_told_how_to_link(client, household):
    text = reply_text(post_telegram(client, tg_message("점심 김밥 5000원")))

    assert "채팅 연결" in text
    assert not Entry.objects.exists() and not Message.objects.exists()


def test_it_records_one_item_and_answers_with_date_category_and_month_total(client, household, bob_on_telegram):
    body = post_telegram(client, tg_message("점심 김밥 5000원")).json()

    entry = Entry.objects.get()
    assert (entry.amount_krw, entry.memo, entry.channel) == (5000, "점심 김밥", "telegram")
    assert entry.paid_by == membership_of(bob_on_telegram, household)
    assert "식비 점심 김밥 5,000원" in body["text"]
    assert f"({entry.spent_on.month}/{entry.spent_on.day})" in body["text"]
    assert "이번 달 식비 합계 5,000원" in body["text"]
    assert [b["callback_data"] for b in buttons_of(body)] == [f"pick:{entry.pk}", f"undo:{entry.pk}"]
    assert Message.objects.get(outcome=MessageOutcome.RECORDED).raw_text == "점심 김밥 5000원"


def test_it_records_several_items_with_a_button_pair_for_each(client, household, bob_on_telegram):
    body = post_telegram(client, tg_message("점심 8천, 커피 4500")).json()

    lunch, coffee = Entry.objects.order_by("pk")
    assert (lunch.amount_krw, lunch.category.slug) == (8000, "food")
    assert (coffee.amount_krw, coffee.category.slug) == (4500, "cafe")
    assert "8,000원" in body["text"] and "4,500원" in body["text"]
    data = [b["callback_data"] for b in buttons_of(body)]
    assert data == [f"pick:{lunch.pk}", f"undo:{lunch.pk}", f"pick:{coffee.pk}", f"undo:{coffee.pk}"]
    assert all(len(d.encode()) <= 64 and d.isascii() for d in data)


def test_it_records_income(client, household, bob_on_telegram):
    text = reply_text(post_telegram(client, tg_message("월급 350만원 들어옴")))

    entry = Entry.objects.get()
    assert (entry.kind, entry.amount_krw, entry.category.slug) == ("income", 3_500_000, "salary")
    assert "+3,500,000원" in text


def test_a_foreign_currency_amount_is_refused_politely(client, household, bob_on_telegram):
    text = reply_text(post_telegram(client, tg_message("1200엔 라멘")))

    assert "원화" in text and not Entry.objects.exists()
    assert Message.objects.get(raw_text="1200엔 라멘").outcome == MessageOutcome.FOREIGN_CURRENCY


def test_undo_button_deletes_the_entry_and_edits_the_reply(client, household, bob_on_telegram, fake_telegram):
    post_telegram(client, tg_message("점심 8천, 커피 4500"))
    lunch, coffee = Entry.objects.order_by("pk")

    body = post_telegram(client, tg_button(f"undo:{coffee.pk}", message_id=77)).json()

    assert list(Entry.objects.all()) == [lunch]
    assert body["method"] == "editMessageText" and body["message_id"] == 77
    assert "취소했어요" in body["text"] and "8,000원" in body["text"]
    assert [b["callback_data"] for b in buttons_of(body)] == [f"pick:{lunch.pk}", f"undo:{lunch.pk}"]
    assert fake_telegram.sent("answerCallbackQuery")[0]["text"] == "취소했어요"


def test_category_fix_by_button_shows_choices_then_changes_and_teaches(
    client, household, bob_on_telegram, fake_telegram
):
    post_telegram(client, tg_message("점심 김밥 5000원"))
    entry = Entry.objects.get()

    picker = post_telegram(client, tg_button(f"pick:{entry.pk}")).json()
    choices = {b["text"]: b["callback_data"] for b in buttons_of(picker)}
    assert choices["카페/간식"] == f"cat:{entry.pk}:cafe" and "식비" not in choices
    assert "급여" not in choices  # an expense only gets expense categories

    body = post_telegram(client, tg_button(choices["카페/간식"])).json()

    entry.refresh_from_db()
    assert (entry.category.slug, entry.category_source) == ("cafe", "user")
    assert "카페/간식(으)로 바꿨어요" in body["text"]
    assert "카페/간식(으)로 바꿨어요" in fake_telegram.sent("answerCallbackQuery")[-1]["text"]
    # The household learned it: the next 김밥 lunch goes to 카페/간식 by itself.
    post_telegram(client, tg_message("점심 김밥 6000원"))
    assert Entry.objects.latest("pk").category.slug == "cafe"


def test_category_fix_by_text_changes_the_last_entry_of_this_chat(client, household, bob_on_telegram):
    post_telegram(client, tg_message("점심 8천, 커피 4500"))

    text = reply_text(post_telegram(client, tg_message("방금 거 교통으로")))

    assert "바꿨어요" in text
    assert Entry.objects.latest("pk").category.slug == "transport"
    assert Entry.objects.earliest("pk").category.slug == "food"
    assert Message.objects.get(raw_text="방금 거 교통으로").outcome == MessageOutcome.COMMAND


def test_category_fix_by_text_with_an_unknown_name_lists_the_choices(client, household, bob_on_telegram):
    post_telegram(client, tg_message("점심 김밥 5000원"))

    body = post_telegram(client, tg_message("방금 거 우주여행으로")).json()

    assert "찾지 못했어요" in body["text"] and "카페/간식" in body["text"]
    assert any(b["callback_data"].startswith("cat:") for b in buttons_of(body))
    assert Entry.objects.get().category.slug == "food"


def test_undo_by_text_removes_the_last_entry_of_this_chat_only(client, household, bob_on_telegram, alice):
    from tests.factories import EntryFactory

    post_telegram(client, tg_message("점심 김밥 5000원"))
    web_entry = EntryFactory(paid_by=membership_of(alice, household), memo="웹에서 적은 것")

    text = reply_text(post_telegram(client, tg_message("취소")))

    assert "취소했어요" in text and "점심 김밥" in text
    assert list(Entry.objects.all()) == [web_entry]
    assert "취소할 기록이 없어요" in reply_text(post_telegram(client, tg_message("취소")))


def test_questions_today_and_this_month(client, household, bob_on_telegram):
    post_telegram(client, tg_message("점심 8천, 커피 4500"))

    today = reply_text(post_telegram(client, tg_message("오늘")))
    month = reply_text(post_telegram(client, tg_message("이번 달 얼마 썼어?")))

    assert "지출 12,500원" in today and "커피" in today
    assert "지출 12,500원" in month and "식비 8,000원" in month and "카페/간식 4,500원" in month
    asked = Message.objects.filter(outcome=MessageOutcome.QUESTION)
    assert sorted(asked.values_list("raw_text", flat=True)) == ["오늘", "이번 달 얼마 썼어?"]
    assert Entry.objects.count() == 2


def test_this_month_follows_the_households_own_month(client, household, bob_on_telegram):
    from households.periods import period_containing
    from tests.factories import EntryFactory

    household.month_start_day = 25
    household.save(update_fields=["month_start_day"])
    period = period_containing(__import__("django.utils.timezone").utils.timezone.localdate(), 25)
    EntryFactory(paid_by=membership_of(bob_on_telegram, household), spent_on=period.start, amount_krw=7000)
    EntryFactory(
        paid_by=membership_of(bob_on_telegram, household),
        spent_on=period.start - __import__("datetime").timedelta(days=1),
        amount_krw=900,
    )

    text = reply_text(post_telegram(client, tg_message("이번 달")))

    assert f"{period.start.month}/{period.start.day}–{period.end.month}/{period.end.day}" in text
    assert "지출 7,000원" in text


def test_help_in_korean(client, household, bob_on_telegram):
    for command in ("/help", "도움말"):
        assert "점심 8천, 커피 4500" in reply_text(post_telegram(client, tg_message(command)))


def test_a_viewer_can_ask_but_not_record(client, household, vera):
    link_telegram(client, vera, household, user_id=VERA_TG)

    refused = reply_text(post_telegram(client, tg_message("점심 김밥 5000원", user_id=VERA_TG)))
    asked = reply_text(post_telegram(client, tg_message("이번 달", user_id=VERA_TG)))

    assert "보기 전용" in refused and "지출 0원" in asked
    assert not Entry.objects.exists()
    assert Message.objects.get(raw_text="점심 김밥 5000원").outcome == MessageOutcome.READ_ONLY


def test_a_viewer_cannot_press_write_buttons(client, household, vera, bob):
    from tests.factories import EntryFactory

    link_telegram(client, vera, household, user_id=VERA_TG)
    entry = EntryFactory(paid_by=membership_of(bob, household))

    for data in (f"undo:{entry.pk}", f"cat:{entry.pk}:cafe", f"pick:{entry.pk}"):
        body = post_telegram(client, tg_button(data, user_id=VERA_TG)).json()
        assert body["method"] == "answerCallbackQuery" and "보기 전용" in body["text"]
    entry.refresh_from_db()
    assert entry.category.slug == "food"


def test_a_stranger_cannot_touch_another_households_entry(client, household, bob, charlie, other_household):
    from tests.factories import EntryFactory

    link_telegram(client, charlie, other_household, user_id=CHARLIE_TG)
    entry = EntryFactory(paid_by=membership_of(bob, household))

    for data in (f"undo:{entry.pk}", f"cat:{entry.pk}:cafe", f"pick:{entry.pk}", f"back:{entry.pk}"):
        body = post_telegram(client, tg_button(data, user_id=CHARLIE_TG)).json()
        assert body["method"] == "answerCallbackQuery" and "찾지 못했어요" in body["text"]
    entry.refresh_from_db()
    assert entry.category.slug == "food"
    # Text commands reach only the chat's own entries: charlie's 취소 does not undo bob's lunch.
    assert "취소할 기록이 없어요" in reply_text(post_telegram(client, tg_message("취소", user_id=CHARLIE_TG)))
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_a_button_of_an_unlinked_user_changes_nothing(client, household, bob):
    from tests.factories import EntryFactory

    entry = EntryFactory(paid_by=membership_of(bob, household))

    body = post_telegram(client, tg_button(f"undo:{entry.pk}", user_id=CHARLIE_TG)).json()

    assert body["method"] == "answerCallbackQuery"
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_a_redelivered_update_records_once(client, household, bob_on_telegram):
    update = tg_message("점심 김밥 5000원")

    responses = [post_telegram(client, update) for _ in range(3)]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert Entry.objects.count() == 1
    assert responses[1].content == b"" and responses[2].content == b""
    assert list(Message.objects.order_by("pk").values_list("outcome", flat=True)) == [
        MessageOutcome.COMMAND,  # the /start of the fixture
        MessageOutcome.RECORDED,
        MessageOutcome.DUPLICATE,
        MessageOutcome.DUPLICATE,
    ]


def test_update_ids_are_64_bit(client, household, bob_on_telegram):
    big = 2**62 + 5
    post_telegram(client, tg_message("커피 4500", update_id=big))

    assert TelegramUpdate.objects.filter(update_id=big).exists()
    assert Entry.objects.count() == 1


@pytest.mark.parametrize("secret", [None, "", "wrong", TELEGRAM_SECRET + "x", TELEGRAM_SECRET.upper()])
def test_a_wrong_or_missing_secret_is_403_and_nothing_is_processed(client, household, bob_on_telegram, secret):
    response = post_telegram(client, tg_message("점심 김밥 5000원"), secret=secret)

    assert response.status_code == 403
    assert not Entry.objects.exists()
    assert TelegramUpdate.objects.count() == 1  # only the fixture's /start


def test_without_a_configured_secret_every_request_is_refused(client, household, bob, settings):
    settings.TELEGRAM_WEBHOOK_SECRET = ""

    assert post_telegram(client, tg_message("점심 5000원"), secret="").status_code == 403


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        "",
        "null",
        "[]",
        '"text"',
        "[" * 100_000 + "]" * 100_000,
        '{"update_id": 1e999}',
        '{"update_id": ' + "9" * 5000 + "}",
        b"\xff\xfe\x00garbage",
    ],
)
def test_unusable_bodies_with_the_right_secret_get_200(client, household, bob_on_telegram, raw):
    response = post_telegram(client, None, raw=raw)

    assert response.status_code == 200
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"update_id": "873214001"},
        {"update_id": True, "message": {}},
        {"update_id": 2**64, "message": {}},
        {"update_id": 9, "message": "점심 5000원"},
        {"update_id": 10, "message": {"message_id": 1, "chat": {"id": BOB_TG}, "text": "점심 5000원"}},
        {"update_id": 11, "message": {"message_id": 1, "from": {"id": "x"}, "chat": {"id": BOB_TG}, "text": "a"}},
        {"update_id": 12, "message": {"message_id": 1, "from": {"id": BOB_TG}, "chat": {"id": BOB_TG}, "text": 5000}},
        {"update_id": 13, "message": {"message_id": 1, "from": {"id": BOB_TG}, "chat": [], "text": "점심 5000원"}},
        {"update_id": 14, "edited_message": {"message_id": 1, "text": "점심 6000원"}},
        {"update_id": 15, "my_chat_member": {"chat": {"id": GROUP_TG}}},
        {"update_id": 16, "callback_query": {"id": 5, "from": {"id": BOB_TG}, "data": "undo:1"}},
        {"update_id": 17, "callback_query": {"id": "q", "from": {"id": BOB_TG}, "data": ["undo", 1]}},
        {"update_id": 18, "callback_query": {"id": "q", "from": {"id": BOB_TG}, "data": "rm -rf:1"}},
        {
            "update_id": 19,
            "message": {"message_id": 1, "from": {"id": BOB_TG}, "chat": {"id": BOB_TG}, "text": "x" * 5000},
        },
    ],
)
def test_missing_fields_and_wrong_types_get_200_and_change_nothing(client, household, bob_on_telegram, payload):
    response = post_telegram(client, payload)

    assert response.status_code == 200
    assert not Entry.objects.exists()


def test_a_huge_payload_gets_200(client, household, bob_on_telegram):
    update = tg_message("점심 5000원 " + "가" * 2_000_000)

    response = post_telegram(client, update)

    assert response.status_code == 200
    assert not Entry.objects.exists()


def test_a_long_message_is_refused_politely_and_kept(client, household, bob_on_telegram):
    text = "점심 5000원 " + "가" * 1200

    reply = reply_text(post_telegram(client, tg_message(text)))

    assert "너무 길어요" in reply
    assert not Entry.objects.exists()
    assert Message.objects.get(outcome=MessageOutcome.TOO_LONG).raw_text == text


def test_nul_and_lone_surrogates_are_stored_safely(client, household, bob_on_telegram):
    update = tg_message("점심 5000원")
    raw = json.dumps(update, ensure_ascii=False).replace("점심", "점심\\u0000 \\ud800")

    response = post_telegram(client, None, raw=raw)

    assert response.status_code == 200
    assert Entry.objects.get().amount_krw == 5000
    stored = Message.objects.get(outcome=MessageOutcome.RECORDED).raw_text
    assert "\x00" not in stored and stored.encode("utf-8")


def test_a_photo_without_text_gets_a_hint_in_private(client, household, bob_on_telegram):
    update = tg_message(None, photo=[ptb.PhotoSize(file_id="abc", file_unique_id="abc1", width=90, height=90)])

    assert "글자만 읽을 수 있어요" in reply_text(post_telegram(client, update))


def test_rate_limit_per_chat_with_one_polite_reply(client, household, bob_on_telegram, monkeypatch):
    from chatbots import throttle

    monkeypatch.setattr(throttle, "_now", lambda: 1_800_000_000.0)  # one fixed minute
    replies = [post_telegram(client, tg_message(f"오늘 {i}번째 질문")) for i in range(33)]

    texts_ = [r.json()["text"] if r.content else "" for r in replies]
    assert sum("너무 빨리" in t for t in texts_) == 1
    assert replies[-1].content == b""
    assert Message.objects.filter(outcome=MessageOutcome.RATE_LIMITED).count() == 3
