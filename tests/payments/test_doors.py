"""Never twice, door by door: the same payment through two doors is one entry, whichever comes first.

Each test ends with the household's exact number of entries and the month's expense total.
"""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from expenses.models import Entry
from tests.chatbots.conftest import (
    BOB_KAKAO,
    BOB_TG,
    inbox_token,
    kakao_payload,
    kakao_text,
    link_kakao,
    link_telegram,
    post_inbox,
    post_kakao,
    post_telegram,
    reply_text,
    tg_message,
)

from .conftest import shinhan, shinhan_push
from .files import day, shinhan_xlsx

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def doors(client, client_for, household, alice, bob):
    """Each door as a function of the text: the web box (htmx), Telegram (pasted or forwarded), Kakao, the
    forwarding address, and a one-row statement upload through the preview page."""
    link_telegram(client, bob, household, user_id=BOB_TG)
    link_kakao(client, bob, household, user_key=BOB_KAKAO)
    token = inbox_token(bob, household)

    def web(text):
        return client_for(alice).post("/entries/message/", {"text": text, "month": ""}, **HTMX).content.decode()

    def telegram(text):
        return reply_text(post_telegram(client, tg_message(text, user_id=BOB_TG)))

    def forwarded(text):
        origin = {"type": "hidden_user", "sender_user_name": "신한카드", "date": tg_message("")["message"]["date"]}
        return reply_text(post_telegram(client, tg_message(text, user_id=BOB_TG, forward_origin=origin)))

    def kakao(text):
        return kakao_text(post_kakao(client, kakao_payload(text, user_key=BOB_KAKAO)))

    def inbox(text):
        response = post_inbox(client, token, text)
        assert response.status_code == 200, response.content
        return response.json()["reply"]

    return {"web": web, "telegram": telegram, "forwarded": forwarded, "kakao": kakao, "inbox": inbox}


def statement_door(client_for, user, lines) -> str:
    """Uploads a 신한카드 statement through the page and records every row the preview ticks."""
    client = client_for(user)
    upload = SimpleUploadedFile("신한카드_이용내역.xlsx", shinhan_xlsx(lines, title=False))
    preview = client.post("/statements/", {"file": upload}, follow=True)
    page = preview.content.decode()
    ticked = re.findall(r'name="row" value="(\d+)" checked', page)
    client.post(preview.redirect_chain[-1][0], {"row": ticked}, follow=True)
    return page


PAIRS = [
    ("web", "telegram"),
    ("telegram", "web"),
    ("inbox", "web"),
    ("web", "inbox"),
    ("forwarded", "kakao"),
    ("kakao", "inbox"),
    ("inbox", "forwarded"),
]


@pytest.mark.parametrize(("first", "second"), PAIRS, ids=[f"{a}+{b}" for a, b in PAIRS])
def test_one_notification_through_two_doors_is_one_entry(doors, household, today, month_total, first, second):
    doors[first](shinhan(today, 6100))
    said = doors[second](shinhan(today, 6100))
    assert "이미 기록한 결제예요" in said
    assert month_total(today) == (1, 6100)


@pytest.mark.parametrize(("first", "second"), [("web", "inbox"), ("inbox", "telegram")])
def test_the_sms_and_the_push_through_two_doors_are_one_entry(doors, today, month_total, first, second):
    doors[first](shinhan(today, 23500, "(주)우아한형제들", at="19:02"))
    doors[second](shinhan_push(today, 23500, "(주)우아한형제들", at="19:02"))
    assert month_total(today) == (1, 23500)


@pytest.mark.parametrize(("typed", "card"), [("web", "inbox"), ("telegram", "web"), ("kakao", "forwarded")])
def test_a_typed_entry_and_its_card_text_through_two_doors_are_one(doors, today, month_total, typed, card):
    doors[typed]("점심 김밥 6100원")
    said = doors[card](shinhan(today, 6100, "김밥천국 역삼점", at="12:10"))
    assert "카드 문자와 합쳤어요" in said
    entry = Entry.objects.get()
    assert (entry.memo, entry.payment_method.name) == ("점심 김밥", "신한카드 3821")
    assert month_total(today) == (1, 6100)


@pytest.mark.parametrize(("card", "typed"), [("inbox", "web"), ("web", "telegram"), ("forwarded", "kakao")])
def test_a_card_text_then_the_typed_entry_through_two_doors_are_one(doors, today, month_total, card, typed):
    doors[card](shinhan(today, 6100, "김밥천국 역삼점", at="12:10"))
    said = doors[typed]("점심 김밥 6100원")
    assert "카드 문자와 합쳤어요" in said
    assert Entry.objects.get().memo == "점심 김밥"
    assert month_total(today) == (1, 6100)


def test_a_statement_then_the_notification(doors, client_for, alice, today, month_total):
    statement_door(client_for, alice, [(day(today), "08:42", "스타벅스코리아", 6100, "일시불", "00410000", "")])
    assert "이미 기록한 결제예요" in doors["inbox"](shinhan(today, 6100))
    assert month_total(today) == (1, 6100)


def test_the_notification_then_the_statement(doors, client_for, alice, today, month_total):
    doors["inbox"](shinhan(today, 6100))
    page = statement_door(client_for, alice, [(day(today), "08:42", "스타벅스코리아", 6100, "일시불", "00410000", "")])
    assert "이미 기록됨" in page
    assert month_total(today) == (1, 6100)


def test_the_same_statement_twice_through_the_page(client_for, alice, bob, today, month_total):
    lines = [
        (day(today), "08:42", "스타벅스코리아", 6100, "일시불", "00410000", ""),
        (day(today), "12:31", "CGV 용산아이파크몰", 15000, "일시불", "00412344", ""),
    ]
    statement_door(client_for, alice, lines)
    page = statement_door(client_for, bob, lines)
    assert page.count("같은 결제가 있어요 (") == 2 and 'name="row"' not in page  # nothing to tick
    assert month_total(today) == (2, 21100)


@pytest.mark.parametrize(("approval_door", "cancel_door"), [("inbox", "web"), ("web", "telegram"), ("kakao", "inbox")])
def test_a_cancellation_after_its_approval(doors, today, month_total, approval_door, cancel_door):
    doors[approval_door](shinhan(today, 15000, "CGV 용산아이파크몰", at="12:31"))
    said = doors[cancel_door](shinhan(today, 15000, "CGV 용산아이파크몰", at="21:48", cancel=True))
    assert "취소로 표시했어요" in said
    assert Entry.objects.get().cancelled_at is not None
    assert month_total(today) == (1, 0)


@pytest.mark.parametrize(
    ("cancel_door", "approval_door"), [("inbox", "web"), ("web", "telegram"), ("forwarded", "inbox")]
)
def test_a_cancellation_before_its_approval(doors, today, month_total, cancel_door, approval_door):
    said = doors[cancel_door](shinhan(today, 15000, "CGV 용산아이파크몰", at="21:48", cancel=True))
    assert "환불로 기록했어요" in said
    doors[approval_door](shinhan(today, 15000, "CGV 용산아이파크몰", at="12:31"))
    (entry,) = Entry.objects.all()
    assert entry.kind == "expense" and entry.cancelled_at is not None
    assert month_total(today) == (1, 0)


def test_a_cancellation_by_statement_after_its_notification(doors, client_for, alice, today, month_total):
    doors["inbox"](shinhan(today, 15000, "CGV 용산아이파크몰", at="12:31"))
    statement_door(
        client_for,
        alice,
        [
            (day(today), "21:48", "CGV 용산아이파크몰", -15000, "일시불", "00412345", "취소"),
            (day(today), "12:31", "CGV 용산아이파크몰", 15000, "일시불", "00412344", ""),
        ],
    )
    (entry,) = Entry.objects.all()
    assert entry.cancelled_at is not None
    assert month_total(today) == (1, 0)


def test_a_forwarded_text_is_never_a_command(doors, household, today, month_total):
    doors["web"]("점심 5000원")
    said = doors["forwarded"]("취소")
    assert "취소했어요" not in said
    assert month_total(today) == (1, 5000)


def test_a_forwarded_text_is_dated_by_its_original(client, household, bob, month_total):
    link_telegram(client, bob, household, user_id=BOB_TG)
    sent = dt.datetime.now(dt.UTC) - dt.timedelta(days=20)
    origin = {"type": "hidden_user", "sender_user_name": "민지", "date": int(sent.timestamp())}
    post_telegram(client, tg_message("어제 택시 12300원", user_id=BOB_TG, forward_origin=origin))
    assert Entry.objects.get().spent_on == timezone.localdate(sent) - dt.timedelta(days=1)


def test_a_pasted_multi_line_notification_in_the_web_box(client_for, alice, household, today, month_total):
    text = f"[Web발신]\n삼성4821승인 김*영\n4,200원 일시불\n{today:%m/%d} 07:58 GS25 역삼점\n누적318,700원"
    page = client_for(alice).post("/entries/message/", {"text": text, "month": ""}, **HTMX).content.decode()
    assert "GS25 역삼점" in page and "삼성카드 4821" in page
    assert month_total(today) == (1, 4200)
