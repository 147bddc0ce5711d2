"""GET /health, answered before the SSL redirect, host check and sessions get involved."""

import json

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse


def health_status() -> tuple[int, dict[str, str]]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:
        database = "error"
        # A broken persistent connection must not poison the next check.
        connection.close_if_unusable_or_obsolete()
    try:
        cache.set("health:ping", "1", 5)
        cache_state = "ok" if cache.get("health:ping") == "1" else "error"
    except Exception:
        cache_state = "error"
    if database == "error":
        return 503, {"status": "error", "database": database, "cache": cache_state}
    status = "ok" if cache_state == "ok" else "degraded"
    return 200, {"status": status, "database": database, "cache": cache_state}


class HealthCheckMiddleware:
    """Answers /health first in the chain: Fly's checker speaks plain HTTP to an internal address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/health" and request.method in ("GET", "HEAD"):
            code, body = health_status()
            return HttpResponse(json.dumps(body), status=code, content_type="application/json")
        return self.get_response(request)
