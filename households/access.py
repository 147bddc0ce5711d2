"""View decorators: who may read and who may write in the current household."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .selectors import membership_for_request


def household_view(*, write: bool = False, manage: bool = False):
    """Sets request.membership; strangers never get here, viewers get 403 on writes."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = membership_for_request(request)
            if membership is None:
                return redirect("household_new")
            if manage and not membership.can_manage:
                raise PermissionDenied("소유자와 관리자만 할 수 있어요.")
            if write and not membership.can_write:
                raise PermissionDenied("보기 전용 구성원은 기록을 바꿀 수 없어요.")
            request.membership = membership
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
