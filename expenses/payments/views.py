"""The household's cards and accounts (결제수단): everyone sees them, managers name them."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from homenrich.errors import Refused
from households.access import household_view

from .selectors import payment_method_get, payment_methods_for
from .services import payment_method_rename

TEMPLATE = "expenses/payment_methods.html"


@require_GET
@household_view()
def payment_methods(request: HttpRequest) -> HttpResponse:
    methods = payment_methods_for(household_id=request.membership.household_id).annotate(
        entry_count=Count("entries", filter=Q(entries__cancelled_at__isnull=True))
    )
    return render(request, TEMPLATE, {"methods": methods})


@require_POST
@household_view(post="manage")
def payment_method_update(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    method = payment_method_get(household_id=membership.household_id, pk=pk)
    try:
        payment_method_rename(by=membership, payment_method=method, name=request.POST.get("name", ""))
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"'{method.name}'(으)로 바꿨어요.")
    return redirect("payment_methods")
