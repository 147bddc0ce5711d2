"""Amounts in every door: the same reader (100만, 1,000,000, 50만원), the same refusals for a negative
amount and for one too large, and Korean choices in the manual entry form."""

import datetime as dt
import html as html_lib
import re

import pytest

from expenses.entries.replies import record_reply
from expenses.entries.services import message_record
from expenses.models import Budget, Entry, Message
from expenses.parser import parse_message
from expenses.parser.amounts import NEGATIVE, TOO_LARGE, read_amount
from tests.conftest import membership_of

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Target": "month-body"}
TODAY = dt.date(2026, 12, 5)


def test_the_manual_form_has_no_english_placeholders(client_for, bob):
    html = client_for(bob).get("/month/2026-12/").content.decode()
    assert "Select an option" not in html and "---------" not in html
    category = re.search(r'<select name="category"[^>]*id="id_category"[^>]*>(.*?)</select>', html, re.S)[1]
    assert category.lstrip().startswith('<option value="" selected>분류를 골라 주세요</option>')
    payer = re.search(r'<select name="paid_by"[^>]*>(.*?)</select>', html, re.S)[1]
    assert 'value=""' not in payer  # always someone: the person filling it in, unless they choose another


@pytest.mark.parametrize(
    ("typed", "won"), [("100만", 1_000_000), ("1,000,000", 1_000_000), ("50만원", 500_000), ("1만 2천", 12_000)]
)
def test_budgets_take_amounts_as_messages_do(client_for, alice, household, typed, won):
    response = client_for(alice).post("/budgets/", {"total": typed})
    assert response.status_code == 302
    assert Budget.objects.get(category=None).amount_krw == won


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("-5000", "금액은 양수로 적어 주세요. 환불이라면 '환불'이라고 적어 주세요."),
        ("1234567890123", "금액이 너무 커요. 1조 원 미만으로 적어 주세요."),
        ("0", "금액은 1원 이상이어야 해요."),
    ],
)
def test_budgets_and_the_manual_form_refuse_alike(client_for, alice, household, typed, said):
    client = client_for(alice)
    assert said in html_lib.unescape(client.post("/budgets/", {"total": typed}).content.decode())
    form = {
        "kind": "expense",
        "amount_krw": typed,
        "spent_on": "2026-12-03",
        "category": household.categories.get(slug="food").pk,
        "paid_by": membership_of(alice, household).pk,
        "month": "2026-12",
    }
    assert said in html_lib.unescape(client.post("/entries/new/", form).content.decode())
    assert not Budget.objects.exists() and not Entry.objects.exists()


def test_a_negative_amount_is_not_saved_as_positive(client_for, bob):
    response = client_for(bob).post("/entries/message/", {"text": "점심 -5000원", "month": "2026-12"}, headers=HTMX)
    html = html_lib.unescape(response.content.decode())
    assert "'-5000원'은(는) 기록하지 않았어요." in html and "양수로 적어 주세요" in html and "'환불'" in html
    assert not Entry.objects.exists()
    assert Message.objects.get().outcome == "amount_refused"


def test_a_refund_written_as_such_is_recorded_as_income(bob, household):
    result = message_record(
        membership=membership_of(bob, household), channel="web", text="점심 환불 5000원", today=TODAY
    )
    (entry,) = result.entries
    assert (entry.kind, entry.amount_krw) == ("income", 5000)


def test_a_thirteen_digit_amount_is_too_large_not_missing(client_for, bob):
    response = client_for(bob).post(
        "/entries/message/", {"text": "점심 1234567890123원", "month": "2026-12"}, headers=HTMX
    )
    html = response.content.decode()
    assert "금액이 너무 커요. 1조 원 미만으로 적어 주세요." in html and "금액을 찾지 못했어요" not in html
    assert not Entry.objects.exists()


@pytest.mark.parametrize("channel", ["web", "telegram", "kakao", "inbox"])
def test_every_door_says_the_same(bob, household, channel):
    membership = membership_of(bob, household)
    negative = record_reply(message_record(membership=membership, channel=channel, text="택시 -12,300", today=TODAY))
    huge = record_reply(
        message_record(membership=membership, channel=channel, text="월세 1,000,000,000,000원", today=TODAY)
    )
    assert "양수로 적어 주세요" in negative and "'-12,300'" in negative
    assert "금액이 너무 커요" in huge
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    ("text", "negative", "too_large"),
    [
        ("점심 -5000원", ("-5000원",), ()),
        ("커피 4500 택시 -3000", ("-3000",), ()),  # the whole message waits: one message, one decision
        ("점심 1234567890123원", (), ("1234567890123원",)),
        ("점심 1234567890123", (), ("1234567890123",)),
        ("적금 10,000,000,000,000", (), ("10,000,000,000,000",)),
    ],
)
def test_the_parser_names_the_amounts_it_refuses(text, negative, too_large):
    parsed = parse_message(text, TODAY)
    assert parsed.items == () and parsed.negative == negative and parsed.too_large == too_large
    assert not parsed.is_question


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("점심-5000원", 5000),  # a dash between words, not a sign
        ("커피 - 4500원", 4500),
        ("- 점심 5000원", 5000),
        ("계좌 1234567890123 으로 5만원 송금", 50_000),  # an account number beside a real amount
        ("점심 9999억9999만9999원", 999_999_999_999),
    ],
)
def test_dashes_and_long_numbers_that_are_no_problem(text, amount):
    parsed = parse_message(text, TODAY)
    assert [item.amount_krw for item in parsed.items] == [amount]
    assert parsed.negative == () and parsed.too_large == ()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("100만", (1_000_000, "")),
        ("₩5,000", (5000, "")),
        ("5천원", (5000, "")),
        ("1.5만", (15_000, "")),
        ("−5000", (None, NEGATIVE)),  # the minus sign a phone keyboard may send
        ("1,000,000,000,000", (None, TOO_LARGE)),
        ("열만원", (None, "invalid")),
        ("12.3", (None, "invalid")),
    ],
)
def test_read_amount(typed, expected):
    assert read_amount(typed) == expected
