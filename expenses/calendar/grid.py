"""The calendar's weeks: a household's period laid out Sunday to Saturday, each day with its sums."""

import datetime as dt
from dataclasses import dataclass

from households.periods import Period

from ..money import short_won, won

WEEKDAYS = ("일", "월", "화", "수", "목", "금", "토")  # Sunday first, as Korean wall calendars are


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    in_period: bool
    expense: int = 0
    income: int = 0
    is_today: bool = False
    show_month: bool = False  # "12/1": where a payday period crosses into the next calendar month

    @property
    def weekday_css(self) -> str:
        return {6: "sun", 5: "sat"}.get(self.date.weekday(), "")

    @property
    def expense_short(self) -> str:
        """What fits a seventh of a phone: 9,800 · 12.3만 (the label reads the full amount)."""
        return short_won(self.expense).removesuffix("원")

    @property
    def income_short(self) -> str:
        return short_won(self.income).removesuffix("원")

    @property
    def label(self) -> str:
        """What a screen reader says for the day: "12월 5일 지출 12,000원, 수입 없음"."""
        day = f"{self.date.month}월 {self.date.day}일{' (오늘)' if self.is_today else ''}"
        spent = f"지출 {won(self.expense)}" if self.expense else "지출 없음"
        return f"{day} {spent}, 수입 {won(self.income)}" if self.income else f"{day} {spent}"


def calendar_weeks(period: Period, totals: dict[dt.date, tuple[int, int]], today: dt.date) -> list[list[CalendarDay]]:
    """Whole weeks from the Sunday on or before the period's first day to the Saturday on or after its last;
    days outside the period are placeholders (a payday month starting on the 25th spans two calendar months)."""
    first = period.start - dt.timedelta(days=(period.start.weekday() + 1) % 7)
    last = period.end + dt.timedelta(days=(5 - period.end.weekday()) % 7)
    weeks: list[list[CalendarDay]] = []
    crosses = period.start.month != period.end.month
    day = first
    while day <= last:
        if day.weekday() == 6 or not weeks:
            weeks.append([])
        expense, income = totals.get(day, (0, 0))
        in_period = period.contains(day)
        weeks[-1].append(
            CalendarDay(
                day,
                in_period,
                expense if in_period else 0,
                income if in_period else 0,
                is_today=in_period and day == today,
                show_month=in_period and crosses and (day == period.start or day.day == 1),
            )
        )
        day += dt.timedelta(days=1)
    return weeks
