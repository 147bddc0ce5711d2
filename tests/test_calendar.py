"""The calendar: each day's spending and income, household-scoped, periods, today, navigation."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households.models import Household
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def _cell(html: str, day: str) -> str:
    """The <a> of one day (by its ISO date) in the calendar's markup."""
    match = re.search(rf'<a href="[^"]*\?from={day}#day-{day}"[^>]*>.*?</a>', html, re.S)
    assert match, f"no cell for {day}"
    return match.group()


def test_current_redirects_to_this_period(client_for, alice):
    response = client_for(alice).get("/calendar/")
    assert response.status_code == 302
    assert re.fullmatch(r"/calendar/\d{4}-\d{2}/", response.url)


def test_each_day_shows_its_spending_and_income_with_a_label(client_for, alice, household):
    payer = membership_of(alice, household)
    EntryFactory(paid_by=payer, amount_krw=5000, spent_on=dt.date(2026, 10, 5))
    EntryFactory(paid_by=payer, amount_krw=7000, spent_on=dt.date(2026, 10, 5))
    EntryFactory(paid_by=payer, kind="income", amount_krw=3_500_000, spent_on=dt.date(2026, 10, 10))
    EntryFactory(paid_by=payer, amount_krw=999, spent_on=dt.date(2026, 9, 30))  # last month
    html = client_for(alice).get("/calendar/2026-10/").content.decode()
    fifth = _cell(html, "2026-10-05")
    assert '<span class="visually-hidden">10월 5일 지출 12,000원</span>' in fifth
    assert "-1.2만" in fifth
    assert '<span class="visually-hidden">10월 10일 지출 없음, 수입 3,500,000원</span>' in _cell(html, "2026-10-10")
    assert "+350만" in _cell(html, "2026-10-10")
    assert "2026-09-30" not in html
    assert 'id="calendar-expense">12,000원' in html


def test_a_day_opens_the_month_page_at_that_day(client_for, alice, household):
    EntryFactory(paid_by=membership_of(alice, household), memo="붕어빵", spent_on=dt.date(2026, 10, 5))
    client = client_for(alice)
    html = client.get("/calendar/2026-10/").content.decode()
    assert 'href="/month/2026-10/?from=2026-10-05#day-2026-10-05"' in html
    month = client.get("/month/2026-10/?from=2026-10-05").content.decode()
    assert 'id="day-2026-10-05"' in month and "붕어빵" in month


def test_cancelled_payments_count_nowhere(client_for, alice, household):
    entry = EntryFactory(paid_by=membership_of(alice, household), amount_krw=8000, spent_on=dt.date(2026, 10, 3))
    entry.cancelled_at = dt.datetime(2026, 10, 3, 12, tzinfo=dt.UTC)
    entry.save(update_fields=["cancelled_at"])
    html = client_for(alice).get("/calendar/2026-10/").content.decode()
    assert '<span class="visually-hidden">10월 3일 지출 없음</span>' in html


def test_one_query_for_the_days_whatever_the_month_holds(client_for, alice, household):
    payer = membership_of(alice, household)
    client = client_for(alice)
    client.get("/calendar/2026-12/")
    with CaptureQueriesContext(connection) as few:
        client.get("/calendar/2026-12/")
    for day in range(1, 29):
        EntryFactory(paid_by=payer, spent_on=dt.date(2026, 12, day))
    with CaptureQueriesContext(connection) as many:
        client.get("/calendar/2026-12/")
    assert len(many) == len(few)
    entry_queries = [q["sql"] for q in many if "expenses_entry" in q["sql"]]
    assert len(entry_queries) == 1 and "GROUP BY" in entry_queries[0]


def test_the_period_follows_the_households_month_start(client_for, alice, household):
    Household.objects.filter(pk=household.pk).update(month_start_day=25)
    payer = membership_of(alice, household)
    EntryFactory(paid_by=payer, amount_krw=4000, spent_on=dt.date(2026, 11, 25))
    EntryFactory(paid_by=payer, amount_krw=6000, spent_on=dt.date(2026, 12, 24))
    EntryFactory(paid_by=payer, amount_krw=9000, spent_on=dt.date(2026, 12, 25))  # the next period
    html = client_for(alice).get("/calendar/2026-11/").content.decode()
    assert "2026. 11. 25. – 2026. 12. 24." in html
    assert (
        '<span class="visually-hidden">11월 25일 지출 4,000원</span>' in html
        and '<span class="visually-hidden">12월 24일 지출 6,000원</span>' in html
    )
    assert "2026-12-25" not in html
    assert 'id="calendar-expense">10,000원' in html
    assert ">12/1<" in html  # the month is named where the calendar month changes


def test_today_is_marked(client_for, alice):
    from django.utils import timezone

    today = timezone.localdate()
    client = client_for(alice)
    html = client.get("/calendar/", follow=True).content.decode()
    cell = _cell(html, today.isoformat())
    assert 'aria-current="date"' in cell and "(오늘)" in cell
    assert html.count('aria-current="date"') == 1


def test_navigation_works_with_and_without_htmx(client_for, alice):
    client = client_for(alice)
    html = client.get("/calendar/2026-12/").content.decode()
    assert 'href="/calendar/2026-11/"' in html and 'hx-get="/calendar/2026-11/"' in html
    assert 'href="/calendar/2027-01/"' in html
    fragment = client.get("/calendar/2027-01/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="calendar-body").content.decode()
    assert "<title>2027년 1월 달력 · 홈앤리치</title>" in fragment
    assert "<html" not in fragment and "2027년 1월" in fragment


def test_a_bad_month_is_a_404(client_for, alice):
    assert client_for(alice).get("/calendar/2026-13/").status_code == 404


def test_it_checks_the_household(client_for, alice, household, charlie):
    EntryFactory(paid_by=membership_of(alice, household), amount_krw=54321, spent_on=dt.date(2026, 12, 5))
    html = client_for(charlie).get("/calendar/2026-12/").content.decode()
    assert "54,321" not in html and "5.4만" not in html


def test_anonymous_is_sent_to_login(client):
    response = client.get("/calendar/2026-12/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
