"""The export page: CSV of entries, the household backup (JSON), and importing a backup."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from homenrich.errors import Refused
from households.access import household_view, period_or_404
from households.selectors import SESSION_KEY, membership_for_request

from .backup import household_export, household_import
from .forms import ExportRangeForm, ImportForm
from .spreadsheet import entries_csv

EXPORT = "expenses/stats_export.html"


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
    period = period_or_404(membership, None)
    range_form = range_form or ExportRangeForm(initial={"start": period.start, "end": period.end})
    return {"import_form": import_form, "period": period, "range_form": range_form}


@require_GET
@household_view()
def export_csv(request: HttpRequest) -> HttpResponse:
    household = request.membership.household
    if request.GET.get("month"):
        period = period_or_404(request.membership, request.GET["month"])
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
@household_view(get="manage")
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
                imported = household_import(user=request.user, document=document)
            except Refused as failure:
                error = str(failure)
            else:
                request.session[SESSION_KEY] = imported.household.pk
                messages.info(request, " ".join([f"'{imported.household.name}' 가구를 가져왔어요.", *imported.notes]))
                return redirect("home")
    if error:
        form.add_error("file", error)
    return render(request, EXPORT, _export_context(request, import_form=form), status=400)
