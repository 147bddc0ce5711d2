"""Reads on budgets: how much of each one a period has used."""

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
