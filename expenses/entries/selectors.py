"""Reads on entries, always starting from the household."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from households.models import CategoryKind

from ..models import Entry


def entry_get(*, household_id: int, pk: int | str) -> Entry:
    try:
        return Entry.objects.select_related("category", "paid_by", "payment_method").get(
            household_id=household_id, pk=int(pk)
        )
    except (Entry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def entry_list(
    *,
    household_id: int,
    start: dt.date,
    end: dt.date,
    category_slug: str | None = None,
    member_id: int | None = None,
    payment: str | int | None = None,
) -> QuerySet[Entry]:
    """The period's entries, cancelled ones included (listed, struck through). `payment`: a kind of payment
    ("credit" …), "none" for entries that do not say, or the id of one of the household's cards."""
    entries = Entry.objects.filter(household_id=household_id, spent_on__range=(start, end))
    if category_slug:
        entries = entries.filter(category__slug=category_slug)
    if member_id:
        entries = entries.filter(paid_by_id=member_id)
    if isinstance(payment, int):
        entries = entries.filter(payment_method_id=payment)
    elif payment == "none":
        entries = entries.filter(payment_method__isnull=True)
    elif payment:
        entries = entries.filter(payment_method__kind=payment)
    return entries.select_related("category", "paid_by", "payment_method").order_by(*ORDER)


@dataclass
class Day:
    date: dt.date
    entries: list[Entry] = field(default_factory=list)
    expense: int = 0
    income: int = 0
    count: int = 0
    shown_from: int = 0  # rows of the day before `entries` (a long day's later chunk)

    @property
    def remaining(self) -> int:
        """Rows of a long day not shown yet (loaded on demand)."""
        return max(self.count - self.shown_from - len(self.entries), 0)


# A page of the month list holds whole days, newest first, until it has at least this many entries.
PAGE_ENTRIES = 60
# A day longer than this shows its newest rows and its full total; the rest comes on demand.
DAY_ROWS = 100

ORDER = ("-spent_on", "-created_at", "-pk")


@dataclass
class DayPage:
    days: list[Day]
    total: int  # entries in the month (after filters)
    shown_before: int  # entries on the pages before this one
    next_day: dt.date | None  # the newest day of the next page
    expense: int = 0  # the month's sums (after filters)
    income: int = 0

    @property
    def shown(self) -> int:
        return self.shown_before + sum(day.count for day in self.days)

    @property
    def remaining(self) -> int:
        return self.total - self.shown


def day_page(
    *,
    household_id: int,
    start: dt.date,
    end: dt.date,
    category_slug: str | None = None,
    member_id: int | None = None,
    payment: str | int | None = None,
    from_day: dt.date | None = None,
    through: dt.date | None = None,
    size: int | None = None,
) -> DayPage:
    """Whole days from `from_day` (or the newest) back until `size` entries, and at least through `through`.

    Two queries whatever the month holds: the per-day counts and totals (GROUP BY), then the entries of
    the chosen days. A day's total is the whole day's, even when the day is long.
    """
    filtered = entry_list(
        household_id=household_id,
        start=start,
        end=end,
        category_slug=category_slug,
        member_id=member_id,
        payment=payment,
    )
    summaries = list(
        filtered.order_by().values_list("spent_on").annotate(count=Count("pk"), **live_sums()).order_by("-spent_on")
    )
    total = sum(row[1] for row in summaries)
    size = size or PAGE_ENTRIES
    before = taken = 0
    chosen: list[Day] = []
    next_day = None
    for spent_on, count, expense, income in summaries:
        if from_day is not None and spent_on > from_day:
            before += count
            continue
        if taken >= size and (through is None or spent_on < through):
            next_day = spent_on
            break
        chosen.append(Day(spent_on, expense=expense, income=income, count=count))
        taken += min(count, DAY_ROWS)
    if chosen:
        by_date = {day.date: day for day in chosen}
        rows = filtered.filter(spent_on__range=(chosen[-1].date, chosen[0].date))
        if any(day.count > DAY_ROWS for day in chosen):
            # Only a long day's first rows: numbered within their day, in the list's order (one query still).
            rows = rows.annotate(
                row_in_day=Window(
                    RowNumber(), partition_by=[F("spent_on")], order_by=[F("created_at").desc(), F("pk").desc()]
                )
            ).filter(row_in_day__lte=DAY_ROWS)
        for entry in rows:
            by_date[entry.spent_on].entries.append(entry)
    return DayPage(
        days=chosen,
        total=total,
        shown_before=before,
        next_day=next_day,
        expense=sum(row[2] for row in summaries),
        income=sum(row[3] for row in summaries),
    )


# What every sum of the ledger counts: live entries (a cancelled payment counts in none), by kind.
LIVE = Q(cancelled_at__isnull=True)
LIVE_EXPENSE = LIVE & Q(kind=CategoryKind.EXPENSE)
LIVE_INCOME = LIVE & Q(kind=CategoryKind.INCOME)


def live_sums(where: Q | None = None) -> dict[str, Sum]:
    """`expense` and `income` aggregates over live entries (within `where`, when given)."""
    expense, income = (LIVE_EXPENSE, LIVE_INCOME) if where is None else (where & LIVE_EXPENSE, where & LIVE_INCOME)
    return {
        "expense": Sum("amount_krw", filter=expense, default=0),
        "income": Sum("amount_krw", filter=income, default=0),
    }


def period_totals(*, household_id: int, start: dt.date, end: dt.date) -> dict[str, int]:
    """The period's sums; a cancelled payment counts in none."""
    return Entry.objects.filter(household_id=household_id, spent_on__range=(start, end)).aggregate(**live_sums())


def day_rows(
    *,
    household_id: int,
    day: dt.date,
    after: tuple[dt.datetime, int] | None = None,
    category_slug: str | None = None,
    member_id: int | None = None,
    payment: str | int | None = None,
    size: int | None = None,
) -> Day:
    """The next rows of one long day after the row `after` (its created_at and id), with the whole day's
    count and sums (two queries). Rows written or deleted meanwhile move no row in or out of the chunk."""
    filters = {"category_slug": category_slug, "member_id": member_id, "payment": payment}
    rows = entry_list(household_id=household_id, start=day, end=day, **filters)
    older = Q()
    if after is not None:
        created_at, pk = after
        older = Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk)
    summary = rows.order_by().aggregate(
        count=Count("pk"),
        left=Count("pk", filter=older),
        **live_sums(),
    )
    chunk = Day(day, count=summary["count"], expense=summary["expense"], income=summary["income"])
    chunk.shown_from = summary["count"] - summary["left"]
    chunk.entries = list(rows.filter(older)[: size or DAY_ROWS])
    return chunk


def day_summaries(
    *,
    household_id: int,
    days: list[dt.date],
    category_slug: str | None = None,
    member_id: int | None = None,
    payment: str | int | None = None,
) -> dict[dt.date, Day]:
    """Count and sums of each of these days (after filters), in one GROUP BY; a day without rows is absent."""
    if not days:
        return {}
    rows = (
        entry_list(
            household_id=household_id,
            start=min(days),
            end=max(days),
            category_slug=category_slug,
            member_id=member_id,
            payment=payment,
        )
        .filter(spent_on__in=days)
        .order_by()
        .values_list("spent_on")
        .annotate(count=Count("pk"), **live_sums())
    )
    return {
        spent_on: Day(spent_on, count=count, expense=expense, income=income)
        for spent_on, count, expense, income in rows
    }


def period_and_day_sums(
    *, household_id: int, start: dt.date, end: dt.date, days: list[dt.date]
) -> tuple[dict[str, int], dict[dt.date, Day]]:
    """The period's totals and each of these days' count and sums, unfiltered, in one aggregate.

    What a write's answer needs when the list shows every entry: the month head and the touched days'
    headers from a single statement over the period's index range.
    """
    sums = live_sums()
    for index, day in enumerate(days):
        on = Q(spent_on=day)
        day_sums = live_sums(on)
        sums[f"c{index}"] = Count("pk", filter=on)
        sums[f"e{index}"] = day_sums["expense"]
        sums[f"i{index}"] = day_sums["income"]
    row = Entry.objects.filter(household_id=household_id, spent_on__range=(start, end)).aggregate(**sums)
    by_day = {
        day: Day(day, count=row[f"c{index}"], expense=row[f"e{index}"], income=row[f"i{index}"])
        for index, day in enumerate(days)
        if row[f"c{index}"]
    }
    return {"expense": row["expense"], "income": row["income"]}, by_day


def entry_matches(entry: Entry, *, category_slug=None, member_id=None, payment=None) -> bool:
    """Whether the list's filters (as `entry_list` applies them) keep this entry."""
    if category_slug and entry.category.slug != category_slug:
        return False
    if member_id and entry.paid_by_id != member_id:
        return False
    if isinstance(payment, int):
        return entry.payment_method_id == payment
    if payment == "none":
        return entry.payment_method_id is None
    if payment:
        return entry.payment_method_id is not None and entry.payment_method.kind == payment
    return True


def day_totals(*, household_id: int, start: dt.date, end: dt.date) -> dict[dt.date, tuple[int, int]]:
    """Each day's (spending, income) in one GROUP BY; days without records are left out, cancelled payments
    count in neither (as everywhere the month is summed)."""
    rows = (
        Entry.objects.filter(household_id=household_id, spent_on__range=(start, end), cancelled_at__isnull=True)
        .order_by()
        .values_list("spent_on")
        .annotate(**live_sums())
    )
    return {spent_on: (expense, income) for spent_on, expense, income in rows}
