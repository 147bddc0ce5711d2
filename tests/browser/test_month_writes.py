"""The month page's writes on a phone: tap a row to edit, Esc and focus, one picker, undo a delete."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from expenses.models import Entry
from households.periods import period_containing
from tests.browser.conftest import PHONE, phone_signed_in
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _focused(page) -> str:
    return page.evaluate(
        "(() => { const e = document.activeElement; return e ? (e.id || e.className || e.tagName) : '' })()"
    )


def test_tap_to_edit_esc_focus_one_picker_and_undo(browser, live_server, shot, alice, household):
    today = timezone.localdate()
    payer = membership_of(alice, household)
    lunch = EntryFactory(paid_by=payer, memo="점심 김밥", amount_krw=5000, spent_on=today)
    EntryFactory(paid_by=payer, memo="커피", amount_krw=4500, spent_on=today)
    page = phone_signed_in(browser, live_server, alice)
    period = period_containing(today, household.month_start_day)
    page.goto(f"{live_server.url}/month/{period.key}/")
    page.evaluate("window.__stillHere = true")

    # Nothing recorded: a distinct box, and the text stays to be fixed.
    page.fill("#id_text", "ㅋㅋ")
    page.click(".quick-entry button[type=submit]")
    page.wait_for_selector("#write-notice .notice-nothing")
    assert page.input_value("#id_text") == "ㅋㅋ"
    shot(page, "month-nothing-recorded-phone", full_page=False)

    # Recorded: the row arrives, the box empties, the day total moves.
    page.fill("#id_text", "택시 12300")
    page.click(".quick-entry button[type=submit]")
    page.wait_for_selector(".entry .entry-memo:has-text('택시')")
    assert page.input_value("#id_text") == ""
    assert "21,800원" in page.locator(f"#day-head-{today.isoformat()}").inner_text()
    assert page.locator("li.entry").count() == 3

    # The whole row is the control; the editor takes focus, Esc closes it and focus returns to the row.
    row = page.locator(f"#entry-{lunch.pk}")
    row.locator(".entry-open").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#entry-{lunch.pk}.editing")
    assert page.evaluate("document.activeElement.closest('li.editing') !== null")
    shot(page, "month-row-editor-phone", full_page=False)
    page.keyboard.press("Escape")
    page.wait_for_selector(f"#entry-{lunch.pk}:not(.editing)")
    expect(page.locator(f"#entry-{lunch.pk} .entry-open")).to_be_focused()

    # A second tap on the chip closes the picker instead of stacking another; × closes it too.
    chip = page.locator(f"#entry-{lunch.pk} a.badge")
    chip.click()
    page.wait_for_selector(f"#picker-{lunch.pk}")
    expect(page.locator(f"#picker-{lunch.pk} .chip.current")).to_be_focused()
    chip.click()
    page.wait_for_timeout(300)
    assert page.locator(".picker").count() == 0
    chip.click()
    page.wait_for_selector(f"#picker-{lunch.pk}")
    chip.click()
    chip.click()
    page.wait_for_timeout(400)
    assert page.locator(".picker").count() <= 1
    if page.locator(".picker").count() == 0:
        chip.click()
        page.wait_for_selector(f"#picker-{lunch.pk}")
    shot(page, "month-category-picker-phone", full_page=False)
    page.click(f"#picker-{lunch.pk} .picker-close")
    assert page.locator(".picker").count() == 0
    assert page.evaluate("document.activeElement.classList.contains('badge')")

    # Delete, then 되돌리기 within the toast: the same entry comes back.
    page.click(f"#entry-{lunch.pk} .entry-open")
    page.wait_for_selector(f"#entry-{lunch.pk}.editing")
    page.click(f"#entry-{lunch.pk} button:has-text('지우기')")
    page.wait_for_selector("#toast .undo button")
    assert page.locator(f"#entry-{lunch.pk}").count() == 0
    assert not Entry.objects.filter(pk=lunch.pk).exists()
    assert "16,800원" in page.locator(f"#day-head-{today.isoformat()}").inner_text()
    shot(page, "month-undo-toast-phone", full_page=False)
    page.click("#toast .undo button")
    page.wait_for_selector(f"#entry-{lunch.pk}")
    restored = Entry.objects.get(pk=lunch.pk)
    assert (restored.memo, restored.amount_krw, restored.created_at) == ("점심 김밥", 5000, lunch.created_at)
    assert "21,800원" in page.locator(f"#day-head-{today.isoformat()}").inner_text()
    assert page.evaluate("window.__stillHere === true"), "a write reloaded the page"

    # Month changes by htmx carry the title along; filters reach the URL.
    page.click("a[aria-label='이전 달']")
    previous = period.previous(household.month_start_day)
    expect(page).to_have_title(re.compile(f"^{previous.year}년 {previous.month}월"))
    expect(page.locator(".month-nav h1")).to_have_text(f"{previous.year}년 {previous.month}월")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(100)  # htmx settles the swapped body before its new filters listen
    page.select_option(".filters select[name=category]", "food")
    expect(page).to_have_url(re.compile(r"category=food"))


def test_a_message_for_another_month_says_where_it_went_with_the_year(browser, live_server, shot, alice, household):
    page = phone_signed_in(browser, live_server, alice)
    today = timezone.localdate()
    elsewhere = today.replace(day=1) - dt.timedelta(days=40)  # two months back or so: never the shown month
    page.fill("#id_text", f"{elsewhere.year}년 {elsewhere.month}월 {elsewhere.day}일 점심 9000원")
    page.click(".quick-entry button[type=submit]")
    page.wait_for_selector("#write-notice a")
    entry = Entry.objects.get()
    assert entry.spent_on == elsewhere
    notice = page.locator("#write-notice").inner_text()
    assert f"{elsewhere.year}년 {elsewhere.month}월 {elsewhere.day}일에 기록했어요" in notice
    assert page.locator("li.entry").count() == 0  # not on this month's list
    shot(page, "month-recorded-elsewhere-phone", full_page=False)
    page.click("#write-notice a")
    page.wait_for_selector(f"#entry-{entry.pk}")


def test_a_day_new_on_the_page_takes_its_place_by_date(browser, live_server, shot, alice, household):
    today = timezone.localdate()
    period = period_containing(today, household.month_start_day)
    first, middle = period.start, period.start + dt.timedelta(days=1)
    if today < period.start + dt.timedelta(days=2):
        pytest.skip("needs three days of the month behind today")
    payer = membership_of(alice, household)
    EntryFactory(paid_by=payer, memo="오늘 장보기", spent_on=today)
    EntryFactory(paid_by=payer, memo="첫날 장보기", spent_on=first)
    page = phone_signed_in(browser, live_server, alice)
    page.goto(f"{live_server.url}/month/{period.key}/")
    page.fill("#id_text", f"{middle.month}월 {middle.day}일 약국 8800원")
    page.click(".quick-entry button[type=submit]")
    page.wait_for_selector(f"#day-{middle.isoformat()} .entry-memo:has-text('약국')")
    days = page.locator("article.day").evaluate_all("(days) => days.map((d) => d.dataset.date)")
    assert days == [today.isoformat(), middle.isoformat(), first.isoformat()]
    assert "8,800원" in page.locator(f"#day-head-{middle.isoformat()}").inner_text()
    shot(page, "month-new-day-placed-phone")


def test_without_javascript_a_row_opens_its_page_and_deleting_asks_first(browser, live_server, shot, alice, household):
    today = timezone.localdate()
    entry = EntryFactory(paid_by=membership_of(alice, household), memo="점심 김밥", amount_krw=5000, spent_on=today)
    context = browser.new_context(viewport=PHONE, locale="ko-KR", timezone_id="Asia/Seoul", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", alice.email)
    page.fill("#id_password", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/month/"))
    page.click(f"#entry-{entry.pk} .entry-open")
    page.wait_for_url(re.compile(rf"/entries/{entry.pk}/edit/"))
    page.click("a:has-text('지우기')")
    page.wait_for_url(re.compile(rf"/entries/{entry.pk}/delete/"))
    assert "이 기록을 지울까요?" in page.content()
    shot(page, "entry-delete-confirm-nojs-phone", full_page=False)
    assert Entry.objects.filter(pk=entry.pk).exists()
    page.click("button:has-text('지우기')")
    page.wait_for_url(re.compile(r"/month/"))
    assert "지웠어요" in page.content()
    assert not Entry.objects.filter(pk=entry.pk).exists()
