"""Reads on recurring rules, always starting from the household."""

from django.db.models import QuerySet
from django.http import Http404

from ..models import RecurringRule


def rules_for(*, household_id: int) -> QuerySet[RecurringRule]:
    return (
        RecurringRule.objects.filter(household_id=household_id)
        .select_related("category", "paid_by")
        .order_by("day_of_month", "memo", "pk")
    )


def rule_get(*, household_id: int, pk: int | str) -> RecurringRule:
    try:
        return rules_for(household_id=household_id).get(pk=int(pk))
    except (RecurringRule.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
