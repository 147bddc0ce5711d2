"""Template helpers for money on the stats pages, and the budget bars the month page shows."""

from django import template
from django.utils import timezone

from expenses.budgets.selectors import budget_outlook, budget_usage_for
from expenses.money import num, short_won, won
from expenses.stats.queries import BUDGET_WARN_PERCENT

register = template.Library()


# The same formats the Python-built chart rows and the chat replies use.
register.filter("won", won)
register.filter("num", num)
register.filter("short_won", short_won)


@register.filter
def absolute(value: int | None) -> int:
    return abs(int(value or 0))


@register.inclusion_tag("expenses/budget_bars.html", takes_context=True)
def budget_bars(context, period, without_total=False):
    """Spent / budget for the household's period (the month page); nothing when no budget is set.
    `without_total`: the categories only, where the headline card already shows the total budget."""
    membership = context.get("membership")
    if membership is None or period is None:
        return {"usages": [], "period": period}
    usages = budget_usage_for(household_id=membership.household_id, period=period)
    if without_total:
        usages = [u for u in usages if u.category_id is not None]
    return {"usages": usages, "period": period, "title": "분류별 예산" if without_total else None}


@register.simple_tag(takes_context=True)
def month_outlook(context, period, totals):
    """The total budget's left and per-day figures for the month's head (one query; None without a budget)."""
    membership = context.get("membership")
    if membership is None or period is None or totals is None:
        return None
    return budget_outlook(
        household_id=membership.household_id, period=period, spent=totals["expense"], today=timezone.localdate()
    )


@register.filter
def warn_at(budget: int) -> int:
    """<meter low>: where a budget turns to a warning (80 %), as the budget bars draw it."""
    return int(budget) * BUDGET_WARN_PERCENT // 100
