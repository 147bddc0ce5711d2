"""The month page and everything that changes entries on it (full pages and HTMX fragments)."""

import datetime as dt
import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from homenrich.errors import Refused
from households.access import household_view, period_or_404
from households.models import Category, Membership
from households.periods import Period, parse_period_key, period_containing
from households.selectors import categories_for, member_of_household, members_for

from ..models import Entry, MessageOutcome
from ..payments.selectors import PAYMENT_FILTER_WORDS, payment_filter, payment_methods_for
from . import services
from .forms import EntryForm, MessageForm
from .replies import web_notice
from .selectors import (
    DAY_ROWS,
    DayPage,
    day_page,
    day_rows,
    day_summaries,
    entry_get,
    entry_matches,
    period_and_day_sums,
    period_totals,
)

TEMPLATE = "expenses/month.html"
# What a message's answer does with the box: a recorded message is cleared, anything else stays to be fixed.
ERROR_OUTCOMES = {MessageOutcome.PARSE_ERROR, MessageOutcome.ERROR, MessageOutcome.TOO_LONG, MessageOutcome.READ_ONLY}


# A write names the list's filters apart from its own fields (a form's "category" is the entry's).
WRITE_FILTER = "f_"


def _filters(request: HttpRequest, membership: Membership) -> dict:
    source, prefix = (request.POST, WRITE_FILTER) if request.method == "POST" else (request.GET, "")
    category_slug = source.get(f"{prefix}category") or None
    member_id = source.get(f"{prefix}member") or None
    if member_id is not None:
        member_id = member_of_household(household_id=membership.household_id, pk=member_id).pk
    payment = payment_filter(household_id=membership.household_id, value=source.get(f"{prefix}pay"))
    return {"category_slug": category_slug, "member_id": member_id, "payment": payment}


def _filter_params(filters: dict) -> dict:
    return {
        name: value
        for name, value in (
            ("category", filters["category_slug"]),
            ("member", filters["member_id"]),
            ("pay", filters["payment"]),
        )
        if value
    }


def _write_vals(period: Period, filters: dict) -> str:
    """What every write from the page sends along (htmx `hx-vals`): the month shown and its filters."""
    filters = {f"{WRITE_FILTER}{name}": str(value) for name, value in _filter_params(filters).items()}
    return json.dumps({"month": period.key, **filters})


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
    filters: dict | None = None,
    **extra,
) -> dict:
    filters = filters if filters is not None else _filters(request, membership)
    household = membership.household
    page = day_page(
        household_id=household.pk,
        start=period.start,
        end=period.end,
        from_day=_day_in(period, request.GET.get("from")),
        through=_day_in(period, request.GET.get("through")),
        **filters,
    )
    filter_params = _filter_params(filters)
    more_query = urlencode({"from": page.next_day.isoformat(), **filter_params}) if page.next_day else None
    return {
        "period": period,
        "previous_period": period.previous(household.month_start_day),
        "next_period": period.next(household.month_start_day),
        "page": page,
        "days": page.days,
        "day_rows": DAY_ROWS,
        "more_query": more_query,
        "filter_query": urlencode(filter_params),
        "write_vals": _write_vals(period, filters),
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
    long_day = _day_in(period, request.GET.get("day"))
    if long_day is not None:
        return _long_day(request, request.membership, period, long_day)
    context = _month_context(request, request.membership, period)
    if request.htmx and request.htmx.target == "more-entries":
        return render(request, f"{TEMPLATE}#day-list", context)
    if request.htmx and request.htmx.target == "month-body":
        response = render(request, f"{TEMPLATE}#month-body", context)
        # htmx sets the page title from a <title> in the answer: the month shown, not the one left.
        title = render_to_string("expenses/_month_title.html", context, request)
        response.content = title.encode() + response.content
        return response
    return render(request, TEMPLATE, context)


def _long_day(request: HttpRequest, membership: Membership, period: Period, day: dt.date) -> HttpResponse:
    """The rest of a long day: with htmx the next rows under those shown, without it a page of them."""
    filters = _filters(request, membership)
    try:
        after = (dt.datetime.fromisoformat(request.GET["at"]), int(request.GET["after"]))
        if after[0].tzinfo is None:
            after = None
    except (KeyError, ValueError):
        after = None  # from the day's first row
    chunk = day_rows(household_id=membership.household_id, day=day, after=after, **filters)
    if request.htmx:
        context = {
            "period": period,
            "day": chunk,
            "day_rows": DAY_ROWS,
            "filter_query": urlencode(_filter_params(filters)),
        }
        more = render_to_string(f"{TEMPLATE}#day-more", context, request) if chunk.remaining else ""
        rows = render_to_string(f"{TEMPLATE}#day-rows", context, request)
        target = f"day-entries-{day.isoformat()}"
        return HttpResponse(f'{more}<div hx-swap-oob="beforeend:#{target}">{rows}</div>')
    context = _month_context(request, membership, period, filters=filters)
    context["days"] = [chunk]
    context["page"] = DayPage(days=[chunk], total=context["page"].total, shown_before=chunk.shown_from, next_day=None)
    context["more_query"] = None
    return render(request, TEMPLATE, context)


@dataclass
class DayChange:
    date: dt.date
    day: object  # selectors.Day (count and sums after the write; `entries` the rows to insert)
    rows: list = field(default_factory=list)
    gone: bool = False
    new_day: bool = False


@dataclass
class Written:
    """What one write did, for the answer: rows to insert, rows to replace, days whose sums moved."""

    inserted: list[Entry] = field(default_factory=list)
    replaced: list[Entry] = field(default_factory=list)
    days: set[dt.date] = field(default_factory=set)

    @property
    def entries(self) -> list[Entry]:
        return [*self.inserted, *self.replaced]


def _answer(
    request: HttpRequest,
    membership: Membership,
    period: Period,
    filters: dict,
    written: Written,
    *,
    primary: str = "",
    notice: str = "",
    notice_kind: str = "ok",
    notice_target: str = "write-notice",
    undo_token: str | None = None,
) -> HttpResponse:
    """An htmx write's answer: `primary` for the swapped element, the rest out of band.

    Only what the write changed: its rows (inserted at the top of their day, or replaced in place), the
    headers of the days it touched (a day new on the page comes whole, a day left empty goes), the month
    head, and the notice. A few queries whatever the month or the day holds.
    """
    in_period = [entry for entry in written.entries if period.contains(entry.spent_on)]
    days = sorted({d for d in written.days if period.contains(d)} | {e.spent_on for e in in_period}, reverse=True)
    totals = None
    if not days:
        summaries = {}
    elif any(filters.values()):
        summaries = day_summaries(household_id=membership.household_id, days=days, **filters)
        totals = period_totals(household_id=membership.household_id, start=period.start, end=period.end)
    else:  # the list shows every entry: the head's and the days' sums in one statement
        totals, summaries = period_and_day_sums(
            household_id=membership.household_id, start=period.start, end=period.end, days=days
        )
    changes = []
    for day in days:
        rows = [e for e in written.inserted if e.spent_on == day and entry_matches(e, **filters)]
        summary = summaries.get(day)
        if summary is None:
            if day in written.days:  # a row left it (deleted, moved away): the day goes with its last row
                changes.append(DayChange(day, None, gone=True))
            continue  # else the written row is filtered out of a day the list does not show either
        new_day = summary.count == len(rows)  # nothing else on that day: the page has no place for it yet
        if new_day:
            summary.entries = rows
        changes.append(DayChange(day, summary, rows=rows, new_day=new_day))
    replaced = [e for e in written.replaced if period.contains(e.spent_on) and entry_matches(e, **filters)]
    places = []
    start_day = membership.household.month_start_day
    for entry in written.entries:
        if not period.contains(entry.spent_on):
            elsewhere = period_containing(entry.spent_on, start_day)
            day = entry.spent_on
            text = f"{day.year}년 {day.month}월 {day.day}일에 기록했어요 · {elsewhere.year}년 {elsewhere.month}월 보기"
            if text not in [place["text"] for place in places]:
                places.append({"key": elsewhere.key, "text": text})
    context = {
        "period": period,
        "day_changes": changes,
        "replaced": replaced,
        "new_ids": {e.pk for e in written.inserted},
        "day_rows": DAY_ROWS,
        "filter_query": urlencode(_filter_params(filters)),
        "write_vals": _write_vals(period, filters),
        "headline": bool(days),
        "totals": totals,
        "notice": notice,
        "notice_kind": notice_kind,
        "notice_places": places,
        "notice_target": notice_target,
        "undo_token": undo_token,
    }
    return HttpResponse(primary + render_to_string(f"{TEMPLATE}#write-answer", context, request))


def _row(request: HttpRequest, entry: Entry, period: Period, filters: dict, **extra) -> str:
    """The row as the list shows it, or nothing when it no longer belongs in the month or the filters."""
    if not period.contains(entry.spent_on) or not entry_matches(entry, **filters):
        return ""
    context = {"entry": entry, "period": period, "new_ids": {entry.pk}, **extra}
    return render_to_string(f"{TEMPLATE}#entry-row", context, request)


def _posted_period(request: HttpRequest, membership: Membership) -> Period:
    return period_or_404(membership, request.POST.get("month") or None)


def _before_write(request: HttpRequest, membership: Membership) -> tuple[Period, dict]:
    """The period and filters the answer will show, resolved (or refused with a 404) before any write."""
    return _posted_period(request, membership), _filters(request, membership)


def _period_key(membership: Membership, value: str | None) -> str:
    """A month key from a link, kept only when it names a month (it goes back into URLs)."""
    period = parse_period_key(value or "", membership.household.month_start_day)
    return period.key if period else ""


def _month_redirect(membership: Membership, period: Period, written: list[Entry] = ()) -> HttpResponse:
    """Without JavaScript: back to the month (PRG), the written entry's month when it went elsewhere."""
    for entry in written:
        if not period.contains(entry.spent_on):
            return redirect("month", key=period_containing(entry.spent_on, membership.household.month_start_day).key)
    return redirect("month", key=period.key)


def _message_kind(result) -> str:
    if result.entries:
        return "ok"
    if result.outcome in ERROR_OUTCOMES:
        return "error"
    if result.outcome == MessageOutcome.QUESTION:
        return "info"
    return "nothing"


@require_POST
@household_view()
def message_create(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    period, filters = _before_write(request, membership)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _form_error(request, membership, period, filters, message_form=form)
    result = services.message_record(membership=membership, channel="web", text=form.cleaned_data["text"])
    notice = web_notice(result)
    kind = _message_kind(result)
    if request.htmx:
        # Recorded: an empty box for the next one. Nothing recorded: the text stays, to be fixed and sent again.
        keep = kind in ("nothing", "error")
        box = MessageForm(initial={"text": form.cleaned_data["text"]} if keep else None)
        box.fields["text"].widget.attrs["autofocus"] = ""
        primary = render_to_string(f"{TEMPLATE}#message-form", {"message_form": box, "period": period}, request)
        new = [item.entry for item in result.items if item.action in services.CREATING and item.entry]
        changed = [item.entry for item in result.items if item.action in services.CHANGING and item.entry]
        written = Written(inserted=new, replaced=changed)
        return _answer(request, membership, period, filters, written, primary=primary, notice=notice, notice_kind=kind)
    messages.info(request, notice)
    return _month_redirect(membership, period, result.entries)


def _form_error(request: HttpRequest, membership: Membership, period: Period, filters: dict, **forms) -> HttpResponse:
    if request.htmx:
        # Only the form comes back, with its errors (htmx swaps only 2xx answers by default: 200).
        name, form = next(iter(forms.items()))
        partial = "message-form" if name == "message_form" else "manual-form"
        context = {name: form, "period": period, "write_vals": _write_vals(period, filters)}
        return render(request, f"{TEMPLATE}#{partial}", context)
    context = _month_context(request, membership, period, filters=filters, show_manual="entry_form" in forms, **forms)
    return render(request, TEMPLATE, context, status=400)


@require_POST
@household_view()
def entry_create(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    period, filters = _before_write(request, membership)
    form = EntryForm(request.POST, membership=membership)
    if not form.is_valid():
        return _form_error(request, membership, period, filters, entry_form=form)
    try:
        entry = services.entry_create(membership=membership, **form.cleaned_data)
    except Refused as error:
        form.add_error(None, str(error))
        return _form_error(request, membership, period, filters, entry_form=form)
    if not request.htmx:
        return _month_redirect(membership, period, [entry])
    primary = render_to_string(
        f"{TEMPLATE}#manual-form", {"entry_form": EntryForm(membership=membership), "period": period}, request
    )
    return _answer(
        request, membership, period, filters, Written(inserted=[entry]), primary=primary, notice="기록했어요."
    )


@require_http_methods(["GET", "POST"])
@household_view()
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    entry = entry_get(household_id=membership.household_id, pk=pk)
    if request.method == "GET":
        form = EntryForm.for_entry(entry, membership=membership)
        template = f"{TEMPLATE}#entry-edit" if request.htmx else "expenses/entry_edit.html"
        period_key = _period_key(membership, request.GET.get("month"))
        return render(request, template, {"entry": entry, "form": form, "period_key": period_key})
    form = EntryForm.for_entry(entry, membership=membership, data=request.POST)
    period, filters = _before_write(request, membership)
    old_day = entry.spent_on
    if form.is_valid():
        try:
            services.entry_update(membership=membership, entry=entry, **form.cleaned_data)
        except Refused as error:
            form.add_error(None, str(error))
        else:
            if not request.htmx:
                return _month_redirect(membership, period, [entry])
            if entry.spent_on == old_day:
                # Same day: the row is replaced where it stands (the form's own <li>).
                written, primary = Written(days={old_day}), _row(request, entry, period, filters)
            else:
                # Another day: the form's row goes, the entry is inserted in its day (or where it went is said).
                written, primary = Written(inserted=[entry], days={old_day}), ""
            return _answer(
                request,
                membership,
                period,
                filters,
                written,
                primary=primary,
                notice="고쳤어요.",
                notice_target="toast",
            )
    context = {"entry": entry, "form": form, "period_key": period.key}
    if not request.htmx:
        return render(request, "expenses/entry_edit.html", context, status=400)
    # An error only replaces the form's own row.
    response = render(request, f"{TEMPLATE}#entry-edit", context)
    return reswap(retarget(response, f"#entry-{entry.pk}"), "outerHTML")


@require_http_methods(["GET", "POST"])
@household_view()
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the page that asks first (the no-JavaScript way in). POST: delete; with htmx, 되돌리기 is offered."""
    membership = request.membership
    entry = entry_get(household_id=membership.household_id, pk=pk)
    if request.method == "GET":
        period_key = _period_key(membership, request.GET.get("month"))
        return render(request, "expenses/entry_delete.html", {"entry": entry, "period_key": period_key})
    period, filters = _before_write(request, membership)
    try:
        token = services.entry_delete(membership=membership, entry=entry)
    except Refused as error:
        return HttpResponse(str(error), status=400)
    if not request.htmx:
        messages.info(request, "지웠어요.")
        return redirect("month", key=period.key)
    return _answer(
        request,
        membership,
        period,
        filters,
        Written(days={entry.spent_on}),
        notice=f"'{entry.memo or entry.category.name}' 기록을 지웠어요.",
        notice_target="toast",
        undo_token=token,
    )


@require_POST
@household_view()
def entry_restore(request: HttpRequest) -> HttpResponse:
    """되돌리기: the entry just deleted, back as it was."""
    membership = request.membership
    period, filters = _before_write(request, membership)
    try:
        entry = services.entry_restore(membership=membership, token=request.POST.get("token", ""))
    except Refused as error:
        if not request.htmx:
            messages.error(request, str(error))
            return redirect("month", key=period.key)
        return render(request, f"{TEMPLATE}#notice", {"notice": str(error), "notice_kind": "error"})
    if not request.htmx:
        messages.info(request, "되돌렸어요.")
        return _month_redirect(membership, period, [entry])
    return _answer(
        request, membership, period, filters, Written(inserted=[entry]), notice="되돌렸어요.", notice_target="toast"
    )


@require_http_methods(["GET", "POST"])
@household_view()
def entry_category(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the one-tap category picker for a row; POST: apply the chosen category."""
    membership = request.membership
    entry = entry_get(household_id=membership.household_id, pk=pk)
    if request.method == "GET":
        categories = categories_for(household_id=membership.household_id, kind=entry.kind)
        template = f"{TEMPLATE}#category-picker" if request.htmx else "expenses/category_pick.html"
        period_key = _period_key(membership, request.GET.get("month"))
        return render(request, template, {"entry": entry, "categories": categories, "period_key": period_key})
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
    if not request.htmx:
        return _month_redirect(membership, period, [entry])
    return _answer(
        request,
        membership,
        period,
        filters,
        Written(days={entry.spent_on}),
        primary=_row(request, entry, period, filters),
        notice=f"'{category.name}'(으)로 바꾸고 기억해 둘게요.",
        notice_target="toast",
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
