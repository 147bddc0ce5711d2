"""The stats page: totals, charts and tables, month switching, filters, scoping, caching and query counts."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import fetch_modes
from django.test.utils import CaptureQueriesContext

from expenses.entries import services
from expenses.models import Budget, Entry
from tests.conftest import membership_of
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

D = dt.date


def test_it_shows_income_spending_and_balance(client_for, alice, spend):
    spend(5000, D(2026, 11, 3))
    spend(12300, D(2026, 11, 4), "transport")
    spend(3_500_000, D(2026, 11, 10), "salary", kind="income", memo="월급")
    html = client_for(alice).get("/stats/2026-11/").content.decode()
    assert 'id="stats-income">3,500,000원<' in html
    assert 'id="stats-expense">17,300원<' in html
    assert 'id="stats-balance">3,482,700원<' in html


def test_category_chart_and_table_agree(client_for, alice, spend):
    spend(30000, D(2026, 11, 3), "food")
    spend(10000, D(2026, 11, 4), "transport")
    response = client_for(alice).get("/stats/2026-11/")
    html = response.content.decode()
    # Donut: food is 75 %, drawn from 12 o'clock; transport follows at 25 % (offset 25 - 75 = -50 ≡ 50).
    # Each slice wears its category's own colour class (expenses/palette.py), the same the chips wear.
    assert re.search(r'class="slice cat-food"[^>]*stroke-dasharray="75 25" stroke-dashoffset="25"', html)
    assert re.search(r'class="slice cat-transport"[^>]*stroke-dasharray="25 75" stroke-dashoffset="50"', html)
    assert '<desc id="donut-desc">식비 75.0%, 교통 25.0%</desc>' in html
    table = html[html.index("<caption>분류별 지출 (원)</caption>") :]
    assert re.search(r"식비</a></th>\s*<td>30,000", table)
    assert re.search(r"교통</a></th>\s*<td>10,000", table)


def test_it_compares_with_last_month_and_the_six_month_median(client_for, alice, spend):
    # food: 10k, 20k, 30k, 40k, 50k, 60k in the six months before December → median 35k.
    for i, amount in enumerate([10_000, 20_000, 30_000, 40_000, 50_000, 60_000]):
        spend(amount, D(2026, 6 + i, 5))
    spend(45_000, D(2026, 12, 5))
    stats = client_for(alice).get("/stats/2026-12/").context["stats"]
    food = next(c for c in stats.categories if c.slug == "food")
    assert (food.amount, food.previous, food.median) == (45_000, 60_000, 35_000)
    assert stats.history_months == 6
    assert stats.previous_expense == 60_000


def test_median_ignores_months_before_the_household_started(client_for, alice, spend):
    spend(20_000, D(2026, 10, 5))
    spend(40_000, D(2026, 11, 5))
    spend(1000, D(2026, 12, 5), "transport")
    stats = client_for(alice).get("/stats/2026-12/").context["stats"]
    food = next(c for c in stats.categories if c.slug == "food")
    transport = next(c for c in stats.categories if c.slug == "transport")
    assert stats.history_months == 2
    assert food.median == 30_000  # of 20k and 40k, not of four empty months too
    assert transport.median == 0


def test_it_splits_spending_by_member_and_by_day(client_for, alice, bob, household, spend):
    spend(7000, D(2026, 11, 2))
    spend(3000, D(2026, 11, 2), payer=membership_of(bob, household))
    spend(1000, D(2026, 11, 30), payer=membership_of(bob, household))
    response = client_for(alice).get("/stats/2026-11/")
    stats = response.context["stats"]
    assert [(m.label, m.expense) for m in stats.members] == [("앨리스", 7000), ("밥", 4000)]
    assert len(stats.days) == 30
    assert stats.days[1].expense == 10_000 and stats.days[-1].expense == 1000
    html = response.content.decode()
    assert html.count('<rect class="bar') == 30
    assert "11/2(월) 10,000원" in html  # the bar's tooltip


def test_former_members_stay_in_the_member_split(client_for, alice, household, spend):
    gone = MembershipFactory(household=household, user=None, display_name="민수")
    spend(2000, D(2026, 11, 2), payer=gone)
    stats = client_for(alice).get("/stats/2026-11/").context["stats"]
    assert [m.label for m in stats.members] == ["민수 (전 구성원)"]


def test_an_empty_month_says_so_kindly(client_for, alice):
    html = client_for(alice).get("/stats/2026-11/").content.decode()
    assert "11월에는 아직 기록이 없어요." in html
    assert "<svg" not in html[html.index("<main") :]  # no chart (the tab bar's icons are SVG too)


def test_month_switching_works_with_and_without_htmx(client_for, alice, spend):
    spend(5000, D(2026, 10, 3))
    client = client_for(alice)
    html = client.get("/stats/2026-11/").content.decode()
    assert 'href="/stats/2026-10/"' in html and 'hx-get="/stats/2026-10/"' in html
    fragment = client.get("/stats/2026-10/", headers={"HX-Request": "true", "HX-Target": "stats-body"})
    body = fragment.content.decode()
    assert "<html" not in body and 'class="topbar"' not in body
    assert "2026년 10월 통계" in body and 'id="stats-expense">5,000원<' in body


def test_filters_narrow_every_figure(client_for, alice, bob, household, spend):
    spend(7000, D(2026, 11, 2))
    spend(3000, D(2026, 11, 3), "transport", payer=membership_of(bob, household))
    client = client_for(alice)
    stats = client.get("/stats/2026-11/", {"member": membership_of(bob, household).pk}).context["stats"]
    assert stats.expense == 3000 and [c.slug for c in stats.categories] == ["transport"]
    stats = client.get("/stats/2026-11/", {"category": "food"}).context["stats"]
    assert stats.expense == 7000 and [m.label for m in stats.members] == ["앨리스"]
    html = client.get("/stats/2026-11/", {"category": "kids"}).content.decode()
    assert "조건에 맞는 기록이 없어요" in html


def test_bad_months_and_filters_are_404(client_for, alice, charlie, other_household):
    client = client_for(alice)
    assert client.get("/stats/2026-13/").status_code == 404
    assert client.get("/stats/november/").status_code == 404
    assert client.get("/stats/2026-11/", {"category": "no-such"}).status_code == 404
    assert client.get("/stats/2026-11/", {"member": "abc"}).status_code == 404
    assert client.get("/stats/year/1999/").status_code == 404


def test_it_checks_ownership(client_for, alice, charlie, household, other_household, spend):
    spend(5000, D(2026, 11, 3), memo="앨리스네 비밀")
    client = client_for(charlie)
    # Another household's member as a filter is a 404, and charlie's own page holds none of alice's data.
    response = client.get("/stats/2026-11/", {"member": membership_of(alice, household).pk})
    assert response.status_code == 404
    session = client.session
    session["household_id"] = household.pk  # a forged choice of household
    session.save()
    html = client.get("/stats/2026-11/").content.decode()
    assert "아직 기록이 없어요" in html and "5,000원" not in html
    assert client.get("/stats/year/2026/").context["count"] == 0


def test_anonymous_is_sent_to_login(client):
    response = client.get("/stats/2026-11/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_stats_without_a_month_redirects_to_the_current_period(client_for, alice, household, today):
    household.month_start_day = 25
    household.save(update_fields=["month_start_day"])
    today(D(2026, 12, 3))
    response = client_for(alice).get("/stats/")
    assert response.status_code == 302 and response.url == "/stats/2026-11/"


def test_the_page_has_no_inline_styles_or_scripts(client_for, alice, spend):
    spend(5000, D(2026, 11, 3))
    spend(4000, D(2026, 11, 4), "salary", kind="income")
    html = client_for(alice).get("/stats/2026-11/").content.decode()
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_month_and_year_pages_link_to_stats(client_for, alice, spend):
    spend(5000, D(2026, 11, 3))
    client = client_for(alice)
    assert 'href="/stats/2026-11/"' in client.get("/month/2026-11/").content.decode()
    year = client.get("/stats/year/2026/")
    assert year.status_code == 200
    assert [m.expense for m in year.context["months"]][10] == 5000
    assert 'href="/stats/2026-11/"' in year.content.decode()


# ---------------------------------------------------------------------------------------- caching


def test_a_new_entry_shows_at_once_despite_the_cache(client_for, alice, household, django_capture_on_commit_callbacks):
    client = client_for(alice)
    assert client.get("/stats/2026-11/").context["stats"].expense == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_create(
            membership=membership_of(alice, household),
            kind="expense",
            amount_krw=8000,
            spent_on=D(2026, 11, 5),
            category=household.categories.get(slug="food"),
            memo="김밥",
            paid_by=membership_of(alice, household),
        )
    assert client.get("/stats/2026-11/").context["stats"].expense == 8000


def test_the_cache_is_used_until_the_data_version_moves(client_for, alice, household, spend):
    client = client_for(alice)
    spend(1000, D(2026, 11, 5))
    assert 'id="stats-expense">1,000원<' in client.get("/stats/2026-11/").content.decode()
    assert 'desc="cache"' in client.get("/stats/2026-11/")["Server-Timing"]
    # Even a write behind every service (a bare queryset update) moves the version: the database does it.
    Entry.objects.filter(household=household).update(amount_krw=2000)
    response = client.get("/stats/2026-11/")
    assert 'id="stats-expense">2,000원<' in response.content.decode()
    assert 'desc="computed"' in response["Server-Timing"]


@pytest.mark.parametrize("write", ["update", "set_category", "delete", "message"])
def test_every_entry_write_invalidates_the_stats(client_for, alice, household, spend, write, today):
    today(D(2026, 11, 20))
    entry = spend(5000, D(2026, 11, 5))
    client = client_for(alice)
    before = client.get("/stats/2026-11/").context["stats"]
    me = membership_of(alice, household)
    if write == "update":
        services.entry_update(
            membership=me,
            entry=entry,
            kind="expense",
            amount_krw=9000,
            spent_on=entry.spent_on,
            category=entry.category,
            memo=entry.memo,
            paid_by=me,
        )
    elif write == "set_category":
        services.entry_set_category(membership=me, entry=entry, category=household.categories.get(slug="cafe"))
    elif write == "delete":
        services.entry_delete(membership=me, entry=entry)
    else:
        services.message_record(membership=me, channel="web", text="택시 12000원", today=D(2026, 11, 20))
    after = client.get("/stats/2026-11/").context["stats"]
    assert (before.expense, [c.slug for c in before.categories]) != (after.expense, [c.slug for c in after.categories])


class BrokenCache:
    """A cache whose server is down: every call raises."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache is down")

        return fail


def test_a_cache_that_is_down_costs_only_the_computation(client_for, alice, spend, monkeypatch, caplog):
    spend(5000, D(2026, 11, 3))
    monkeypatch.setattr("expenses.stats.queries.cache", BrokenCache())
    response = client_for(alice).get("/stats/2026-11/")
    assert response.status_code == 200
    assert response.context["stats"].expense == 5000
    assert "stats cache unavailable" in caplog.text


def test_server_timing_tells_a_computed_page_from_a_cached_one(client_for, alice, spend):
    spend(5000, D(2026, 11, 3))
    client = client_for(alice)
    cold = client.get("/stats/2026-11/")["Server-Timing"]
    warm = client.get("/stats/2026-11/", headers={"HX-Request": "true", "HX-Target": "stats-body"})
    warm = client.get("/stats/2026-11/", headers={"HX-Request": "true", "HX-Target": "stats-body"})["Server-Timing"]
    assert re.fullmatch(r'stats;dur=\d+\.\d\d;desc="computed"', cold)
    assert re.fullmatch(r'stats;dur=\d+\.\d\d;desc="cache"', warm)


def test_cached_pages_skip_the_aggregate_queries(client_for, alice, spend):
    spend(5000, D(2026, 11, 3))
    client = client_for(alice)
    with CaptureQueriesContext(connection) as cold:
        client.get("/stats/2026-11/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/stats/2026-11/")
    assert any("expenses_entry" in q["sql"] for q in cold.captured_queries)
    assert not any("expenses_entry" in q["sql"] for q in warm.captured_queries)


# ----------------------------------------------------------------------------------- query counts


def _fill(household, members, months: int, per_day: int) -> None:
    categories = list(household.categories.filter(kind="expense")[:8])
    entries = []
    for m in range(months):
        for day in range(1, 29):
            for i in range(per_day):
                entries.append(
                    Entry(
                        household=household,
                        kind="expense" if i % 5 else "income",
                        amount_krw=1000 + i,
                        spent_on=D(2026, 11 - m, day),
                        category=categories[i % len(categories)] if i % 5 else household.categories.get(slug="salary"),
                        memo=f"항목 {i}",
                        paid_by=members[i % len(members)],
                        entered_by=members[0],
                        category_source="user",
                    )
                )
    Entry.objects.bulk_create(entries)


@pytest.fixture
def raise_on_lazy_loads(monkeypatch):
    """Django 6.1's raising fetch mode for every queryset: a lazy foreign-key load fails the test."""
    monkeypatch.setattr("django.db.models.query.DEFAULT_FETCH_MODE", fetch_modes.FETCH_RAISE)


def test_the_number_of_queries_does_not_grow_with_entries(
    client_for, alice, bob, household, django_assert_max_num_queries, raise_on_lazy_loads
):
    members = [membership_of(alice, household), membership_of(bob, household)]
    members.append(MembershipFactory(household=household, user=None, display_name="전 가족"))
    client = client_for(alice)
    cold, filtered = [], []
    for months, per_day in ((1, 2), (7, 12)):  # ~28 entries, then ~2,400 more
        _fill(household, members, months, per_day)
        cache.clear()
        # session, user, membership, other households + the five aggregates and lookups of month_stats
        with django_assert_max_num_queries(9) as queries:
            response = client.get("/stats/2026-11/")
        assert response.status_code == 200 and response.context["stats"].expense > 0
        cold.append(len(queries))
        with django_assert_max_num_queries(10) as queries:  # + checking the member belongs here
            assert client.get("/stats/2026-11/", {"member": members[1].pk}).status_code == 200
        filtered.append(len(queries))
        with django_assert_max_num_queries(4):  # warm: nothing but who is asking
            assert client.get("/stats/2026-11/").status_code == 200
    assert cold[0] == cold[1] and filtered[0] == filtered[1]


def test_year_search_and_month_query_counts_are_constant(
    client_for, alice, bob, household, django_assert_max_num_queries, raise_on_lazy_loads
):
    members = [membership_of(alice, household), membership_of(bob, household)]
    Budget.objects.create(household=household, category=None, amount_krw=100_000)
    Budget.objects.create(household=household, category=household.categories.get(slug="food"), amount_krw=50_000)
    client = client_for(alice)
    counts = []
    for months, per_day in ((1, 2), (7, 8)):
        _fill(household, members, months, per_day)
        run = []
        for url, params, most in (
            ("/stats/year/2026/", {}, 5),
            ("/search/", {"q": "항목", "page": "2"}, 7),
            ("/month/2026-11/", {}, 16),  # the month page itself, plus its budget bars (3)
        ):
            with django_assert_max_num_queries(most) as queries:
                assert client.get(url, params).status_code == 200
            run.append(len(queries))
        counts.append(run)
    assert counts[0] == counts[1]


def test_new_members_do_not_add_queries(client_for, alice, household, spend, raise_on_lazy_loads):
    spend(5000, D(2026, 11, 3))
    client = client_for(alice)
    with CaptureQueriesContext(connection) as one:
        client.get("/stats/2026-11/")
    for i in range(5):
        member = MembershipFactory(household=household, user=UserFactory())
        spend(1000 + i, D(2026, 11, 4), payer=member)
    with CaptureQueriesContext(connection) as six:
        response = client.get("/stats/2026-11/")
    assert len(response.context["stats"].members) == 6
    assert len(one) == len(six)


def test_the_raising_fetch_mode_really_catches_lazy_loads(alice, spend, raise_on_lazy_loads):
    from django.core.exceptions import FieldFetchBlocked

    spend(5000, D(2026, 11, 3))
    entry = Entry.objects.get()
    with pytest.raises(FieldFetchBlocked):
        _ = entry.category


@pytest.mark.parametrize("filtered", ["none", "member", "category"])
def test_the_hand_written_sql_agrees_with_the_orm(alice, bob, household, filtered):
    """month_stats runs RAW_SQL through a cursor; the same figures computed with the ORM must match."""
    from django.db.models import Sum

    from expenses.stats.queries import month_stats
    from households.periods import month_period

    members = [membership_of(alice, household), membership_of(bob, household)]
    _fill(household, members, 7, 4)
    period = month_period(2026, 11, 1)
    food = household.categories.filter(kind="expense")[1]  # one that _fill spends on
    filters = {"none": {}, "member": {"member_id": members[1].pk}, "category": {"category_id": food.pk}}[filtered]
    stats = month_stats(household_id=household.pk, period=period, start_day=1, **filters)

    lookup = {{"member_id": "paid_by_id"}.get(key, key): value for key, value in filters.items()}
    entries = Entry.objects.filter(household=household, **lookup)
    this_month = entries.filter(spent_on__range=(period.start, period.end))
    last = period.previous(1)

    def total(queryset, kind):
        return queryset.filter(kind=kind).aggregate(total=Sum("amount_krw", default=0))["total"]

    assert stats.expense == total(this_month, "expense") > 0
    assert stats.income == total(this_month, "income")
    assert stats.previous_expense == total(entries.filter(spent_on__range=(last.start, last.end)), "expense") > 0
    assert stats.count == this_month.count()
    by_member = dict(this_month.filter(kind="expense").values_list("paid_by_id").annotate(Sum("amount_krw")))
    assert {m.member_id: m.expense for m in stats.members if m.expense} == by_member
    by_day = dict(this_month.filter(kind="expense").values_list("spent_on").annotate(Sum("amount_krw")))
    assert {d.day: d.expense for d in stats.days if d.expense} == by_day
    by_category = dict(this_month.filter(kind="expense").values_list("category_id").annotate(Sum("amount_krw")))
    assert {c.category_id: c.amount for c in stats.categories if c.amount} == by_category
