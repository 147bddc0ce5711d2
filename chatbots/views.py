"""The two webhooks (Telegram, Kakao skill) and the member's "채팅 연결" page."""

import hmac
import json
import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from households.access import household_view

from . import kakao_hook, selectors, services, telegram_hook, texts
from .kakao import SkillResponse

logger = logging.getLogger(__name__)

# Real updates and skill requests are a few KB; anything far larger is not from Telegram or Kakao.
MAX_BODY_BYTES = 64 * 1024
_UNREADABLE = object()


def secret_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison; an unset secret matches nothing."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def _json_body(request: HttpRequest) -> Any:
    """The parsed JSON body, or _UNREADABLE (too big, not UTF-8, not JSON, too deep)."""
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
            return _UNREADABLE
        body = request.body
    except (RequestDataTooBig, ValueError, OSError):
        return _UNREADABLE
    if len(body) > MAX_BODY_BYTES:
        return _UNREADABLE
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return _UNREADABLE


@csrf_exempt
@require_POST
def telegram_webhook(request: HttpRequest) -> HttpResponse:
    """Wrong secret → 403; anything else → 200, because Telegram resends every non-2xx for a day."""
    if not secret_matches(request.headers.get("X-Telegram-Bot-Api-Secret-Token"), settings.TELEGRAM_WEBHOOK_SECRET):
        return HttpResponseForbidden()
    payload = _json_body(request)
    if payload is _UNREADABLE:
        logger.warning("telegram: unreadable body ignored")
        return HttpResponse(status=200)
    try:
        body = telegram_hook.handle_update(payload)
    except DatabaseError:
        # Nothing could be saved: let Telegram deliver it again later.
        logger.exception("telegram: database unavailable")
        return HttpResponse(status=503)
    except Exception:
        logger.exception("telegram: update not handled")
        return HttpResponse(status=200)
    return JsonResponse(body) if body else HttpResponse(status=200)


@csrf_exempt
@require_POST
def kakao_skill(request: HttpRequest) -> HttpResponse:
    """Kakao does not retry: bad requests get a 4xx, everything else a valid skill response."""
    if not secret_matches(request.headers.get("X-Skill-Token"), settings.KAKAO_SKILL_TOKEN):
        return HttpResponseForbidden()
    payload = _json_body(request)
    if payload is _UNREADABLE:
        return _kakao_refusal("JSON 본문을 읽을 수 없어요.")
    skill_request = kakao_hook.parse_request(payload)
    if skill_request is None:
        return _kakao_refusal("userRequest.user.id와 utterance가 필요해요.")
    try:
        body = kakao_hook.handle_request(skill_request)
    except Exception:
        logger.exception("kakao: request not handled")
        body = SkillResponse().text(texts.ERROR).build()
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _kakao_refusal(reason: str) -> JsonResponse:
    return JsonResponse({"error": reason}, status=400, json_dumps_params={"ensure_ascii": False})


@household_view()
def chat_links(request: HttpRequest) -> HttpResponse:
    """Fresh one-time link token and code on every visit, plus this member's linked chats."""
    membership = request.membership
    token, code = services.link_codes_create(membership=membership)
    bot = settings.TELEGRAM_BOT_USERNAME
    context = {
        "telegram_link": f"https://t.me/{bot}?start={token}",
        "telegram_group_link": f"https://t.me/{bot}?startgroup={token}",
        "telegram_bot": bot,
        "kakao_code": code,
        "links": selectors.chat_links_for(membership=membership),
    }
    response = render(request, "chatbots/links.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@household_view(post="read")  # one's own chats, viewers too
def chat_link_remove(request: HttpRequest, pk: int) -> HttpResponse:
    link = selectors.chat_link_get(membership=request.membership, pk=pk)
    services.chat_link_remove(by=request.membership, link=link)
    messages.success(request, f"{link.get_platform_display()} 연결을 해제했어요.")
    return redirect("chat_links")
