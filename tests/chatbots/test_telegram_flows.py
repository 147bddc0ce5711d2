"""Telegram beyond one message: group chats, replies edited after Claude, budget alerts, switching households."""

import pytest

from chatbots import services
from chatbots.models import ChatLink, ChatNotice
from expenses.models import Budget, BudgetAlert, Entry, Message
from expenses.signals import budget_alert_recorded
from expenses.tasks import categorize_entries
from tests.chatbots.conftest import (
    ALICE_TG,
    BOB_TG,
    CHARLIE_TG,
    GROUP_TG,
    buttons_of,
    link_telegram,
    post_telegram,
    reply_text,
    tg_message,
)
from tests.conftest import membership_of
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def group_message(text, user_id, **kwargs):
    return tg_message(text, user_id=user_id, chat_id=GROUP_TG, chat_type="supergroup", **kwargs)


@pytest.fixture
def family_group(client, household, alice):
    """Alice linked the family group with a start token (`/start@bot <token>` in the group)."""
    token, _ = services.link_codes_create(membership=membership_of(alice, household))
    body = post_telegram(client, group_message(f"/start@homenrich_test_bot {token}", ALICE_TG)).json()
    assert "연결됐어요" in body["text"] and body["chat_id"] == GROUP_TG
    return GROUP_TG


def test_a_linked_member_records_in_the_group_for_the_household(client, household, family_group, bob_on_telegram):
    update = group_message("점심 8천, 커피 4500", BOB_TG)

    body = post_telegram(client, update).json()

    assert Entry.objects.count() == 2
    assert {e.paid_by for e in Entry.objects.all()} == {membership_of(bob_on_telegram, household)}
    assert body["chat_id"] == GROUP_TG
    assert body["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert ChatLink.objects.filter(telegram_chat_id=GROUP_TG, telegram_user_id=BOB_TG, is_group=True).exists()


def test_an_unlinked_person_in_a_linked_group_gets_one_hint_and_no_entry(client, household, family_group, charlie):
    first = post_telegram(client, group_message("점심 김밥 5000원", CHARLIE_TG, first_name="찰리"))
    second = post_telegram(client, group_message("커피 4500원", CHARLIE_TG, first_name="찰리"))

    assert "찰리님" in reply_text(first) and "연결" in reply_text(first)
    assert second.status_code == 200 and second.content == b""
    assert not Entry.objects.exists()
    assert not Message.objects.filter(raw_text__in=["점심 김밥 5000원", "커피 4500원"]).exists()


def test_the_owner_who_linked_the_group_records_there(client, household, family_group, alice):
    post_telegram(client, group_message("택시 12,300", ALICE_TG))

    assert Entry.objects.get().paid_by == membership_of(alice, household)


def test_undo_in_a_group_takes_back_only_the_senders_own_last_entry(client, household, family_group, bob_on_telegram):
    post_telegram(client, group_message("점심 9000원", ALICE_TG))
    post_telegram(client, group_message("커피 4500원", BOB_TG))

    text = reply_text(post_telegram(client, group_message("취소", ALICE_TG)))

    assert "점심" in text and "커피" not in text
    assert list(Entry.objects.values_list("memo", flat=True)) == ["커피"]


def test_an_unlinked_group_hears_how_to_link_once_a_day_and_on_commands(client, household):
    first = post_telegram(client, group_message("안녕하세요", CHARLIE_TG))
    chatter = post_telegram(client, group_message("점심 뭐 먹지", CHARLIE_TG))
    command = post_telegram(client, group_message("/help@homenrich_test_bot", CHARLIE_TG))

    assert "그룹" in reply_text(first)
    assert chatter.content == b""
    assert "연결" in reply_text(command)


def test_a_group_of_one_household_cannot_be_taken_by_another(client, household, family_group, charlie, other_household):
    token, _ = services.link_codes_create(membership=membership_of(charlie, other_household))

    text = reply_text(post_telegram(client, group_message(f"/start {token}", CHARLIE_TG)))

    assert "다른 가구" in text
    assert set(ChatLink.objects.filter(telegram_chat_id=GROUP_TG).values_list("household_id", flat=True)) == {
        household.pk
    }


def test_a_reply_claude_may_change_goes_through_the_api_and_is_edited_later(
    client, household, bob_on_telegram, fake_telegram, fake_claude, django_capture_on_commit_callbacks
):
    household.llm_enabled = True
    household.save(update_fields=["llm_enabled"])

    response = post_telegram(client, tg_message("뭉뭉 12000원"))

    entry = Entry.objects.get()
    assert (entry.category.slug, entry.category_state) == ("other", "pending")
    assert response.status_code == 200 and response.content == b""  # answered through the API instead
    sent = fake_telegram.sent("sendMessage")[-1]
    assert sent["chat_id"] == BOB_TG and "분류 확인 중" in sent["text"]

    with django_capture_on_commit_callbacks(execute=True):
        categorize_entries.delay([entry.pk])

    entry.refresh_from_db()
    assert entry.category.slug == "pets"
    edit = fake_telegram.sent("editMessageText")[-1]
    assert edit["chat_id"] == BOB_TG and edit["message_id"] == 900  # the id the fake gave the reply
    assert "반려동물" in edit["text"] and "분류 확인 중" not in edit["text"]
    assert [b["callback_data"] for b in buttons_of(edit)] == [f"pick:{entry.pk}", f"undo:{entry.pk}"]


def test_with_the_broker_down_a_pending_reply_is_answered_inline(client, household, bob_on_telegram, monkeypatch):
    from chatbots import tasks

    household.llm_enabled = True
    household.save(update_fields=["llm_enabled"])

    def broker_down(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(tasks.telegram_send_turn_reply, "apply_async", broker_down)

    text = reply_text(post_telegram(client, tg_message("뭉뭉 12000원")))

    assert "12,000원" in text and Entry.objects.count() == 1


def test_a_429_on_the_api_reply_is_retried_after_retry_after(client, household, bob_on_telegram, fake_telegram):
    household.llm_enabled = True
    household.save(update_fields=["llm_enabled"])
    fake_telegram.too_many_requests(retry_after=1)

    post_telegram(client, tg_message("뭉뭉 12000원"))

    # The client sat out the short wait and sent again: two attempts, one delivered reply.
    attempts = fake_telegram.sent("sendMessage")
    assert len(attempts) == 2 and attempts[0] == attempts[1]


def _alert(household, category, threshold, spent, budget):
    return BudgetAlert.objects.create(
        household=household,
        category=category,
        period_key="2026-11",
        period_start="2026-11-01",
        period_end="2026-11-30",
        threshold=threshold,
        spent_krw=spent,
        budget_krw=budget,
    )


def test_a_budget_alert_reaches_each_linked_chat_once(
    client, household, family_group, bob_on_telegram, fake_telegram, django_capture_on_commit_callbacks
):
    food = household.categories.get(slug="food")
    alert = _alert(household, food, 80, 240_000, 300_000)

    with django_capture_on_commit_callbacks(execute=True):
        budget_alert_recorded.send(sender=BudgetAlert, alert=alert)
        budget_alert_recorded.send(sender=BudgetAlert, alert=alert)  # a second announcement changes nothing

    sent = fake_telegram.sent("sendMessage")
    assert sorted(m["chat_id"] for m in sent) == sorted([BOB_TG, GROUP_TG])
    assert all("식비 예산의 80%" in m["text"] and "240,000원 / 예산 300,000원" in m["text"] for m in sent)


def test_a_total_budget_alert_at_100_percent(
    client, household, bob_on_telegram, fake_telegram, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        budget_alert_recorded.send(sender=BudgetAlert, alert=_alert(household, None, 100, 1_050_000, 1_000_000))

    (message,) = fake_telegram.sent("sendMessage")
    assert "전체 예산을 넘었어요" in message["text"] and "1,050,000원" in message["text"]


def test_a_budget_alert_of_another_household_stays_there(
    client, household, bob_on_telegram, other_household, charlie, fake_telegram, django_capture_on_commit_callbacks
):
    link_telegram(client, charlie, other_household, user_id=CHARLIE_TG)

    with django_capture_on_commit_callbacks(execute=True):
        budget_alert_recorded.send(sender=BudgetAlert, alert=_alert(other_household, None, 80, 80, 100))

    assert [m["chat_id"] for m in fake_telegram.sent("sendMessage")] == [CHARLIE_TG]


def test_an_alert_with_the_api_busy_is_sent_later_not_twice(
    client, household, bob_on_telegram, fake_telegram, django_capture_on_commit_callbacks
):
    fake_telegram.too_many_requests(retry_after=30)

    with django_capture_on_commit_callbacks(execute=True):
        budget_alert_recorded.send(sender=BudgetAlert, alert=_alert(household, None, 80, 80, 100))

    # Eager Celery runs the retry at once; the notice went out exactly once after the 429.
    assert len(fake_telegram.sent("sendMessage")) == 2
    assert ChatNotice.objects.get(recipient=f"telegram:{BOB_TG}").sent_at is not None


def test_recording_over_a_budget_alerts_the_chat(
    client, household, bob_on_telegram, fake_telegram, django_capture_on_commit_callbacks
):
    Budget.objects.create(household=household, category=household.categories.get(slug="food"), amount_krw=10_000)

    with django_capture_on_commit_callbacks(execute=True):
        post_telegram(client, tg_message("점심 9000원"))
    with django_capture_on_commit_callbacks(execute=True):
        post_telegram(client, tg_message("저녁 2000원"))
    with django_capture_on_commit_callbacks(execute=True):
        post_telegram(client, tg_message("간식 떡볶이 1000원"))

    alerts = [m["text"] for m in fake_telegram.sent("sendMessage")]
    assert len(alerts) == 2
    assert "식비 예산의 80%" in alerts[0] and "식비 예산을 넘었어요" in alerts[1]


def test_a_member_of_two_households_links_both_and_switches(client, household, bob, other_household):
    MembershipFactory(household=other_household, user=bob, role="member")
    link_telegram(client, bob, household, user_id=BOB_TG)
    link_telegram(client, bob, other_household, user_id=BOB_TG)  # the newer link is the current one

    post_telegram(client, tg_message("커피 4500원"))
    switched = reply_text(post_telegram(client, tg_message("가구 바꾸기")))
    post_telegram(client, tg_message("점심 8000원"))

    assert "앨리스네" in switched
    assert Entry.objects.get(memo="커피").household == other_household
    assert Entry.objects.get(memo="점심").household == household


def test_switching_with_one_household_explains_how_to_add_one(client, household, bob_on_telegram):
    assert "하나예요" in reply_text(post_telegram(client, tg_message("/switch")))


def test_a_member_who_left_is_no_longer_linked(client, household, bob_on_telegram, alice):
    from households.services import membership_end

    membership_end(by=membership_of(alice, household), membership=membership_of(bob_on_telegram, household))

    assert "채팅 연결" in reply_text(post_telegram(client, tg_message("점심 5000원")))
    assert not Entry.objects.exists()
