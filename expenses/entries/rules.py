"""The rules an entry keeps whichever door it comes through: which dates and amounts may be recorded."""

import datetime as dt

from django.utils import timezone

from homenrich.errors import Refused

from ..models import MAX_AMOUNT_KRW

EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_AHEAD = dt.timedelta(days=366)  # a planned payment up to a year ahead (학원비, 보험료)


def date_window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day an entry may be dated, seen from `today` in Asia/Seoul."""
    today = today or timezone.localdate()
    return EARLIEST_DATE, today + LATEST_AHEAD


def date_allowed(day: dt.date, today: dt.date | None = None) -> bool:
    first, last = date_window(today)
    return first <= day <= last


def korean_date(day: dt.date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def date_window_text(today: dt.date | None = None) -> str:
    first, last = date_window(today)
    return f"날짜는 {korean_date(first)}부터 {korean_date(last)}까지만 기록할 수 있어요."


def check_date(day: dt.date, today: dt.date | None = None) -> None:
    if not date_allowed(day, today):
        raise Refused(date_window_text(today))


def check_amount(amount_krw: int) -> None:
    if isinstance(amount_krw, bool) or not isinstance(amount_krw, int) or not 0 < amount_krw <= MAX_AMOUNT_KRW:
        raise Refused("금액은 1원부터 1조 원 미만까지 적을 수 있어요.")
