"""A household's month: calendar months, or months that start on payday (day 1–28)."""

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    year: int
    month: int
    start: dt.date  # inclusive
    end: dt.date  # inclusive

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self, start_day: int) -> "Period":
        year, month = (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)
        return month_period(year, month, start_day)

    def next(self, start_day: int) -> "Period":
        year, month = (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)
        return month_period(year, month, start_day)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def month_period(year: int, month: int, start_day: int = 1) -> Period:
    """`2026-11` with start day 25 is 2026-11-25 … 2026-12-24; with start day 1 the calendar month."""
    start = dt.date(year, month, start_day)
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    end = dt.date(next_year, next_month, start_day) - dt.timedelta(days=1)
    return Period(year, month, start, end)


def period_containing(day: dt.date, start_day: int = 1) -> Period:
    if day.day >= start_day:
        return month_period(day.year, day.month, start_day)
    year, month = (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)
    return month_period(year, month, start_day)


def parse_period_key(key: str, start_day: int = 1) -> Period | None:
    try:
        year_text, month_text = key.split("-")
        year, month = int(year_text), int(month_text)
    except ValueError:
        return None
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return month_period(year, month, start_day)


def last_day_of_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]
