"""A busy month on a phone: the list grows as the member scrolls, without reloading the page."""

import datetime as dt

import pytest

from expenses.entries.selectors import PAGE_ENTRIES
from expenses.models import Entry
from tests.browser.conftest import phone_signed_in
from tests.conftest import membership_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_busy_month_loads_more_days_while_scrolling(browser, live_server, shot, alice, household):
    payer = membership_of(alice, household)
    food = household.categories.get(slug="food")
    Entry.objects.bulk_create(
        Entry(
            household=household,
            paid_by=payer,
            entered_by=payer,
            category=food,
            amount_krw=1000 + n,
            spent_on=dt.date(2026, 11, 30 - n % 30),
            memo=f"장보기 {n}",
        )
        for n in range(3 * PAGE_ENTRIES)
    )
    page = phone_signed_in(browser, live_server, alice)
    page.goto(f"{live_server.url}/month/2026-11/")
    first = page.locator("li.entry").count()
    assert PAGE_ENTRIES <= first < 2 * PAGE_ENTRIES
    assert page.locator(".day-head h2").first.inner_text().startswith("11월 30일")
    page.evaluate("window.__stillHere = true")
    page.locator("#more-entries").scroll_into_view_if_needed()
    page.locator("li.entry").nth(first).wait_for()  # a row past the first page
    shot(page, "month-long-phone-more", full_page=False)
    page.mouse.wheel(0, 100_000)
    page.wait_for_selector(".list-end", timeout=10_000)
    assert page.evaluate("window.__stillHere === true"), "loading more reloaded the page"
    assert page.locator("li.entry").count() == 3 * PAGE_ENTRIES
    days = page.locator(".day-head h2").all_inner_texts()
    assert len(days) == len(set(days)) == 30  # every day once, none split
    page.locator(".list-end").scroll_into_view_if_needed()
    shot(page, "month-long-phone-end", full_page=False)
