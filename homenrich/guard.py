"""The edge guard: characters no view can store or compare are refused with a 400 before any view runs.

PostgreSQL cannot hold a NUL in text, a lone surrogate cannot be encoded to UTF-8, and bytes that are
not UTF-8 reach a view as replacement characters it never meant to accept. Each of those in a query
string, a path, a form field (names too) or a JSON body is answered here with a clear Korean 400, so a
view never starts a write it cannot finish. The webhooks keep their own protocol (chatbots.views):
Telegram gets a 200 for any body with the right secret, Kakao a 400 for an unreadable one.
"""

import json
import logging
import re
from urllib.parse import unquote_to_bytes

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError

logger = logging.getLogger(__name__)

REFUSAL = "요청에 쓸 수 없는 문자(NUL, 깨진 글자)가 들어 있어요. 입력한 내용을 확인해 주세요."
# Webhooks answer malformed bodies by their platform's rules (docs/chatbots.md), never with our 400.
EXEMPT_PREFIXES = ("/hooks/",)
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_is_clean(text: str) -> bool:
    """No NUL and no lone surrogate: text every database and encoder here accepts."""
    return "\x00" not in text and _SURROGATE.search(text) is None


def _urlencoded_is_clean(raw: bytes) -> bool:
    """Percent-decoded, the bytes hold no NUL and are UTF-8 (which excludes encoded surrogates)."""
    decoded = unquote_to_bytes(raw.replace(b"+", b" "))
    if b"\x00" in decoded:
        return False
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _json_is_clean(value, depth: int = 0) -> bool:
    if depth > 200:
        return True  # too deep to be ours: the view refuses it as it would any odd shape
    if isinstance(value, str):
        return text_is_clean(value)
    if isinstance(value, list):
        return all(_json_is_clean(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return all(text_is_clean(k) and _json_is_clean(v, depth + 1) for k, v in value.items())
    return True


def _body_is_clean(request: HttpRequest) -> bool:
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        return _urlencoded_is_clean(request.body)
    if content_type == "multipart/form-data":
        # Django decodes field values with errors="replace", so only NUL and surrogates can get through.
        fields = request.POST
        return all(text_is_clean(key) and all(text_is_clean(v) for v in fields.getlist(key)) for key in fields) and all(
            text_is_clean(key) and all(text_is_clean(f.name or "") for f in request.FILES.getlist(key))
            for key in request.FILES
        )
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError:
            return False
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            return True  # not JSON at all: the view's own answer to a malformed body stands
        return _json_is_clean(document)
    return True


def request_is_clean(request: HttpRequest) -> bool:
    query = request.META.get("QUERY_STRING", "")
    # WSGI hands the raw query bytes over as latin-1 text.
    if not _urlencoded_is_clean(query.encode("latin-1", "replace")):
        return False
    if not text_is_clean(request.path_info):
        return False
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return True
    return _body_is_clean(request)


def refusal(request: HttpRequest) -> HttpResponse:
    if request.headers.get("HX-Request"):
        return HttpResponseBadRequest(REFUSAL, content_type="text/plain; charset=utf-8")
    page = (
        '<!doctype html><html lang="ko"><meta charset="utf-8"><title>잘못된 요청</title>'
        f'<h1>잘못된 요청이에요</h1><p>{REFUSAL}</p><p><a href="/">처음으로</a></p></html>'
    )
    return HttpResponseBadRequest(page, content_type="text/html; charset=utf-8")


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(EXEMPT_PREFIXES):
            try:
                clean = request_is_clean(request)
            except (RequestDataTooBig, TooManyFieldsSent, MultiPartParserError):
                clean = True  # Django answers these itself (400 / 413) when the view reads the body
            except UnicodeDecodeError:
                clean = False
            if not clean:
                logger.info("input guard: refused %s %s", request.method, request.path_info[:200])
                return refusal(request)
        return self.get_response(request)
