"""Card statement import: upload a file, see every row as new, already recorded or skipped, record the kept ones."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from homenrich.errors import Refused
from households.access import household_view

from ..entries import services as entry_services
from ..models import StatementImport
from .forms import StatementUploadForm
from .selectors import NEW, RECORDED, SKIPPED, statement_get, statement_preview
from .services import statement_record, statement_upload

UPLOAD = "expenses/statements.html"
PREVIEW = "expenses/statement_preview.html"
SUMMARY = (
    (entry_services.NEW, "새로 {}건 기록"),
    (entry_services.MERGED, "직접 적은 기록과 {}건 합침"),
    (entry_services.CANCELLED, "{}건 취소 반영"),
    (entry_services.REFUND, "환불 {}건 기록"),
    (entry_services.NEW_CANCELLED, "취소된 결제 {}건 기록"),
    (entry_services.DUPLICATE, "이미 있던 {}건은 그대로"),
)


@require_http_methods(["GET", "POST"])
@household_view()
def statement_upload_view(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            statement = statement_upload(
                membership=membership,
                filename=upload.name,
                content=upload.read(),
                issuer=form.cleaned_data["issuer"],
            )
        except Refused as error:
            form.add_error("file", str(error))
        else:
            return redirect("statement_preview", pk=statement.pk)
    recent = StatementImport.objects.filter(household_id=membership.household_id).order_by("-created_at", "-pk")[:10]
    status = 400 if request.method == "POST" else 200
    return render(request, UPLOAD, {"form": form, "recent": recent}, status=status)


@require_http_methods(["GET", "POST"])
@household_view()
def statement_preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    statement = statement_get(household_id=membership.household_id, pk=pk)
    if request.method == "POST":
        numbers = {int(n) for n in request.POST.getlist("row") if n.isdigit()}
        try:
            counts = statement_record(by=membership, statement=statement, numbers=numbers)
        except Refused as error:
            messages.error(request, str(error))
        else:
            done = [text.format(counts[action]) for action, text in SUMMARY if counts.get(action)]
            messages.success(request, ", ".join(done) + "." if done else "기록할 행을 고르지 않았어요.")
        return redirect("statement_preview", pk=statement.pk)
    rows = statement_preview(statement=statement)
    context = {
        "statement": statement,
        "rows": rows,
        "counts": {status: sum(1 for r in rows if r.status == status) for status in (NEW, RECORDED, SKIPPED)},
    }
    return render(request, PREVIEW, context)
