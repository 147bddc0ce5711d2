"""Issue 5's "done when": a linked member records by Telegram and Kakao, sees it on the web, fixes one
entry by button, undoes another, asks 이번 달 — and replays, bad payloads and strangers change nothing."""

import pytest
from django.utils import timezone

from chatbots import services
from expenses.models import Entry
from households.periods import period_containing
from tests.chatbots.conftest import (
    BOB_KAKAO,
    BOB_TG,
    CHARLIE_KAKAO,
    CHARLIE_TG,
    buttons_of,
    kakao_payload,
    kakao_text,
    link_kakao,
    link_telegram,
    post_kakao,
    post_telegram,
    quick_replies,
    reply_text,
    tg_button,
    tg_message,
)
from tests.conftest import membership_of

pytestmark = pytest.mark.django_db


def test_a_member_records_by_telegram_and_kakao_fixes_undoes_and_asks(
    client, client_for, household, bob, charlie, other_household, fake_telegram
):
    # Bob opens 채팅 연결 on the web and links both chats; Charlie links his own household's chats.
    link_telegram(client, bob, household, user_id=BOB_TG)
    link_kakao(client, bob, household, user_key=BOB_KAKAO)
    link_telegram(client, charlie, other_household, user_id=CHARLIE_TG)
    link_kakao(client, charlie, other_household, user_key=CHARLIE_KAKAO)

    update = tg_message("점심 8천, 커피 4500")
    telegram_reply = post_telegram(client, update).json()
    kakao_reply = post_kakao(client, kakao_payload("점심 8천, 커피 4500"))
    assert "8,000원" in telegram_reply["text"] and "4,500원" in kakao_text(kakao_reply)

    # Both messages are on the web month page at once.
    period = period_containing(timezone.localdate(), household.month_start_day)
    html = client_for(bob).get(f"/month/{period.key}/").content.decode()
    assert html.count("점심") >= 2 and html.count("커피") >= 2
    assert "25,000원" in html  # (8,000 + 4,500) × 2

    # Replays, bad payloads and strangers change nothing.
    before = list(Entry.objects.order_by("pk").values_list("pk", "category_id", "amount_krw"))
    tg_lunch, tg_coffee, _kk_lunch, kk_coffee = Entry.objects.order_by("pk")
    assert post_telegram(client, update).status_code == 200  # the same update_id again
    assert post_telegram(client, None, raw="{broken").status_code == 200
    assert post_telegram(client, tg_message("점심 8천"), secret="guess").status_code == 403
    assert post_kakao(client, None, raw="{broken").status_code == 400
    assert post_kakao(client, kakao_payload("점심 8천"), token="guess").status_code == 403
    post_telegram(client, tg_button(f"undo:{tg_lunch.pk}", user_id=CHARLIE_TG))
    post_telegram(client, tg_button(f"cat:{tg_coffee.pk}:transport", user_id=CHARLIE_TG))
    post_kakao(client, kakao_payload("취소", user_key=CHARLIE_KAKAO, extra={"a": "undo", "e": kk_coffee.pk}))
    post_kakao(client, kakao_payload("취소", user_key=CHARLIE_KAKAO))
    assert list(Entry.objects.order_by("pk").values_list("pk", "category_id", "amount_krw")) == before

    # Bob fixes the Telegram lunch by button: pick, then 카페/간식.
    pick = next(b for b in buttons_of(telegram_reply) if b["callback_data"] == f"pick:{tg_lunch.pk}")
    picker = post_telegram(client, tg_button(pick["callback_data"])).json()
    cafe = next(b for b in buttons_of(picker) if b["text"] == "카페/간식")
    edited = post_telegram(client, tg_button(cafe["callback_data"])).json()
    assert edited["method"] == "editMessageText" and "카페/간식(으)로 바꿨어요" in edited["text"]
    assert fake_telegram.sent("answerCallbackQuery")  # every press is answered

    # …and undoes the Kakao coffee with its quick reply.
    undo = next(q for q in quick_replies(kakao_reply) if q["extra"] == {"a": "undo", "e": kk_coffee.pk})
    assert "취소했어요" in kakao_text(post_kakao(client, kakao_payload(undo["messageText"], extra=undo["extra"])))

    tg_lunch.refresh_from_db()
    assert tg_lunch.category.slug == "cafe"
    assert not Entry.objects.filter(pk=kk_coffee.pk).exists()

    # 이번 달: 8,000 (cafe) + 4,500 (cafe) + 8,000 (food) = 20,500.
    month = reply_text(post_telegram(client, tg_message("이번 달")))
    assert "지출 20,500원" in month and "카페/간식 12,500원" in month and "식비 8,000원" in month
    assert "지출 20,500원" in kakao_text(post_kakao(client, kakao_payload("이번 달")))
    # Charlie's household saw none of it.
    charlie_month = reply_text(post_telegram(client, tg_message("이번 달", user_id=CHARLIE_TG)))
    assert "지출 0원" in charlie_month
    assert not Entry.objects.filter(household=other_household).exists()
    assert services.selectors.chat_links_for(membership=membership_of(bob, household)).count() == 2
