"""The month's headline card: spending in large type, income, and against the total budget what is left and
what can be spent a day until the period ends."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from expenses.models import Budget
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def _spend(household, user, amount, day, kind="expense"):
    EntryFactory(paid_by=membership_of(user, household), amount_krw=amount, spent_on=day, kind=kind)


def _headline(html: str) -> str:
    return html[html.index('<div id="month-headline"') : html.index('<p class="links">')]


def test_spending_and_income_without_a_budget(client_for, alice, household):
    _spend(household, alice, 12_000, dt.date(2026, 12, 3))
    _spend(household, alice, 3_000_000, dt.date(2026, 12, 1), kind="income")
    head = _headline(client_for(alice).get("/month/2026-12/").content.decode())
    assert 'class="headline-spent expense" id="total-expense">12,000원<' in head
    assert 'id="total-income">3,000,000원<' in head
    assert "남은 예산" not in head and "하루" not in head


def test_what_is_left_and_per_day_until_the_period_ends(client_for, alice, household):
    Budget.objects.create(household=household, category=None, amount_krw=1_000_000)
    _spend(household, alice, 100_000, dt.date(2026, 12, 2))
    head = _headline(client_for(alice).get("/month/2026-12/").content.decode())
    assert 'id="budget-left">900,000원<' in head
    # 12/5 to 12/31 is 27 days, today included: 900,000 / 27 = 33,333.
    assert 'id="budget-per-day">33,333원 <small>(오늘 포함 27일)</small>' in head


def test_over_budget_says_by_how_much_and_offers_no_per_day(client_for, alice, household):
    Budget.objects.create(household=household, category=None, amount_krw=100_000)
    _spend(household, alice, 130_000, dt.date(2026, 12, 2))
    head = _headline(client_for(alice).get("/month/2026-12/").content.decode())
    assert "30,000원 넘었어요" in head and "남은 예산이 없어요" in head


def test_a_past_period_says_the_result(client_for, alice, household):
    Budget.objects.create(household=household, category=None, amount_krw=1_000_000)
    _spend(household, alice, 1_200_000, dt.date(2026, 11, 20))
    head = _headline(client_for(alice).get("/month/2026-11/").content.decode())
    assert "200,000원 넘게 썼어요" in head and "하루" not in head


def test_a_future_period_has_no_per_day(client_for, alice, household):
    Budget.objects.create(household=household, category=None, amount_krw=1_000_000)
    head = _headline(client_for(alice).get("/month/2027-01/").content.decode())
    assert 'id="budget-left">1,000,000원<' in head and "하루" not in head


def test_a_payday_period_counts_days_to_its_own_end(client_for, alice, household):
    household.month_start_day = 25
    household.save(update_fields=["month_start_day"])
    Budget.objects.create(household=household, category=None, amount_krw=2_000_000)
    _spend(household, alice, 200_000, dt.date(2026, 11, 28))
    head = _headline(client_for(alice).get("/month/2026-11/").content.decode())
    # 11/25 – 12/24: from 12/5 that is 20 days; 1,800,000 / 20 = 90,000.
    assert 'id="budget-per-day">90,000원 <small>(오늘 포함 20일)</small>' in head


def test_its_cost_does_not_grow_with_the_month(client_for, alice, household):
    Budget.objects.create(household=household, category=None, amount_krw=1_000_000)
    client = client_for(alice)
    _spend(household, alice, 1000, dt.date(2026, 12, 1))
    with CaptureQueriesContext(connection) as few:
        client.get("/month/2026-12/")
    for day in range(1, 28):
        _spend(household, alice, 1000, dt.date(2026, 12, day))
    with CaptureQueriesContext(connection) as many:
        client.get("/month/2026-12/")
    assert len(many) == len(few)
