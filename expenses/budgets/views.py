"""The budgets page: everyone sees how much of each budget is used, managers set them."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from homenrich.errors import Refused
from households.access import household_view, period_or_404

from ..stats.queries import month_stats_cached
from .forms import BudgetForm
from .selectors import budget_amounts
from .services import budgets_set

BUDGETS = "expenses/budgets.html"


@require_http_methods(["GET", "POST"])
@household_view(post="manage")
def budgets(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    household = membership.household
    current = budget_amounts(household_id=household.pk)
    form = BudgetForm(request.POST or None, membership=membership, current=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                budgets_set(by=membership, amounts=form.amounts())
            except Refused as error:
                form.add_error(None, str(error))
            else:
                messages.info(request, "예산을 저장했어요.")
                return redirect("budgets")
        status = 400
    period = period_or_404(membership, None)
    data = month_stats_cached(household=household, period=period)
    return render(request, BUDGETS, {"form": form, "period": period, "stats": data}, status=status)
