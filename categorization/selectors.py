"""Reads on categorization: what Claude cost a household this month."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone

from households.models import Household

from .models import LLMCall


def llm_budget_usd(*, household: Household) -> Decimal:
    return household.llm_monthly_budget_usd or Decimal(settings.LLM_MONTHLY_BUDGET_USD)


def llm_spend_this_month(*, household: Household) -> dict:
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    totals = LLMCall.objects.filter(household=household, created_at__gte=month_start).aggregate(
        cost=Sum("cost_usd", default=Decimal(0)), calls=Count("pk")
    )
    budget = llm_budget_usd(household=household)
    return {
        "cost_usd": totals["cost"],
        "calls": totals["calls"],
        "budget_usd": budget,
        "exhausted": totals["cost"] >= budget,
    }
