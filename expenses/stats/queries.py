"""Stats selectors: the GROUP BY queries behind the stats, year and budget views, returning plain data.

Every function here runs a fixed number of queries whatever the number of entries, aggregates in the
database and returns dataclasses of ints, strings and dates (picklable, so they can be cached).

The stats page (`month_stats`, uncached) runs exactly six statements, written out in `RAW_SQL`:
  1. category_history   — spending and income per category for this period and the six before it
  2. payer_day_totals   — per payer and day of the period (summed in Python into "by member" and "by day":
                          at most members × days rows, never one row per entry)
  3. categories lookup  — names and slugs of the household's categories
  4. members lookup     — labels of the household's members (former members included)
  5. budgets lookup     — the household's monthly budgets
  6. payment_totals     — every card and account of the household with what it paid in the period
A cancelled payment (`cancelled_at`) counts in none of them.
They are plain SQL that PostgreSQL and SQLite both run, executed through Django's cursor: building the
same statements with the ORM (a seven-branch CASE, conditional sums) cost ~4 ms of Python per page
miss, more than the aggregates themselves on a month of a few thousand entries. The benchmark times
these very statements from a bare client next to the page (`raw_sql_for_month`).
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When

from households.models import Category, CategoryKind, Household
from households.periods import Period, month_period

from ..models import Budget, Entry

logger = logging.getLogger(__name__)

HISTORY_MONTHS = 6
CACHE_VERSION = "v1"
BUDGET_WARN_PERCENT = 80
BUDGET_FULL_PERCENT = 100

EXPENSE = CategoryKind.EXPENSE
INCOME = CategoryKind.INCOME

# The stats page's statements. %(name)s placeholders; {filters} takes the
# optional payer and category conditions; see raw_sql_for_month().
RAW_SQL = {
    "category_history": """
        SELECT category_id, kind,
               CASE WHEN spent_on BETWEEN %(p0_start)s AND %(p0_end)s THEN 0
                    WHEN spent_on BETWEEN %(p1_start)s AND %(p1_end)s THEN 1
                    WHEN spent_on BETWEEN %(p2_start)s AND %(p2_end)s THEN 2
                    WHEN spent_on BETWEEN %(p3_start)s AND %(p3_end)s THEN 3
                    WHEN spent_on BETWEEN %(p4_start)s AND %(p4_end)s THEN 4
                    WHEN spent_on BETWEEN %(p5_start)s AND %(p5_end)s THEN 5
                    WHEN spent_on BETWEEN %(p6_start)s AND %(p6_end)s THEN 6 END AS bucket,
               SUM(amount_krw) AS amount, COUNT(*) AS count
        FROM expenses_entry
        WHERE household_id = %(household_id)s AND spent_on BETWEEN %(p6_start)s AND %(p0_end)s
          AND cancelled_at IS NULL{filters}
        GROUP BY category_id, kind, bucket""",
    "payer_day_totals": """
        SELECT paid_by_id, spent_on,
               COALESCE(SUM(amount_krw) FILTER (WHERE kind = 'expense'), 0) AS expense,
               COALESCE(SUM(amount_krw) FILTER (WHERE kind = 'income'), 0) AS income,
               COUNT(*) AS count
        FROM expenses_entry
        WHERE household_id = %(household_id)s AND spent_on BETWEEN %(p0_start)s AND %(p0_end)s
          AND cancelled_at IS NULL{filters}
        GROUP BY paid_by_id, spent_on""",
    "categories": """
        SELECT id, slug, name, kind, is_hidden, position FROM households_category
        WHERE household_id = %(household_id)s""",
    "members": """
        SELECT id, display_name, user_id, left_at FROM households_membership
        WHERE household_id = %(household_id)s ORDER BY joined_at, id""",
    "budgets": """
        SELECT category_id, amount_krw FROM expenses_budget WHERE household_id = %(household_id)s""",
    "payment_totals": """
        SELECT pm.id, pm.name, pm.kind, COALESCE(t.expense, 0) AS expense, COALESCE(t.count, 0) AS count
        FROM expenses_paymentmethod pm
        LEFT JOIN (
            SELECT payment_method_id,
                   COALESCE(SUM(amount_krw) FILTER (WHERE kind = 'expense'), 0) AS expense, COUNT(*) AS count
            FROM expenses_entry
            WHERE household_id = %(household_id)s AND spent_on BETWEEN %(p0_start)s AND %(p0_end)s
              AND cancelled_at IS NULL AND payment_method_id IS NOT NULL{filters}
            GROUP BY payment_method_id
        ) t ON t.payment_method_id = pm.id
        WHERE pm.household_id = %(household_id)s""",
}
STATS_PAGE_SQL = ("category_history", "payer_day_totals", "categories", "members", "budgets", "payment_totals")
# The payment filter: a kind of payment, "none" (not told), or one card's id (checked against the household).
PAYMENT_KINDS = ("credit", "check", "bank", "cash")
PAYMENT_FILTERS = {
    "kind": " AND payment_method_id IN (SELECT id FROM expenses_paymentmethod"
    " WHERE household_id = %(household_id)s AND kind = %(payment)s)",
    "none": " AND payment_method_id IS NULL",
    "id": " AND payment_method_id = %(payment)s",
}


def payment_filter_kind(payment: str | int | None) -> str | None:
    """Which PAYMENT_FILTERS condition a filter value means, or None for no filter."""
    if payment in (None, ""):
        return None
    if isinstance(payment, int):
        return "id"
    return "kind" if payment in PAYMENT_KINDS else "none" if payment == "none" else None


def history_periods(period: Period, start_day: int, months: int = HISTORY_MONTHS) -> list[Period]:
    """[this period, the one before, …] — months + 1 periods, newest first."""
    periods = [period]
    for _ in range(months):
        periods.append(periods[-1].previous(start_day))
    return periods


def days_into(period: Period, as_of: dt.date | None) -> int | None:
    """How many days of a running period have passed (today included); None for a period not running on `as_of`."""
    if as_of is None or not period.contains(as_of):
        return None
    return (as_of - period.start).days + 1


def compared_windows(period: Period, start_day: int, as_of: dt.date | None = None) -> list[tuple[dt.date, dt.date]]:
    """(start, end) of this period and of each one before it, newest first.

    While the period runs, the earlier ones are cut to as many days as have passed in it (a month-to-date
    figure against the same days of the month before, never against a whole month): 12/1–12/5 is compared
    with 11/1–11/5, 10/1–10/5, …; 1/1–1/31 of a 31-day month with the whole of a 28-day February.
    """
    days = days_into(period, as_of)
    windows = []
    for i, p in enumerate(history_periods(period, start_day)):
        end = p.end if i == 0 or days is None else min(p.start + dt.timedelta(days=days - 1), p.end)
        windows.append((p.start, end))
    return windows


def raw_sql_for_month(
    *,
    household_id: int,
    period: Period,
    start_day: int,
    member_id: int | None = None,
    category_id: int | None = None,
    payment: str | int | None = None,
    as_of: dt.date | None = None,
) -> list[tuple[str, dict]]:
    """The stats page's six statements with their parameters, to run with cursor.execute(sql, params).

    `payment`: a kind of payment ("credit", "check", "bank", "cash"), "none" for entries that do not say,
    or the id of one of the household's cards (the caller checks it is the household's).
    `as_of`: today; while the period runs, the earlier periods count only as many days (compared_windows).
    """
    params: dict = {"household_id": household_id, "member_id": member_id, "category_id": category_id}
    for i, (start, end) in enumerate(compared_windows(period, start_day, as_of)):
        params[f"p{i}_start"], params[f"p{i}_end"] = start, end
    filters = (" AND paid_by_id = %(member_id)s" if member_id else "") + (
        " AND category_id = %(category_id)s" if category_id else ""
    )
    payment_kind = payment_filter_kind(payment)
    if payment_kind is not None:
        filters += PAYMENT_FILTERS[payment_kind]
        params["payment"] = payment
    return [(RAW_SQL[name].replace("{filters}", filters), params) for name in STATS_PAGE_SQL]


def _fetch(statement: tuple[str, dict]) -> list[tuple]:
    sql, params = statement
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _date(value: dt.date | str) -> dt.date:
    """SQLite hands raw cursors ISO strings where PostgreSQL hands dates."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


# ---------------------------------------------------------------------------------------------- data


@dataclass(frozen=True)
class CategoryStat:
    category_id: int
    slug: str
    name: str
    kind: str
    amount: int  # this period
    count: int
    previous: int  # the period before
    median: int | None  # of the last six periods that had any record; None without history
    is_hidden: bool = False

    @property
    def change(self) -> int:
        return self.amount - self.previous


@dataclass(frozen=True)
class MemberStat:
    member_id: int
    label: str
    expense: int
    income: int
    count: int


@dataclass(frozen=True)
class PaymentStat:
    payment_method_id: int | None  # None: entries that do not say how they were paid
    name: str
    kind: str
    expense: int
    count: int


@dataclass(frozen=True)
class DayStat:
    day: dt.date
    expense: int
    income: int


@dataclass(frozen=True)
class BudgetUsage:
    category_id: int | None  # None: the total budget
    name: str
    spent: int
    budget: int

    @property
    def percent(self) -> int:
        return self.spent * 100 // self.budget

    @property
    def left(self) -> int:
        return self.budget - self.spent

    @property
    def state(self) -> str:
        if self.percent >= BUDGET_FULL_PERCENT:
            return "over"
        return "warn" if self.percent >= BUDGET_WARN_PERCENT else "ok"

    @property
    def warn_at(self) -> int:
        return self.budget * BUDGET_WARN_PERCENT // 100

    @property
    def high_at(self) -> int:
        """<meter high>: just under the budget so a meter at 100 % is drawn as over, not as a warning."""
        return max(self.budget - 1, self.warn_at)


@dataclass
class MonthStats:
    period: Period
    income: int = 0
    expense: int = 0
    count: int = 0
    previous_income: int = 0
    previous_expense: int = 0
    # While the period runs: the days compared (the first N days of each earlier period), and the previous
    # period's window. None/whole periods otherwise.
    compared_days: int | None = None
    previous_start: dt.date | None = None
    previous_end: dt.date | None = None
    history_months: int = 0  # how many earlier periods the medians are taken over
    categories: list[CategoryStat] = field(default_factory=list)  # expense, biggest first
    income_categories: list[CategoryStat] = field(default_factory=list)
    members: list[MemberStat] = field(default_factory=list)
    days: list[DayStat] = field(default_factory=list)  # every day of the period, zeros included
    budgets: list[BudgetUsage] = field(default_factory=list)
    # For the page's filters, from the same lookups: (member id, label) and (slug, name) of visible expense categories.
    member_options: list[tuple[int, str]] = field(default_factory=list)
    category_options: list[tuple[str, str]] = field(default_factory=list)
    # Spending per card and account, biggest first; "결제수단 미지정" last. The filter's choices: every card.
    payments: list[PaymentStat] = field(default_factory=list)
    payment_options: list[tuple[int, str]] = field(default_factory=list)

    @property
    def balance(self) -> int:
        return self.income - self.expense

    @property
    def is_empty(self) -> bool:
        return self.count == 0


@dataclass(frozen=True)
class YearMonth:
    period: Period
    expense: int
    income: int
    count: int

    @property
    def balance(self) -> int:
        return self.income - self.expense


# ------------------------------------------------------------------------------------------ queries


def _entries(household_id: int, start: dt.date, end: dt.date, *, member_id=None, category_id=None) -> QuerySet:
    """The entries every total counts: a cancelled payment stays listed on the month page, counted nowhere."""
    entries = Entry.objects.filter(household_id=household_id, spent_on__range=(start, end), cancelled_at__isnull=True)
    if member_id:
        entries = entries.filter(paid_by_id=member_id)
    if category_id:
        entries = entries.filter(category_id=category_id)
    return entries.order_by()


def _bucket(periods: list[Period]) -> Case:
    return Case(
        *[When(spent_on__range=(p.start, p.end), then=Value(i)) for i, p in enumerate(periods)],
        output_field=IntegerField(),
    )


def kind_sums() -> dict:
    return {
        "expense": Sum("amount_krw", filter=Q(kind=EXPENSE), default=0),
        "income": Sum("amount_krw", filter=Q(kind=INCOME), default=0),
    }


def category_lookup(*, household_id: int) -> dict[int, dict]:
    rows = Category.objects.filter(household_id=household_id).values(
        "id", "slug", "name", "kind", "is_hidden", "position"
    )
    return {row["id"]: row for row in rows}


def _member_label(display_name: str, user_id: int | None, left_at) -> str:
    """As the month page shows it ("(전 구성원)" for people who left)."""
    return display_name if user_id is not None and left_at is None else f"{display_name} (전 구성원)"


def budget_lookup(*, household_id: int) -> list[tuple[int | None, int]]:
    return list(Budget.objects.filter(household_id=household_id).values_list("category_id", "amount_krw"))


def spent_by_category(*, household_id: int, start: dt.date, end: dt.date) -> dict[int, int]:
    """Expense per category in a period (one GROUP BY), for budgets outside the stats page."""
    rows = (
        _entries(household_id, start, end)
        .filter(kind=EXPENSE)
        .values("category_id")
        .annotate(amount=Sum("amount_krw"))
        .values_list("category_id", "amount")
    )
    return dict(rows)


def year_totals(*, household_id: int, year: int, start_day: int) -> list[YearMonth]:
    periods = [month_period(year, month, start_day) for month in range(1, 13)]
    rows = (
        _entries(household_id, periods[0].start, periods[-1].end)
        .annotate(bucket=_bucket(periods))
        .values("bucket")
        .annotate(**kind_sums(), count=Count("pk"))
    )
    by_bucket = {row["bucket"]: row for row in rows}
    empty = {"expense": 0, "income": 0, "count": 0}
    return [
        YearMonth(
            p, by_bucket.get(i, empty)["expense"], by_bucket.get(i, empty)["income"], by_bucket.get(i, empty)["count"]
        )
        for i, p in enumerate(periods)
    ]


# ------------------------------------------------------------------------------------------ assembly


def _median(values: list[int]) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) // 2


def budget_usages(
    *, budgets: list[tuple[int | None, int]], spent: dict[int, int], categories: dict[int, dict]
) -> list[BudgetUsage]:
    """Total budget first, then categories in the household's order."""
    total = sum(spent.values())
    usages = []
    for category_id, amount in budgets:
        if category_id is None:
            usages.append(BudgetUsage(None, "전체 지출", total, amount))
        elif category_id in categories:
            usages.append(BudgetUsage(category_id, categories[category_id]["name"], spent.get(category_id, 0), amount))
    return sorted(
        usages, key=lambda u: (u.category_id is not None, categories.get(u.category_id, {}).get("position", 0))
    )


def month_stats(
    *,
    household_id: int,
    period: Period,
    start_day: int,
    member_id: int | None = None,
    category_id: int | None = None,
    payment: str | int | None = None,
    as_of: dt.date | None = None,
) -> MonthStats:
    """Everything the stats page shows for one period, uncached (the six statements of RAW_SQL).

    With `as_of` (today) inside the period, "last month" and the medians are the same number of days into
    each earlier period (compared_windows)."""
    statements = raw_sql_for_month(
        household_id=household_id,
        period=period,
        start_day=start_day,
        member_id=member_id,
        category_id=category_id,
        payment=payment,
        as_of=as_of,
    )
    history, payer_days, category_rows, member_rows, budget_rows, payment_rows = (
        _fetch(statement) for statement in statements
    )
    categories = {
        pk: {"id": pk, "slug": slug, "name": name, "kind": kind, "is_hidden": bool(hidden), "position": position}
        for pk, slug, name, kind, hidden, position in category_rows
    }
    labels = {pk: _member_label(name, user_id, left_at) for pk, name, user_id, left_at in member_rows}
    budgets = [(category_pk, int(amount)) for category_pk, amount in budget_rows]

    stats = MonthStats(period=period, compared_days=days_into(period, as_of))
    stats.previous_start, stats.previous_end = compared_windows(period, start_day, as_of)[1]
    # amounts[(kind, category_id)][bucket]
    amounts: dict[tuple[str, int], dict[int, int]] = {}
    counts: dict[tuple[str, int], int] = {}
    buckets_with_records = set()
    for row_category_id, kind, bucket, amount, count in history:
        if bucket is None:
            continue  # the later days of an earlier period, beyond the days compared
        amount = int(amount)  # PostgreSQL sums bigints into numerics
        buckets_with_records.add(bucket)
        amounts.setdefault((kind, row_category_id), {})[bucket] = amount
        if bucket == 0:
            counts[(kind, row_category_id)] = count
            stats.count += count
            if kind == EXPENSE:
                stats.expense += amount
            else:
                stats.income += amount
        elif bucket == 1:
            if kind == EXPENSE:
                stats.previous_expense += amount
            else:
                stats.previous_income += amount

    # Medians only over periods since the household started recording, so a new household's
    # empty past does not drag them to zero; quiet months after that count as zero.
    earlier = [b for b in buckets_with_records if b >= 1]
    history_buckets = list(range(1, max(earlier) + 1)) if earlier else []
    stats.history_months = len(history_buckets)

    for (kind, row_category_id), by_bucket in amounts.items():
        category = categories.get(row_category_id)
        if category is None:  # cannot happen with the PROTECT foreign key; keeps the page up if it does
            continue
        category_stat = CategoryStat(
            category_id=row_category_id,
            slug=category["slug"],
            name=category["name"],
            kind=kind,
            amount=by_bucket.get(0, 0),
            count=counts.get((kind, row_category_id), 0),
            previous=by_bucket.get(1, 0),
            median=_median([by_bucket.get(b, 0) for b in history_buckets]),
            is_hidden=category["is_hidden"],
        )
        (stats.categories if kind == EXPENSE else stats.income_categories).append(category_stat)
    order = lambda c: (-c.amount, -c.previous, categories[c.category_id]["position"])  # noqa: E731
    stats.categories.sort(key=order)
    stats.income_categories.sort(key=order)

    by_member: dict[int, list[int]] = {}  # [expense, income, count]
    by_day: dict[dt.date, list[int]] = {}  # [expense, income]
    for paid_by_id, spent_on, expense, income, count in payer_days:
        expense, income = int(expense), int(income)
        member = by_member.setdefault(paid_by_id, [0, 0, 0])
        member[0] += expense
        member[1] += income
        member[2] += count
        day = by_day.setdefault(_date(spent_on), [0, 0])
        day[0] += expense
        day[1] += income
    stats.members = sorted(
        (MemberStat(pk, labels.get(pk, "?"), *totals) for pk, totals in by_member.items()),
        key=lambda m: (-m.expense, -m.income, m.member_id),
    )
    stats.days = [
        DayStat(day, *by_day.get(day, (0, 0)))
        for day in (period.start + dt.timedelta(days=i) for i in range(period.days))
    ]
    stats.payments, stats.payment_options = _payments(payment_rows, stats.expense)
    if member_id is None and category_id is None and payment_filter_kind(payment) is None:
        spent = {c.category_id: c.amount for c in stats.categories}
        stats.budgets = budget_usages(budgets=budgets, spent=spent, categories=categories)
    stats.member_options = list(labels.items())
    stats.category_options = [
        (c["slug"], c["name"])
        for c in sorted(categories.values(), key=lambda c: (c["position"], c["id"]))
        if c["kind"] == EXPENSE and not c["is_hidden"]
    ]
    return stats


def _payments(rows: list[tuple], expense: int) -> tuple[list[PaymentStat], list[tuple[int, str]]]:
    """Cards that paid something, biggest first, then what no card or account paid ("미지정")."""
    methods = [PaymentStat(pk, name, kind, int(spent), int(count)) for pk, name, kind, spent, count in rows]
    options = [
        (m.payment_method_id, m.name) for m in sorted(methods, key=lambda m: (m.kind, m.name, m.payment_method_id))
    ]
    paid = sorted((m for m in methods if m.expense), key=lambda m: (-m.expense, m.name))
    untold = expense - sum(m.expense for m in paid)
    if paid and untold > 0:
        paid.append(PaymentStat(None, "결제수단 미지정", "", untold, 0))
    return paid, options


def stats_cache_key(
    *, household: Household, period: Period, member_id=None, category_id=None, payment: str | int | None = None
) -> str:
    """The data version makes every write invalidate at once; nothing is ever deleted."""
    return ":".join(
        str(part)
        for part in (
            "stats",
            CACHE_VERSION,
            household.pk,
            household.data_version,
            household.month_start_day,
            period.key,
            member_id or "-",
            category_id or "-",
            payment or "-",
        )
    )


def cached[T](key: str, compute: Callable[[], T]) -> T:
    """compute() through the cache with the stats TTL; a cache that is down only costs the computation."""
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("stats cache unavailable on read", exc_info=True)
        value = None
    if value is not None:
        return value
    value = compute()
    try:
        cache.set(key, value, settings.STATS_CACHE_TTL_SECONDS)
    except Exception:
        logger.warning("stats cache unavailable on write", exc_info=True)
    return value


def month_stats_cached(
    *, household: Household, period: Period, member_id: int | None = None, category_id: int | None = None
) -> MonthStats:
    key = stats_cache_key(household=household, period=period, member_id=member_id, category_id=category_id)
    return cached(
        key,
        lambda: month_stats(
            household_id=household.pk,
            period=period,
            start_day=household.month_start_day,
            member_id=member_id,
            category_id=category_id,
        ),
    )
