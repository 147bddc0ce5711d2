"""A small typed Telegram Bot API client: a few methods, timeouts, and 429 `retry_after` surfaced to the caller."""

import logging
import time
from dataclasses import dataclass
from typing import Any

import httpx2 as httpx
from django.conf import settings

from .telegram_limits import MAX_CALLBACK_DATA_BYTES, MAX_TEXT, fit_text  # noqa: F401 - still this module's API

logger = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(10.0, connect=3.0)
# A wait this short is cheaper to sit out in place than to reschedule a task for.
WAIT_IN_PLACE_SECONDS = 2.0
# Edits follow the entries they made; my_chat_member says when the bot is removed from a group.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]

# Tests (and the benchmark) put a fake Telegram here; production leaves it None.
transport: httpx.BaseTransport | None = None


class TelegramError(Exception):
    """Telegram refused the call (4xx other than 429); asking again will not help."""

    def __init__(self, description: str, *, status: int | None = None):
        super().__init__(description)
        self.description = description
        self.status = status


class TelegramRetryAfter(TelegramError):
    """429: Telegram asked us to wait `retry_after` seconds."""

    def __init__(self, description: str, *, retry_after: float):
        super().__init__(description, status=429)
        self.retry_after = retry_after


class TelegramUnavailable(TelegramError):
    """Network trouble or a 5xx: worth another try later."""


class TelegramChatMigrated(TelegramError):
    """400: the group was upgraded to a supergroup, which has a new id (`parameters.migrate_to_chat_id`)."""

    def __init__(self, description: str, *, new_chat_id: int):
        super().__init__(description, status=400)
        self.new_chat_id = new_chat_id


@dataclass(frozen=True)
class SentMessage:
    chat_id: int
    message_id: int


class TelegramClient:
    def __init__(
        self,
        *,
        token: str,
        base_url: str = "https://api.telegram.org",
        http_transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = TIMEOUT,
    ):
        if not token:
            raise TelegramError("TELEGRAM_BOT_TOKEN is not set")
        self._base = f"{base_url.rstrip('/')}/bot{token}/"
        self._http = httpx.Client(transport=http_transport, timeout=timeout)

    def __enter__(self) -> "TelegramClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def call(self, method: str, payload: dict[str, Any]) -> Any:
        """One Bot API call; a short 429 wait is sat out once, a longer one is raised."""
        try:
            return self._call_once(method, payload)
        except TelegramRetryAfter as error:
            if error.retry_after > WAIT_IN_PLACE_SECONDS:
                raise
            time.sleep(error.retry_after)
            return self._call_once(method, payload)

    def _call_once(self, method: str, payload: dict[str, Any]) -> Any:
        try:
            response = self._http.post(self._base + method, json=payload)
        except httpx.TransportError as error:
            raise TelegramUnavailable(f"{method}: {type(error).__name__}") from error
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if response.status_code == 200 and body.get("ok") is True:
            return body.get("result")
        description = str(body.get("description") or f"HTTP {response.status_code}")[:300]
        parameters = body.get("parameters") if isinstance(body.get("parameters"), dict) else {}
        if response.status_code == 429 or body.get("error_code") == 429:
            retry_after = parameters.get("retry_after")
            retry_after = float(retry_after) if isinstance(retry_after, int | float) and retry_after >= 0 else 5.0
            raise TelegramRetryAfter(f"{method}: {description}", retry_after=retry_after)
        if response.status_code >= 500:
            raise TelegramUnavailable(f"{method}: {description}", status=response.status_code)
        new_chat_id = parameters.get("migrate_to_chat_id")
        if isinstance(new_chat_id, int) and not isinstance(new_chat_id, bool):
            raise TelegramChatMigrated(f"{method}: {description}", new_chat_id=new_chat_id)
        raise TelegramError(f"{method}: {description}", status=response.status_code)

    def send_message(
        self,
        *,
        chat_id: int,
        text: str,
        reply_markup: dict | None = None,
        reply_to_message_id: int | None = None,
        thread_id: int | None = None,
    ) -> SentMessage:
        payload: dict[str, Any] = {"chat_id": chat_id, "text": fit_text(text)}
        if thread_id:
            payload["message_thread_id"] = thread_id
        if reply_markup:
            payload["reply_markup"] = reply_markup
        if reply_to_message_id:
            payload["reply_parameters"] = {"message_id": reply_to_message_id, "allow_sending_without_reply": True}
        result = self.call("sendMessage", payload)
        try:
            return SentMessage(chat_id=int(result["chat"]["id"]), message_id=int(result["message_id"]))
        except (KeyError, TypeError, ValueError) as error:
            raise TelegramError("sendMessage: unexpected result") from error

    def edit_message_text(self, *, chat_id: int, message_id: int, text: str, reply_markup: dict | None = None) -> None:
        payload: dict[str, Any] = {"chat_id": chat_id, "message_id": message_id, "text": fit_text(text)}
        if reply_markup is not None:
            payload["reply_markup"] = reply_markup
        try:
            self.call("editMessageText", payload)
        except TelegramError as error:
            # Editing to the same text is refused with 400; the message already says what we want.
            if error.status == 400 and "not modified" in error.description:
                return
            raise

    def answer_callback_query(self, *, callback_query_id: str, text: str = "") -> None:
        payload: dict[str, Any] = {"callback_query_id": callback_query_id}
        if text:
            payload["text"] = fit_text(text, 200)
        self.call("answerCallbackQuery", payload)

    def set_webhook(
        self, *, url: str, secret_token: str, max_connections: int = 10, drop_pending_updates: bool = False
    ) -> bool:
        return bool(
            self.call(
                "setWebhook",
                {
                    "url": url,
                    "secret_token": secret_token,
                    "allowed_updates": ALLOWED_UPDATES,
                    "max_connections": max_connections,
                    "drop_pending_updates": drop_pending_updates,
                },
            )
        )

    def delete_webhook(self) -> bool:
        return bool(self.call("deleteWebhook", {}))

    def get_webhook_info(self) -> dict:
        result = self.call("getWebhookInfo", {})
        return result if isinstance(result, dict) else {}


def telegram_client() -> TelegramClient:
    return TelegramClient(
        token=settings.TELEGRAM_BOT_TOKEN, base_url=settings.TELEGRAM_API_BASE, http_transport=transport
    )
