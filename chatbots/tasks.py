"""Celery tasks for whatever the bots say outside a webhook response: thin, id-based, safe to run twice."""

import datetime as dt
import logging

import httpx2 as httpx
from celery import shared_task
from django.utils import timezone

from homenrich.celery import app as _project_app  # noqa: F401 - shared_task binds to it, not to a default app
from homenrich.dispatch import retry_backoff

from . import conversation, kakao_hook, services, throttle
from .kakao import callback_url_allowed
from .models import ChatNotice, ChatTurn, LinkAttempt, LinkCode, TelegramUpdate
from .telegram import (
    SentMessage,
    TelegramChatMigrated,
    TelegramClient,
    TelegramError,
    TelegramRetryAfter,
    TelegramUnavailable,
    telegram_client,
)
from .telegram_hook import reply_markup

logger = logging.getLogger(__name__)

MAX_RETRIES = 5
KAKAO_CALLBACK_DEADLINE = dt.timedelta(seconds=45)  # Kakao takes the callback for one minute
KAKAO_CALLBACK_TIMEOUT = httpx.Timeout(5.0, connect=2.0)
UPDATE_IDS_KEPT = dt.timedelta(days=7)  # Telegram redelivers for at most a day

# Tests put a fake Kakao callback endpoint here; production leaves it None.
kakao_transport: httpx.BaseTransport | None = None


def _retry_delay(task, error: TelegramError) -> float | None:
    """Seconds to wait before another try, or None when another try will not help."""
    if task.request.retries >= MAX_RETRIES:
        return None
    if isinstance(error, TelegramRetryAfter):
        return error.retry_after + 0.5
    if isinstance(error, TelegramUnavailable):
        return retry_backoff(task.request.retries)
    return None


def _send(client: TelegramClient, *, chat_id: int, text: str, **options) -> SentMessage:
    """sendMessage; when the group has become a supergroup, its links move and the message goes there."""
    try:
        return client.send_message(chat_id=chat_id, text=text, **options)
    except TelegramChatMigrated as moved:
        services.telegram_chat_migrate(old_chat_id=chat_id, new_chat_id=moved.new_chat_id)
        return client.send_message(chat_id=moved.new_chat_id, text=text, **options)


def _load_turn(turn_id: int) -> ChatTurn | None:
    return ChatTurn.objects.select_related("link", "link__household", "message").filter(pk=turn_id).first()


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def telegram_send_turn_reply(self, turn_id: int, reply_to: int | None = None) -> None:
    """Sends the reply to a recorded message and keeps its message id, so Claude's answer can edit it."""
    turn = _load_turn(turn_id)
    if turn is None or turn.reply_message_id or turn.telegram_chat_id is None:
        return
    answer = conversation.turn_answer(turn)
    try:
        with telegram_client() as client:
            sent = _send(
                client,
                chat_id=turn.telegram_chat_id,
                text=answer.text,
                reply_markup=reply_markup(answer),
                reply_to_message_id=reply_to,
                thread_id=turn.telegram_thread_id,
            )
            services.chat_turn_set_reply(turn_id=turn.pk, reply_message_id=sent.message_id)
            # Claude may have answered while this was on its way: make the reply say so.
            fresh = conversation.turn_answer(turn)
            if fresh.text != answer.text:
                client.edit_message_text(
                    chat_id=sent.chat_id, message_id=sent.message_id, text=fresh.text, reply_markup=reply_markup(fresh)
                )
    except TelegramError as error:
        delay = _retry_delay(self, error)
        if delay is None:
            logger.warning("telegram: reply to turn %s not sent: %s", turn_id, error)
            return
        raise self.retry(countdown=delay, exc=error) from error


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def telegram_edit_turn_reply(self, turn_id: int) -> None:
    """Claude (or anyone) changed an entry: the bot's earlier reply now says what is true."""
    turn = _load_turn(turn_id)
    if turn is None or not turn.reply_message_id or turn.telegram_chat_id is None:
        return
    answer = conversation.turn_answer(turn)
    try:
        with telegram_client() as client:
            client.edit_message_text(
                chat_id=turn.telegram_chat_id,
                message_id=turn.reply_message_id,
                text=answer.text,
                reply_markup=reply_markup(answer) or {"inline_keyboard": []},
            )
    except TelegramError as error:
        delay = _retry_delay(self, error)
        if delay is None:
            logger.warning("telegram: reply of turn %s not edited: %s", turn_id, error)
            return
        raise self.retry(countdown=delay, exc=error) from error


@shared_task(bind=True, acks_late=True, max_retries=1)
def telegram_answer_callback(self, callback_query_id: str, text: str = "") -> None:
    """Stops the pressed button's spinner; after a few seconds nobody is waiting, so one retry at most."""
    try:
        with telegram_client() as client:
            client.answer_callback_query(callback_query_id=callback_query_id, text=text)
    except TelegramError as error:
        if isinstance(error, TelegramRetryAfter | TelegramUnavailable) and self.request.retries < 1:
            raise self.retry(countdown=min(getattr(error, "retry_after", 1.0), 5.0), exc=error) from error
        logger.info("telegram: callback %s not answered: %s", callback_query_id, error)


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def telegram_send_notices(self, notice_ids: list[int]) -> int:
    """Sends Telegram notices (budget alerts) once each; Kakao ones wait for that user's next message."""
    sent = 0
    notices = ChatNotice.objects.filter(pk__in=notice_ids, recipient__startswith="telegram:", sent_at__isnull=True)
    try:
        with telegram_client() as client:
            for notice in notices.order_by("pk"):
                if not services.notice_claim(notice_id=notice.pk):
                    continue  # another run sent it
                try:
                    _send(client, chat_id=int(notice.recipient.split(":", 1)[1]), text=notice.text)
                except (TelegramRetryAfter, TelegramUnavailable):
                    services.notice_release(notice_id=notice.pk)
                    raise
                except TelegramError as error:
                    # Blocked bot, deleted group: this chat will not get it; the others still do.
                    logger.info("telegram: notice %s not delivered: %s", notice.pk, error)
                    continue
                sent += 1
    except TelegramError as error:
        delay = _retry_delay(self, error)
        if delay is None:
            logger.warning("telegram: notices %s not all sent: %s", notice_ids, error)
            return sent
        raise self.retry(countdown=delay, exc=error) from error
    return sent


@shared_task(bind=True, acks_late=False, max_retries=20)
def kakao_post_callback(self, turn_id: int) -> bool:
    """Posts the Claude-refined reply to Kakao's callbackUrl once, when the entries settle or time runs out."""
    turn = _load_turn(turn_id)
    if turn is None or turn.callback_sent_at or not callback_url_allowed(turn.kakao_callback_url):
        return False
    answer = conversation.turn_answer(turn)
    waiting = timezone.now() - turn.created_at < KAKAO_CALLBACK_DEADLINE
    if answer.pending and waiting and not self.request.is_eager and self.request.retries < self.max_retries:
        raise self.retry(countdown=2)
    if not services.chat_turn_claim_callback(turn_id=turn.pk):
        return False
    body = kakao_hook.render(answer)
    try:
        with httpx.Client(timeout=KAKAO_CALLBACK_TIMEOUT, transport=kakao_transport) as client:
            response = client.post(turn.kakao_callback_url, json=body)
    except httpx.TransportError as error:
        # One POST is all Kakao takes; the entries are saved and shown on the web either way.
        logger.warning("kakao: callback for turn %s failed: %s", turn_id, type(error).__name__)
        return False
    if response.status_code >= 400:
        logger.warning("kakao: callback for turn %s answered %s", turn_id, response.status_code)
    return response.status_code < 400


@shared_task
def chatbots_prune() -> int:
    """Forgets what only matters for a while: update ids (Telegram redelivers for a day at most),
    spent or expired link codes, old wrong-code tries and expired chat counters. Run daily from Celery beat."""
    now = timezone.now()
    deleted = TelegramUpdate.objects.filter(received_at__lt=now - UPDATE_IDS_KEPT).delete()[0]
    deleted += LinkCode.objects.filter(expires_at__lt=now - dt.timedelta(days=1)).delete()[0]
    deleted += LinkAttempt.objects.filter(created_at__lt=now - dt.timedelta(days=1)).delete()[0]
    deleted += throttle.counters_prune()
    return deleted
