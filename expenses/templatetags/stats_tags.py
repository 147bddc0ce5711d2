"""Template helpers for money on the stats pages, and the budget bars the month page shows."""

from django import template
from django.utils import timezone

from expenses.budgets.selectors import budget_usage_for, month_head_budgets
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
def budget_bars(context, period):
    """Spent / budget for the household's period (the month page); nothing when no budget is set."""
    membership = context.get("membership")
    if membership is None or period is None:
        return {"usages": [], "period": period}
    return {"usages": budget_usage_for(household_id=membership.household_id, period=period), "period": period}


@register.simple_tag(takes_context=True)
def month_budgets(context, period, totals):
    """(total budget outlook or None, category budget bars) for the month's head, at a cost that does not grow
    with the month (see month_head_budgets)."""
    membership = context.get("membership")
    if membership is None or period is None or totals is None:
        return None, []
    return month_head_budgets(
        household_id=membership.household_id, period=period, spent=totals["expense"], today=timezone.localdate()
    )


@register.filter
def warn_at(budget: int) -> int:
    """<meter low>: where a budget turns to a warning (80 %), as the budget bars draw it."""
    return int(budget) * BUDGET_WARN_PERCENT // 100
