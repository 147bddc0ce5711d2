"""Signed-in answers are nobody else's: no shared computer, browser history or proxy may keep a copy.

Every response to a signed-in person — pages, htmx fragments, the CSV and JSON exports, error pages —
carries `Cache-Control: private, no-store`, whatever the view set before.
"""

from django.http import HttpRequest, HttpResponse

PRIVATE = "private, no-store"


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = PRIVATE
            response.headers.pop("Expires", None)
        return response
