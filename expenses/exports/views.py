"""The export page: CSV of entries, the household backup (JSON), and importing a backup."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from homenrich.throttles import throttle_hit, too_many
from households.access import household_view, period_or_404
from households.selectors import SESSION_KEY, membership_for_request

from ..models import HouseholdImport, ImportState
from . import uploads
from .backup import household_export
from .forms import ExportRangeForm, ImportForm
from .spreadsheet import entries_csv

EXPORT = "expenses/stats_export.html"
IMPORTS_PER_HOUR = 20


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
    """Creates a new household from a backup; the importer becomes its owner. The same file twice: once."""
    if throttle_hit(scope="import", subject=str(request.user.pk), limit=IMPORTS_PER_HOUR, window_seconds=3600):
        return too_many(request, 3600)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, EXPORT, _export_context(request, import_form=form), status=400)
    upload = form.cleaned_data["file"]
    record, outcome = uploads.import_receive(user=request.user, upload=upload, file_name=upload.name or "")
    if outcome == "already":
        request.session[SESSION_KEY] = record.household_id
        when = timezone.localtime(record.finished_at or record.created_at)
        messages.info(
            request,
            f"이 파일은 {when:%Y-%m-%d %H:%M}에 이미 '{record.household.name}' 가구로 가져왔어요. "
            "같은 파일은 한 번만 가져와요.",
        )
        return redirect("home")
    if outcome == "new":
        record = uploads.import_start(record=record)
    return _import_answer(request, record, form)


def _import_answer(request: HttpRequest, record: HouseholdImport, form: ImportForm | None = None) -> HttpResponse:
    if record.state == ImportState.DONE:
        request.session[SESSION_KEY] = record.household_id
        name = record.household.name if record.household else ""
        messages.info(request, " ".join([f"'{name}' 가구를 가져왔어요.", *record.notes]))
        return redirect("home")
    if record.state == ImportState.FAILED and form is not None:
        for problem in record.problems:
            form.add_error("file", problem)
        return render(request, EXPORT, _export_context(request, import_form=form), status=400)
    return redirect("import_status", pk=record.pk)


@require_GET
@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of one's own import (htmx polls it); done: off to the new household."""
    record = get_object_or_404(HouseholdImport.objects.select_related("household"), pk=pk, user=request.user)
    status = uploads.import_status(record=record)
    if status["state"] == "done" and not request.htmx:
        return _import_answer(request, record)
    context = {"record": record, "status": status, "import_form": ImportForm()}
    if request.htmx:
        response = render(request, "expenses/import_status.html#progress", context)
        if status["state"] == "done":
            response["HX-Redirect"] = reverse("import_status", kwargs={"pk": record.pk})
        return response
    return render(request, "expenses/import_status.html", context)
