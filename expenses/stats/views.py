"""The stats pages: a month's spending by category, member and day, and the year at a glance."""

import time
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from homenrich.htmx import partial_or_page
from households.access import household_view, period_or_404
from households.models import Category, Household
from households.periods import Period
from households.selectors import categories_for, member_of_household

from ..payments.selectors import PAYMENT_FILTER_WORDS, payment_filter
from . import charts, markup
from .queries import cached, month_stats, stats_cache_key, year_totals

STATS = "expenses/stats.html"
YEAR = "expenses/year.html"


@require_GET
@household_view()
def stats_current(request: HttpRequest) -> HttpResponse:
    return redirect("stats", key=period_or_404(request.membership, None).key)


def _stats_filters(request: HttpRequest, household: Household) -> tuple[int | None, Category | None]:
    member_id = request.GET.get("member") or None
    if member_id is not None:
        member_id = member_of_household(household_id=household.pk, pk=member_id).pk
    category = None
    slug = request.GET.get("category") or None
    if slug is not None:
        category = categories_for(household_id=household.pk, include_hidden=True).filter(slug=slug).first()
        if category is None:
            raise Http404("없는 분류예요.")
    return member_id, category


@require_GET
@household_view()
def stats(request: HttpRequest, key: str) -> HttpResponse:
    """The month's stats. The rendered body is cached under the data version, so a warm page costs the
    session/user/membership lookups only; a miss runs the five statements of month_stats."""
    household = request.membership.household
    period = period_or_404(request.membership, key)
    member_id, category = _stats_filters(request, household)
    category_id = category.pk if category else None
    payment = payment_filter(household_id=household.pk, value=request.GET.get("pay"))
    current_key = period_or_404(request.membership, None).key
    today = timezone.localdate()
    # Only a swap into #stats-body gets the bare fragment; htmx's history restore asks for the full page.
    htmx = bool(request.htmx) and request.htmx.target == "stats-body"
    html_key = ":".join(
        [
            stats_cache_key(
                household=household, period=period, member_id=member_id, category_id=category_id, payment=payment
            ),
            "html",
            current_key,
            # A running period is compared day for day with the ones before: the answer changes with the date.
            today.isoformat() if period.contains(today) else "-",
            "htmx" if htmx else "page",
        ]
    )
    computed = False

    def compute() -> str:
        nonlocal computed
        computed = True
        context = _stats_context(
            household, period, member_id, category, payment=payment, current_key=current_key, htmx=htmx, today=today
        )
        return render_to_string(f"{STATS}#stats-body", context)

    started = time.perf_counter()
    body = cached(html_key, compute)
    elapsed_ms = (time.perf_counter() - started) * 1000
    page = {"period": period, "stats_body": mark_safe(body)}  # noqa: S308 - our own render
    response = HttpResponse(body) if htmx else render(request, STATS, page)
    # What the stats themselves cost in this response (the browser's network panel shows it).
    response["Server-Timing"] = f'stats;dur={elapsed_ms:.2f};desc="{"computed" if computed else "cache"}"'
    return response


def _stats_context(
    household: Household,
    period: Period,
    member_id: int | None,
    category: Category | None,
    *,
    payment: str | int | None = None,
    current_key: str,
    htmx: bool,
    today=None,
) -> dict:
    data = month_stats(
        household_id=household.pk,
        period=period,
        start_day=household.month_start_day,
        member_id=member_id,
        category_id=category.pk if category else None,
        payment=payment,
        as_of=today,
    )
    bars, day_width = charts.day_bars(data.days)
    slices = charts.donut(data.categories)
    comparison = charts.comparison_rows(data.categories)
    filters = {"member_id": member_id, "category_slug": category.slug if category else None, "payment": payment}
    query = {
        name: value
        for name, value in (("member", member_id), ("category", filters["category_slug"]), ("pay", payment))
        if value
    }
    top = max((p.expense for p in data.payments), default=0)
    return {
        "htmx": htmx,
        "period": period,
        "previous_period": period.previous(household.month_start_day),
        "next_period": period.next(household.month_start_day),
        "current_key": current_key,
        "stats": data,
        "slices": slices,
        "comparison": comparison,
        "member_rows": charts.member_rows(data.members),
        "markup": {
            "slices": markup.donut_slices(slices),
            "comparison": markup.comparison_list(comparison),
            "category_rows": markup.category_table_rows(data.categories, reverse("stats", args=[period.key])),
            "day_bars": markup.day_bars(bars),
            "day_rows": markup.day_table_rows(data.days),
        },
        "day_chart_width": day_width,
        "busiest_day": max(data.days, key=lambda d: d.expense) if data.expense else None,
        "expense_change": charts.percent_change(data.expense, data.previous_expense),
        "filters": filters,
        "filter_query": urlencode(query),
        "payment_words": list(PAYMENT_FILTER_WORDS.items()),
        "payment_label": _payment_label(payment, data),
        "payment_rows": [(p, p.expense * 100 // top if top else 0) for p in data.payments],
    }


def _payment_label(payment: str | int | None, data) -> str:
    if payment is None:
        return ""
    if isinstance(payment, int):
        return next((name for pk, name in data.payment_options if pk == payment), "")
    return PAYMENT_FILTER_WORDS[payment]


@require_GET
@household_view()
def stats_year(request: HttpRequest, year: int) -> HttpResponse:
    if not 2000 <= year <= 2100:
        raise Http404("없는 해예요.")
    household = request.membership.household
    months = year_totals(household_id=household.pk, year=year, start_day=household.month_start_day)
    context = {
        "year": year,
        "months": months,
        "bars": charts.year_bars(months),
        "expense": sum(m.expense for m in months),
        "income": sum(m.income for m in months),
        "count": sum(m.count for m in months),
        "current_key": period_or_404(request.membership, None).key,
    }
    context["balance"] = context["income"] - context["expense"]
    return render(request, partial_or_page(request, YEAR, "year-body"), context)
