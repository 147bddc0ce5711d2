"""Signed-in answers are nobody else's: no shared computer, browser history or proxy may keep a copy.

Every response to a request that carries a session — pages, htmx fragments, the CSV and JSON exports,
error pages — has `Cache-Control: private, no-store`, whatever the view set before. The session cookie
decides, not the user: looking the user up could need the database, and this runs on every answer,
the 503 of a database that is away included.
"""

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

PRIVATE = "private, no-store"


def _signed_in(request: HttpRequest) -> bool:
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    try:
        return bool(user is not None and user.is_authenticated)
    except DatabaseError:
        return True  # cannot tell: keep it private


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _signed_in(request):
            response["Cache-Control"] = PRIVATE
            response.headers.pop("Expires", None)
        return response
