"""A database that is away (restart, failover, network) gets a short Korean 503, not a 500 error page.

The page is plain HTML built here, without templates or context processors, since those may need the
database too. `Retry-After` tells browsers and Telegram (which resends a webhook that failed) to come
back shortly; Django closes the broken connection at the end of the request, so the next one
reconnects.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>잠시 후 다시 시도해 주세요 · 홈앤리치</title></head>
<body><h1>잠시 후 다시 시도해 주세요</h1>
<p>데이터베이스에 잠깐 연결할 수 없어요. 몇 초 뒤에 다시 보내 주세요.</p></body></html>
"""


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable for %s %s: %s", request.method, request.path, exception)
        response = HttpResponse(PAGE, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = "5"
        return response
