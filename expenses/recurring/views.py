"""The recurring rules page: list, create, edit and stop rules (월세, 통신비, 구독)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from homenrich.errors import Refused
from households.access import household_view

from .forms import RecurringRuleForm
from .selectors import rule_get, rules_for
from .services import recurring_rule_create, recurring_rule_delete, recurring_rule_update

RECURRING = "expenses/recurring.html"


def _recurring_page(request: HttpRequest, form: RecurringRuleForm, status: int = 200) -> HttpResponse:
    rules = rules_for(household_id=request.membership.household_id)
    return render(request, RECURRING, {"form": form, "rules": rules, "today": timezone.localdate()}, status=status)


@require_http_methods(["GET", "POST"])
@household_view()
def recurring(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    today = timezone.localdate()
    if request.method == "GET":
        return _recurring_page(request, RecurringRuleForm(membership=membership, today=today))
    form = RecurringRuleForm(request.POST, membership=membership, today=today)
    if form.is_valid():
        try:
            rule = recurring_rule_create(by=membership, **form.cleaned_data)
        except Refused as error:
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
    form = RecurringRuleForm.for_rule(
        rule, membership=membership, today=timezone.localdate(), data=request.POST if request.method == "POST" else None
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                recurring_rule_update(by=membership, rule=rule, **form.cleaned_data)
            except Refused as error:
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
    recurring_rule_delete(by=membership, rule=rule)
    messages.info(request, f"'{rule.memo}' 반복을 멈췄어요. 이미 기록된 항목은 그대로예요.")
    return redirect("recurring")
