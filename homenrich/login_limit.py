"""Login rate limiting: after too many failed logins for one login from one address, wait a while.

Failures are counted in the cache (Redis in production) per client IP + login, in a fixed window that
starts with the first failure. Every login path is covered: the login page shows a clear Korean
message, and the authentication backend refuses any other caller (the admin login) while blocked.
When the cache is down, logins are allowed: locking everybody out would be worse than the risk.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

logger = logging.getLogger(__name__)

BLOCKED_MESSAGE = "로그인 시도가 너무 많아요. {minutes}분 뒤에 다시 시도해 주세요."


def _limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 10)


def _window_seconds() -> int:
    return getattr(settings, "LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)


def client_ip(request: HttpRequest | None) -> str:
    """Fly's proxy puts the client address in Fly-Client-IP (and overwrites one sent by the client)."""
    if request is None:
        return ""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(request: HttpRequest | None, username: str) -> str:
    raw = f"{client_ip(request)}|{(username or '').strip().lower()}"
    return "login-failures:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def login_blocked(*, request: HttpRequest | None, username: str) -> bool:
    try:
        failures = cache.get(_key(request, username))
    except Exception:
        logger.warning("login limit unavailable: cache error", exc_info=True)
        return False
    return failures is not None and int(failures) >= _limit()


def login_failure_record(*, request: HttpRequest | None, username: str) -> None:
    key = _key(request, username)
    try:
        # add() starts the window only with the first failure; incr() keeps its expiry.
        cache.add(key, 0, _window_seconds())
        cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        try:
            cache.add(key, 1, _window_seconds())
        except Exception:
            logger.warning("login limit unavailable: cache error", exc_info=True)
    except Exception:
        logger.warning("login limit unavailable: cache error", exc_info=True)


def login_failures_clear(*, request: HttpRequest | None, username: str) -> None:
    try:
        cache.delete(_key(request, username))
    except Exception:
        logger.warning("login limit unavailable: cache error", exc_info=True)


def _on_login_failed(sender, credentials, request=None, **kwargs):
    login_failure_record(request=request, username=str(credentials.get("username") or credentials.get("email") or ""))


def _on_logged_in(sender, request, user, **kwargs):
    login_failures_clear(request=request, username=user.get_username())


def signals_connect() -> None:
    user_login_failed.connect(_on_login_failed, dispatch_uid="homenrich.login_limit.failed")
    user_logged_in.connect(_on_logged_in, dispatch_uid="homenrich.login_limit.logged_in")


class RateLimitedModelBackend(ModelBackend):
    """The default backend, refusing while the address + login is blocked (admin login included)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        login = username if username is not None else kwargs.get("email", "")
        if request is not None and login_blocked(request=request, username=login or ""):
            raise PermissionDenied("too many failed logins")
        return super().authenticate(request, username=username, password=password, **kwargs)


class LoginForm(AuthenticationForm):
    """Django's login form, with a clear message instead of "wrong password" while blocked."""

    rate_limited = False

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and login_blocked(request=self.request, username=username):
            self.rate_limited = True
            raise ValidationError(BLOCKED_MESSAGE.format(minutes=max(1, _window_seconds() // 60)), code="rate_limited")
        return super().clean()


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(form, "rate_limited", False):
            response.status_code = 429
        return response
