"""The site shell in a real browser: tab bar on phones, top bar on desktop, dark mode, loading and error
states of htmx forms, and the offline page served by the service worker."""

import datetime as dt
import re

import pytest

from expenses.models import Entry
from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date.today()


@pytest.fixture
def ledger(household, alice):
    """A month with a few everyday entries in different categories, so chips and charts show colours."""
    payer = membership_of(alice, household)
    rows = [
        ("food", "점심 김밥", 5000, "expense"),
        ("cafe", "커피", 4500, "expense"),
        ("transport", "택시", 12300, "expense"),
        ("living", "세제", 8900, "expense"),
        ("kids", "기저귀", 32000, "expense"),
        ("salary", "월급", 3500000, "income"),
    ]
    for slug, memo, amount, kind in rows:
        EntryFactory(
            paid_by=payer,
            amount_krw=amount,
            spent_on=TODAY,
            kind=kind,
            category=household.categories.get(slug=slug),
            memo=memo,
        )
    return household


def signed_in(browser, live_server, user, *, viewport, scheme="light"):
    context = browser.new_context(viewport=viewport, locale="ko-KR", timezone_id="Asia/Seoul", color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/month/"))
    return context, page


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_has_a_bottom_tab_bar_with_the_current_tab_marked(browser, live_server, alice, ledger, shot, scheme):
    context, page = signed_in(browser, live_server, alice, viewport=PHONE, scheme=scheme)
    tabs = page.locator("nav.tabs")
    box = tabs.bounding_box()
    # Pinned to the bottom edge of the phone's screen, all four tabs on one row.
    assert box["y"] + box["height"] == pytest.approx(PHONE["height"], abs=1)
    labels = page.locator("nav.tabs .tab").all_inner_texts()
    assert [label.strip() for label in labels] == ["가계부", "달력", "통계", "가구"]
    assert page.locator("nav.tabs .tab[aria-current=page]").inner_text().strip() == "가계부"
    assert page.locator("nav.tabs a[href='/calendar/']").count() == 1
    # 로그아웃 and 채팅 연결 are in the small menu, not in the bar.
    assert page.locator("nav.tabs").get_by_text("로그아웃").count() == 0
    assert not page.get_by_role("button", name="로그아웃").is_visible()
    shot(page, f"shell-month-phone-{scheme}")
    page.click(".menu summary")
    assert page.get_by_role("button", name="로그아웃").is_visible()
    assert page.get_by_role("link", name="채팅 연결").is_visible()
    shot(page, f"shell-menu-phone-{scheme}", full_page=False)
    # Esc closes the menu and gives focus back to its button; so does a tap outside it.
    page.keyboard.press("Escape")
    assert not page.get_by_role("button", name="로그아웃").is_visible()
    assert page.evaluate("document.activeElement === document.querySelector('.menu summary')")
    page.click(".menu summary")
    page.mouse.click(20, 400)
    assert not page.get_by_role("button", name="로그아웃").is_visible()

    page.click("nav.tabs .tab:has-text('통계')")
    page.wait_for_url(re.compile(r"/stats/"))
    assert page.locator("nav.tabs .tab[aria-current=page]").inner_text().strip() == "통계"
    shot(page, f"shell-stats-phone-{scheme}")
    page.click("nav.tabs .tab:has-text('가구')")
    page.wait_for_url(re.compile(r"/household/"))
    assert page.locator("nav.tabs .tab[aria-current=page]").inner_text().strip() == "가구"
    shot(page, f"shell-household-phone-{scheme}")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_desktop_has_a_top_bar_and_no_bottom_bar(browser, live_server, alice, ledger, shot, scheme):
    context, page = signed_in(browser, live_server, alice, viewport=DESKTOP, scheme=scheme)
    tabs = _box(page, "nav.tabs")
    topbar = _box(page, "header.topbar")
    assert tabs["y"] >= topbar["y"] and tabs["y"] + tabs["height"] <= topbar["y"] + topbar["height"]
    assert topbar["y"] == 0
    assert page.locator("nav.tabs .tab[aria-current=page]").inner_text().strip() == "가계부"
    shot(page, f"shell-month-desktop-{scheme}")
    page.goto(f"{live_server.url}/stats/")
    shot(page, f"shell-stats-desktop-{scheme}")
    context.close()


def test_dark_mode_follows_the_system_setting(browser, live_server, alice, ledger):
    backgrounds = {}
    for scheme in ("light", "dark"):
        context, page = signed_in(browser, live_server, alice, viewport=PHONE, scheme=scheme)
        backgrounds[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert backgrounds["light"] == "rgb(243, 245, 244)"
    assert backgrounds["dark"] == "rgb(15, 20, 18)"


SMALL_TARGETS = """() => Array.from(document.querySelectorAll('a, button, input, select, summary'))
    .filter((el) => el.offsetParent !== null && el.type !== 'hidden' && !el.closest('.visually-hidden, .skip-link'))
    .map((el) => {
      // A checkbox is tapped through its label; a chip through its ::after halo around the small pill.
      const target = (el.type === 'checkbox' || el.type === 'radio') && el.closest('label') ? el.closest('label') : el;
      const box = target.getBoundingClientRect();
      const after = getComputedStyle(el, '::after');
      const halo = after.content !== 'none' && after.position === 'absolute'
        ? -parseFloat(after.top) - parseFloat(after.bottom) : 0;
      const text = (el.innerText || el.name || el.type || '').trim().slice(0, 20);
      return {text, h: Math.round(box.height + halo), w: Math.round(box.width)};
    })
    .filter((b) => b.h < 44 || b.w < 24)"""


@pytest.mark.parametrize("path", ["/", "/stats/", "/household/", "/chats/", "/budgets/", "/search/", "/recurring/"])
def test_every_link_button_and_checkbox_is_at_least_44px(browser, live_server, alice, ledger, path):
    context, page = signed_in(browser, live_server, alice, viewport=PHONE)
    page.goto(live_server.url + path)
    page.locator(".menu summary").click()  # the menu's links count too
    small = page.evaluate(SMALL_TARGETS)
    assert small == []
    context.close()


def test_a_form_in_flight_disables_its_button_and_shows_that_it_works(browser, live_server, alice, ledger, shot):
    context, page = signed_in(browser, live_server, alice, viewport=PHONE)
    held = []
    page.route("**/entries/message/", lambda route: held.append(route))
    page.fill("#id_text", "저녁 치킨 23000원")
    page.click(".quick-entry button[type=submit]")
    button = page.locator(".quick-entry button[type=submit]")
    page.wait_for_function("document.querySelector('.quick-entry button[type=submit]').disabled")
    assert button.get_attribute("aria-busy") == "true"
    assert page.evaluate("document.body.classList.contains('is-busy')")
    shot(page, "shell-loading-phone", full_page=False)
    # A second tap while waiting sends nothing more.
    button.click(force=True)
    page.wait_for_timeout(200)
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_selector(".entry .entry-memo:has-text('저녁 치킨')")
    assert not button.is_disabled()
    # The form was replaced by the answer; the page no longer says it is busy.
    page.wait_for_function("!document.body.classList.contains('is-busy')", timeout=3000)
    assert Entry.objects.filter(memo__contains="치킨").count() == 1
    context.close()


def test_an_error_answer_is_shown_in_korean(browser, live_server, alice, ledger, shot):
    context, page = signed_in(browser, live_server, alice, viewport=PHONE)
    page.route("**/entries/message/", lambda route: route.fulfill(status=400, body="Bad Request"))
    page.fill("#id_text", "점심 9000원")
    page.click(".quick-entry button[type=submit]")
    alert = page.locator("#toasts [role=alert]")
    alert.wait_for()
    assert "처리하지 못했어요" in alert.inner_text()
    assert not page.locator(".quick-entry button[type=submit]").is_disabled()
    # What was typed stays in the box, to send again.
    assert page.input_value("#id_text") == "점심 9000원"
    shot(page, "shell-error-toast-phone", full_page=False)

    # A service's refusal, answered as one Korean sentence, is shown as it is.
    page.unroute("**/entries/message/")
    refusal = "이 항목에 쓸 수 있는 분류를 골라 주세요."
    page.route("**/entries/message/", lambda route: route.fulfill(status=400, body=refusal))
    page.click(".quick-entry button[type=submit]")
    page.wait_for_selector(f"#toasts [role=alert]:has-text('{refusal}')")

    page.unroute("**/entries/message/")
    page.route("**/entries/message/", lambda route: route.abort("internetdisconnected"))
    page.click(".quick-entry button[type=submit]")
    page.wait_for_selector("#toasts [role=alert]:has-text('인터넷에 연결되어 있지 않아요')")
    context.close()


def test_a_real_oversized_post_is_answered_and_shown(browser, live_server, alice, ledger):
    context, page = signed_in(browser, live_server, alice, viewport=PHONE)
    # The box's maxlength stops a person typing this much; a paste into an old browser or a script may not.
    page.evaluate("document.getElementById('id_text').removeAttribute('maxlength')")
    page.fill("#id_text", "가" * (3 * 1024 * 1024))  # ~9 MB of UTF-8, over DATA_UPLOAD_MAX_MEMORY_SIZE
    page.click(".quick-entry button[type=submit]")
    page.locator("#toasts [role=alert]").wait_for(timeout=20000)
    assert "다시 시도해 주세요" in page.locator("#toasts [role=alert]").inner_text()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_offline_the_service_worker_shows_the_offline_page_and_no_ledger(
    browser, live_server, alice, ledger, shot, scheme
):
    context, page = signed_in(browser, live_server, alice, viewport=PHONE, scheme=scheme)
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=15000)
    month_url = page.url
    stored = page.evaluate(
        """async () => {
          const urls = [];
          for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
          }
          return urls;
        }"""
    )
    assert "/offline/" in stored
    assert not [url for url in stored if url.startswith(("/month/", "/stats/", "/entries/", "/household/"))]

    context.set_offline(True)
    page.goto(month_url)
    page.wait_for_selector("h1:has-text('인터넷에 연결되어 있지 않아요')")
    assert "점심 김밥" not in page.content()
    # The shell's styles come from the cache: the page is styled, in the person's scheme.
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == ("rgb(15, 20, 18)" if scheme == "dark" else "rgb(243, 245, 244)")
    shot(page, f"shell-offline-phone-{scheme}", full_page=False)
    context.set_offline(False)
    page.goto(month_url)
    page.wait_for_selector(".entry-memo:has-text('점심 김밥')")
    context.close()


def test_error_pages_in_the_browser(browser, live_server, alice, shot, settings):
    settings.DEBUG = False
    for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        context, page = signed_in(browser, live_server, alice, viewport=viewport)
        response = page.goto(f"{live_server.url}/no-such-page/")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "페이지를 찾을 수 없어요"
        shot(page, f"shell-404-{name}", full_page=False)
        context.close()
