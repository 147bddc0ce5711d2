"""Early in a month the stats compare like with like: the days so far against the same days of the periods
before, never five days against a whole month."""

import datetime as dt
import re

import pytest

from expenses.stats.queries import month_stats
from households.periods import month_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_days_in(today, spend):
    """12/5: 50,000 so far; November spent 100,000 by the 5th and 1,000,000 in all; October 40,000 by the 5th."""
    today(dt.date(2026, 12, 5))
    spend(50_000, dt.date(2026, 12, 2))
    spend(100_000, dt.date(2026, 11, 5))
    spend(900_000, dt.date(2026, 11, 6))
    spend(40_000, dt.date(2026, 10, 1))
    spend(500_000, dt.date(2026, 10, 20))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_month_to_date_is_compared_with_the_same_days_of_last_month(client_for, alice, five_days_in):
    text = _text(client_for(alice).get("/stats/2026-12/").content.decode())
    assert "5일째까지, 지난달 같은 기간(11/1–11/5, 100,000원)보다 지출이 50% 줄었어요." in text
    assert "95%" not in text  # 50,000 against all of November
    assert "이번 달 5일 동안을 지난달과 이전 달들의 처음 5일과 비교해요." in text


def test_the_usual_bars_take_the_same_days_of_each_earlier_period(household, five_days_in):
    stats = month_stats(
        household_id=household.pk, period=month_period(2026, 12), start_day=1, as_of=dt.date(2026, 12, 5)
    )
    food = next(c for c in stats.categories if c.slug == "food")
    assert (food.amount, food.previous) == (50_000, 100_000)
    assert food.median == 70_000  # the first five days of November (100,000) and October (40,000)
    assert stats.previous_expense == 100_000 and stats.compared_days == 5


def test_a_finished_period_is_compared_whole(client_for, alice, five_days_in):
    text = _text(client_for(alice).get("/stats/2026-11/").content.decode())
    assert "지난달(540,000원)보다 지출이 85% 늘었어요." in text
    assert "같은 기간" not in text


def test_a_payday_period_counts_days_from_its_own_start(household, today, spend):
    household.month_start_day = 25
    household.save(update_fields=["month_start_day"])
    today(dt.date(2026, 12, 5))  # the 11th day of 11/25 – 12/24
    spend(30_000, dt.date(2026, 11, 26))
    spend(60_000, dt.date(2026, 11, 4))  # day 11 of 10/25 – 11/24: counted
    spend(70_000, dt.date(2026, 11, 5))  # day 12: not yet
    stats = month_stats(
        household_id=household.pk, period=month_period(2026, 11, 25), start_day=25, as_of=dt.date(2026, 12, 5)
    )
    assert stats.compared_days == 11
    assert (stats.previous_start, stats.previous_end) == (dt.date(2026, 10, 25), dt.date(2026, 11, 4))
    assert stats.previous_expense == 60_000


def test_a_short_month_before_is_taken_whole(household, today, spend):
    today(dt.date(2027, 3, 31))
    spend(10_000, dt.date(2027, 2, 28))
    stats = month_stats(
        household_id=household.pk, period=month_period(2027, 3), start_day=1, as_of=dt.date(2027, 3, 31)
    )
    assert stats.previous_end == dt.date(2027, 2, 28) and stats.previous_expense == 10_000


def test_the_cached_page_moves_with_the_date(client_for, alice, today, spend):
    today(dt.date(2026, 12, 5))
    spend(10_000, dt.date(2026, 11, 6))
    client = client_for(alice)
    spend(5_000, dt.date(2026, 12, 1))
    assert "지난달 같은 기간(11/1–11/5)에는 지출 기록이 없어" in _text(client.get("/stats/2026-12/").content.decode())
    today(dt.date(2026, 12, 6))
    assert "11/1–11/6, 10,000원" in _text(client.get("/stats/2026-12/").content.decode())
