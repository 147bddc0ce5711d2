"""Monthly budgets: setting them, and the 80 % / 100 % alerts recorded once per period."""

import datetime as dt
import logging
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from homenrich.errors import Refused
from households.actors import Actor
from households.models import Category, CategoryKind, Household
from households.periods import Period, period_containing

from ..models import MAX_AMOUNT_KRW, Budget, BudgetAlert
from ..signals import budget_alert_recorded
from ..stats.queries import BUDGET_FULL_PERCENT, BUDGET_WARN_PERCENT, budget_lookup, spent_by_category

logger = logging.getLogger(__name__)

THRESHOLDS = (BUDGET_WARN_PERCENT, BUDGET_FULL_PERCENT)


# ------------------------------------------------------------------------------------------ writes


@transaction.atomic
def budgets_set(*, by: Actor, amounts: dict[int | None, int | None]) -> None:
    """Sets the monthly budget of each category id (None: the total); an empty amount removes it."""
    if not by.can_manage:
        raise Refused("예산은 소유자와 관리자만 바꿀 수 있어요.")
    household_id = by.household_id
    expense_ids = set(
        Category.objects.filter(household_id=household_id, kind=CategoryKind.EXPENSE).values_list("pk", flat=True)
    )
    unknown = {c for c in amounts if c is not None and c not in expense_ids}
    if unknown:
        raise Refused("이 가구의 지출 분류에만 예산을 정할 수 있어요.")
    if any(amount is not None and amount != 0 and not 0 < amount <= MAX_AMOUNT_KRW for amount in amounts.values()):
        raise Refused("예산은 1원부터 1조 원 미만까지 정할 수 있어요.")
    existing = {b.category_id: b for b in Budget.objects.select_for_update().filter(household_id=household_id)}
    for category_id, amount in amounts.items():
        budget = existing.get(category_id)
        if not amount:
            if budget:
                budget.delete()
        elif budget is None:
            Budget.objects.create(household_id=household_id, category_id=category_id, amount_krw=amount)
        elif budget.amount_krw != amount:
            budget.amount_krw = amount
            budget.save(update_fields=["amount_krw", "updated_at"])
    # A budget set below what is already spent is crossed now.
    budgets_check_later(household_id=household_id, days=[timezone.localdate()])


def budgets_check_later(*, household_id: int, days: list[dt.date]) -> None:
    """After the current transaction commits, records the alerts the written entries caused.

    Robust: a failure here is logged and never undoes or fails the write that triggered it.
    """
    days = sorted(set(days))
    if days:
        transaction.on_commit(partial(_check_quietly, household_id, days), robust=True)


def _check_quietly(household_id: int, days: list[dt.date]) -> None:
    try:
        budgets_check(household_id=household_id, days=days)
    except Exception:
        logger.exception("budget check failed for household %s", household_id)


def budgets_check(*, household_id: int, days: list[dt.date], today: dt.date | None = None) -> list[BudgetAlert]:
    """Records each newly crossed threshold once per (household, category or total, period, threshold).

    Only this period and the one before are checked: a correction to an old month is not news.
    When one write crosses 80 % and 100 % together, both are recorded but only the 100 % alert is
    announced (sent through `budget_alert_recorded` after commit).
    """
    budgets = budget_lookup(household_id=household_id)
    if not budgets:  # most households: one query per write, and done
        return []
    household = Household.objects.only("pk", "month_start_day").get(pk=household_id)
    start_day = household.month_start_day
    current = period_containing(today or timezone.localdate(), start_day)
    relevant = {current.key: current, current.previous(start_day).key: current.previous(start_day)}
    periods = {period_containing(day, start_day).key for day in days} & set(relevant)
    if not periods:
        return []
    recorded: list[BudgetAlert] = []
    with transaction.atomic():
        for key in sorted(periods):
            recorded += _check_period(household_id, relevant[key], budgets)
    return recorded


def _check_period(household_id: int, period: Period, budgets: list[tuple[int | None, int]]) -> list[BudgetAlert]:
    spent = spent_by_category(household_id=household_id, start=period.start, end=period.end)
    total = sum(spent.values())
    already = set(
        BudgetAlert.objects.filter(household_id=household_id, period_key=period.key).values_list(
            "category_id", "threshold"
        )
    )
    recorded = []
    for category_id, amount in budgets:
        used = total if category_id is None else spent.get(category_id, 0)
        new = []
        for threshold in THRESHOLDS:
            if used * 100 < amount * threshold or (category_id, threshold) in already:
                continue
            alert = _alert_create(household_id, category_id, period, threshold, used, amount)
            if alert is not None:
                new.append(alert)
        if new:
            transaction.on_commit(partial(_announce, new[-1]), robust=True)
            recorded += new
    return recorded


def _alert_create(
    household_id: int, category_id: int | None, period: Period, threshold: int, spent: int, budget: int
) -> BudgetAlert | None:
    """Insert-or-skip: a concurrent check that got there first wins through the unique constraint."""
    try:
        with transaction.atomic():
            return BudgetAlert.objects.create(
                household_id=household_id,
                category_id=category_id,
                period_key=period.key,
                period_start=period.start,
                period_end=period.end,
                threshold=threshold,
                spent_krw=spent,
                budget_krw=budget,
            )
    except IntegrityError:
        return None


def _announce(alert: BudgetAlert) -> None:
    budget_alert_recorded.send(sender=BudgetAlert, alert=alert)
