"""Fixtures for the chat channels: a fake Telegram Bot API that records every call, Telegram updates built
with python-telegram-bot's own classes, Kakao skill requests in the documented v2 shape, linked personas."""

import datetime as dt
import itertools
import json
import re
from dataclasses import dataclass, field

import httpx2 as httpx
import pytest
import telegram as ptb

from chatbots import services, tasks, telegram
from tests.conftest import membership_of

TELEGRAM_SECRET = "test-secret_123"
KAKAO_TOKEN = "kakao-skill-token-456"
BOB_TG = 7012345678  # > 2**32, as real Telegram ids are
ALICE_TG = 7098765432
CHARLIE_TG = 7011111111
VERA_TG = 7022222222
GROUP_TG = -1002233445566
BOB_KAKAO = "226f81aef15e8f58bob"
CHARLIE_KAKAO = "226f81aef15e8f58charlie"
_update_ids = itertools.count(873214001)
_message_ids = itertools.count(52)


@pytest.fixture(autouse=True)
def _chat_settings(settings):
    # Personas log in with passwords; the real hasher costs seconds per test and proves nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TELEGRAM_BOT_TOKEN = "123456:TEST-TOKEN"
    settings.TELEGRAM_BOT_USERNAME = BOT_USERNAME
    settings.TELEGRAM_WEBHOOK_SECRET = TELEGRAM_SECRET
    settings.TELEGRAM_API_BASE = "https://api.telegram.org"
    settings.KAKAO_SKILL_TOKEN = KAKAO_TOKEN


@dataclass
class FakeTelegram:
    """Answers Bot API calls like Telegram does and keeps every call: (method, payload)."""

    calls: list[tuple[str, dict]] = field(default_factory=list)
    scripted: list[httpx.Response] = field(default_factory=list)
    # Groups upgraded to supergroups: a send to the old id is refused as Telegram refuses it.
    migrated: dict[int, int] = field(default_factory=dict)
    next_message_id: itertools.count = field(default_factory=lambda: itertools.count(900))

    def handle(self, request: httpx.Request) -> httpx.Response:
        match = re.match(r"^/bot[^/]+/(\w+)$", request.url.path)
        method = match[1] if match else "?"
        payload = json.loads(request.content or b"{}")
        self.calls.append((method, payload))
        if self.scripted:
            return self.scripted.pop(0)
        if payload.get("chat_id") in self.migrated:
            return httpx.Response(
                400,
                json={
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: group chat was upgraded to a supergroup chat",
                    "parameters": {"migrate_to_chat_id": self.migrated[payload["chat_id"]]},
                },
            )
        if method in ("sendMessage", "editMessageText"):
            result = {
                "message_id": payload.get("message_id") or next(self.next_message_id),
                "date": 1795666000,
                "chat": {"id": payload["chat_id"], "type": "private" if payload["chat_id"] > 0 else "group"},
                "text": payload["text"],
            }
            return httpx.Response(200, json={"ok": True, "result": result})
        return httpx.Response(200, json={"ok": True, "result": True})

    def sent(self, method: str) -> list[dict]:
        return [payload for m, payload in self.calls if m == method]

    def too_many_requests(self, retry_after: int) -> None:
        self.scripted.append(
            httpx.Response(
                429,
                json={
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry_after}",
                    "parameters": {"retry_after": retry_after},
                },
            )
        )


@pytest.fixture(autouse=True)
def fake_telegram(monkeypatch):
    fake = FakeTelegram()
    monkeypatch.setattr(telegram, "transport", httpx.MockTransport(fake.handle))
    return fake


@dataclass
class FakeKakaoCallback:
    posts: list[tuple[str, dict]] = field(default_factory=list)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.posts.append((str(request.url), json.loads(request.content)))
        return httpx.Response(200, json={"taskId": "x", "status": "SUCCESS"})


@pytest.fixture(autouse=True)
def fake_kakao_callback(monkeypatch):
    fake = FakeKakaoCallback()
    monkeypatch.setattr(tasks, "kakao_transport", httpx.MockTransport(fake.handle))
    return fake


# --- Telegram updates, built with python-telegram-bot's own classes (Bot API 10) ------------------

BOT_ID = 123456  # the id in the test token "123456:TEST-TOKEN"
BOT_USERNAME = "homenrich_test_bot"


def tg_user(user_id=BOB_TG, first_name="민지") -> ptb.User:
    return ptb.User(id=user_id, is_bot=False, first_name=first_name, language_code="ko")


def tg_bot_user(*, user_id=BOT_ID, username=BOT_USERNAME) -> ptb.User:
    return ptb.User(id=user_id, is_bot=True, first_name="홈앤리치", username=username)


def tg_chat(chat_id, chat_type="private", *, first_name="민지", is_forum=None) -> ptb.Chat:
    if chat_type in ("group", "supergroup"):
        return ptb.Chat(id=chat_id, type=chat_type, title="우리집 가계부방", is_forum=is_forum)
    return ptb.Chat(id=chat_id, type=chat_type, first_name=first_name)


def _command_entities(text) -> list[ptb.MessageEntity] | None:
    """Telegram marks a leading /command (with its @suffix) as a bot_command entity."""
    if not isinstance(text, str) or not text.startswith("/"):
        return None
    length = len(text.split()[0])
    return [ptb.MessageEntity(type=ptb.MessageEntity.BOT_COMMAND, offset=0, length=length)]


def tg_message_object(
    text,
    *,
    user_id=BOB_TG,
    chat_id=None,
    chat_type="private",
    first_name="민지",
    sent_at=None,
    message_id=None,
    sender=None,
    **fields,
) -> ptb.Message:
    """A Message as Telegram sends it; `fields` are the library's own Message arguments."""
    chat_id = user_id if chat_id is None else chat_id
    if text is not None:
        fields.setdefault("text", text)
        fields.setdefault("entities", _command_entities(text))
    return ptb.Message(
        message_id=next(_message_ids) if message_id is None else message_id,
        date=sent_at or dt.datetime.now(dt.UTC),
        chat=tg_chat(chat_id, chat_type, first_name=first_name, is_forum=fields.pop("is_forum", None)),
        from_user=sender or tg_user(user_id, first_name),
        **fields,
    )


def tg_update(*, update_id=None, **kinds) -> dict:
    """An Update with one of message / edited_message / callback_query / my_chat_member, as JSON."""
    return ptb.Update(update_id=update_id or next(_update_ids), **kinds).to_dict()


def tg_message(text, *, update_id=None, **options):
    return tg_update(update_id=update_id, message=tg_message_object(text, **options))


def tg_edit(original: dict, text, *, edited_at=None, update_id=None, **fields):
    """The edited_message Telegram sends when the member changes `original`'s text (or caption)."""
    message = original["message"]
    chat = message["chat"]
    if "caption" in message:
        fields.setdefault("caption", text)
        text = None
    edited = tg_message_object(
        text,
        user_id=message["from"]["id"],
        chat_id=chat["id"],
        chat_type=chat["type"],
        message_id=message["message_id"],
        sent_at=dt.datetime.fromtimestamp(message["date"], dt.UTC),
        edit_date=edited_at or dt.datetime.now(dt.UTC),
        **fields,
    )
    return tg_update(update_id=update_id, edited_message=edited)


def tg_bot_reply(body: dict, *, message_id=None, chat_type=None) -> ptb.Message:
    """The bot's own message as Telegram shows it in reply_to_message: what a webhook reply sent."""
    chat_id = body["chat_id"]
    chat_type = chat_type or ("private" if chat_id > 0 else "supergroup")
    markup = body.get("reply_markup") or {}
    keyboard = [
        [ptb.InlineKeyboardButton(b["text"], callback_data=b["callback_data"]) for b in row]
        for row in markup.get("inline_keyboard", [])
    ]
    return ptb.Message(
        message_id=next(_message_ids) if message_id is None else message_id,
        date=dt.datetime.now(dt.UTC),
        chat=tg_chat(chat_id, chat_type),
        from_user=tg_bot_user(),
        text=body["text"],
        reply_markup=ptb.InlineKeyboardMarkup(keyboard) if keyboard else None,
    )


def tg_reply(text, to: ptb.Message, **options):
    """A member's message that replies to `to` (the bot's reply, or a message of their own)."""
    return tg_message(text, reply_to_message=to, **options)


def as_message(update: dict) -> ptb.Message:
    """A sent update's message back as the library's object (to reply to it)."""
    return ptb.Message.de_json(update["message"], None)


def tg_button(data, *, user_id=BOB_TG, chat_id=None, message_id=53, update_id=None):
    chat_id = user_id if chat_id is None else chat_id
    pressed_on = ptb.Message(
        message_id=message_id,
        date=dt.datetime.now(dt.UTC),
        chat=tg_chat(chat_id, "private" if chat_id > 0 else "group"),
        from_user=tg_bot_user(),
        text="✅ 식비 5,000원",
    )
    query = ptb.CallbackQuery(
        id=f"4382bfdwdsb323b2d{next(_message_ids)}",
        from_user=tg_user(user_id),
        chat_instance="-3241234567",
        message=pressed_on,
        data=data,
    )
    return tg_update(update_id=update_id, callback_query=query)


def post_telegram(client, payload, *, secret=TELEGRAM_SECRET, raw=None):
    headers = {} if secret is None else {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret}
    body = raw if raw is not None else json.dumps(payload, ensure_ascii=False)
    return client.post("/hooks/telegram/", data=body, content_type="application/json", **headers)


def reply_text(response) -> str:
    """The text the bot answered inline (sendMessage or editMessageText in the response body)."""
    assert response.status_code == 200, response.content
    return response.json()["text"] if response.content else ""


def buttons_of(body: dict) -> list[dict]:
    return [b for row in body.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


# --- Kakao skill requests, as documented ---------------------------------------------------------


def kakao_payload(utterance, *, user_key=BOB_KAKAO, extra=None, callback_url=None):
    user_request = {
        "utterance": utterance,
        "lang": "ko",
        "timezone": "Asia/Seoul",
        "params": {"surface": "Kakaotalk.plusfriend"},
        "block": {"id": "5d300e788192ac000132b8a4", "name": "폴백 블록"},
        "user": {
            "id": user_key,
            "type": "botUserKey",
            "properties": {"plusfriendUserKey": "T8x9DhjAiBrv", "isFriend": True},
        },
    }
    if callback_url:
        user_request["callbackUrl"] = callback_url
    return {
        "bot": {"id": "5ae9b76d7409b11ec845b746", "name": "우리집가계부"},
        "intent": {"id": "5d300e788192ac000132b8a4", "name": "폴백 블록"},
        "action": {
            "id": "5ffe572d7292584dbda1dc64",
            "name": "가계부 기록",
            "params": {},
            "detailParams": {},
            "clientExtra": extra or {},
        },
        "userRequest": user_request,
        "contexts": [],
        "flow": {"trigger": {"type": "TEXT_INPUT"}},
    }


def post_kakao(client, payload, *, token=KAKAO_TOKEN, raw=None):
    headers = {} if token is None else {"HTTP_X_SKILL_TOKEN": token}
    body = raw if raw is not None else json.dumps(payload, ensure_ascii=False)
    return client.post("/hooks/kakao/", data=body, content_type="application/json", **headers)


def kakao_text(response) -> str:
    assert response.status_code == 200, response.content
    return "\n".join(o["simpleText"]["text"] for o in response.json()["template"]["outputs"] if "simpleText" in o)


def quick_replies(response) -> list[dict]:
    return response.json()["template"].get("quickReplies", [])


# --- linked personas -----------------------------------------------------------------------------


def link_telegram(client, user, household, *, user_id, chat_id=None, chat_type="private"):
    token, _ = services.link_codes_create(membership=membership_of(user, household))
    response = post_telegram(
        client, tg_message(f"/start {token}", user_id=user_id, chat_id=chat_id, chat_type=chat_type)
    )
    assert "연결됐어요" in reply_text(response)
    return response


def link_kakao(client, user, household, *, user_key):
    _, code = services.link_codes_create(membership=membership_of(user, household))
    response = post_kakao(client, kakao_payload(f"연결 {code}", user_key=user_key))
    assert "연결됐어요" in kakao_text(response)
    return response


@pytest.fixture
def bob_on_telegram(client, household, bob):
    link_telegram(client, bob, household, user_id=BOB_TG)
    return bob


@pytest.fixture
def bob_on_kakao(client, household, bob):
    link_kakao(client, bob, household, user_key=BOB_KAKAO)
    return bob


# --- the forwarding address (POST /hooks/inbox/<token>/) -------------------------------------------


def inbox_token(user, household) -> str:
    """A fresh forwarding address for the member, made the way the 채팅 연결 page makes it."""
    _, token = services.inbox_address_create(membership=membership_of(user, household))
    return token


def post_inbox(client, token, text=None, *, json_body=None, raw=None, content_type="text/plain; charset=utf-8"):
    if json_body is not None:
        return client.post(f"/hooks/inbox/{token}/", data=json.dumps(json_body), content_type="application/json")
    body = raw if raw is not None else text.encode()
    return client.generic("POST", f"/hooks/inbox/{token}/", data=body, content_type=content_type)
