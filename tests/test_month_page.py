"""The month page: list by day, totals, filters, navigation, scoping."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_root_redirects_to_the_current_month(client_for, alice):
    response = client_for(alice).get("/")
    assert response.status_code == 302
    assert response.url.startswith("/month/")


def test_anonymous_is_sent_to_login(client):
    response = client.get("/month/2026-11/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_it_lists_entries_by_day_with_daily_totals(client_for, alice, household):
    payer = membership_of(alice, household)
    EntryFactory(paid_by=payer, memo="점심 김밥", amount_krw=5000, spent_on=dt.date(2026, 11, 20))
    EntryFactory(paid_by=payer, memo="커피", amount_krw=4500, spent_on=dt.date(2026, 11, 20))
    EntryFactory(paid_by=payer, memo="택시", amount_krw=12300, spent_on=dt.date(2026, 11, 21))
    EntryFactory(paid_by=payer, memo="지난달", amount_krw=999, spent_on=dt.date(2026, 10, 31))
    html = client_for(alice).get("/month/2026-11/").content.decode()
    assert "점심 김밥" in html and "택시" in html
    assert "지난달" not in html
    assert "-9,500원" in html  # 11/20 day total
    assert "21,800원" in html  # month spending


def test_empty_month_tells_what_to_do(client_for, alice):
    html = client_for(alice).get("/month/2026-11/").content.decode()
    assert "아직 기록이 없어요" in html


def test_it_filters_by_category_and_member(client_for, alice, bob, household):
    EntryFactory(paid_by=membership_of(alice, household), memo="앨리스 점심", spent_on=dt.date(2026, 11, 3))
    EntryFactory(
        paid_by=membership_of(bob, household),
        memo="밥 택시",
        category=household.categories.get(slug="transport"),
        spent_on=dt.date(2026, 11, 3),
    )
    client = client_for(alice)
    html = client.get("/month/2026-11/", {"category": "transport"}).content.decode()
    assert "밥 택시" in html and "앨리스 점심" not in html
    html = client.get("/month/2026-11/", {"member": membership_of(alice, household).pk}).content.decode()
    assert "앨리스 점심" in html and "밥 택시" not in html


def test_it_checks_ownership_of_member_filter(client_for, alice, charlie, other_household):
    response = client_for(alice).get("/month/2026-11/", {"member": membership_of(charlie, other_household).pk})
    assert response.status_code == 404


def test_a_stranger_never_sees_another_households_entries(client_for, alice, charlie, household):
    EntryFactory(paid_by=membership_of(alice, household), memo="비밀 점심", spent_on=dt.date(2026, 11, 3))
    html = client_for(charlie).get("/month/2026-11/").content.decode()
    assert "비밀 점심" not in html


def test_bad_month_is_404(client_for, alice):
    client = client_for(alice)
    assert client.get("/month/2026-13/").status_code == 404
    assert client.get("/month/abcd/").status_code == 404
    assert client.get("/month/9999-01/").status_code == 404


def test_htmx_navigation_returns_only_the_fragment(client_for, alice):
    response = client_for(alice).get("/month/2026-10/", headers={"HX-Request": "true", "HX-Target": "month-body"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "2026년 10월" in html


def test_payday_month_uses_the_household_period(client_for, alice, household):
    household.month_start_day = 25
    household.save()
    payer = membership_of(alice, household)
    EntryFactory(paid_by=payer, memo="기간 안", spent_on=dt.date(2026, 12, 24))
    EntryFactory(paid_by=payer, memo="기간 밖", spent_on=dt.date(2026, 11, 24))
    html = client_for(alice).get(reverse("month", kwargs={"key": "2026-11"})).content.decode()
    assert "기간 안" in html and "기간 밖" not in html
    assert "11/25 – 12/24" in html
