"""An htmx write answers with what it changed: the same size and the same queries in a busy month."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from expenses.budgets.services import budgets_set
from expenses.entries import services as entry_services
from expenses.models import Entry
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
DAY = dt.date(2026, 11, 20)


def _fill(household, payer, count: int, day: dt.date = DAY) -> None:
    food = household.categories.get(slug="food")
    Entry.objects.bulk_create(
        Entry(
            household=household,
            paid_by=payer,
            entered_by=payer,
            category=food,
            amount_krw=1000 + n,
            spent_on=day,
            memo=f"장보기 {n}",
            category_source="user",
        )
        for n in range(count)
    )


def _edit_data(entry, **changes) -> dict:
    fields = {
        "kind": entry.kind,
        "amount_krw": "7,000",
        "spent_on": entry.spent_on.isoformat(),
        "category": entry.category_id,
        "memo": "고친 김밥",
        "paid_by": entry.paid_by_id,
    } | changes
    return {f"e{entry.pk}-{name}": value for name, value in fields.items()} | {"month": "2026-11"}


def _write(client, kind: str, household, payer):
    """One write of the kind against a fresh target entry; returns the response."""
    target = EntryFactory(paid_by=payer, memo="점심 김밥", amount_krw=5000, spent_on=DAY)
    if kind == "message":
        return client.post("/entries/message/", {"text": "11월 20일 택시 12300원", "month": "2026-11"}, headers=HTMX)
    if kind == "manual":
        data = {
            "month": "2026-11",
            "kind": "expense",
            "amount_krw": "5,000",
            "spent_on": DAY.isoformat(),
            "category": household.categories.get(slug="food").pk,
            "memo": "점심",
            "paid_by": payer.pk,
        }
        return client.post("/entries/new/", data, headers=HTMX)
    if kind == "edit":
        return client.post(f"/entries/{target.pk}/edit/", _edit_data(target), headers=HTMX)
    if kind == "move":
        data = _edit_data(target, spent_on="2026-11-21")
        return client.post(f"/entries/{target.pk}/edit/", data, headers=HTMX)
    if kind == "category":
        transport = household.categories.get(slug="transport")
        return client.post(
            f"/entries/{target.pk}/category/", {"category": transport.pk, "month": "2026-11"}, headers=HTMX
        )
    if kind == "delete":
        return client.post(f"/entries/{target.pk}/delete/", {"month": "2026-11"}, headers=HTMX)
    token = entry_services.entry_delete(membership=payer, entry=target)
    return client.post("/entries/restore/", {"token": token, "month": "2026-11"}, headers=HTMX)


def _measure(client, kind, household, payer) -> tuple[int, int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = _write(client, kind, household, payer)
    assert response.status_code == 200, response.content.decode()[:500]
    html = response.content.decode()
    # The target entry's own INSERT (made by the test, not the door) is in the capture both times.
    return len(queries.captured_queries), len(response.content), html


WRITES = ["message", "manual", "edit", "move", "category", "delete", "restore"]


@pytest.mark.parametrize("kind", WRITES)
def test_an_htmx_write_costs_the_same_with_5_or_2000_entries_in_the_month(client_for, alice, household, kind):
    payer = membership_of(alice, household)
    client = client_for(alice)
    _fill(household, payer, 5)
    client.get("/month/2026-11/")  # session and caches warm
    _write(client, kind, household, payer)  # first write of the kind warms its own caches (rules, categories)
    few_queries, few_bytes, _ = _measure(client, kind, household, payer)
    _fill(household, payer, 1000)
    _fill(household, payer, 1000, DAY - dt.timedelta(days=3))
    many_queries, many_bytes, many_html = _measure(client, kind, household, payer)
    assert Entry.objects.filter(household=household, spent_on__month=11).count() > 2000
    assert many_queries == few_queries
    assert abs(many_bytes - few_bytes) < 300, (few_bytes, many_bytes)
    assert few_bytes < 8000
    assert len(re.findall(r'<li class="entry', many_html)) <= 1  # the row written, never the day's others
    assert "<html" not in many_html and "장보기" not in many_html


def test_with_budgets_the_answer_carries_the_bars_at_the_same_cost(client_for, alice, household):
    payer = membership_of(alice, household)
    budgets_set(by=payer, amounts={None: 100_000, household.categories.get(slug="food").pk: 50_000})
    client = client_for(alice)
    _fill(household, payer, 5)
    _write(client, "message", household, payer)
    few_queries, few_bytes, few_html = _measure(client, "message", household, payer)
    _fill(household, payer, 2000)
    many_queries, many_bytes, _ = _measure(client, "message", household, payer)
    assert 'class="budget-bars"' in few_html
    assert many_queries == few_queries and abs(many_bytes - few_bytes) < 300


def test_a_new_entry_on_a_day_already_shown_goes_to_the_top_of_that_day(client_for, alice, household):
    payer = membership_of(alice, household)
    _fill(household, payer, 3)
    response = client_for(alice).post(
        "/entries/message/", {"text": "11월 20일 택시 12300원", "month": "2026-11"}, headers=HTMX
    )
    html = response.content.decode()
    assert '<div hx-swap-oob="afterbegin:#day-entries-2026-11-20">' in html
    assert 'id="day-head-2026-11-20" hx-swap-oob="true"' in html
    assert "-15,303원" in html  # 1,000 + 1,001 + 1,002 + 12,300
    assert '<div hx-swap-oob="innerHTML:#headline-slot"><div id="month-headline"' in html
    assert 'id="total-expense">15,303원' in html


def test_a_message_that_recorded_nothing_keeps_its_text_and_says_so_apart(client_for, alice, household):
    client = client_for(alice)
    for text in ["ㅋㅋ", "$20 amazon", "🍜🍜"]:
        html = client.post("/entries/message/", {"text": text, "month": "2026-11"}, headers=HTMX).content.decode()
        assert f"\n{text}</textarea>" in html  # still in the box, to fix and send again
        assert 'class="notice notice-nothing"' in html
        assert "기록했어요" not in html
    html = client.post(
        "/entries/message/", {"text": "점심 김밥 5000원", "month": "2026-11"}, headers=HTMX
    ).content.decode()
    assert 'class="notice notice-ok"' in html
    assert "\n</textarea>" in html  # recorded: an empty box for the next one
    assert not Entry.objects.filter(memo__in=["ㅋㅋ", "amazon"]).exists()


def test_an_entry_dated_outside_the_shown_month_says_where_it_went_with_the_year(client_for, alice, household):
    response = client_for(alice).post(
        "/entries/message/", {"text": "2025년 12월 31일 점심 9000원", "month": "2026-11"}, headers=HTMX
    )
    html = response.content.decode()
    entry = Entry.objects.get()
    assert entry.spent_on == dt.date(2025, 12, 31)
    assert "2025년 12월 31일에 기록했어요" in html
    assert 'href="/month/2025-12/"' in html
    assert "<li" not in html  # not shown in November's list
    assert "headline-slot" not in html  # November's totals did not move


def test_without_javascript_a_message_redirects_to_the_month_it_went_to(client_for, alice, household):
    response = client_for(alice).post("/entries/message/", {"text": "2025년 12월 31일 점심 9000원", "month": "2026-11"})
    assert response.status_code == 302 and response.url == "/month/2025-12/"


def test_an_edit_to_another_day_moves_the_row_and_both_day_totals(client_for, alice, household):
    payer = membership_of(alice, household)
    _fill(household, payer, 2)
    entry = EntryFactory(paid_by=payer, amount_krw=5000, spent_on=DAY)
    response = client_for(alice).post(
        f"/entries/{entry.pk}/edit/", _edit_data(entry, spent_on="2026-11-25"), headers=HTMX
    )
    html = response.content.decode()
    assert html.startswith("\n") and not html.lstrip().startswith("<li")  # the old row goes
    assert 'id="day-head-2026-11-20" hx-swap-oob="true"' in html and "-2,001원" in html
    assert '<article class="day" id="day-2026-11-25" data-date="2026-11-25" data-unplaced>' in html


def test_deleting_the_last_entry_of_a_day_removes_the_day(client_for, alice, household):
    entry = EntryFactory(paid_by=membership_of(alice, household), spent_on=DAY)
    html = client_for(alice).post(f"/entries/{entry.pk}/delete/", {"month": "2026-11"}, headers=HTMX).content.decode()
    assert '<div hx-swap-oob="delete:#day-2026-11-20"></div>' in html
    assert "되돌리기" in html and 'name="token"' in html


def test_filters_decide_whether_the_written_row_shows(client_for, alice, household):
    payer = membership_of(alice, household)
    _fill(household, payer, 2)
    html = (
        client_for(alice)
        .post(
            "/entries/message/",
            {"text": "11월 20일 택시 12300원", "month": "2026-11", "f_category": "food"},
            headers=HTMX,
        )
        .content.decode()
    )
    assert "<li" not in html  # a taxi is not 식비
    assert "-2,001원" in html  # the day's 식비 total, unchanged


def test_without_javascript_deleting_asks_first_on_its_own_page(client_for, alice, household):
    entry = EntryFactory(paid_by=membership_of(alice, household), memo="점심 김밥", spent_on=DAY)
    client = client_for(alice)
    edit_page = client.get(f"/entries/{entry.pk}/edit/?month=2026-11").content.decode()
    assert f'href="/entries/{entry.pk}/delete/?month=2026-11"' in edit_page  # a link, not a delete button
    page = client.get(f"/entries/{entry.pk}/delete/?month=2026-11").content.decode()
    assert "이 기록을 지울까요?" in page and "점심 김밥" in page and "지우지 않고 돌아가기" in page
    assert Entry.objects.filter(pk=entry.pk).exists()
    response = client.post(f"/entries/{entry.pk}/delete/", {"month": "2026-11"})
    assert response.status_code == 302 and not Entry.objects.filter(pk=entry.pk).exists()


def test_undo_restores_the_entry_exactly_and_only_in_its_household(client_for, alice, household, charlie):
    payer = membership_of(alice, household)
    entry = EntryFactory(paid_by=payer, memo="점심 김밥", amount_krw=5000, spent_on=DAY, category_source="llm")
    before = Entry.objects.filter(pk=entry.pk).values().get()
    html = client_for(alice).post(f"/entries/{entry.pk}/delete/", {"month": "2026-11"}, headers=HTMX).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html)[1]
    stranger = client_for(charlie).post("/entries/restore/", {"token": token, "month": "2026-11"}, headers=HTMX)
    assert "이 가구의 항목이 아니에요" in stranger.content.decode()
    assert not Entry.objects.filter(pk=entry.pk).exists()
    forged = client_for(alice).post("/entries/restore/", {"token": token[:-2] + "xx"}, headers=HTMX)
    assert "되돌릴 기록을 찾지 못했어요" in forged.content.decode()
    html = client_for(alice).post("/entries/restore/", {"token": token, "month": "2026-11"}, headers=HTMX).content
    assert f'id="entry-{entry.pk}"' in html.decode()
    assert Entry.objects.filter(pk=entry.pk).values().get() == before
    again = client_for(alice).post("/entries/restore/", {"token": token, "month": "2026-11"}, headers=HTMX)
    assert "이미 되돌렸어요" in again.content.decode()
    assert Entry.objects.filter(pk=entry.pk).count() == 1


def test_the_whole_row_opens_the_editor_and_the_source_chip_only_says_something(client_for, alice, household):
    payer = membership_of(alice, household)
    ruled = EntryFactory(paid_by=payer, memo="버스", spent_on=DAY, category_source="rules")
    by_claude = EntryFactory(paid_by=payer, memo="다이소", spent_on=DAY, category_source="llm")
    learned = EntryFactory(paid_by=payer, memo="꽃바구니", spent_on=DAY, category_source="learned")
    pending = EntryFactory(paid_by=payer, memo="모르는 가게", spent_on=DAY, category_state="pending")
    html = client_for(alice).get("/month/2026-11/").content.decode()

    def row(entry):
        return re.search(rf'<li class="entry[^"]*" id="entry-{entry.pk}".*?</li>', html, re.S)[0]

    assert f'class="entry-open" href="/entries/{ruled.pk}/edit/?month=2026-11"' in row(ruled)
    assert "고치기" not in re.sub(r'aria-label="[^"]*"', "", row(ruled))  # no separate button: the row is the control
    assert "규칙" not in row(ruled) and "source" not in row(ruled)
    assert ">Claude</span>" in row(by_claude)
    assert ">학습</span>" in row(learned)
    assert ">분류 중…</span>" in row(pending)


def test_a_viewer_sees_rows_but_no_editor_or_picker(client_for, alice, vera, household):
    EntryFactory(paid_by=membership_of(alice, household), spent_on=DAY)
    html = client_for(vera).get("/month/2026-11/").content.decode()
    assert 'class="entry-open"' in html and "/edit/" not in html and "/category/" not in html


def test_month_changes_by_htmx_bring_their_title_and_filters_reach_the_url(client_for, alice, household):
    client = client_for(alice)
    html = client.get("/month/2026-10/", headers={"HX-Request": "true", "HX-Target": "month-body"}).content.decode()
    assert html.startswith("<title>2026년 10월 · 홈앤리치</title>")
    filters = re.search(r'<form method="get"[^>]*class="filters"[^>]*>', html)[0]
    assert 'hx-push-url="true"' in filters


def test_the_picker_has_a_close_button_and_the_no_js_picker_a_way_back(client_for, alice, household):
    entry = EntryFactory(paid_by=membership_of(alice, household), spent_on=DAY)
    client = client_for(alice)
    fragment = client.get(f"/entries/{entry.pk}/category/?month=2026-11", headers=HTMX).content.decode()
    assert 'class="picker-close" data-close aria-label="분류 고르기 닫기"' in fragment
    assert f'id="picker-{entry.pk}"' in fragment
    page = client.get(f"/entries/{entry.pk}/category/?month=2026-11").content.decode()
    assert 'class="picker-close" href="/month/2026-11/"' in page
    odd = client.get(f"/entries/{entry.pk}/category/?month=../../x").content.decode()
    assert 'class="picker-close" href="/"' in odd


def test_a_message_that_failed_keeps_its_text_in_an_error_box(client_for, alice, household, monkeypatch):
    def broken_parser(text, today):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(entry_services, "parse_message", broken_parser)
    html = (
        client_for(alice)
        .post("/entries/message/", {"text": "점심 5000원", "month": "2026-11"}, headers=HTMX)
        .content.decode()
    )
    assert 'class="notice notice-error" role="alert"' in html
    assert "\n점심 5000원</textarea>" in html
    assert not Entry.objects.exists()


def test_a_refused_manual_entry_comes_back_as_its_form_with_the_reason(client_for, alice, household):
    data = {
        "month": "2026-11",
        "kind": "expense",
        "amount_krw": "0",
        "spent_on": DAY.isoformat(),
        "category": household.categories.get(slug="food").pk,
        "memo": "점심",
        "paid_by": membership_of(alice, household).pk,
    }
    response = client_for(alice).post("/entries/new/", data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<form id="manual-form"')
    assert "1원 이상" in html and 'value="점심"' in html
    assert "hx-swap-oob" not in html and not Entry.objects.exists()


def test_a_form_s_own_category_is_never_read_as_the_list_s_filter(client_for, alice, household):
    payer = membership_of(alice, household)
    client = client_for(alice)
    transport = household.categories.get(slug="transport")
    entry = EntryFactory(paid_by=payer, memo="버스", spent_on=DAY)
    html = client.post(
        f"/entries/{entry.pk}/category/",
        {"category": transport.pk, "month": "2026-11", "f_category": "transport"},
        headers=HTMX,
    ).content.decode()
    assert html.lstrip().startswith(f'<li class="entry is-new" id="entry-{entry.pk}"') and "교통" in html
    assert "delete:#day" not in html
    data = {
        "month": "2026-11",
        "kind": "expense",
        "amount_krw": "1,400",
        "spent_on": DAY.isoformat(),
        "category": transport.pk,
        "memo": "버스",
        "paid_by": payer.pk,
        "f_category": "transport",  # the list shows 교통 only: the new 교통 row belongs in it
    }
    html = client.post("/entries/new/", data, headers=HTMX).content.decode()
    new = Entry.objects.latest("pk")
    assert new.category == transport
    assert f'id="entry-{new.pk}"' in html and "-6,400원" in html  # 11/20's 교통: 5,000 + 1,400


def test_the_page_sends_its_filters_apart_from_the_forms_fields(client_for, alice, household):
    html = client_for(alice).get("/month/2026-11/", {"category": "food"}).content.decode()
    assert 'hx-vals="{&quot;month&quot;: &quot;2026-11&quot;, &quot;f_category&quot;: &quot;food&quot;}"' in html
