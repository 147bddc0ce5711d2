"""Reads on budgets: how much of each one a period has used."""

import datetime as dt
from dataclasses import dataclass

from households.periods import Period

from ..models import Budget
from ..stats.queries import BudgetUsage, budget_lookup, budget_usages, category_lookup, spent_by_category


def budget_usage_for(*, household_id: int, period: Period) -> list[BudgetUsage]:
    """Spent / budget for the period: one query without budgets, three with."""
    budgets = budget_lookup(household_id=household_id)
    if not budgets:
        return []
    spent = spent_by_category(household_id=household_id, start=period.start, end=period.end)
    return budget_usages(budgets=budgets, spent=spent, categories=category_lookup(household_id=household_id))


def budget_amounts(*, household_id: int) -> dict[int | None, int]:
    """Category id (None: the total) → monthly amount."""
    return dict(Budget.objects.filter(household_id=household_id).values_list("category_id", "amount_krw"))


@dataclass(frozen=True)
class BudgetOutlook:
    """What the month's head says about the total budget: what is left and, while the period runs, per day."""

    budget: int
    spent: int
    when: str  # "past", "current" or "future", against today
    days_left: int  # today included; 0 outside the current period

    @property
    def left(self) -> int:
        return self.budget - self.spent

    @property
    def per_day(self) -> int | None:
        """Whole won a day until the period ends (today included); None when nothing is left or it is not running."""
        if self.when != "current" or self.left <= 0:
            return None
        return self.left // self.days_left

    @property
    def percent(self) -> int:
        return self.spent * 100 // self.budget if self.budget else 0


def budget_outlook(*, budget: int | None, period: Period, spent: int, today: dt.date) -> BudgetOutlook | None:
    """The total budget against the period's spending; None when the household has no total budget."""
    if not budget:
        return None
    if today > period.end:
        return BudgetOutlook(budget, spent, "past", 0)
    if today < period.start:
        return BudgetOutlook(budget, spent, "future", 0)
    return BudgetOutlook(budget, spent, "current", (period.end - today).days + 1)


def month_head_budgets(
    *, household_id: int, period: Period, spent: int, today: dt.date
) -> tuple[BudgetOutlook | None, list[BudgetUsage]]:
    """The month's head: the total budget's outlook (from the month's own spending) and the categories' bars.
    One query without category budgets, three with, whatever the month holds."""
    budgets = budget_lookup(household_id=household_id)
    total = next((amount for category_id, amount in budgets if category_id is None), None)
    outlook = budget_outlook(budget=total, period=period, spent=spent, today=today)
    per_category = [(category_id, amount) for category_id, amount in budgets if category_id is not None]
    if not per_category:
        return outlook, []
    usages = budget_usages(
        budgets=per_category,
        spent=spent_by_category(household_id=household_id, start=period.start, end=period.end),
        categories=category_lookup(household_id=household_id),
    )
    return outlook, usages
