"""Stats, year view, memo search, budgets, recurring rules and export/import pages (full pages and HTMX fragments)."""

import datetime as dt
import json
import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from households.access import household_view
from households.models import Category, Household
from households.periods import Period, parse_period_key, period_containing
from households.selectors import SESSION_KEY, categories_for, member_of_household, membership_for_request

from . import chart_markup, charts
from .budgets import BudgetError, budgets_set
from .exports import HouseholdImportError, entries_csv, household_export, household_import
from .models import Budget
from .recurring import (
    RecurringError,
    recurring_rule_create,
    recurring_rule_delete,
    recurring_rule_update,
    rule_get,
    rules_for,
)
from .stats import (
    cached,
    memo_search,
    memo_search_totals,
    month_stats,
    month_stats_cached,
    stats_cache_key,
    year_totals,
)
from .stats_forms import BudgetForm, ExportRangeForm, ImportForm, RecurringRuleForm, SearchForm

STATS = "expenses/stats.html"
YEAR = "expenses/year.html"
SEARCH = "expenses/search.html"
BUDGETS = "expenses/budgets.html"
RECURRING = "expenses/recurring.html"
EXPORT = "expenses/stats_export.html"
SEARCH_PAGE_SIZE = 30


def _today() -> dt.date:
    return timezone.localdate()


def _period(household: Household, key: str | None) -> Period:
    if key is None:
        return period_containing(_today(), household.month_start_day)
    period = parse_period_key(key, household.month_start_day)
    if period is None:
        raise Http404("없는 달이에요.")
    return period


def _fragment(request: HttpRequest, template: str, target: str) -> str:
    return f"{template}#{target}" if request.htmx and request.htmx.target == target else template


# ---------------------------------------------------------------------------------------- stats


@require_GET
@household_view()
def stats_current(request: HttpRequest) -> HttpResponse:
    return redirect("stats", key=_period(request.membership.household, None).key)


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
    period = _period(household, key)
    member_id, category = _stats_filters(request, household)
    category_id = category.pk if category else None
    current_key = _period(household, None).key
    # Only a swap into #stats-body gets the bare fragment; htmx's history restore asks for the full page.
    htmx = bool(request.htmx) and request.htmx.target == "stats-body"
    html_key = ":".join(
        [
            stats_cache_key(household=household, period=period, member_id=member_id, category_id=category_id),
            "html",
            current_key,
            "htmx" if htmx else "page",
        ]
    )
    computed = False

    def compute() -> str:
        nonlocal computed
        computed = True
        context = _stats_context(household, period, member_id, category, current_key=current_key, htmx=htmx)
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
    current_key: str,
    htmx: bool,
) -> dict:
    data = month_stats(
        household_id=household.pk,
        period=period,
        start_day=household.month_start_day,
        member_id=member_id,
        category_id=category.pk if category else None,
    )
    bars, day_width = charts.day_bars(data.days)
    slices = charts.donut(data.categories)
    comparison = charts.comparison_rows(data.categories)
    filters = {"member_id": member_id, "category_slug": category.slug if category else None}
    query = {name: value for name, value in (("member", member_id), ("category", filters["category_slug"])) if value}
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
            "slices": chart_markup.donut_slices(slices),
            "comparison": chart_markup.comparison_list(comparison),
            "category_rows": chart_markup.category_table_rows(data.categories, reverse("stats", args=[period.key])),
            "day_bars": chart_markup.day_bars(bars),
            "day_rows": chart_markup.day_table_rows(data.days),
        },
        "day_chart_width": day_width,
        "busiest_day": max(data.days, key=lambda d: d.expense) if data.expense else None,
        "expense_change": charts.percent_change(data.expense, data.previous_expense),
        "filters": filters,
        "filter_query": urlencode(query),
    }


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
        "current_key": _period(household, None).key,
    }
    context["balance"] = context["income"] - context["expense"]
    return render(request, _fragment(request, YEAR, "year-body"), context)


# --------------------------------------------------------------------------------------- search


@require_GET
@household_view()
def search(request: HttpRequest) -> HttpResponse:
    household_id = request.membership.household_id
    # An empty box (cleared while typing) shows the hint again rather than an error.
    form = SearchForm(request.GET if request.GET.get("q", "").strip() else None)
    context: dict = {"form": form, "page": None}
    if form.is_bound and form.is_valid():
        text = form.cleaned_data["q"]
        paginator = Paginator(memo_search(household_id=household_id, text=text), SEARCH_PAGE_SIZE)
        context["page"] = paginator.get_page(request.GET.get("page"))
        context["totals"] = memo_search_totals(household_id=household_id, text=text)
        context["q"] = text
    return render(request, _fragment(request, SEARCH, "search-results"), context)


# -------------------------------------------------------------------------------------- budgets


@require_http_methods(["GET", "POST"])
@household_view()
def budgets(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    household = membership.household
    current = dict(Budget.objects.filter(household_id=household.pk).values_list("category_id", "amount_krw"))
    if request.method == "POST" and not membership.can_manage:
        return HttpResponse("예산은 소유자와 관리자만 바꿀 수 있어요.", status=403)
    form = BudgetForm(request.POST or None, membership=membership, current=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                budgets_set(by=membership, amounts=form.amounts())
            except BudgetError as error:
                form.add_error(None, str(error))
            else:
                messages.info(request, "예산을 저장했어요.")
                return redirect("budgets")
        status = 400
    period = _period(household, None)
    data = month_stats_cached(household=household, period=period)
    return render(request, BUDGETS, {"form": form, "period": period, "stats": data}, status=status)


# ------------------------------------------------------------------------------------ recurring


def _recurring_page(request: HttpRequest, form: RecurringRuleForm, status: int = 200) -> HttpResponse:
    rules = rules_for(household_id=request.membership.household_id)
    return render(request, RECURRING, {"form": form, "rules": rules, "today": _today()}, status=status)


@require_http_methods(["GET", "POST"])
@household_view()
def recurring(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if request.method == "GET":
        return _recurring_page(request, RecurringRuleForm(membership=membership, today=_today()))
    if not membership.can_write:
        return HttpResponse("보기 전용 구성원은 반복 기록을 바꿀 수 없어요.", status=403)
    form = RecurringRuleForm(request.POST, membership=membership, today=_today())
    if form.is_valid():
        try:
            rule = recurring_rule_create(by=membership, **form.cleaned_data)
        except RecurringError as error:
            form.add_error(None, str(error))
        else:
            written = rule.entries.count()
            notice = f"'{rule.memo}' 반복 기록을 만들었어요."
            if written:
                notice += f" 지난 {written}회분을 가계부에 기록했어요."
            messages.info(request, notice)
            return redirect("recurring")
    return _recurring_page(request, form, status=400)


@require_http_methods(["GET", "POST"])
@household_view()
def recurring_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    rule = rule_get(household_id=membership.household_id, pk=pk)
    if request.method == "POST" and not membership.can_write:
        return HttpResponse("보기 전용 구성원은 반복 기록을 바꿀 수 없어요.", status=403)
    form = RecurringRuleForm.for_rule(
        rule, membership=membership, today=_today(), data=request.POST if request.method == "POST" else None
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                recurring_rule_update(by=membership, rule=rule, **form.cleaned_data)
            except RecurringError as error:
                form.add_error(None, str(error))
            else:
                messages.info(request, "반복 기록을 고쳤어요. 이미 기록된 항목은 그대로예요.")
                return redirect("recurring")
        status = 400
    return render(request, "expenses/recurring_edit.html", {"form": form, "rule": rule}, status=status)


@require_POST
@household_view()
def recurring_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    rule = rule_get(household_id=membership.household_id, pk=pk)
    if not membership.can_write:
        return HttpResponse("보기 전용 구성원은 반복 기록을 바꿀 수 없어요.", status=403)
    recurring_rule_delete(by=membership, rule=rule)
    messages.info(request, f"'{rule.memo}' 반복을 멈췄어요. 이미 기록된 항목은 그대로예요.")
    return redirect("recurring")


# --------------------------------------------------------------------------------------- export


@require_GET
@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    """CSV and backup downloads for the household; importing a backup needs no household yet."""
    return render(request, EXPORT, _export_context(request, import_form=ImportForm()))


def _export_context(
    request: HttpRequest, *, import_form: ImportForm, range_form: ExportRangeForm | None = None
) -> dict:
    membership = membership_for_request(request)
    if membership is None:
        return {"import_form": import_form, "period": None, "range_form": None}
    period = _period(membership.household, None)
    range_form = range_form or ExportRangeForm(initial={"start": period.start, "end": period.end})
    return {"import_form": import_form, "period": period, "range_form": range_form}


@require_GET
@household_view()
def export_csv(request: HttpRequest) -> HttpResponse:
    household = request.membership.household
    if request.GET.get("month"):
        period = _period(household, request.GET["month"])
        start, end, name = period.start, period.end, period.key
    else:
        form = ExportRangeForm(request.GET)
        if not form.is_valid():
            if request.htmx:
                return HttpResponseBadRequest(" ".join(e for errors in form.errors.values() for e in errors))
            return render(
                request, EXPORT, _export_context(request, import_form=ImportForm(), range_form=form), status=400
            )
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        name = f"{start:%Y%m%d}-{end:%Y%m%d}"
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in entries_csv(household_id=household.pk, start=start, end=end)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="homenrich-{name}.csv"'
    return response


@require_GET
@household_view(manage=True)
def export_household(request: HttpRequest) -> HttpResponse:
    document = household_export(household_id=request.membership.household_id)
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="homenrich-household-{stamp}.json"'
    return response


@require_POST
@login_required
def import_household(request: HttpRequest) -> HttpResponse:
    """Creates a new household from a backup; the importer becomes its owner."""
    form = ImportForm(request.POST, request.FILES)
    error = None
    if form.is_valid():
        try:
            document = json.load(form.cleaned_data["file"])
        except (ValueError, UnicodeDecodeError):
            error = "JSON 파일을 읽을 수 없어요. 홈앤리치에서 내보낸 파일인지 확인해 주세요."
        else:
            try:
                household = household_import(user=request.user, document=document)
            except HouseholdImportError as failure:
                error = str(failure)
            else:
                request.session[SESSION_KEY] = household.pk
                messages.info(request, f"'{household.name}' 가구를 가져왔어요.")
                return redirect("home")
    if error:
        form.add_error("file", error)
    return render(request, EXPORT, _export_context(request, import_form=form), status=400)
