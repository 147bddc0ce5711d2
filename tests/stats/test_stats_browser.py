"""The stats page on a phone: charts drawn, month switched and filtered without a reload, no CSP complaints."""

import datetime as dt
import re

import pytest

from expenses.models import Budget
from tests.browser.conftest import phone_signed_in
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = dt.date


def _household_with_two_months(household, alice, bob):
    me, partner = membership_of(alice, household), membership_of(bob, household)
    plan = [
        ("food", "점심 김밥", 8000, me),
        ("food", "장보기 이마트", 64_300, partner),
        ("cafe", "커피", 4500, me),
        ("transport", "택시", 12_300, partner),
        ("housing", "월세", 500_000, me),
        ("culture", "넷플릭스", 17_000, me),
        ("living", "세제", 9900, partner),
        ("health", "약국", 6500, me),
        ("shopping", "운동화", 89_000, partner),
    ]
    for month, scale in ((10, 1), (11, 2)):
        for i, (slug, memo, amount, payer) in enumerate(plan):
            EntryFactory(
                paid_by=payer,
                memo=memo,
                amount_krw=amount * scale // (1 + i % 3),
                category=household.categories.get(slug=slug),
                spent_on=D(2026, month, 1 + (i * 3 + month) % 28),
            )
        EntryFactory(
            paid_by=me,
            kind="income",
            memo="월급",
            amount_krw=3_500_000,
            category=household.categories.get(slug="salary"),
            spent_on=D(2026, month, 25),
        )
    Budget.objects.create(household=household, category=None, amount_krw=1_200_000)
    Budget.objects.create(household=household, category=household.categories.get(slug="food"), amount_krw=150_000)


def test_stats_on_a_phone_switch_month_without_reload(browser, live_server, shot, alice, bob, household):
    _household_with_two_months(household, alice, bob)
    page = phone_signed_in(browser, live_server, alice)
    console = []
    page.on("console", lambda msg: console.append(msg.text))

    page.goto(f"{live_server.url}/stats/2026-11/")
    assert page.locator("h1").inner_text() == "2026년 11월 통계"
    assert page.locator(".donut .slice").count() >= 8
    assert page.locator(".day-chart rect.bar").count() == 30
    assert page.locator(".budget meter").count() == 2
    shot(page, "stats-phone-november")

    page.evaluate("window.__stillHere = true")
    page.click("a[rel=prev]")
    page.wait_for_selector("#stats-title:has-text('10월')")
    assert page.evaluate("window.__stillHere === true"), "switching month reloaded the page"
    assert page.url.endswith("/stats/2026-10/")
    assert page.title().startswith("2026년 10월 통계")
    assert page.locator(".day-chart rect.bar").count() == 31
    shot(page, "stats-phone-october")

    page.select_option("select[name=member]", label="밥")
    page.wait_for_url(re.compile(r"member="))
    assert page.evaluate("window.__stillHere === true"), "filtering reloaded the page"
    assert (
        "밥" in page.locator(".member-bars").inner_text() and "앨리스" not in page.locator(".member-bars").inner_text()
    )

    page.click("a[rel=next]")
    page.wait_for_selector("#stats-title:has-text('11월')")
    assert "member=" in page.url  # the filter stays while switching months
    shot(page, "stats-phone-november-bob")

    page.goto(f"{live_server.url}/stats/2026-12/")
    assert "12월에는 아직 기록이 없어요" in page.content()

    page.goto(f"{live_server.url}/stats/year/2026/")
    assert page.locator(".year-chart rect").count() == 24
    shot(page, "stats-phone-year")

    page.goto(f"{live_server.url}/month/2026-11/")
    # The total budget in the headline card, the category's below it.
    assert page.locator("#headline-budget meter").count() == 1 and page.locator(".budget meter").count() == 1
    shot(page, "month-phone-budget-bars")

    assert not [text for text in console if "Content Security Policy" in text]
    page.context.close()
