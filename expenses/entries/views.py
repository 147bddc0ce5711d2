"""The month page and everything that changes entries on it (full pages and HTMX fragments)."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from homenrich.errors import Refused
from households.access import household_view, period_or_404
from households.models import Category, Membership
from households.periods import Period, period_containing
from households.selectors import categories_for, member_of_household, members_for

from ..payments.selectors import PAYMENT_FILTER_WORDS, payment_filter, payment_methods_for
from . import services
from .forms import EntryForm, MessageForm
from .replies import web_notice
from .selectors import day_page, entry_get, period_totals

TEMPLATE = "expenses/month.html"


def _filters(request: HttpRequest, membership: Membership) -> dict:
    source = request.POST if request.method == "POST" else request.GET
    category_slug = source.get("category") or None
    member_id = source.get("member") or None
    if member_id is not None:
        member_id = member_of_household(household_id=membership.household_id, pk=member_id).pk
    payment = payment_filter(household_id=membership.household_id, value=source.get("pay"))
    return {"category_slug": category_slug, "member_id": member_id, "payment": payment}


def _day_in(period: Period, value: str | None) -> dt.date | None:
    """A day of the period from a query or form field; anything else is ignored (the list starts at the top)."""
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if period.start <= day <= period.end else None


def _month_context(
    request: HttpRequest,
    membership: Membership,
    period: Period,
    through: dt.date | None = None,
    filters: dict | None = None,
    **extra,
) -> dict:
    filters = filters if filters is not None else _filters(request, membership)
    household = membership.household
    source = request.POST if request.method == "POST" else request.GET
    page = day_page(
        household_id=household.pk,
        start=period.start,
        end=period.end,
        from_day=_day_in(period, request.GET.get("from")),
        through=min(filter(None, [through, _day_in(period, source.get("through"))]), default=None),
        **filters,
    )
    filter_params = {
        name: value
        for name, value in (
            ("category", filters["category_slug"]),
            ("member", filters["member_id"]),
            ("pay", filters["payment"]),
        )
        if value
    }
    more_query = urlencode({"from": page.next_day.isoformat(), **filter_params}) if page.next_day else None
    return {
        "period": period,
        "previous_period": period.previous(household.month_start_day),
        "next_period": period.next(household.month_start_day),
        "page": page,
        "days": page.days,
        "more_query": more_query,
        "filter_query": urlencode(filter_params),
        # The head always shows the whole month; without filters the day sums already are that.
        "totals": (
            period_totals(household_id=household.pk, start=period.start, end=period.end)
            if any(filters.values())
            else {"expense": page.expense, "income": page.income}
        ),
        "filters": filters,
        "categories": categories_for(household_id=household.pk),
        "members": members_for(household_id=household.pk),
        "payment_words": list(PAYMENT_FILTER_WORDS.items()),
        "payment_methods": payment_methods_for(household_id=household.pk),
        "message_form": extra.pop("message_form", None) or MessageForm(),
        "entry_form": extra.pop("entry_form", None) or EntryForm(membership=membership),
        **extra,
    }


@require_GET
@household_view()
def home(request: HttpRequest) -> HttpResponse:
    return redirect("month", key=period_or_404(request.membership, None).key)


@require_GET
@household_view()
def month(request: HttpRequest, key: str) -> HttpResponse:
    period = period_or_404(request.membership, key)
    context = _month_context(request, request.membership, period)
    if request.htmx and request.htmx.target == "more-entries":
        return render(request, f"{TEMPLATE}#day-list", context)
    if request.htmx and request.htmx.target == "month-body":
        return render(request, f"{TEMPLATE}#month-body", context)
    return render(request, TEMPLATE, context)


def _after_write(
    request: HttpRequest, membership: Membership, period: Period, filters: dict, *, written=(), **extra
) -> HttpResponse:
    """The month again, the rows just written marked and shown (even when they sit on a later page).

    Everything read from the request (the period, the filters) was resolved before the write, so
    nothing here can refuse a request whose write has already been committed.
    """
    if request.htmx:
        days = [entry.spent_on for entry in written if period.start <= entry.spent_on <= period.end]
        new_ids = {entry.pk for entry in written}
        context = _month_context(
            request, membership, period, through=min(days, default=None), filters=filters, new_ids=new_ids, **extra
        )
        return render(request, f"{TEMPLATE}#month-body", context)
    return redirect("month", key=period.key)


def _posted_period(request: HttpRequest, membership: Membership) -> Period:
    return period_or_404(membership, request.POST.get("month") or None)


def _before_write(request: HttpRequest, membership: Membership) -> tuple[Period, dict]:
    """The period and filters the answer will show, resolved (or refused with a 404) before any write."""
    return _posted_period(request, membership), _filters(request, membership)


@require_POST
@household_view()
def message_create(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    period, filters = _before_write(request, membership)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _form_error(request, membership, period, message_form=form)
    result = services.message_record(membership=membership, channel="web", text=form.cleaned_data["text"])
    notice = web_notice(result)
    if request.htmx:
        return _after_write(request, membership, period, filters, notice=notice, written=result.entries)
    messages.info(request, notice)
    if result.entries:
        return redirect(
            "month", key=period_containing(result.entries[0].spent_on, membership.household.month_start_day).key
        )
    return redirect("month", key=period.key)


def _form_error(request: HttpRequest, membership: Membership, period: Period, **forms) -> HttpResponse:
    context = _month_context(request, membership, period, **forms)
    template = f"{TEMPLATE}#month-body" if request.htmx else TEMPLATE
    # htmx swaps only 2xx responses by default, so the re-rendered form comes back as 200 there.
    return render(request, template, context, status=200 if request.htmx else 400)


@require_POST
@household_view()
def entry_create(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    period, filters = _before_write(request, membership)
    form = EntryForm(request.POST, membership=membership)
    if not form.is_valid():
        return _form_error(request, membership, period, entry_form=form, show_manual=True)
    try:
        entry = services.entry_create(membership=membership, **form.cleaned_data)
    except Refused as error:
        form.add_error(None, str(error))
        return _form_error(request, membership, period, entry_form=form, show_manual=True)
    return _after_write(request, membership, period, filters, written=[entry], notice="기록했어요.")


@require_http_methods(["GET", "POST"])
@household_view()
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    entry = entry_get(household_id=membership.household_id, pk=pk)
    if request.method == "GET":
        form = EntryForm.for_entry(entry, membership=membership)
        template = f"{TEMPLATE}#entry-edit" if request.htmx else "expenses/entry_edit.html"
        return render(request, template, {"entry": entry, "form": form, "period_key": request.GET.get("month", "")})
    form = EntryForm.for_entry(entry, membership=membership, data=request.POST)
    period, filters = _before_write(request, membership)
    if form.is_valid():
        try:
            services.entry_update(membership=membership, entry=entry, **form.cleaned_data)
        except Refused as error:
            form.add_error(None, str(error))
        else:
            return _after_write(request, membership, period, filters, written=[entry], notice="고쳤어요.")
    context = {"entry": entry, "form": form, "period_key": period.key}
    if not request.htmx:
        return render(request, "expenses/entry_edit.html", context, status=400)
    # The form was posted to replace the whole month; an error only replaces its own row.
    response = render(request, f"{TEMPLATE}#entry-edit", context)
    return reswap(retarget(response, f"#entry-{entry.pk}"), "outerHTML")


@require_POST
@household_view()
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    entry = entry_get(household_id=membership.household_id, pk=pk)
    period, filters = _before_write(request, membership)
    try:
        services.entry_delete(membership=membership, entry=entry)
    except Refused as error:
        return HttpResponse(str(error), status=400)
    return _after_write(request, membership, period, filters, notice="지웠어요.")


@require_http_methods(["GET", "POST"])
@household_view()
def entry_category(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the one-tap category picker for a row; POST: apply the chosen category."""
    membership = request.membership
    entry = entry_get(household_id=membership.household_id, pk=pk)
    if request.method == "GET":
        categories = categories_for(household_id=membership.household_id, kind=entry.kind)
        template = f"{TEMPLATE}#category-picker" if request.htmx else "expenses/category_pick.html"
        return render(
            request, template, {"entry": entry, "categories": categories, "period_key": request.GET.get("month", "")}
        )
    try:
        category_id = int(request.POST.get("category", ""))
        category = categories_for(household_id=membership.household_id, kind=entry.kind).get(pk=category_id)
    except (ValueError, Category.DoesNotExist):
        return HttpResponse("이 항목에 쓸 수 있는 분류를 골라 주세요.", status=400)
    period, filters = _before_write(request, membership)
    try:
        services.entry_set_category(membership=membership, entry=entry, category=category)
    except Refused as error:
        return HttpResponse(str(error), status=400)
    return _after_write(
        request,
        membership,
        period,
        filters,
        written=[entry],
        notice=f"'{category.name}'(으)로 바꾸고 기억해 둘게요.",
    )


@require_GET
@household_view()
def entry_row(request: HttpRequest, pk: int) -> HttpResponse:
    """One row, polled while Claude is still deciding its category."""
    entry = entry_get(household_id=request.membership.household_id, pk=pk)
    if not request.htmx:
        return redirect(
            reverse(
                "month",
                kwargs={"key": period_containing(entry.spent_on, request.membership.household.month_start_day).key},
            )
        )
    return render(
        request,
        f"{TEMPLATE}#entry-row",
        {"entry": entry, "period": period_containing(entry.spent_on, request.membership.household.month_start_day)},
    )
