"""Login lockout through django-axes: after too many failed logins for one login from one address, wait.

Axes counts failures in the database per (client address, login) and refuses every login path while
blocked (the login page and the admin's), the right password included. This module only fits it to
the house: the client address from homenrich.client_address (a proxy's header only when
TRUSTED_PROXY says so), the login compared without case or spaces, and the refusal as the login page
with a Korean message and HTTP 429.
"""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

BLOCKED_MESSAGE = "로그인 시도가 너무 많아요. {minutes}분 뒤에 다시 시도해 주세요."


def login_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The login as typed, lower-cased and stripped: `Alice@x.kr ` and `alice@x.kr` are one login."""
    if credentials:
        value = credentials.get("username") or credentials.get("email") or ""
    else:
        value = request.POST.get("username", "") if request is not None else ""
    return str(value).strip().lower()


def blocked_message() -> str:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return BLOCKED_MESSAGE.format(minutes=minutes)


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """The login form again, with why and for how long, as 429 (the admin login included)."""
    form = AuthenticationForm(request, initial={"username": login_username(request, credentials)})
    context = {"form": form, "blocked": blocked_message(), "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
