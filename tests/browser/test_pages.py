"""Phone-sized pages in Chromium: the calendar, the month's headline card, the fair stats comparison, the
household page's second steps and the chat links page. Screenshots go to tests/artifacts/."""

import datetime as dt
import re
from pathlib import Path

import pytest

from expenses.models import Budget, Entry
from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE, phone_signed_in
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def month_of_records(household, alice, bob):
    payer = membership_of(alice, household)
    food = household.categories.get(slug="food")
    for day, amount in [(1, 12_000), (2, 48_500), (3, 7_800), (5, 15_000)]:
        EntryFactory(paid_by=payer, category=food, amount_krw=amount, spent_on=dt.date(2026, 12, day), memo="점심")
    EntryFactory(paid_by=payer, kind="income", amount_krw=3_500_000, spent_on=dt.date(2026, 12, 1), memo="월급")
    for day, amount in [(2, 30_000), (4, 60_000), (20, 400_000), (28, 510_000)]:
        EntryFactory(paid_by=payer, category=food, amount_krw=amount, spent_on=dt.date(2026, 11, day), memo="장보기")
    Budget.objects.create(household=household, category=None, amount_krw=1_500_000)
    return household


def _fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone"


def test_calendar_on_a_phone(browser, live_server, shot, alice, month_of_records):
    page = phone_signed_in(browser, live_server, alice)
    page.goto(f"{live_server.url}/calendar/")
    page.wait_for_url(re.compile(r"/calendar/2026-12/$"))
    _fits_the_phone(page)
    cells = page.locator("table.calendar tbody tr").first.locator("td")
    assert cells.count() == 7
    today = page.locator('a[aria-current="date"]')
    assert today.inner_text().startswith("12월 5일 (오늘) 지출 15,000원")
    second = page.locator("td.cal-day a", has=page.locator(".visually-hidden", has_text="12월 2일 지출 48,500원"))
    assert second.count() == 1
    box = second.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert page.get_by_role("link", name="12월 1일 지출 12,000원, 수입 3,500,000원").is_visible()
    shot(page, "pages-calendar-phone")

    page.click('a[rel="prev"]')
    page.wait_for_selector("h1:has-text('2026년 11월')")
    assert page.url.endswith("/calendar/2026-11/") and page.title().startswith("2026년 11월 달력")
    page.click('a[rel="next"]')
    page.wait_for_selector("h1:has-text('2026년 12월')")

    page.set_viewport_size(DESKTOP)
    shot(page, "pages-calendar-desktop")
    page.set_viewport_size(PHONE)

    second = page.locator("td.cal-day a", has=page.locator(".visually-hidden", has_text="12월 2일 지출 48,500원"))
    second.click()
    page.wait_for_url(re.compile(r"/month/2026-12/\?from=2026-12-02#day-2026-12-02$"))
    assert page.locator("#day-2026-12-02").is_visible()


def test_headline_card_on_a_phone(browser, live_server, shot, alice, month_of_records):
    page = phone_signed_in(browser, live_server, alice)
    head = page.locator("#month-headline")
    assert head.locator("#total-expense").inner_text() == "83,300원"
    assert head.locator("#total-income").inner_text() == "3,500,000원"
    assert head.locator("#budget-left").inner_text() == "1,416,700원"
    # 1,416,700 over 27 days (12/5–12/31, today included) = 52,470.
    assert head.locator("#budget-per-day").inner_text().startswith("52,470원")
    size = float(head.locator("#total-expense").evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert size >= 28, "the month's spending is the largest figure"
    _fits_the_phone(page)
    head.screenshot(path=str(_artifact("pages-headline-phone")))
    shot(page, "pages-month-headline-phone", full_page=False)


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def test_stats_compare_the_same_days_on_a_phone(browser, live_server, shot, alice, month_of_records):
    page = phone_signed_in(browser, live_server, alice)
    page.goto(f"{live_server.url}/stats/2026-12/")
    line = page.locator(".compare-line").inner_text()
    # 83,300 so far against 90,000 by 11/5 (not against November's 1,000,000: that would say 92% less).
    assert "지난달 같은 기간(11/1–11/5, 90,000원)보다 지출이 7% 줄었어요" in line
    assert "92%" not in line
    _fits_the_phone(page)
    page.locator("#summary-title").scroll_into_view_if_needed()
    shot(page, "pages-stats-comparison-phone")


def test_household_confirmations_on_a_phone(browser, live_server, shot, alice, bob, household):
    page = phone_signed_in(browser, live_server, alice)
    page.goto(f"{live_server.url}/household/")
    member = membership_of(bob, household)
    page.evaluate("window.__stillHere = true")
    page.click(f'a[href="/household/members/{member.pk}/remove/"]')
    confirm = page.locator(f"#confirm-member-{member.pk} .confirm-box")
    confirm.wait_for()
    assert page.evaluate("window.__stillHere === true"), "the confirmation came inline, without a reload"
    assert "새 초대 링크" in confirm.inner_text()
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "그만두기", "focus moves into the confirmation, on the harmless choice"
    check = page.locator('input[name="is_hidden"]').first.locator("xpath=..").bounding_box()
    assert check["height"] >= 44 and check["width"] >= 44
    _fits_the_phone(page)
    confirm.scroll_into_view_if_needed()
    shot(page, "pages-household-confirm-phone", full_page=False)
    member.refresh_from_db()
    assert member.left_at is None
    confirm.locator("button:has-text('구성원에서 빼기')").click()
    page.wait_for_selector(".flash:has-text('구성원에서 뺐어요')")
    member.refresh_from_db()
    assert member.left_at is not None

    page.click("a:has-text('이 가구에서 나가기')")
    page.locator("#confirm-leave .confirm-box").wait_for()
    shot(page, "pages-household-leave-phone", full_page=False)

    no_js = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False, locale="ko-KR")
    plain = no_js.new_page()
    plain.goto(f"{live_server.url}/accounts/login/")
    plain.fill("#id_username", alice.email)
    plain.fill("#id_password", "correct-horse-battery")
    plain.click("button[type=submit]")
    plain.goto(f"{live_server.url}/household/")
    plain.click("a:has-text('이 가구에서 나가기')")
    assert plain.url.endswith("/household/leave/") and "나갈까요?" in plain.content()
    shot(plain, "pages-household-leave-nojs-phone")
    no_js.close()


def test_chat_links_on_a_phone(browser, live_server, shot, alice, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    settings.KAKAO_SKILL_TOKEN = "kakao-test"
    page = phone_signed_in(browser, live_server, alice)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(f"{live_server.url}/chats/")
    assert page.locator("a[href*='t.me/']").count() == 0
    assert "텔레그램 봇은 아직 준비되지 않았어요" in page.locator("#telegram-not-ready").inner_text()
    code = page.locator("#kakao-code").input_value()
    page.click('button[data-copy="kakao-code"]')
    page.wait_for_selector('button[data-copy="kakao-code"]:has-text("복사했어요")')
    _fits_the_phone(page)
    shot(page, "pages-chat-links-phone")
    assert code.startswith("연결 ")


def test_invitation_link_is_whole_on_a_phone(browser, live_server, shot, alice):
    page = phone_signed_in(browser, live_server, alice)
    page.goto(f"{live_server.url}/household/")
    page.click("button:has-text('초대 링크 만들기')")
    box = page.locator("#invite-link")
    box.wait_for()
    link = box.input_value()
    assert "/join/" in link
    fits = box.evaluate("e => e.scrollHeight <= e.clientHeight + 1 && e.scrollWidth <= e.clientWidth + 1")
    assert fits, "the whole link is visible, wrapped"
    _fits_the_phone(page)
    box.scroll_into_view_if_needed()
    shot(page, "pages-invitation-link-phone", full_page=False)
    assert not Entry.objects.exists()
