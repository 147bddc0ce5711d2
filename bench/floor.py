"""Floor views: the least a request costs on this stack, the baselines the benchmark divides by.

Mounted under /bench/ only when HOMENRICH_BENCH=1 (see homenrich/urls.py); never in production.
"""

import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from expenses.models import Message
from households.models import Membership
from households.selectors import membership_for_request

HOOK_KEY_HEADER = "HTTP_X_BENCH_KEY"


def bare(request: HttpRequest) -> HttpResponse:
    """No database at all: the middleware chain and gunicorn, for context."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def read(request: HttpRequest) -> HttpResponse:
    """What any page pays before its own work: session, user and the household of the asker."""
    membership = membership_for_request(request)
    return HttpResponse("ok" if membership else "none", content_type="text/plain")


@require_POST
@login_required
def write(request: HttpRequest) -> HttpResponse:
    """What any web write pays: session and user, the household of the asker, one committed row."""
    membership = membership_for_request(request)
    if membership is None:
        return HttpResponse(status=403)
    Message.objects.create(
        household_id=membership.household_id,
        author=membership,
        channel="web",
        raw_text=request.POST.get("text", ""),
        outcome="recorded",
    )
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
@require_POST
def hook(request: HttpRequest, membership_id: int) -> HttpResponse:
    """What any chat write pays: a secret header, the sender's seat looked up, one committed row."""
    if not hmac.compare_digest(request.META.get(HOOK_KEY_HEADER, ""), settings.SECRET_KEY[:16]):
        return HttpResponse(status=403)
    membership = Membership.objects.filter(pk=membership_id).only("pk", "household_id").first()
    if membership is None:
        return HttpResponse("{}", content_type="application/json")
    Message.objects.create(
        household_id=membership.household_id,
        author=membership,
        channel="telegram",
        raw_text=request.body[:1000].decode(errors="replace"),
        outcome="recorded",
    )
    return HttpResponse("{}", content_type="application/json")


urlpatterns = [
    path("floor/bare/", bare, name="bench_floor_bare"),
    path("floor/read/", read, name="bench_floor_read"),
    path("floor/write/", write, name="bench_floor_write"),
    path("floor/hook/<int:membership_id>/", hook, name="bench_floor_hook"),
]
