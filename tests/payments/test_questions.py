"""Card questions on the web and in chat: "이번 달 신한카드 얼마?", with the months left on 할부 purchases."""

import datetime as dt

import pytest

from expenses.entries.questions import question_answer_text
from expenses.entries.services import message_record
from expenses.models import PaymentMethod
from tests.chatbots.conftest import BOB_TG, link_telegram, post_telegram, reply_text, tg_message
from tests.conftest import membership_of

from .conftest import shinhan

pytestmark = pytest.mark.django_db


@pytest.fixture
def cards(alice, household, today):
    member = membership_of(alice, household)

    def record(text, day=today):
        message_record(membership=member, channel="web", text=text, today=day)

    record(shinhan(today, 6100))
    record(shinhan(today, 15000, "CGV", at="12:00"))
    record(shinhan(today, 15000, "CGV", at="21:00", cancel=True))  # cancelled: not counted
    record(f"신한카드(3821)승인 홍*동 459,000원(03개월){today:%m/%d} 19:55 롯데백화점 본점 누적871,380원")
    record(f"[Web발신]\n삼성4821승인 김*영\n4,200원 일시불\n{today:%m/%d} 07:58 GS25 역삼점\n누적318,700원")
    record("점심 김밥 5000원")
    return member


def ask(cards, text, today):
    return question_answer_text(membership=cards, text=text, today=today)


def test_this_months_card_total_leaves_out_cancelled_payments(cards, household, today):
    answer = ask(cards, "이번 달 신한카드 얼마?", today)
    assert answer.startswith("📊 이번 달(") and "신한카드 3821 지출 465,100원 · 2건" in answer.split("\n")[0]
    assert "할부 갚는 중:\n• 롯데백화점 본점 459,000원 — 3개월 중 3개월 남음" in answer


def test_a_renamed_card_is_asked_by_its_new_name(cards, household, today):
    PaymentMethod.objects.filter(issuer="삼성카드").update(name="민지 카드")
    answer = ask(cards, "민지 카드 얼마 썼어?", today)
    assert "민지 카드 지출 4,200원 · 1건" in answer.split("\n")[0]


def test_installments_count_down_month_by_month(cards, household, today):
    two_months_on = (today.replace(day=1) + dt.timedelta(days=62)).replace(day=1)
    answer = ask(cards, "신한 얼마?", two_months_on)
    assert "롯데백화점 본점 459,000원 — 3개월 중 1개월 남음" in answer


def test_a_question_about_no_card_is_not_a_card_question(cards, household, today):
    answer = ask(cards, "이번 달 식비 얼마?", today)
    assert answer.endswith("식비 지출 9,200원 · 2건")  # 김밥 and GS25: no card named, no 할부 listed


def test_the_chat_answers_the_card_question(client, household, bob, cards):
    link_telegram(client, bob, household, user_id=BOB_TG)
    said = reply_text(post_telegram(client, tg_message("이번 달 신한카드 얼마?", user_id=BOB_TG)))
    assert "신한카드 3821 지출 465,100원 · 2건" in said and "3개월 중 3개월 남음" in said


def test_the_web_box_answers_the_card_question(client_for, alice, household, cards):
    page = client_for(alice).post("/entries/message/", {"text": "이번 달 삼성카드 얼마?"}, follow=True)
    assert "삼성카드 4821 지출 4,200원 · 1건" in page.content.decode()
