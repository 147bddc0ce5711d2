"""The matching rules through the message door: never twice, typed and card entries as one, cancellations."""

import datetime as dt

import pytest

from expenses.entries.replies import record_reply
from expenses.entries.services import message_record
from expenses.models import Entry, MessageOutcome, PaymentMethod, ReportedPayment
from tests.conftest import membership_of
from tests.factories import EntryFactory

from .conftest import bill_notice, shinhan, shinhan_push

pytestmark = pytest.mark.django_db


def record(user, household, text, today):
    return message_record(membership=membership_of(user, household), channel="web", text=text, today=today)


def test_a_notification_becomes_an_entry_with_its_card(alice, household, today, month_total):
    result = record(alice, household, shinhan(today, 6100), today)
    (entry,) = result.entries
    assert (entry.memo, entry.amount_krw, entry.spent_on, entry.category.slug) == (
        "스타벅스코리아",
        6100,
        today,
        "cafe",
    )
    assert (entry.payment_method.name, entry.payment_method.kind, entry.installments) == ("신한카드 3821", "credit", 1)
    assert "신한카드 3821" in record_reply(result)
    assert month_total(today) == (1, 6100)


def test_the_same_notification_twice_is_one_entry(alice, bob, household, today, month_total):
    record(alice, household, shinhan(today, 6100), today)
    again = record(bob, household, shinhan(today, 6100), today)
    assert again.outcome == MessageOutcome.ALREADY_RECORDED
    assert "이미 기록한 결제예요" in record_reply(again)
    assert month_total(today) == (1, 6100)


def test_the_sms_and_the_app_push_of_one_payment_are_one_entry(alice, household, today, month_total):
    record(alice, household, shinhan(today, 6100), today)
    push = record(alice, household, shinhan_push(today, 6100), today)
    assert push.outcome == MessageOutcome.ALREADY_RECORDED
    assert month_total(today) == (1, 6100)
    # The push is remembered too: a third delivery of it is recognised by its fingerprint alone.
    assert ReportedPayment.objects.count() == 2
    assert record(alice, household, shinhan_push(today, 6100), today).outcome == MessageOutcome.ALREADY_RECORDED
    assert ReportedPayment.objects.count() == 2


def test_two_coffees_at_two_times_are_two_entries(alice, household, today, month_total):
    record(alice, household, shinhan(today, 4500, at="08:42"), today)
    record(alice, household, shinhan(today, 4500, at="15:10"), today)
    assert month_total(today) == (2, 9000)


def test_a_typed_entry_then_its_card_text_become_one_entry(alice, bob, household, today, month_total):
    typed = record(bob, household, "커피 6100원", today)
    card = record(alice, household, shinhan(today, 6100), today)
    (entry,) = card.entries
    assert entry.pk == typed.entries[0].pk
    assert (entry.memo, entry.category.slug, entry.paid_by.user) == ("커피", "cafe", bob)  # the person's words win
    assert entry.payment_method.name == "신한카드 3821" and entry.merged_at is not None
    assert "카드 문자와 합쳤어요" in record_reply(card)
    assert month_total(today) == (1, 6100)


def test_a_card_text_then_the_typed_entry_become_one_entry(alice, household, today, month_total):
    card = record(alice, household, shinhan(today, 23500, "(주)우아한형제들"), today)
    typed = record(alice, household, "어제 저녁 치킨 23500원", today + dt.timedelta(days=1))
    (entry,) = typed.entries
    assert entry.pk == card.entries[0].pk
    assert entry.memo == "저녁 치킨" and entry.spent_on == today and entry.payment_method.name == "신한카드 3821"
    assert "카드 문자와 합쳤어요" in record_reply(typed)
    assert month_total(today) == (1, 23500)


def test_a_typed_memo_the_rules_cannot_place_keeps_the_merchants_category(alice, household, today):
    record(alice, household, shinhan(today, 4500), today)
    (entry,) = record(alice, household, "그거 4500원", today).entries
    assert (entry.memo, entry.category.slug) == ("그거", "cafe")


def test_a_merged_entry_is_matched_only_once(alice, household, today, month_total):
    record(alice, household, "커피 4500원", today)
    record(alice, household, shinhan(today, 4500, at="08:00"), today)
    record(alice, household, shinhan(today, 4500, at="09:30"), today)  # a second coffee, not the typed one
    record(alice, household, "커피 4500원", today)  # the second one typed: joins the second card text
    assert month_total(today) == (2, 9000)
    assert Entry.objects.filter(merged_at__isnull=False).count() == 2


def test_amounts_or_days_apart_are_not_the_same_purchase(alice, household, today, month_total):
    record(alice, household, "커피 4500원", today - dt.timedelta(days=3))
    record(alice, household, "커피 5000원", today)
    record(alice, household, shinhan(today, 4500), today)
    assert Entry.objects.filter(payment_method__isnull=False, merged_at__isnull=True).count() == 1


def test_an_entry_paid_in_cash_is_not_the_card_payment(alice, household, today):
    cash = PaymentMethod.objects.create(household=household, kind="cash", name="현금")
    EntryFactory(paid_by=membership_of(alice, household), amount_krw=4500, spent_on=today, payment_method=cash)
    record(alice, household, shinhan(today, 4500), today)
    assert Entry.objects.count() == 2


def test_another_households_typed_entry_is_never_matched(alice, household, charlie, other_household, today):
    theirs = EntryFactory(paid_by=membership_of(charlie, other_household), amount_krw=6100, spent_on=today)
    record(alice, household, shinhan(today, 6100), today)
    theirs.refresh_from_db()
    assert theirs.payment_method is None and theirs.merged_at is None
    assert Entry.objects.filter(household=household).count() == 1


def test_a_cancellation_marks_its_approval_cancelled(alice, household, today, month_total):
    (approval,) = record(alice, household, shinhan(today, 15000, "CGV 용산아이파크몰"), today).entries
    cancel = record(alice, household, shinhan(today, 15000, "CGV 용산아이파크몰", at="21:48", cancel=True), today)
    assert cancel.entries == [approval]
    approval.refresh_from_db()
    assert approval.cancelled_at is not None
    assert "취소로 표시했어요" in record_reply(cancel)
    assert month_total(today) == (1, 0)  # still listed, counted nowhere


def test_a_cancellation_without_its_approval_is_a_refund(alice, household, today, month_total):
    result = record(alice, household, shinhan(today, 9400, "쿠팡(쿠페이)", cancel=True), today)
    (refund,) = result.entries
    assert (refund.kind, refund.category.slug, refund.amount_krw) == ("income", "other_income", 9400)
    assert "환불로 기록했어요" in record_reply(result)


def test_an_approval_after_its_cancellation_pairs_with_the_refund(alice, household, today, month_total):
    record(alice, household, shinhan(today, 9400, "쿠팡(쿠페이)", at="13:10", cancel=True), today)
    result = record(alice, household, shinhan(today, 9400, "쿠팡(쿠페이)", at="12:55"), today)
    (approval,) = result.entries
    assert approval.kind == "expense" and approval.cancelled_at is not None
    assert Entry.objects.count() == 1  # the refund made way for the cancelled approval
    assert month_total(today) == (1, 0)
    assert "짝을 맞춰" in record_reply(result)


def test_a_cancellation_of_another_merchant_finds_nothing(alice, household, today):
    (approval,) = record(alice, household, shinhan(today, 15000, "CGV 용산"), today).entries
    record(alice, household, shinhan(today, 15000, "메가박스 코엑스", cancel=True), today)
    approval.refresh_from_db()
    assert approval.cancelled_at is None
    assert Entry.objects.filter(kind="income").count() == 1


def test_a_cancellation_looks_back_ninety_days_only(alice, household, today):
    old_day = today - dt.timedelta(days=100)
    (approval,) = record(alice, household, shinhan(old_day, 15000, "CGV"), old_day).entries
    record(alice, household, shinhan(today, 15000, "CGV", cancel=True), today)
    approval.refresh_from_db()
    assert approval.cancelled_at is None


def test_a_bill_notice_records_nothing_and_says_so(alice, household, today):
    result = record(alice, household, bill_notice(), today)
    assert result.outcome == MessageOutcome.NOTICE_SKIPPED and not Entry.objects.exists()
    assert record_reply(result).startswith("결제 예정 안내라서 기록하지 않았어요")
    assert result.message.raw_text == bill_notice()  # kept as it came


def test_a_verification_code_is_kept_masked(alice, household, today):
    result = record(alice, household, "[Web발신]\n[신한카드] 인증번호 [482913]를 입력해 주세요.", today)
    assert result.outcome == MessageOutcome.NOTICE_SKIPPED
    result.message.refresh_from_db()
    assert "482913" not in result.message.raw_text and "인증번호" in result.message.raw_text


def test_an_installment_purchase_keeps_its_months(alice, household, today):
    text = f"신한카드(3821)승인 홍*동 459,000원(03개월){today:%m/%d} 19:55 롯데백화점 본점 누적871,380원"
    (entry,) = record(alice, household, text, today).entries
    assert entry.installments == 3
    assert "할부 3개월 · 3개월 남음" in record_reply(record(alice, household, text, today))


def test_a_member_marks_an_entry_paid_in_cash_and_the_card_text_keeps_away(client_for, alice, household, today):
    from expenses.entries.selectors import entry_get

    (entry,) = record(alice, household, "커피 4500원", today).entries
    form = {
        f"e{entry.pk}-{k}": v
        for k, v in {
            "kind": "expense",
            "amount_krw": "4500",
            "spent_on": today.isoformat(),
            "category": entry.category_id,
            "memo": "커피",
            "paid_by": entry.paid_by_id,
            "payment": "cash",
        }.items()
    }
    client_for(alice).post(f"/entries/{entry.pk}/edit/", form)
    assert entry_get(household_id=household.pk, pk=entry.pk).payment_method.kind == "cash"
    record(alice, household, shinhan(today, 4500), today)
    assert Entry.objects.count() == 2  # the cash coffee is not the card's
    page = client_for(alice).get(f"/month/{today:%Y-%m}/", {"pay": "cash"}).content.decode()
    assert "커피" in page and "스타벅스코리아" not in page
