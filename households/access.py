"""What every household view shares: who may do what per request method, and the period a URL names."""

from functools import wraps
from typing import Literal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone

from .models import Membership
from .periods import Period, parse_period_key, period_containing
from .selectors import membership_for_request

Need = Literal["read", "write", "manage"]
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
REFUSALS = {
    "write": "보기 전용 구성원은 기록을 바꿀 수 없어요.",
    "manage": "소유자와 관리자만 할 수 있어요.",
}


def _allowed(membership: Membership, need: Need) -> bool:
    if need == "manage":
        return membership.can_manage
    if need == "write":
        return membership.can_write
    return True


def household_view(*, get: Need = "read", post: Need = "write"):
    """Sets request.membership and checks the role this request's method needs.

    `get` covers GET/HEAD/OPTIONS, `post` every other method. Strangers never get here (no membership:
    off to create a household); a role short of what is needed gets a 403 with the reason in Korean.
    Services check again: a door may add a check, never skip one.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = membership_for_request(request)
            if membership is None:
                return redirect("household_new")
            need = get if request.method in SAFE_METHODS else post
            if not _allowed(membership, need):
                raise PermissionDenied(REFUSALS[need])
            request.membership = membership
            return view(request, *args, **kwargs)

        wrapped.household_needs = {"get": get, "post": post}
        return wrapped

    return decorator


def period_or_404(membership: Membership, key: str | None) -> Period:
    """The household's month a URL names (`2026-11`), or the one running today when there is none."""
    start_day = membership.household.month_start_day
    if not key:
        return period_containing(timezone.localdate(), start_day)
    period = parse_period_key(key, start_day)
    if period is None:
        raise Http404("없는 달이에요.")
    return period
