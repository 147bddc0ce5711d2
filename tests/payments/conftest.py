"""Card and bank texts as the issuers send them, dated around today so that every door reads them alike."""

import datetime as dt

import pytest
from django.utils import timezone

from expenses.entries.selectors import period_totals
from expenses.models import Entry
from households.periods import period_containing
from tests.chatbots.conftest import _chat_settings, fake_kakao_callback, fake_telegram  # noqa: F401 - every door


def shinhan(day: dt.date, amount: int, merchant: str = "스타벅스코리아", *, at="08:42", last4="3821", cancel=False):
    """신한카드's approval (or cancellation) SMS, forwarded as [Web발신]."""
    event = "승인취소" if cancel else "승인"
    return f"[Web발신]\n신한카드({last4}){event} 홍*동 {amount:,}원(일시불){day:%m/%d} {at} {merchant} 누적412,380원"


def shinhan_push(day: dt.date, amount: int, merchant: str = "스타벅스코리아", *, at="08:42"):
    """The same payment as 신한 SOL's app push: no card digits, other words, the same facts."""
    return f"신한카드 승인 홍*동님 {amount:,}원 일시불 {day:%m/%d} {at} {merchant}"


def bill_notice() -> str:
    return "[Web발신]\n신한카드 결제예정금액 안내 02/25 결제 예정 금액 1,234,000원"


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def month_total(household):
    """(entries in the household, the month's expense total) for the period holding `day`."""

    def total(day: dt.date) -> tuple[int, int]:
        period = period_containing(day, household.month_start_day)
        sums = period_totals(household_id=household.pk, start=period.start, end=period.end)
        return Entry.objects.filter(household=household).count(), sums["expense"]

    return total
