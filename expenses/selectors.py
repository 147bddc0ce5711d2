"""Reads on entries, always starting from the household."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from households.models import CategoryKind

from .models import Entry


def entry_get(*, household_id: int, pk: int | str) -> Entry:
    try:
        return Entry.objects.select_related("category", "paid_by").get(household_id=household_id, pk=int(pk))
    except (Entry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def entry_list(
    *,
    household_id: int,
    start: dt.date,
    end: dt.date,
    category_slug: str | None = None,
    member_id: int | None = None,
) -> QuerySet[Entry]:
    entries = Entry.objects.filter(household_id=household_id, spent_on__range=(start, end))
    if category_slug:
        entries = entries.filter(category__slug=category_slug)
    if member_id:
        entries = entries.filter(paid_by_id=member_id)
    return entries.select_related("category", "paid_by").order_by("-spent_on", "-created_at", "-pk")


@dataclass
class Day:
    date: dt.date
    entries: list[Entry] = field(default_factory=list)
    expense: int = 0
    income: int = 0


def entries_by_day(entries: QuerySet[Entry]) -> list[Day]:
    days: dict[dt.date, Day] = {}
    for entry in entries:
        day = days.setdefault(entry.spent_on, Day(entry.spent_on))
        day.entries.append(entry)
        if entry.kind == CategoryKind.INCOME:
            day.income += entry.amount_krw
        else:
            day.expense += entry.amount_krw
    return list(days.values())


def day_totals(*, household_id: int, day: dt.date) -> Day:
    totals = Entry.objects.filter(household_id=household_id, spent_on=day).aggregate(
        expense=Sum("amount_krw", filter=Q(kind=CategoryKind.EXPENSE), default=0),
        income=Sum("amount_krw", filter=Q(kind=CategoryKind.INCOME), default=0),
    )
    return Day(day, expense=totals["expense"], income=totals["income"])


def period_totals(*, household_id: int, start: dt.date, end: dt.date) -> dict[str, int]:
    return Entry.objects.filter(household_id=household_id, spent_on__range=(start, end)).aggregate(
        expense=Sum("amount_krw", filter=Q(kind=CategoryKind.EXPENSE), default=0),
        income=Sum("amount_krw", filter=Q(kind=CategoryKind.INCOME), default=0),
    )
