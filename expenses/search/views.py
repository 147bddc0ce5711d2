"""The memo search page: every entry whose memo holds the words, with their sums."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from homenrich.htmx import partial_or_page
from households.access import household_view

from .forms import SearchForm
from .selectors import memo_search, memo_search_totals

SEARCH = "expenses/search.html"
SEARCH_PAGE_SIZE = 30


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
    return render(request, partial_or_page(request, SEARCH, "search-results"), context)
