"""Every page, on a phone and a desktop, light and dark: a screenshot of each into tests/artifacts/gallery/, and
axe-core on each, failing on any "serious" or "critical" violation.

One Chromium for the module and one seeded household (민지네: two members, last month and this month of entries,
budgets, a rent rule, a card statement, an import in progress); each case opens a fresh context signed in by
session cookie. `make screenshots` (HOMENRICH_SCREENSHOTS_TO_DOCS=1) also refreshes docs/screenshots/.
"""

import datetime as dt
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from pytest_django.live_server_helper import LiveServer

from expenses.budgets.services import budgets_set
from expenses.entries.services import message_record
from expenses.models import CategorySource, CategoryState, Channel, Entry, HouseholdImport, ImportState
from expenses.recurring.services import recurring_rule_create
from expenses.statements.services import statement_upload
from households.models import Membership, Role
from households.periods import period_containing
from households.services import household_create, invitation_create, signup_request_create
from tests.browser.axe import AxeUnavailable, axe_source, axe_violations, describe
from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE, launch_chromium
from tests.conftest import _service_missing
from tests.factories import UserFactory
from tests.payments.files import day, shinhan_xlsx

# Each case runs in a transaction rolled back after it (the seeded world is committed before, once).
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]

GALLERY = ARTIFACTS / "gallery"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TO_DOCS = os.environ.get("HOMENRICH_SCREENSHOTS_TO_DOCS") == "1"
# The main pages for the README, in these three looks (viewport-sized, not the whole page).
DOCS_PAGES = ("month", "calendar", "stats", "household")
DOCS_VARIANTS = ("phone-light", "phone-dark", "desktop-light")

VARIANTS = {
    "phone-light": (PHONE, "light"),
    "phone-dark": (PHONE, "dark"),
    "desktop-light": (DESKTOP, "light"),
    "desktop-dark": (DESKTOP, "dark"),
}


def _url(name: str, *args, **kwargs):
    return lambda world: reverse(name, args=args, kwargs=kwargs)


def _calendar(world) -> str:
    for kwargs in ({}, {"key": world["period_key"]}):
        try:
            return reverse("calendar", kwargs=kwargs)
        except NoReverseMatch:
            continue
    pytest.skip("no 'calendar' route on this branch yet: the case runs once the calendar view is merged")


def _submit(selector: str, fill: dict | None = None):
    """Fills the fields and presses the form's submit button; waits for the answer page."""

    def act(page) -> None:
        for field_selector, value in (fill or {}).items():
            page.fill(field_selector, value)
        with page.expect_navigation():
            page.click(f"{selector} button[type=submit]")

    return act


# Error states: on the phone, light and dark (the error colours are what dark mode changes).
ERRORS = ("phone-light", "phone-dark")


@dataclass(frozen=True)
class Page:
    name: str
    url: object  # world -> path
    who: str | None = "owner"  # "owner", "member", or None: signed out
    status: int = 200
    # What the person does after the page loads (submitting a form with mistakes, say): page -> None.
    act: object = None
    variants: tuple = ("phone-light", "phone-dark", "desktop-light", "desktop-dark")
    # Known violations not fixed on this branch: {variant or "*": reason}; the cases run as xfail(strict=False).
    known: dict = field(default_factory=dict)


PAGES = [
    # Signed out.
    Page("login", _url("login"), who=None),
    Page("signup", _url("signup"), who=None),
    Page("signup-confirm", lambda w: reverse("signup_confirm", args=[w["signup_token"]]), who=None),
    Page("password-reset", _url("password_reset"), who=None),
    Page("password-reset-done", _url("password_reset_done"), who=None),
    Page(
        "password-reset-confirm",
        lambda w: reverse("password_reset_confirm", args=[w["reset_uid"], w["reset_token"]]),
        who=None,
    ),
    Page("password-reset-complete", _url("password_reset_complete"), who=None),
    Page("join", lambda w: reverse("join", args=[w["invitation_token"]]), who=None),
    Page(
        "login-error",
        _url("login"),
        who=None,
        act=_submit("main form", {"#id_username": "minji@example.com", "#id_password": "wrong-password"}),
        variants=ERRORS,
    ),
    Page("signup-errors", _url("signup"), who=None, act=_submit("main form"), variants=ERRORS),
    Page("password-reset-error", _url("password_reset"), who=None, act=_submit("main form"), variants=ERRORS),
    # Signed in: the ledger.
    Page("month", lambda w: reverse("month", args=[w["period_key"]])),
    Page("calendar", _calendar),
    Page("entry-edit", lambda w: reverse("entry_edit", args=[w["entry"].pk])),
    Page("category-picker", lambda w: reverse("entry_category", args=[w["entry"].pk])),
    Page("search", lambda w: reverse("entry_search") + "?q=점심"),
    Page("search-nothing-found", lambda w: reverse("entry_search") + "?q=비행기표", variants=ERRORS),
    Page("stats", _url("stats_current")),
    Page("year", lambda w: reverse("stats_year", args=[w["today"].year])),
    Page("budgets", _url("budgets")),
    Page(
        "budgets-error",
        _url("budgets"),
        act=_submit("form.budget-form", {"form.budget-form input:not([type=hidden]) >> nth=0": "많이"}),
        variants=ERRORS,
    ),
    Page("recurring", _url("recurring")),
    Page("recurring-errors", _url("recurring"), act=_submit("form.rule-form"), variants=ERRORS),
    Page("recurring-edit", lambda w: reverse("recurring_edit", args=[w["rule"].pk])),
    Page("statements", _url("statement_upload")),
    Page("statements-error", _url("statement_upload"), act=_submit("form.entry-form"), variants=ERRORS),
    Page("statement-preview", lambda w: reverse("statement_preview", args=[w["statement"].pk])),
    Page("payment-methods", _url("payment_methods")),
    Page("export", _url("export")),
    Page("import-status", lambda w: reverse("import_status", args=[w["import"].pk])),
    # Signed in: the household, the chats, the account.
    Page("household", _url("household")),
    Page("household-new", _url("household_new")),
    Page("chat-links", _url("chat_links")),
    Page("password-change", _url("password_change")),
    Page("password-change-errors", _url("password_change"), act=_submit("main form"), variants=ERRORS),
    Page("password-change-done", _url("password_change_done")),
    Page("account-delete", _url("account_delete")),
    Page(
        "account-delete-error",
        _url("account_delete"),
        act=_submit("main form"),
        variants=ERRORS,
    ),
    # Error pages: a member (not a manager) asks for the household backup; an address that does not exist.
    Page("403", _url("export_household"), who="member", status=403),
    Page("404", lambda w: "/no-such-page/", status=404),
]


def _cases():
    for page in PAGES:
        for variant in page.variants:
            reason = page.known.get(variant) or page.known.get("*")
            marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
            yield pytest.param(page, variant, id=f"{page.name}-{variant}", marks=marks)


# ------------------------------------------------------------------------------------------ the world

DAILY = [
    ("점심 김밥 {n}원", 3500, 9000),
    ("점심 국밥 {n}원", 8000, 12000),
    ("스타벅스 아메리카노 {n}", 4500, 6500),
    ("편의점 {n}원", 1500, 9000),
    ("지하철 {n}", 1400, 1700),
    ("버스 {n}원", 1500, 1600),
    ("저녁 치킨 배달 {n}원", 18000, 28000),
    ("이마트 장보기 {n}원", 30000, 120000),
    ("택시 {n}원", 6000, 18000),
    ("파리바게뜨 빵 {n}원", 4000, 12000),
    ("쿠팡 생필품 {n}원", 9000, 45000),
    ("다이소 {n}원", 2000, 15000),
]
MONTHLY = [
    (1, "월세 650000원"),
    (5, "휴대폰 요금 55000"),
    (10, "관리비 187000원"),
    (15, "넷플릭스 13500"),
    (20, "실비보험 45000원"),
    (25, "월급 350만원 들어옴"),
]
OCCASIONAL = [
    ("주유 {n}원", 50000, 80000),
    ("미용실 커트 {n}원", 15000, 30000),
    ("약국 감기약 {n}원", 5000, 15000),
    ("영화 두 명 {n}원", 24000, 30000),
    ("강아지 사료 {n}원", 30000, 60000),
    ("친구 결혼 축의금 {n}원", 50000, 100000),
    ("교보문고 책 {n}원", 12000, 30000),
]


def _text(rng: random.Random, template: str, low: int, high: int) -> str:
    return template.format(n=rng.randrange(low, high) // 100 * 100)


def _seed() -> dict:
    today = timezone.localdate()
    rng = random.Random(20261205)
    owner = UserFactory(email="minji@example.com", display_name="민지")
    partner = UserFactory(email="junho@example.com", display_name="준호")
    household = household_create(owner=owner, name="민지네")
    minji = Membership.objects.get(household=household, user=owner)
    junho = Membership.objects.create(household=household, user=partner, role=Role.MEMBER, display_name="준호")
    categories = {c.slug: c for c in household.categories.all()}

    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    on = first
    while on <= today:
        texts = [_text(rng, *rng.choice(DAILY)) for _ in range(rng.randint(1, 3))]
        texts += [text for day_of_month, text in MONTHLY if on.day == day_of_month]
        if rng.random() < 0.25:
            texts.append(_text(rng, *rng.choice(OCCASIONAL)))
        for text in texts:
            message_record(membership=rng.choice([minji, junho]), channel=Channel.WEB, text=text, today=on)
        on += dt.timedelta(days=1)
    message_record(membership=junho, channel=Channel.WEB, text="어제 처갓집 모임 선물 42000원", today=today)
    message_record(membership=minji, channel=Channel.WEB, text="당근마켓 판매 35000원 받음", today=today)
    # The chips a month shows besides the keyword rules: learned from a correction, Claude's, still deciding.
    message_record(membership=minji, channel=Channel.WEB, text="올리브영 선크림 23000원", today=today)
    message_record(membership=junho, channel=Channel.WEB, text="무신사 후드티 59000원", today=today)
    message_record(membership=minji, channel=Channel.WEB, text="코스트코 62400원", today=today)
    latest = Entry.objects.filter(household=household, spent_on=today)
    latest.filter(memo__contains="올리브영").update(category=categories["beauty"], category_source=CategorySource.LLM)
    latest.filter(memo__contains="무신사").update(category_source=CategorySource.LEARNED)
    latest.filter(memo__contains="코스트코").update(
        category=categories["other"], category_source=CategorySource.FALLBACK, category_state=CategoryState.PENDING
    )

    budgets_set(
        by=minji,
        amounts={None: 2_500_000, categories["food"].pk: 600_000, categories["cafe"].pk: 100_000},
    )
    rule = recurring_rule_create(
        by=minji,
        kind="expense",
        amount_krw=69_000,
        category=categories["housing"],
        memo="인터넷·IPTV",
        day_of_month=21,
        starts_on=first,
        ends_on=None,
        paid_by=minji,
        today=today,
    )
    statement = statement_upload(
        membership=minji,
        filename="신한카드_이용내역.xlsx",
        content=shinhan_xlsx(
            [
                (day(today), "19:55", "롯데백화점 본점", 159000, "3개월", "00411111", ""),
                (day(today), "12:31", "CGV 용산아이파크몰", 15000, "일시불", "00412344", ""),
                (day(today), "08:42", "스타벅스코리아", 6100, "일시불", "00410000", ""),
            ]
        ),
        today=today,
    )
    _, invitation_token = invitation_create(by=minji)
    _, signup_token = signup_request_create(
        email="sora@example.com", password="gajok-gagyebu-2026", display_name="소라", household_name="소라네"
    )
    running = HouseholdImport.objects.create(
        user=owner, sha256="0" * 64, size_bytes=48_213, file_name="homenrich-household.json", state=ImportState.RUNNING
    )
    return {
        "sessions": {"owner": _session(owner), "member": _session(partner)},
        "today": today,
        "owner": owner,
        "member": partner,
        "period_key": period_containing(today, household.month_start_day).key,
        "entry": Entry.objects.filter(household=household, memo__contains="김밥").order_by("-spent_on").first()
        or Entry.objects.filter(household=household).order_by("-spent_on").first(),
        "rule": rule,
        "statement": statement,
        "import": running,
        "invitation_token": invitation_token,
        "signup_token": signup_token,
        "reset_uid": urlsafe_base64_encode(force_bytes(owner.pk)),
        "reset_token": default_token_generator.make_token(owner),
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The household every case looks at, made once for the module; the database is emptied afterwards.

    Not pytest-django's `live_server`: it makes every test that uses it transactional, and so would empty the
    database after the first case.
    """
    from homenrich.celery import app

    eager, app.conf.task_always_eager = app.conf.task_always_eager, True
    with django_db_blocker.unblock():
        try:
            yield _seed()
        finally:
            app.conf.task_always_eager = eager
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def server(world):
    """A live server of its own for the module, over the seeded database."""
    live = LiveServer("localhost")
    live._live_server_modified_settings.enable()
    yield live
    live._live_server_modified_settings.disable()
    live.stop()


@pytest.fixture(scope="module")
def gallery_browser():
    try:
        axe_source()
    except AxeUnavailable as missing:
        _service_missing(str(missing))
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread while the cases use the ORM.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            yield browser
            browser.close()
    GALLERY.mkdir(parents=True, exist_ok=True)


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.parametrize(("page_spec", "variant"), list(_cases()))
def test_page_is_accessible(gallery_browser, world, server, page_spec, variant):
    path = page_spec.url(world)
    viewport, scheme = VARIANTS[variant]
    context = gallery_browser.new_context(
        viewport=viewport, color_scheme=scheme, locale="ko-KR", timezone_id="Asia/Seoul"
    )
    try:
        if page_spec.who:
            session = world["sessions"][page_spec.who]
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": server.url}])
        page = context.new_page()
        response = page.goto(server.url + path)
        assert response.status == page_spec.status, f"{path} answered {response.status}"
        if page_spec.act:
            page_spec.act(page)
        page.evaluate("document.fonts.ready.then(() => true)")
        GALLERY.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(GALLERY / f"{page_spec.name}-{variant}.png"), full_page=True)
        if TO_DOCS and page_spec.name in DOCS_PAGES and variant in DOCS_VARIANTS:
            DOCS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(DOCS / f"{page_spec.name}-{variant}.png"))
        violations = axe_violations(page)
        assert not violations, f"axe on {path} ({variant}):\n{describe(violations)}"
    finally:
        context.close()


def test_the_check_fails_on_a_planted_violation(gallery_browser):
    """The harness itself: a picture without words and an unnamed field are caught, an accessible twin is not."""
    context = gallery_browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.set_content(
            '<!doctype html><html lang="ko"><head><title>시험</title></head><body><main>'
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><select><option>지출</option></select>'
            "</main></body></html>"
        )
        found = {v["id"]: v for v in axe_violations(page)}
        assert set(found) == {"image-alt", "select-name"}
        assert "image-alt [critical]" in describe(list(found.values()))
        page.set_content(
            '<!doctype html><html lang="ko"><head><title>시험</title></head><body><main>'
            '<img alt="영수증" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
            '<label for="kind">종류</label><select id="kind"><option>지출</option></select>'
            "</main></body></html>"
        )
        assert axe_violations(page) == []
    finally:
        context.close()
