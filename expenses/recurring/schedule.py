"""When a recurring rule falls due: its day in each month, never drifting (pure date arithmetic)."""

import datetime as dt
from collections.abc import Iterator

from households.periods import last_day_of_month


def occurrence_in(year: int, month: int, day_of_month: int) -> dt.date:
    """The rule's day in that month; 29–31 fall back to the month's last day (Jan 31, Feb 28/29, Mar 31)."""
    return dt.date(year, month, min(day_of_month, last_day_of_month(year, month)))


def _months_from(day: dt.date) -> Iterator[tuple[int, int]]:
    year, month = day.year, day.month
    while True:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def occurrences(
    *, day_of_month: int, starts_on: dt.date, ends_on: dt.date | None, first: dt.date, through: dt.date
) -> Iterator[dt.date]:
    """Occurrence dates d with max(first, starts_on) <= d <= min(through, ends_on), in order.

    Each month is computed from the rule's day, never from the previous occurrence, so a rule on
    the 31st lands on Feb 28 and still on Mar 31 (no drifting).
    """
    lower = max(first, starts_on)
    upper = through if ends_on is None else min(through, ends_on)
    for year, month in _months_from(lower):
        day = occurrence_in(year, month, day_of_month)
        if day > upper:
            return
        if day >= lower:
            yield day


def next_occurrence(rule, *, after: dt.date | None) -> dt.date | None:
    """The first occurrence of the rule strictly after `after` (or from its start); None once it has ended."""
    first = rule.starts_on if after is None else after + dt.timedelta(days=1)
    far = max(first, rule.starts_on) + dt.timedelta(days=62)  # an occurrence falls in every month
    return next(
        occurrences(
            day_of_month=rule.day_of_month, starts_on=rule.starts_on, ends_on=rule.ends_on, first=first, through=far
        ),
        None,
    )
