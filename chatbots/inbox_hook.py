"""The forwarding address: a phone automation POSTs a card or bank text, it is recorded for one member.

`POST /hooks/inbox/<token>/` with the text as the body (text/plain) or as `{"text": "…"}` (JSON), or as
a form field `text`. No session and no CSRF: the token is the capability (stored hashed, revocable,
rate-limited). The answer is JSON, `{"ok", "outcome", "reply"}`, with a status an automation can act on:

- 200: the text was taken — recorded, already recorded, or a notice with nothing to record (a bill, an
  ad: an automation that forwards every text sends those too, and must not see them as failures);
- 400 an unreadable body, 413 too large, 415 a content type we do not read, 404 an unknown or revoked
  address, 403 a viewer's address, 422 a date outside the entry window, 429 too many texts, 503 when the
  ledger could not be written (the text itself was saved).

A body that reaches a live address is saved first, whatever becomes of it, like any message.
"""

import json
import logging
from dataclasses import dataclass
from urllib.parse import parse_qs

from expenses.entries.replies import record_reply
from expenses.entries.services import message_record, message_save_raw
from expenses.models import Channel, MessageOutcome

from . import selectors, services, texts, throttle
from .models import InboxAddress

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024  # a card text is a few hundred bytes; a long forwarded thread a few KB
MESSAGES_PER_MINUTE = 30
READABLE_TYPES = ("text/plain", "application/json", "application/x-www-form-urlencoded", "")  # and multipart forms

NOT_FOUND = "이 전달 주소는 없거나 더 이상 쓰지 않아요. 웹의 '채팅 연결'에서 새 주소를 만들어 주세요."
TOO_BIG = f"본문이 너무 커요. {MAX_BODY_BYTES // 1024}KB까지 받을 수 있어요."
WRONG_TYPE = 'text/plain 본문이나 {"text": "…"} JSON으로 보내 주세요.'
NOT_UTF8 = "본문을 UTF-8 글자로 읽을 수 없어요. 문자 내용을 그대로(UTF-8) 보내 주세요."
NO_TEXT = '보낼 문자 내용이 비어 있어요. 본문에 문자 내용을 넣거나 {"text": "…"}로 보내 주세요.'
NOT_JSON = 'JSON을 읽을 수 없어요. {"text": "…"} 모양으로 보내 주세요.'

STATUS = {
    MessageOutcome.RECORDED: 200,
    MessageOutcome.ALREADY_RECORDED: 200,
    MessageOutcome.NOTICE_SKIPPED: 200,
    MessageOutcome.NO_AMOUNT: 200,
    MessageOutcome.FOREIGN_CURRENCY: 200,
    MessageOutcome.PARSE_ERROR: 200,
    MessageOutcome.READ_ONLY: 403,
    MessageOutcome.TOO_LONG: 413,
    MessageOutcome.DATE_OUT_OF_RANGE: 422,
    MessageOutcome.AMOUNT_REFUSED: 422,
    MessageOutcome.ERROR: 503,
}


@dataclass(frozen=True)
class InboxAnswer:
    status: int
    outcome: str
    reply: str

    @property
    def body(self) -> dict:
        return {"ok": 200 <= self.status < 300, "outcome": self.outcome, "reply": self.reply}


@dataclass(frozen=True)
class Body:
    text: str | None  # the notification, or None when the body could not be read
    problem: str = ""  # why not, in Korean
    status: int = 400
    raw: str = ""  # what came, as far as it could be decoded: kept even when unreadable


def read_body(*, content: bytes, content_type: str, charset: str | None, raw: str = "") -> Body:
    """The text inside a request body, or why there is none (`raw`: the whole body, when it held a form)."""
    if len(content) > MAX_BODY_BYTES:
        return Body(None, TOO_BIG, 413, raw=content[:MAX_BODY_BYTES].decode("utf-8", "replace"))
    kind = content_type.split(";")[0].strip().lower()
    if kind not in READABLE_TYPES:
        return Body(None, WRONG_TYPE, 415, raw=content.decode("utf-8", "replace"))
    try:
        # Korean SMS forwarders on older phones may say EUC-KR; anything else is UTF-8.
        decoded = content.decode(charset if charset and charset.lower() in ("euc-kr", "cp949") else "utf-8")
    except (UnicodeDecodeError, LookupError):
        return Body(None, NOT_UTF8, 400, raw=content.decode("utf-8", "replace"))
    decoded = texts.clean(decoded)
    if kind == "application/json":
        try:
            payload = json.loads(decoded)
        except (ValueError, RecursionError):
            return Body(None, NOT_JSON, 400, raw=decoded)
        text = payload.get("text") if isinstance(payload, dict) else None
        if not isinstance(text, str):
            return Body(None, NO_TEXT, 400, raw=decoded)
        decoded = text
    elif kind == "application/x-www-form-urlencoded":
        from_form = _form_text(decoded)
        if from_form is None:
            return Body(None, NO_TEXT, 400, raw=decoded)
        decoded = from_form
    text = texts.clean(decoded).strip()
    if not text:
        return Body(None, NO_TEXT, 400, raw=raw or decoded)
    return Body(text)


def _form_text(decoded: str) -> str | None:
    values = parse_qs(decoded, keep_blank_values=True).get("text")
    return values[0] if values else None


def handle(*, token: str, body: Body) -> InboxAnswer:
    address = selectors.inbox_address_by_token(token=token)
    if address is None:
        return InboxAnswer(404, "not_found", NOT_FOUND)
    services.inbox_address_touch(address=address)
    membership = address.membership
    if body.text is None:
        if body.raw:
            _save(address, body.raw, MessageOutcome.BAD_REQUEST)
        return InboxAnswer(body.status, MessageOutcome.BAD_REQUEST, body.problem)
    count = throttle.chat_message_count(chat_key=f"inbox:{address.pk}")
    if throttle.is_over_limit(count, MESSAGES_PER_MINUTE):
        _save(address, body.text, MessageOutcome.RATE_LIMITED)
        return InboxAnswer(429, MessageOutcome.RATE_LIMITED, texts.RATE_LIMITED)
    result = message_record(membership=membership, channel=Channel.INBOX, text=body.text)
    return InboxAnswer(STATUS.get(result.outcome, 200), result.outcome, record_reply(result))


def _save(address: InboxAddress, text: str, outcome: str) -> None:
    message_save_raw(membership=address.membership, channel=Channel.INBOX, text=text, outcome=outcome)
