"""The month page: list by day, totals, filters, navigation, scoping."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from expenses.models import Entry
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


def test_the_month_totals_are_the_whole_months_with_or_without_filters(client_for, alice, bob, household):
    me, partner = membership_of(alice, household), membership_of(bob, household)
    EntryFactory(paid_by=me, amount_krw=5000, spent_on=dt.date(2026, 11, 3))
    EntryFactory(paid_by=partner, amount_krw=12000, spent_on=dt.date(2026, 11, 4))
    EntryFactory(
        paid_by=me,
        kind="income",
        category=household.categories.get(slug="salary"),
        amount_krw=300_000,
        spent_on=dt.date(2026, 11, 25),
    )
    EntryFactory(paid_by=me, amount_krw=777, spent_on=dt.date(2026, 10, 31))
    client = client_for(alice)
    for query in ({}, {"member": partner.pk}, {"category": "transport"}):
        html = client.get("/month/2026-11/", query).content.decode()
        assert 'id="total-expense">17,000원<' in html, query
        assert 'id="total-income">300,000원<' in html, query


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


# --- long months come a page of whole days at a time ---------------------------------------------

MORE = {"HX-Request": "true", "HX-Target": "more-entries"}


def _fill_november(payer, per_day: dict[int, int]) -> dict[int, list[int]]:
    """`per_day[d]` entries of 1,000 × d won on 11/d; returns the entry ids by day."""
    ids: dict[int, list[int]] = {}
    for day, count in per_day.items():
        for n in range(count):
            entry = EntryFactory(
                paid_by=payer, memo=f"{day}일 {n}번", amount_krw=1000 * day, spent_on=dt.date(2026, 11, day)
            )
            ids.setdefault(day, []).append(entry.pk)
    return ids


def _row_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li class="entry[^"]*" id="entry-(\d+)"', html)]


def test_a_long_month_comes_in_pages_of_whole_days_and_every_entry_once(client_for, alice, household, monkeypatch):
    monkeypatch.setattr("expenses.entries.selectors.PAGE_ENTRIES", 5)
    ids = _fill_november(membership_of(alice, household), {d: 3 for d in range(1, 11)})  # 30 entries
    client = client_for(alice)
    html = client.get("/month/2026-11/").content.decode()
    seen = _row_ids(html)
    assert len(seen) == 6  # two whole days: 5 entries are not enough to stop inside 11/9
    assert set(seen) == set(ids[10]) | set(ids[9])
    assert "30건 중 6건을 보고 있어요" in html
    pages = 1
    while match := re.search(r'hx-get="(/month/2026-11/\?from=[^"]+)"', html):
        html = client.get(match.group(1).replace("&amp;", "&"), headers=MORE).content.decode()
        assert "<html" not in html and "composer" not in html
        seen += _row_ids(html)
        pages += 1
    assert pages == 5
    assert sorted(seen) == sorted(pk for day in ids.values() for pk in day)  # all 30, none twice
    assert "11월 1일까지 모두 봤어요" in html


def test_a_day_split_by_the_page_size_stays_whole_with_its_full_total(client_for, alice, household, monkeypatch):
    monkeypatch.setattr("expenses.entries.selectors.PAGE_ENTRIES", 5)
    ids = _fill_november(membership_of(alice, household), {20: 8, 19: 2})
    html = client_for(alice).get("/month/2026-11/").content.decode()
    assert set(_row_ids(html)) == set(ids[20])
    assert "-160,000원" in html  # 8 × 20,000 on 11/20
    assert "11월 19일부터 더 보기 (2건)" in html


def test_the_more_link_keeps_the_filters(client_for, alice, bob, household, monkeypatch):
    monkeypatch.setattr("expenses.entries.selectors.PAGE_ENTRIES", 1)
    alice_ids = _fill_november(membership_of(alice, household), {5: 1, 4: 1, 3: 1})
    _fill_november(membership_of(bob, household), {5: 1, 4: 1, 3: 1})
    client = client_for(alice)
    member = membership_of(alice, household).pk
    html = client.get("/month/2026-11/", {"member": member}).content.decode()
    link = re.search(r'hx-get="(/month/2026-11/\?from=[^"]+)"', html).group(1).replace("&amp;", "&")
    assert f"member={member}" in link
    more = client.get(link, headers=MORE).content.decode()
    assert _row_ids(more) == alice_ids[4]
    later_page = client.get(link).content.decode()  # the same link without JavaScript: a whole page
    assert f'href="/month/2026-11/?member={member}">최근 날짜부터 보기' in later_page


def test_a_row_edited_on_a_later_page_comes_back_alone_in_its_place(client_for, alice, household, monkeypatch):
    monkeypatch.setattr("expenses.entries.selectors.PAGE_ENTRIES", 2)
    ids = _fill_november(membership_of(alice, household), {d: 2 for d in range(1, 8)})
    client = client_for(alice)
    old = Entry.objects.get(pk=ids[2][0])
    form = client.get(f"/entries/{old.pk}/edit/?month=2026-11", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-target="closest li"' in form
    fields = {
        "kind": "expense",
        "amount_krw": "7,777",
        "spent_on": "2026-11-02",
        "category": old.category_id,
        "memo": "고친 기록",
        "paid_by": old.paid_by_id,
    }
    data = {f"e{old.pk}-{name}": value for name, value in fields.items()} | {"month": "2026-11"}
    response = client.post(f"/entries/{old.pk}/edit/", data, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'\n<li class="entry is-new" id="entry-{old.pk}"')  # the form's row, replaced
    assert "고친 기록" in html and "7,777원" in html
    assert _row_ids(html) == [old.pk]  # nothing else of the month
    assert 'id="day-head-2026-11-02" hx-swap-oob="true"' in html
    assert "-9,777원" in html  # 11/2's new total: 7,777 + 2,000


def test_a_message_for_an_older_day_comes_as_that_day_whole(client_for, alice, household, monkeypatch):
    monkeypatch.setattr("expenses.entries.selectors.PAGE_ENTRIES", 2)
    _fill_november(membership_of(alice, household), {d: 2 for d in range(10, 20)})
    response = client_for(alice).post(
        "/entries/message/", {"text": "11월 3일 약국 8800원", "month": "2026-11"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "약국" in html
    assert '<div hx-swap-oob="afterbegin:#entry-days"><article class="day" id="day-2026-11-03"' in html.replace(
        "\n", ""
    )
    assert len(_row_ids(html)) == 1


def test_a_bad_from_day_is_ignored_and_the_list_starts_at_the_top(client_for, alice, household):
    _fill_november(membership_of(alice, household), {12: 1})
    client = client_for(alice)
    for value in ["garbage", "2026-10-31", "2026-12-01", "2026-11-31"]:
        response = client.get("/month/2026-11/", {"from": value})
        assert response.status_code == 200
        assert "12일 0번" in response.content.decode()


def test_the_month_page_costs_the_same_queries_for_a_busy_month(
    client_for, alice, household, django_assert_max_num_queries
):
    payer = membership_of(alice, household)
    _fill_november(payer, {1: 2})
    client = client_for(alice)
    client.get("/month/2026-11/")  # session and caches warm
    with django_assert_max_num_queries(12) as few:
        client.get("/month/2026-11/")
    Entry.objects.bulk_create(
        Entry(
            household=household,
            paid_by=payer,
            entered_by=payer,
            category=household.categories.get(slug="food"),
            amount_krw=100 + n,
            spent_on=dt.date(2026, 11, 1 + n % 30),
            memo=f"많은 기록 {n}",
        )
        for n in range(600)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/month/2026-11/").content.decode()
    assert len(_row_ids(html)) < 100  # a page, not 602 rows


def _day_more(html: str) -> str | None:
    match = re.search(r'hx-get="(/month/2026-11/\?day=2026-11-20&amp;after=[^"]+)"', html)
    return match[1].replace("&amp;", "&") if match else None


def test_a_long_day_shows_its_first_rows_and_full_total_and_loads_the_rest(client_for, alice, household, monkeypatch):
    monkeypatch.setattr("expenses.entries.selectors.DAY_ROWS", 5)
    monkeypatch.setattr("expenses.entries.views.DAY_ROWS", 5)
    ids = _fill_november(membership_of(alice, household), {20: 12, 19: 2})
    client = client_for(alice)
    html = client.get("/month/2026-11/").content.decode()
    newest_first = list(reversed(ids[20]))
    assert _row_ids(html)[:5] == newest_first[:5]
    assert set(ids[19]) <= set(_row_ids(html))  # the day after still comes on the same page
    assert "-240,000원" in html and "12건" in html  # the whole day's total: 12 × 20,000
    assert "11월 20일 기록 7건 더 보기" in html
    link = _day_more(html)
    more = client.get(link, headers={"HX-Request": "true", "HX-Target": "day-more-2026-11-20"}).content.decode()
    assert _row_ids(more) == newest_first[5:10]
    assert '<div hx-swap-oob="beforeend:#day-entries-2026-11-20">' in more
    assert "11월 20일 기록 2건 더 보기" in more
    last = client.get(_day_more(more), headers={"HX-Request": "true"}).content.decode()
    assert _row_ids(last) == newest_first[10:] and "더 보기" not in last
    page = client.get(link).content.decode()  # without JavaScript: a page of that day's next rows
    assert "<html" in page and _row_ids(page) == newest_first[5:10]
    assert "-240,000원" in page


def test_rows_written_or_deleted_meanwhile_shift_no_row_of_a_long_day(client_for, alice, household, monkeypatch):
    monkeypatch.setattr("expenses.entries.selectors.DAY_ROWS", 5)
    monkeypatch.setattr("expenses.entries.views.DAY_ROWS", 5)
    ids = _fill_november(membership_of(alice, household), {20: 12})
    newest_first = list(reversed(ids[20]))
    client = client_for(alice)
    link = _day_more(client.get("/month/2026-11/").content.decode())
    client.post(
        "/entries/message/", {"text": "11월 20일 택시 3000원", "month": "2026-11"}, headers={"HX-Request": "true"}
    )
    client.post(f"/entries/{newest_first[0]}/delete/", {"month": "2026-11"}, headers={"HX-Request": "true"})
    more = client.get(link, headers={"HX-Request": "true"}).content.decode()
    assert _row_ids(more) == newest_first[5:10]  # neither one again nor one skipped
    assert "11월 20일 기록 2건 더 보기" in more


def test_a_day_of_3400_entries_keeps_the_month_page_small(client_for, alice, household):
    payer = membership_of(alice, household)
    Entry.objects.bulk_create(
        Entry(
            household=household,
            paid_by=payer,
            entered_by=payer,
            category=household.categories.get(slug="food"),
            amount_krw=1000,
            spent_on=dt.date(2026, 11, 20),
            memo=f"영수증 {n}",
        )
        for n in range(3400)
    )
    html = client_for(alice).get("/month/2026-11/").content.decode()
    assert len(_row_ids(html)) == 100
    assert "-3,400,000원" in html and "3,400건" in html
    assert "11월 20일 기록 3,300건 더 보기" in html
    assert len(html) < 250_000
