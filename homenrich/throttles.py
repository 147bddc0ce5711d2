"""Fixed-window throttles for the forms anyone may post without signing in: signup, password reset and
invitation links. Counted in the cache (Redis in production, local memory in the embedded defaults).

A cache outage lets requests through (the cache is set to ignore its errors): the forms stay usable,
and the login lockout — the one that guards passwords — counts in the database.
"""

import hashlib
import logging
import time

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

TOO_MANY = "요청이 너무 잦아요. {minutes}분 뒤에 다시 시도해 주세요."


def _key(scope: str, subject: str, window_seconds: int) -> str:
    bucket = int(time.time() // window_seconds)
    digest = hashlib.sha256(f"{scope}\x1f{subject}".encode("utf-8", "replace")).hexdigest()[:32]
    return f"throttle:{scope}:{digest}:{bucket}"


def throttle_hit(*, scope: str, subject: str, limit: int, window_seconds: int) -> bool:
    """Counts one attempt by `subject` (an address, an e-mail); True when this one is over the limit."""
    key = _key(scope, subject, window_seconds)
    try:
        cache.add(key, 0, window_seconds + 5)
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        return False
    except Exception:
        logger.warning("throttle %s unavailable: cache error", scope, exc_info=True)
        return False
    return isinstance(count, int) and count > limit


def too_many(request: HttpRequest, window_seconds: int) -> HttpResponse:
    """The Korean refusal, HTTP 429 with Retry-After."""
    minutes = max(1, window_seconds // 60)
    response = render(request, "registration/throttled.html", {"message": TOO_MANY.format(minutes=minutes)}, status=429)
    response["Retry-After"] = str(window_seconds)
    return response
