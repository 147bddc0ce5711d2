"""The month as a calendar: each day's spending and income, a tap opening that day on the month page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from homenrich.htmx import partial_or_page
from households.access import household_view, period_or_404

from ..entries.selectors import day_totals
from .grid import WEEKDAYS, calendar_weeks

TEMPLATE = "expenses/calendar.html"


@require_GET
@household_view()
def calendar_current(request: HttpRequest) -> HttpResponse:
    return redirect("calendar", key=period_or_404(request.membership, None).key)


@require_GET
@household_view()
def calendar(request: HttpRequest, key: str) -> HttpResponse:
    household = request.membership.household
    period = period_or_404(request.membership, key)
    totals = day_totals(household_id=household.pk, start=period.start, end=period.end)
    today = timezone.localdate()
    context = {
        "period": period,
        "previous_period": period.previous(household.month_start_day),
        "next_period": period.next(household.month_start_day),
        "current_key": period_or_404(request.membership, None).key,
        "weekdays": WEEKDAYS,
        "weeks": calendar_weeks(period, totals, today),
        "expense": sum(expense for expense, _ in totals.values()),
        "income": sum(income for _, income in totals.values()),
    }
    return render(request, partial_or_page(request, TEMPLATE, "calendar-body"), context)
