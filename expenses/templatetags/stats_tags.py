"""Template helpers for money on the stats pages, and the budget bars the month page shows."""

from django import template

from expenses.budgets import budget_usage_for

register = template.Library()


@register.filter
def won(amount: int | None) -> str:
    """12300 → "12,300원"."""
    return f"{int(amount or 0):,}원"


@register.filter
def num(amount: int | None) -> str:
    """12300 → "12,300" (floatformat's localisation is needlessly slow for plain ints)."""
    return f"{int(amount or 0):,}"


@register.filter
def short_won(amount: int | None) -> str:
    """For tight spots (the donut's centre): 9,800원 · 12.3만원 · 1.2억원."""
    amount = int(amount or 0)
    sign, amount = ("-", -amount) if amount < 0 else ("", amount)
    if amount < 10_000:
        return f"{sign}{amount:,}원"
    if amount < 100_000_000:
        text = f"{amount / 10_000:,.1f}".removesuffix(".0")
        return f"{sign}{text}만원"
    text = f"{amount / 100_000_000:,.1f}".removesuffix(".0")
    return f"{sign}{text}억원"


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
