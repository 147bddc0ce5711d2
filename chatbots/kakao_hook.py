"""Kakao skill requests in, a skill response v2.0 out: the HTTP response body is the reply."""

import logging
import re
from dataclasses import dataclass
from typing import Any

from expenses.entries.services import message_save_raw
from expenses.models import Channel, MessageOutcome
from homenrich.dispatch import publish

from . import conversation, selectors, services, texts, throttle
from .conversation import Answer, Button
from .kakao import SkillResponse, callback_ack, callback_url_allowed

logger = logging.getLogger(__name__)

CONNECT = re.compile(r"^연결\s*(?P<code>[A-Za-z0-9][A-Za-z0-9 -]{2,18}[A-Za-z0-9])$")
SLUG = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
ACTIONS = {"undo", "pick", "cat", "back", "today", "month"}
MESSAGE_TEXT = {"undo": "취소", "pick": "분류 바꾸기", "back": "돌아가기"}
PICKER_PAGE = 8
MAX_USER_KEY = 80


@dataclass(frozen=True)
class SkillRequest:
    user_key: str
    utterance: str
    extra: dict
    callback_url: str


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def parse_request(payload: Any) -> SkillRequest | None:
    """The fields we use; None when the payload cannot be a Kakao skill request."""
    if not isinstance(payload, dict):
        return None
    user_request = _dict(payload.get("userRequest"))
    user_key = _dict(user_request.get("user")).get("id")
    utterance = user_request.get("utterance")
    if not isinstance(user_key, str) or not 1 <= len(user_key.strip()) <= MAX_USER_KEY:
        return None
    if not isinstance(utterance, str):
        return None
    callback_url = user_request.get("callbackUrl")
    return SkillRequest(
        user_key=texts.clean(user_key.strip()),
        utterance=texts.clean(utterance),
        extra=_dict(_dict(payload.get("action")).get("clientExtra")),
        callback_url=callback_url if isinstance(callback_url, str) and len(callback_url) <= 500 else "",
    )


def _int(value: Any, low: int, high: int) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high else None


def button_from_extra(extra: dict) -> tuple[Button, int] | None:
    """A quick reply's `extra` (back as action.clientExtra): the button and the picker page."""
    action = extra.get("a")
    if not isinstance(action, str) or action not in ACTIONS:  # a list or dict here is unhashable
        return None
    entry_id = _int(extra.get("e"), 1, 2**63 - 1) or 0
    slug = extra.get("c") if isinstance(extra.get("c"), str) and SLUG.match(extra["c"]) else ""
    if action in ("undo", "pick", "back", "cat") and not entry_id:
        return None
    if action == "cat" and not slug:
        return None
    page = _int(extra.get("p"), 0, 50) or 0
    return Button(label="", action=action, entry_id=entry_id, slug=slug), page


def _extra(button: Button, page: int = 0) -> dict:
    extra: dict[str, Any] = {"a": button.action}
    if button.entry_id:
        extra["e"] = button.entry_id
    if button.slug:
        extra["c"] = button.slug
    if page:
        extra["p"] = page
    return extra


def render(answer: Answer, *, page: int = 0, notices: list[str] | tuple = ()) -> dict:
    response = SkillResponse().text(answer.text)
    if notices:
        response.text("\n\n".join(notices))
    buttons = [b for row in answer.rows for b in row]
    if answer.picker_entry_id:
        choices = [b for b in buttons if b.action == "cat"]
        pages = max(1, -(-len(choices) // PICKER_PAGE))
        page = page % pages
        for b in choices[page * PICKER_PAGE : (page + 1) * PICKER_PAGE]:
            response.quick_reply(b.label, extra=_extra(b))
        if pages > 1:
            response.quick_reply(
                "더 보기",
                message_text="분류 더 보기",
                extra=_extra(Button("", "pick", answer.picker_entry_id), page + 1),
            )
        response.quick_reply("돌아가기", extra=_extra(Button("", "back", answer.picker_entry_id)))
        return response.build()
    for b in buttons:
        if response.quick_replies_left <= 2:
            break
        response.quick_reply(b.label, message_text=MESSAGE_TEXT.get(b.action, b.label), extra=_extra(b))
    response.quick_reply("오늘").quick_reply("이번 달")
    return response.build()


def _simple(text: str, *, quick: tuple[str, ...] = ()) -> dict:
    response = SkillResponse().text(text)
    for label in quick:
        response.quick_reply(label)
    return response.build()


def handle_request(request: SkillRequest) -> dict:
    recipient = f"kakao:{request.user_key}"
    text = request.utterance.strip()
    link = selectors.kakao_link(user_key=request.user_key)
    pressed = button_from_extra(request.extra)
    if text and pressed is None:
        # A typed message is counted and checked for a double send in one statement.
        count, double_send = throttle.chat_message_count_and_double_send(chat_key=recipient, text=text)
    else:
        count, double_send = throttle.chat_message_count(chat_key=recipient), False
    if throttle.is_over_limit(count):
        if link is not None:
            conversation.answer_rate_limited(link=link, channel=Channel.KAKAO, text=text)
        return _simple(texts.RATE_LIMITED)
    connect = CONNECT.match(text)
    if connect:
        return _connect(request, connect["code"])
    if link is None:
        return _simple(texts.HOW_TO_LINK_KAKAO)
    page = 0
    if pressed is not None:
        button, page = pressed
        answer = conversation.answer_button(link=link, channel=Channel.KAKAO, button=button, raw_text=text or "(버튼)")
    elif not text:
        return _simple(texts.HELP, quick=("오늘", "이번 달"))
    else:
        answer = conversation.answer_text(link=link, channel=Channel.KAKAO, text=text, double_send=double_send)
    if answer.pending and answer.turn is not None and _callback_later(answer, request.callback_url):
        return callback_ack("기록했어요. 분류를 확인하고 있어요…")
    return render(answer, page=page, notices=services.notices_take(recipient=recipient))


def _connect(request: SkillRequest, code: str) -> dict:
    try:
        link = services.kakao_link(code=code, user_key=request.user_key)
    except services.LinkError as error:
        return _simple(str(error))
    # The code itself is not kept: it is spent, and a wrong one only counts as a wrong try.
    message_save_raw(membership=link.membership, channel=Channel.KAKAO, text="연결", outcome=MessageOutcome.COMMAND)
    return _simple(texts.linked(link.household, link.membership.display_name), quick=("오늘", "이번 달", "도움말"))


def _callback_later(answer: Answer, callback_url: str) -> bool:
    """Claude's answer can ride the callbackUrl (one POST within a minute), only ever to Kakao's hosts."""
    if not callback_url or not callback_url_allowed(callback_url):
        return False
    services.chat_turn_set_callback_url(turn_id=answer.turn.pk, callback_url=callback_url)
    if not publish("chatbots.tasks.kakao_post_callback", (answer.turn.pk,), countdown=2):
        logger.info("answering without the callback")
        services.chat_turn_set_callback_url(turn_id=answer.turn.pk, callback_url="")
        return False
    return True
