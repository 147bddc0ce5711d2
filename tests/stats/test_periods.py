"""Months that start on payday: every view, stat and budget uses the household's period, edges included."""

import datetime as dt

import pytest

from households.models import Household
from households.periods import month_period, period_containing
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("start_day", "key", "start", "end"),
    [
        (1, (2026, 2), D(2026, 2, 1), D(2026, 2, 28)),
        (1, (2028, 2), D(2028, 2, 1), D(2028, 2, 29)),  # leap year
        (1, (2026, 12), D(2026, 12, 1), D(2026, 12, 31)),
        (15, (2026, 1), D(2026, 1, 15), D(2026, 2, 14)),
        (15, (2026, 2), D(2026, 2, 15), D(2026, 3, 14)),
        (15, (2026, 12), D(2026, 12, 15), D(2027, 1, 14)),  # December runs into January
        (25, (2026, 1), D(2026, 1, 25), D(2026, 2, 24)),
        (25, (2026, 11), D(2026, 11, 25), D(2026, 12, 24)),
        (25, (2026, 12), D(2026, 12, 25), D(2027, 1, 24)),
        (28, (2026, 1), D(2026, 1, 28), D(2026, 2, 27)),
        (28, (2026, 2), D(2026, 2, 28), D(2026, 3, 27)),  # 28 days in a common year
        (28, (2028, 1), D(2028, 1, 28), D(2028, 2, 27)),
        (28, (2028, 2), D(2028, 2, 28), D(2028, 3, 27)),  # 29 days in a leap year
        (28, (2026, 12), D(2026, 12, 28), D(2027, 1, 27)),
    ],
)
def test_month_period_edges(start_day, key, start, end):
    period = month_period(*key, start_day)
    assert (period.start, period.end) == (start, end)
    # The next period starts the day after this one ends: no gap, no overlap.
    assert period.next(start_day).start == end + dt.timedelta(days=1)
    assert period.previous(start_day).end == start - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("start_day", "day", "key"),
    [
        (1, D(2027, 1, 1), "2027-01"),
        (1, D(2026, 12, 31), "2026-12"),
        (15, D(2027, 1, 14), "2026-12"),
        (15, D(2027, 1, 15), "2027-01"),
        (25, D(2027, 1, 24), "2026-12"),
        (25, D(2026, 12, 25), "2026-12"),
        (25, D(2026, 12, 24), "2026-11"),
        (28, D(2026, 3, 27), "2026-02"),
        (28, D(2026, 2, 27), "2026-01"),
        (28, D(2028, 2, 29), "2028-02"),
        (28, D(2028, 2, 27), "2028-01"),
    ],
)
def test_period_containing_a_day(start_day, day, key):
    assert period_containing(day, start_day).key == key


@pytest.mark.parametrize(
    ("start_day", "key", "inside", "outside"),
    [
        (1, "2028-02", [D(2028, 2, 1), D(2028, 2, 29)], [D(2028, 1, 31), D(2028, 3, 1)]),
        (15, "2026-12", [D(2026, 12, 15), D(2027, 1, 14)], [D(2026, 12, 14), D(2027, 1, 15)]),
        (25, "2026-12", [D(2026, 12, 25), D(2027, 1, 24)], [D(2026, 12, 24), D(2027, 1, 25)]),
        (28, "2026-02", [D(2026, 2, 28), D(2026, 3, 27)], [D(2026, 2, 27), D(2026, 3, 28)]),
        (28, "2028-02", [D(2028, 2, 28), D(2028, 2, 29), D(2028, 3, 27)], [D(2028, 2, 27), D(2028, 3, 28)]),
    ],
)
def test_stats_and_year_view_count_exactly_the_payday_period(
    client_for, alice, household, start_day, key, inside, outside
):
    Household.objects.filter(pk=household.pk).update(month_start_day=start_day)
    payer = membership_of(alice, household)
    for day in inside:
        EntryFactory(paid_by=payer, amount_krw=1000, spent_on=day)
    for day in outside:
        EntryFactory(paid_by=payer, amount_krw=7, spent_on=day)
    html = client_for(alice).get(f"/stats/{key}/").content.decode()
    expected = f"{1000 * len(inside):,}원"
    assert f'id="stats-expense">{expected}<' in html

    year, month = map(int, key.split("-"))
    response = client_for(alice).get(f"/stats/year/{year}/")
    month_row = next(m for m in response.context["months"] if m.period.month == month)
    assert month_row.expense == 1000 * len(inside)


def test_the_stats_page_shows_the_payday_range(client_for, alice, household):
    Household.objects.filter(pk=household.pk).update(month_start_day=25)
    EntryFactory(paid_by=membership_of(alice, household), spent_on=D(2026, 12, 1))
    html = client_for(alice).get("/stats/2026-11/").content.decode()
    assert "2026. 11. 25. – 2026. 12. 24." in html
    assert "25일 시작" in html
