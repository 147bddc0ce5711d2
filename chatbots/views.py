"""The webhooks (Telegram, Kakao skill, the forwarding address) and the member's "채팅 연결" page."""

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
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from homenrich.errors import Refused
from households.access import household_view

from . import inbox_hook, kakao_hook, selectors, services, telegram_hook, texts
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


@csrf_exempt
def inbox(request: HttpRequest, token: str) -> HttpResponse:
    """A phone automation's card or bank text, for the member whose address this is (see inbox_hook)."""
    if request.method != "POST":
        return _inbox_answer(inbox_hook.InboxAnswer(405, "method_not_allowed", "POST로 보내 주세요."), allow="POST")
    try:
        content = request.body
    except (RequestDataTooBig, OSError):
        content = None
    if content is None:
        body = inbox_hook.Body(None, inbox_hook.TOO_BIG, 413)
    elif request.content_type == "multipart/form-data" and len(content) <= inbox_hook.MAX_BODY_BYTES:
        # A form with a `text` field (what some automation apps send).
        field = request.POST.get("text")
        body = inbox_hook.read_body(
            content=(field or "").encode(),
            content_type="text/plain",
            charset=None,
            raw=content.decode("utf-8", "replace"),
        )
    else:
        body = inbox_hook.read_body(
            content=content, content_type=request.content_type or "", charset=request.content_params.get("charset")
        )
    try:
        answer = inbox_hook.handle(token=token, body=body)
    except DatabaseError:
        logger.exception("inbox: database unavailable")
        answer = inbox_hook.InboxAnswer(503, "error", texts.ERROR)
    return _inbox_answer(answer)


def _inbox_answer(answer, **headers) -> JsonResponse:
    response = JsonResponse(answer.body, status=answer.status, json_dumps_params={"ensure_ascii": False})
    if answer.status == 429:
        response["Retry-After"] = "60"
    for name, value in headers.items():
        response[name.capitalize()] = value
    response["Cache-Control"] = "no-store"
    return response


def _kakao_refusal(reason: str) -> JsonResponse:
    return JsonResponse({"error": reason}, status=400, json_dumps_params={"ensure_ascii": False})


@household_view(post="read")  # making one's own forwarding address: the service refuses viewers in Korean
def chat_links(request: HttpRequest) -> HttpResponse:
    """Fresh one-time link token and code on every visit, plus this member's linked chats.

    POST makes a new forwarding address: its URL is shown in this answer only (only its hash is kept).
    """
    membership = request.membership
    inbox_url = None
    if request.method == "POST":
        try:
            _, inbox_token = services.inbox_address_create(membership=membership)
        except Refused as error:
            messages.error(request, str(error))
            return redirect("chat_links")
        inbox_url = request.build_absolute_uri(reverse("inbox", args=[inbox_token]))
    token, code = services.link_codes_create(membership=membership)
    # Without our own bot's token and name there is nothing of ours to link to.
    bot = settings.TELEGRAM_BOT_USERNAME if settings.TELEGRAM_BOT_TOKEN else ""
    context = {
        "telegram_link": f"https://t.me/{bot}?start={token}" if bot else None,
        "telegram_group_link": f"https://t.me/{bot}?startgroup={token}" if bot else None,
        "telegram_bot": bot,
        "kakao_ready": bool(settings.KAKAO_SKILL_TOKEN),
        "kakao_code": code,
        "links": selectors.chat_links_for(membership=membership),
        "inbox_url": inbox_url,
        "inbox_per_minute": inbox_hook.MESSAGES_PER_MINUTE,
        "inbox_addresses": [a for a in selectors.inbox_addresses_for(membership=membership) if a.revoked_at is None],
    }
    response = render(request, "chatbots/links.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@household_view(post="read")  # one's own address, viewers too
def inbox_address_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    address = selectors.inbox_address_get(membership=request.membership, pk=pk)
    services.inbox_address_revoke(by=request.membership, address=address)
    messages.success(request, "알림 전달 주소를 없앴어요. 그 주소로 보낸 문자는 더 이상 기록되지 않아요.")
    return redirect("chat_links")


@require_POST
@household_view(post="read")  # one's own chats, viewers too
def chat_link_remove(request: HttpRequest, pk: int) -> HttpResponse:
    link = selectors.chat_link_get(membership=request.membership, pk=pk)
    services.chat_link_remove(by=request.membership, link=link)
    messages.success(request, f"{link.get_platform_display()} 연결을 해제했어요.")
    return redirect("chat_links")
