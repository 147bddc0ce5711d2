"""A new family in a real browser: sign up, record, edit inline, invite, the partner sees it."""

import re

import pytest
from django.core import mail

from expenses.models import Entry
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_reload_marker(page):
    page.evaluate("window.__stillHere = true")


def _still_same_page(page) -> bool:
    return page.evaluate("window.__stillHere === true")


def _finish_signup_from_mail(page, live_server, to: str) -> None:
    """The signup answers "메일을 보냈어요"; the person opens the mailed link and presses its button."""
    page.wait_for_selector("h1:has-text('메일을 확인해 주세요')")
    body = [m for m in mail.outbox if m.to == [to]][-1].body
    page.goto(live_server.url + re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", body)[1])
    page.click("button:has-text('가입 마치기')")


def test_signup_record_edit_invite_and_join(browser, live_server, shot):
    context = browser.new_context(viewport=PHONE, locale="ko-KR", timezone_id="Asia/Seoul")
    page = context.new_page()
    csp_errors = []
    page.on(
        "console",
        lambda msg: (
            csp_errors.append(f"{msg.text} @ {msg.location}") if "Content Security Policy" in msg.text else None
        ),
    )

    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("#id_display_name", "민지")
    page.fill("#id_email", "minji@example.com")
    page.fill("#id_password", "gajok-gagyebu-2026")
    page.fill("#id_household_name", "민지네")
    shot(page, "signup-phone")
    page.click("button[type=submit]")
    _finish_signup_from_mail(page, live_server, "minji@example.com")
    page.wait_for_url(re.compile(r"/month/\d{4}-\d{2}/$"))
    shot(page, "month-empty-phone")
    assert "아직 기록이 없어요" in page.content()

    _no_reload_marker(page)
    page.fill("#id_text", "점심 김밥 5000원")
    page.click(".quick-entry button[type=submit]")
    page.wait_for_selector(".entry .entry-memo:has-text('점심 김밥')")
    assert _still_same_page(page), "adding an entry reloaded the page"
    page.fill("#id_text", "커피 4500")
    page.click(".quick-entry button[type=submit]")
    page.wait_for_selector(".entry .entry-memo:has-text('커피')")
    day_total = page.locator(".day-total").first
    assert "9,500원" in day_total.inner_text()
    shot(page, "month-two-entries-phone")

    entry = Entry.objects.get(memo="커피")
    page.click(f"#entry-{entry.pk} .entry-open")  # the whole row opens the editor
    amount = page.locator(f"#id_e{entry.pk}-amount_krw")
    amount.fill("5500")
    shot(page, "entry-inline-edit-phone")
    page.click(f"#entry-{entry.pk} button:has-text('저장')")
    page.wait_for_selector(".day-total:has-text('10,500')")
    assert _still_same_page(page), "editing reloaded the page"

    page.goto(f"{live_server.url}/household/")
    page.click("button:has-text('초대 링크 만들기')")
    link = page.locator("#invite-link").input_value()
    assert "/join/" in link
    shot(page, "household-phone")

    partner = browser.new_context(viewport=DESKTOP, locale="ko-KR", timezone_id="Asia/Seoul").new_page()
    partner.goto(link)
    partner.wait_for_url(re.compile(r"/accounts/signup/\?invite="))
    partner.fill("#id_display_name", "준호")
    partner.fill("#id_email", "junho@example.com")
    partner.fill("#id_password", "gajok-gagyebu-2026")
    partner.click("button[type=submit]")
    _finish_signup_from_mail(partner, live_server, "junho@example.com")
    partner.wait_for_url(re.compile(r"/month/\d{4}-\d{2}/$"))
    assert "점심 김밥" in partner.content() and "민지네" in partner.content()
    shot(partner, "month-partner-desktop")
    assert not csp_errors, csp_errors
