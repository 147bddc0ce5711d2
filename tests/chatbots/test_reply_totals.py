"""The chat reply's month totals come from one aggregate, however many months and categories it touches."""

import datetime as dt

import pytest

from chatbots.texts import entries_text
from expenses.models import Entry
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_totals_for_two_months_and_two_categories_in_one_query(alice, household, django_assert_num_queries):
    payer = membership_of(alice, household)
    food, transport = household.categories.get(slug="food"), household.categories.get(slug="transport")
    for day in range(1, 21):  # rows already in the month: summed by the database, not here
        EntryFactory(paid_by=payer, category=food, amount_krw=1000, spent_on=dt.date(2026, 11, day))
    EntryFactory(paid_by=payer, category=food, amount_krw=500, spent_on=dt.date(2026, 10, 3))
    EntryFactory(
        paid_by=payer,
        category=food,
        amount_krw=700,
        spent_on=dt.date(2026, 11, 2),
        cancelled_at=dt.datetime(2026, 11, 3, tzinfo=dt.UTC),
    )
    written = [
        EntryFactory(paid_by=payer, category=food, amount_krw=5000, spent_on=dt.date(2026, 11, 21), memo="점심"),
        EntryFactory(paid_by=payer, category=transport, amount_krw=1400, spent_on=dt.date(2026, 11, 21), memo="버스"),
        EntryFactory(paid_by=payer, category=food, amount_krw=9000, spent_on=dt.date(2026, 10, 30), memo="저녁"),
    ]
    entries = list(
        Entry.objects.filter(pk__in=[e.pk for e in written]).select_related("category", "payment_method").order_by("pk")
    )
    with django_assert_num_queries(1):
        text = entries_text(entries=entries, today=dt.date(2026, 11, 21), start_day=1)
    assert "📊 이번 달 식비 합계 25,000원" in text  # 20 × 1,000 + 5,000; the cancelled 700 counts in none
    assert "📊 이번 달 교통 합계 1,400원" in text
    assert "📊 10월 식비 합계 9,500원" in text
