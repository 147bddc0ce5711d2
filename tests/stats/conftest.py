"""Fixtures for the stats, budgets, recurring and export tests (browser fixtures re-exported for the browser test)."""

import datetime as dt

import pytest

from tests.browser.conftest import browser, shot  # noqa: F401 - fixtures for test_stats_browser.py
from tests.conftest import membership_of
from tests.factories import EntryFactory


@pytest.fixture
def today(monkeypatch):
    """Pins "today" in Asia/Seoul for services that read the clock; call it with a date."""

    def pin(day: dt.date) -> dt.date:
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)
        return day

    return pin


@pytest.fixture
def spend(household, alice):
    """spend(amount, day, slug="food", kind="expense", payer=alice, memo=...) → Entry in `household`."""

    def create(amount: int, day: dt.date, slug: str = "food", *, kind: str = "expense", payer=None, memo="점심"):
        return EntryFactory(
            paid_by=payer or membership_of(alice, household),
            amount_krw=amount,
            spent_on=day,
            kind=kind,
            category=household.categories.get(slug=slug),
            memo=memo,
        )

    return create
