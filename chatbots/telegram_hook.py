"""Telegram updates in, one Bot API method call out (the webhook response body), or nothing."""

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from expenses.entries.services import message_save_raw
from expenses.models import Channel, MessageOutcome
from homenrich.dispatch import publish

from . import conversation, selectors, services, texts, throttle
from .conversation import Answer, Button
from .models import ChatCounter, ChatLink, TelegramUpdate
from .telegram_limits import MAX_CALLBACK_DATA_BYTES, fit_text

logger = logging.getLogger(__name__)

INT64 = (-(2**63), 2**63 - 1)
MAX_TEXT = 4096
START_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CALLBACK = re.compile(
    r"^(?P<action>undo|pick|back|cat|today|month)(?::(?P<entry>\d{1,18}))?(?::(?P<slug>[A-Za-z0-9_-]{1,40}))?$"
)
GROUP_TYPES = ("group", "supergroup")
HINT_ONCE_SECONDS = 7 * 24 * 3600
EARLIEST_SENT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
COMMAND_SUFFIX = re.compile(r"^/[A-Za-z0-9_가-힣]+@(?P<bot>[A-Za-z0-9_]+)(?:\s|$)")
MAX_TARGETS = 20
REMOVED = ("left", "kicked")


@dataclass(frozen=True)
class ReplyTarget:
    """The message a member replied to: the bot's own (its buttons name the entries) or a member's."""

    message_id: int
    from_us: bool
    entry_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class IncomingMessage:
    update_id: int
    message_id: int
    chat_id: int
    chat_type: str
    chat_title: str
    user_id: int
    user_name: str
    is_bot: bool
    text: str | None  # the text, or a photo's or document's caption
    sent_on: dt.date | None  # the day it was typed, in Seoul (the update may arrive days later)
    thread_id: int | None = None  # a forum topic: replies go back into it
    reply_to: ReplyTarget | None = None
    edited: bool = False
    # Forwarded (forward_origin / forward_date): the text is content — a card text, a spouse's message —
    # never a command, and it is dated by when the original was sent.
    forwarded: bool = False


@dataclass(frozen=True)
class ChatMigration:
    """A group upgraded to a supergroup: the same chat under a new id."""

    update_id: int
    old_chat_id: int
    new_chat_id: int


@dataclass(frozen=True)
class BotMembership:
    """my_chat_member: the bot itself was added to, promoted in, or removed from a chat."""

    update_id: int
    chat_id: int
    chat_type: str
    status: str


@dataclass(frozen=True)
class ButtonPress:
    update_id: int
    callback_id: str
    user_id: int
    chat_id: int | None
    chat_type: str
    message_id: int | None
    data: str


def _int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and INT64[0] <= value <= INT64[1]:
        return value
    return None


def _str(value: Any, limit: int = 200) -> str:
    return texts.clean(value)[:limit] if isinstance(value, str) else ""


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _sent_on(value: Any) -> dt.date | None:
    """The day the member typed it, in Seoul: an update delivered days late still records that day.

    Telegram stamps `date` itself and the secret header vouches for the update, so any past time is
    taken as it is; a time ahead of our clock (beyond a few minutes of skew) is not believed.
    """
    seconds = _int(value)
    if seconds is None:
        return None
    try:
        sent = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    if not EARLIEST_SENT <= sent <= timezone.now() + dt.timedelta(minutes=5):
        return None
    return timezone.localdate(sent)


def _forwarded_on(message: dict) -> tuple[bool, dt.date | None]:
    """Whether the message was forwarded, and the day its original was sent (in Seoul)."""
    origin = message.get("forward_origin")
    if not isinstance(origin, dict) and "forward_date" not in message:
        return False, None
    seconds = _int(_dict(origin).get("date")) if isinstance(origin, dict) else _int(message.get("forward_date"))
    if seconds is None:
        return True, None
    try:
        sent = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return True, None
    if sent > timezone.now() + dt.timedelta(minutes=5):
        return True, None
    return True, timezone.localdate(sent)


def bot_user_id() -> int | None:
    """Our bot's own id: the digits before the colon of its token."""
    head = settings.TELEGRAM_BOT_TOKEN.split(":", 1)[0]
    return int(head) if head.isdigit() else None


def is_our_bot(user: dict) -> bool:
    if user.get("is_bot") is not True:
        return False
    username = user.get("username")
    ours = settings.TELEGRAM_BOT_USERNAME
    if ours and isinstance(username, str) and username.lower() == ours.lower():
        return True
    return user.get("id") is not None and _int(user.get("id")) == bot_user_id()


def addressed_elsewhere(text: str) -> bool:
    """`/undo@otherbot`: in a group every bot sees every command, and one naming another bot is not ours."""
    match = COMMAND_SUFFIX.match(text)
    if match is None:
        return False
    ours = settings.TELEGRAM_BOT_USERNAME
    return not ours or match["bot"].lower() != ours.lower()


def _reply_target(message: dict) -> ReplyTarget | None:
    replied = message.get("reply_to_message")
    if not isinstance(replied, dict):
        return None
    message_id = _int(replied.get("message_id"))
    if message_id is None:
        return None
    if not is_our_bot(_dict(replied.get("from"))):
        return ReplyTarget(message_id=message_id, from_us=False)
    keyboard = _dict(replied.get("reply_markup")).get("inline_keyboard")
    entry_ids: list[int] = []
    for row in keyboard if isinstance(keyboard, list) else []:
        for button in row if isinstance(row, list) else []:
            found = button_from_data(_str(_dict(button).get("callback_data"), 100))
            if found is not None and found.entry_id and found.entry_id not in entry_ids:
                entry_ids.append(found.entry_id)
    return ReplyTarget(message_id=message_id, from_us=True, entry_ids=tuple(entry_ids[:MAX_TARGETS]))


def _migration(update_id: int, message: dict, chat_id: int) -> ChatMigration | None:
    to_id, from_id = _int(message.get("migrate_to_chat_id")), _int(message.get("migrate_from_chat_id"))
    if to_id is not None:
        return ChatMigration(update_id=update_id, old_chat_id=chat_id, new_chat_id=to_id)
    if from_id is not None:
        return ChatMigration(update_id=update_id, old_chat_id=from_id, new_chat_id=chat_id)
    return None


def _incoming(update_id: int, message: dict, *, edited: bool) -> IncomingMessage | ChatMigration | int:
    chat, sender = _dict(message.get("chat")), _dict(message.get("from"))
    chat_id, user_id, message_id = _int(chat.get("id")), _int(sender.get("id")), _int(message.get("message_id"))
    if chat_id is not None and not edited:
        migration = _migration(update_id, message, chat_id)
        if migration is not None:
            return migration
    if chat_id is None or user_id is None or message_id is None:
        return update_id
    text = message.get("text")
    if text is None:
        text = message.get("caption")  # a photo, video or document: its caption is what was typed
    if text is not None and (not isinstance(text, str) or len(text) > MAX_TEXT):
        return update_id
    thread_id = _int(message.get("message_thread_id")) if message.get("is_topic_message") is True else None
    forwarded, original_on = _forwarded_on(message)
    return IncomingMessage(
        update_id=update_id,
        message_id=message_id,
        chat_id=chat_id,
        chat_type=_str(chat.get("type"), 20),
        chat_title=_str(chat.get("title")) or _str(chat.get("first_name")) or _str(sender.get("first_name")),
        user_id=user_id,
        user_name=_str(sender.get("first_name"), 50) or "회원",
        is_bot=sender.get("is_bot") is True,
        text=texts.clean(text) if isinstance(text, str) else None,
        sent_on=original_on or _sent_on(message.get("date")),
        thread_id=thread_id,
        reply_to=_reply_target(message),
        edited=edited,
        forwarded=forwarded,
    )


def _bot_membership(update_id: int, member: dict) -> BotMembership | int:
    chat = _dict(member.get("chat"))
    chat_id = _int(chat.get("id"))
    status = _dict(member.get("new_chat_member")).get("status")
    if chat_id is None or not isinstance(status, str):
        return update_id
    return BotMembership(update_id=update_id, chat_id=chat_id, chat_type=_str(chat.get("type"), 20), status=status)


Update = IncomingMessage | ButtonPress | ChatMigration | BotMembership


def parse_update(payload: Any) -> Update | int | None:
    """A typed update; the bare update id for kinds we ignore; None when unusable."""
    if not isinstance(payload, dict):
        return None
    update_id = _int(payload.get("update_id"))
    if update_id is None:
        return None
    if isinstance(payload.get("message"), dict):
        return _incoming(update_id, payload["message"], edited=False)
    if isinstance(payload.get("edited_message"), dict):
        return _incoming(update_id, payload["edited_message"], edited=True)
    if isinstance(payload.get("my_chat_member"), dict):
        return _bot_membership(update_id, payload["my_chat_member"])
    if isinstance(payload.get("callback_query"), dict):
        query = payload["callback_query"]
        callback_id, data = query.get("id"), query.get("data")
        user_id = _int(_dict(query.get("from")).get("id"))
        if not isinstance(callback_id, str) or not callback_id or len(callback_id) > 200 or user_id is None:
            return update_id
        message = _dict(query.get("message"))
        chat = _dict(message.get("chat"))
        return ButtonPress(
            update_id=update_id,
            callback_id=texts.clean(callback_id),
            user_id=user_id,
            chat_id=_int(chat.get("id")),
            chat_type=_str(chat.get("type"), 20),
            message_id=_int(message.get("message_id")),
            data=texts.clean(data)[:100] if isinstance(data, str) else "",
        )
    return update_id


def callback_data(button: Button) -> str | None:
    parts = [button.action]
    if button.entry_id:
        parts.append(str(button.entry_id))
    if button.slug:
        parts.append(button.slug)
    data = ":".join(parts)
    return data if data.isascii() and len(data.encode()) <= MAX_CALLBACK_DATA_BYTES else None


def button_from_data(data: str) -> Button | None:
    match = CALLBACK.match(data)
    if match is None:
        return None
    return Button(label="", action=match["action"], entry_id=int(match["entry"] or 0), slug=match["slug"] or "")


def reply_markup(answer: Answer) -> dict | None:
    rows = []
    for row in answer.rows:
        buttons = [{"text": b.label, "callback_data": data} for b in row if (data := callback_data(b))]
        if buttons:
            rows.append(buttons)
    return {"inline_keyboard": rows} if rows else None


def send_body(chat_id: int, answer: Answer, *, reply_to: int | None = None, thread_id: int | None = None) -> dict:
    body: dict[str, Any] = {"method": "sendMessage", "chat_id": chat_id, "text": fit_text(answer.text)}
    if thread_id:
        body["message_thread_id"] = thread_id
    markup = reply_markup(answer)
    if markup:
        body["reply_markup"] = markup
    if reply_to:
        body["reply_parameters"] = {"message_id": reply_to, "allow_sending_without_reply": True}
    return body


def _text_body(message: IncomingMessage, text: str) -> dict:
    return _answer_body(message, Answer(text))


def _answer_body(message: IncomingMessage, answer: Answer) -> dict:
    return send_body(message.chat_id, answer, reply_to=_reply_to(message), thread_id=message.thread_id)


def _reply_to(message: IncomingMessage) -> int | None:
    # In a group, quoting the member's message says whose entry this was; an edit is answered under it too.
    return message.message_id if message.chat_type in GROUP_TYPES or message.edited else None


def _first_delivery(update_id: int) -> bool:
    try:
        with transaction.atomic():
            TelegramUpdate.objects.create(update_id=update_id)
    except IntegrityError:
        return False
    return True


_UPDATES = connection.ops.quote_name(TelegramUpdate._meta.db_table)
_COUNTERS = connection.ops.quote_name(ChatCounter._meta.db_table)
# PostgreSQL: the update id is recorded and, only if it is new, the chat's count goes up, in one
# statement (one round trip, one commit). A redelivery racing the first waits on the unique index
# as an INSERT would, then finds it recorded and counts nothing.
_FIRST_AND_COUNT_SQL = f"""
    WITH fresh AS (
        INSERT INTO {_UPDATES} ("update_id", "received_at") VALUES (%s, %s)
        ON CONFLICT ("update_id") DO NOTHING RETURNING 1
    ), counted AS (
        INSERT INTO {_COUNTERS} ("key", "count", "expires_at") SELECT %s, 1, %s WHERE EXISTS (SELECT 1 FROM fresh)
        ON CONFLICT ("key") DO UPDATE SET "count" = {_COUNTERS}."count" + 1 RETURNING "count"
    )
    SELECT EXISTS (SELECT 1 FROM fresh), (SELECT "count" FROM counted)
"""  # noqa: S608 - only our own table names are formatted in


def _first_delivery_counted(update_id: int, chat_id: int) -> tuple[bool, int | None]:
    """(new update, the chat's message count in this window) for a private chat's message."""
    key, expires = throttle.rate_row(chat_key=f"telegram:{chat_id}")
    with connection.cursor() as cursor:
        cursor.execute(_FIRST_AND_COUNT_SQL, [update_id, timezone.now(), key, expires])
        first, count = cursor.fetchone()
    return bool(first), count


def handle_update(payload: Any) -> dict | None:
    """The webhook's work: returns the response body (one method call) or None for an empty 200."""
    update = parse_update(payload)
    if update is None:
        logger.info("telegram: unusable update ignored")
        return None
    update_id = update if isinstance(update, int) else update.update_id
    counted = None
    if (
        isinstance(update, IncomingMessage)
        and not update.edited
        and update.chat_type == "private"
        and connection.vendor == "postgresql"
    ):
        # A private chat's new message is counted for the rate limit as it is recorded as seen.
        first, counted = _first_delivery_counted(update_id, update.chat_id)
    else:
        first = _first_delivery(update_id)
    if not first:
        logger.info("telegram: update %s delivered again, ignored", update_id)
        if isinstance(update, IncomingMessage) and update.text and not update.edited:
            link = _resolve(update, join=False)
            if link is not None:
                message_save_raw(
                    membership=link.membership,
                    channel=Channel.TELEGRAM,
                    text=conversation.stored_form(update.text),
                    outcome=MessageOutcome.DUPLICATE,
                )
        return None
    if isinstance(update, IncomingMessage):
        return _on_edit(update) if update.edited else _on_message(update, counted)
    if isinstance(update, ButtonPress):
        return _on_button(update)
    if isinstance(update, ChatMigration):
        services.telegram_chat_migrate(old_chat_id=update.old_chat_id, new_chat_id=update.new_chat_id)
        return None
    if isinstance(update, BotMembership):
        if update.status in REMOVED and update.chat_type in GROUP_TYPES:
            services.telegram_group_forget(chat_id=update.chat_id)
        return None
    logger.info("telegram: update %s of a kind we do not use", update_id)
    return None


def _resolve(message: IncomingMessage | ButtonPress, *, join: bool) -> ChatLink | None:
    """The link this sender speaks through in this chat; in a group, a linked member joins on first word."""
    if message.chat_type in GROUP_TYPES and message.chat_id is not None:
        household_id = selectors.telegram_group_household_id(chat_id=message.chat_id)
        if household_id is None:
            return None
        link = selectors.telegram_group_member_link(
            chat_id=message.chat_id, user_id=message.user_id, household_id=household_id
        )
        if link is None and join:
            person = selectors.telegram_person_link_in(user_id=message.user_id, household_id=household_id)
            if person is not None:
                title = message.chat_title if isinstance(message, IncomingMessage) else ""
                link = services.telegram_group_member_join(
                    chat_id=message.chat_id, user_id=message.user_id, person_link=person, title=title
                )
                link = selectors.telegram_group_member_link(
                    chat_id=message.chat_id, user_id=message.user_id, household_id=household_id
                )
        return link
    return selectors.telegram_private_link(user_id=message.user_id)


def _start(message: IncomingMessage, argument: str) -> dict:
    is_group = message.chat_type in GROUP_TYPES
    if not START_TOKEN.match(argument):
        return _text_body(message, services.EXPIRED)
    try:
        link = services.telegram_link(
            token=argument,
            chat_id=message.chat_id,
            user_id=message.user_id,
            is_group=is_group,
            title=message.chat_title,
        )
    except services.WrongCode:
        return _text_body(message, services.EXPIRED)
    except services.LinkError as error:
        return _text_body(message, str(error))
    # The token itself is not kept: it is spent, and a text record of secrets helps no one.
    message_save_raw(
        membership=link.membership, channel=Channel.TELEGRAM, text="/start", outcome=MessageOutcome.COMMAND
    )
    return _text_body(message, texts.linked(link.household, link.membership.display_name))


def _on_message(message: IncomingMessage, counted: int | None = None) -> dict | None:
    if message.is_bot:
        return None
    is_group = message.chat_type in GROUP_TYPES
    if message.text is None or not message.text.strip():
        return None if is_group else _text_body(message, texts.NOT_TEXT)
    text = message.text.strip()
    if addressed_elsewhere(text) and not message.forwarded:
        logger.info("telegram: a command for another bot ignored")
        return None
    # A forwarded text is content (a card's text, someone else's message): never a command.
    command = None if message.forwarded else conversation.parse_command(text, replying=message.reply_to is not None)
    if command and command[0] == "start" and command[1]:
        return _start(message, command[1])
    link = _resolve(message, join=True)
    if link is None:
        return _unlinked(message, is_command=text.startswith("/"))
    over = _over_limit(message, link, text, counted)
    if over:
        # One polite word per window; answering every message would only add to the flood.
        return _text_body(message, texts.RATE_LIMITED) if over == 1 else None
    targets = _targets(message, link) if command and command[0] in conversation.TARGETED else None
    answer = conversation.answer_text(
        link=link,
        channel=Channel.TELEGRAM,
        text=text,
        today=message.sent_on,
        telegram_chat_id=message.chat_id,
        telegram_message_id=message.message_id,
        telegram_thread_id=message.thread_id,
        targets=targets,
        forwarded=message.forwarded,
    )
    if answer.pending and answer.turn is not None and _send_later(answer.turn.pk, _reply_to(message)):
        return None
    return _answer_body(message, answer)


def _over_limit(message: IncomingMessage, link: ChatLink, text: str, counted: int | None = None) -> int:
    """0 within the chat's limit; else how far over it (1 for the first message past it), kept as such.

    `counted`: the count already taken with the update's dedupe row (private chats on PostgreSQL).
    """
    count = counted if counted is not None else throttle.chat_message_count(chat_key=f"telegram:{message.chat_id}")
    if not throttle.is_over_limit(count):
        return 0
    conversation.answer_rate_limited(link=link, channel=Channel.TELEGRAM, text=text)
    return count - throttle.MESSAGES_PER_MINUTE


def _targets(message: IncomingMessage, link: ChatLink) -> list[int] | None:
    """The entries a reply points at: named by the bot's buttons, or made by the replied-to message.

    None when the message replies to nothing (commands then act on the chat's last entry); an empty
    list when it replies to a message that made no entry of this household.
    """
    reply = message.reply_to
    if reply is None:
        return None
    if reply.from_us and reply.entry_ids:
        return list(reply.entry_ids)
    if reply.from_us:
        turn = selectors.telegram_turn_of_reply(chat_id=message.chat_id, reply_message_id=reply.message_id)
    else:
        turn = selectors.telegram_turn_of_message(chat_id=message.chat_id, message_id=reply.message_id)
    return selectors.turn_entry_ids(turn=turn, household_id=link.household_id) if turn else []


def _on_edit(message: IncomingMessage) -> dict | None:
    """An edited message: the entries it made follow the new text (see conversation.answer_edit)."""
    if message.is_bot or message.text is None or not message.text.strip():
        return None
    text = message.text.strip()
    if addressed_elsewhere(text):
        return None
    turn = selectors.telegram_turn_of_message(chat_id=message.chat_id, message_id=message.message_id)
    if turn is not None and turn.link.telegram_user_id == message.user_id:
        link = selectors.active_link(pk=turn.link_id)
    else:
        turn, link = None, _resolve(message, join=False)
    if link is None:
        return None
    if _over_limit(message, link, text):
        return None
    answer = conversation.answer_edit(
        link=link,
        channel=Channel.TELEGRAM,
        turn=turn,
        text=text,
        today=message.sent_on,
        telegram_chat_id=message.chat_id,
        telegram_message_id=message.message_id,
        telegram_thread_id=message.thread_id,
    )
    return _answer_body(message, answer) if answer is not None else None


def _send_later(turn_id: int, reply_to: int | None) -> bool:
    """A reply Claude may change goes through the API so that we learn its message id and can edit it."""
    if not publish("chatbots.tasks.telegram_send_turn_reply", (turn_id, reply_to)):
        logger.info("answering inline instead")
        return False
    return True


def _unlinked(message: IncomingMessage, *, is_command: bool) -> dict | None:
    if message.chat_type not in GROUP_TYPES:
        return _text_body(message, texts.HOW_TO_LINK_TELEGRAM)
    if selectors.telegram_group_household_id(chat_id=message.chat_id) is not None:
        once = throttle.first_time(
            name="tg-group-hint", parts=(str(message.chat_id), str(message.user_id)), seconds=HINT_ONCE_SECONDS
        )
        text = texts.HOW_TO_LINK_GROUP_MEMBER.format(name=message.user_name)
        return _text_body(message, text) if once else None
    once = throttle.first_time(name="tg-group-unlinked", parts=(str(message.chat_id),), seconds=24 * 3600)
    return _text_body(message, texts.HOW_TO_LINK_TELEGRAM_GROUP) if (once or is_command) else None


def _callback_answer(press: ButtonPress, text: str) -> dict:
    body: dict[str, Any] = {"method": "answerCallbackQuery", "callback_query_id": press.callback_id}
    if text:
        body["text"] = fit_text(text, 200)
    return body


def _on_button(press: ButtonPress) -> dict:
    button = button_from_data(press.data)
    if button is None:
        return _callback_answer(press, texts.UNKNOWN_BUTTON)
    link = _resolve(press, join=True)
    if link is None:
        hint = texts.HOW_TO_LINK_TELEGRAM if press.chat_type not in GROUP_TYPES else "먼저 가계부와 연결해 주세요."
        return _callback_answer(press, hint)
    answer = conversation.answer_button(link=link, channel=Channel.TELEGRAM, button=button)
    if not answer.edits_message or press.chat_id is None or press.message_id is None:
        return _callback_answer(press, answer.toast or answer.text)
    _answer_callback_later(press.callback_id, answer.toast)
    body: dict[str, Any] = {
        "method": "editMessageText",
        "chat_id": press.chat_id,
        "message_id": press.message_id,
        "text": fit_text(answer.text),
        "reply_markup": reply_markup(answer) or {"inline_keyboard": []},
    }
    return body


def _answer_callback_later(callback_id: str, text: str) -> None:
    """Only one method fits in the response body; the edit goes there, the button's answer to a worker."""
    # Without the answer the button spins a few seconds; the edit still shows what happened.
    publish("chatbots.tasks.telegram_answer_callback", (callback_id, text))
