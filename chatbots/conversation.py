"""The conversation behind both chat channels: commands first, then the one message door.

Telegram and Kakao only translate their payloads into `answer_text` / `answer_button` calls and
render the returned `Answer` (text plus rows of buttons) in their own format.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone

from expenses.entries.questions import question_answer_text
from expenses.entries.replies import READ_ONLY, entry_line, record_reply, revision_reply
from expenses.entries.services import (
    entry_delete,
    entry_set_category,
    entry_update,
    message_record,
    message_revise,
    message_save_raw,
)
from expenses.models import CategoryState, Entry, MessageOutcome
from expenses.money import won
from expenses.parser import parse_message
from homenrich.errors import Refused
from households.models import Category, Membership

from . import selectors, services, texts
from .models import ChatLink, ChatTurn, Platform

MAX_ENTRY_ROWS = 5
CATEGORIES_PER_ROW = 3
# What one reply may hold: Telegram's message limit, Kakao's simpleText limit.
TEXT_LIMITS = {Platform.TELEGRAM: 4096, Platform.KAKAO: 1000}
# Commands that act on entries: a reply names which ones.
TARGETED = ("undo", "fix")
# The questions the /today and /month commands (and the 오늘 / 이번 달 buttons) stand for.
CANNED_QUESTIONS = {"today": "오늘", "month": "이번 달"}


@dataclass(frozen=True)
class Button:
    label: str
    action: str  # undo | pick | cat | back | today | month
    entry_id: int = 0
    slug: str = ""


@dataclass
class Answer:
    text: str
    rows: list[list[Button]] = field(default_factory=list)
    turn: ChatTurn | None = None
    # Some entry awaits Claude: a reply we can edit later is worth sending through the API.
    pending: bool = False
    # For button presses: a short toast, and whether the pressed message should now show `text`.
    toast: str = ""
    edits_message: bool = False
    picker_entry_id: int | None = None


# --- reading commands ---------------------------------------------------------------------------

_SLASH = re.compile(r"^/(?P<name>[A-Za-z0-9_가-힣]+)(?:@[A-Za-z0-9_]+)?(?:\s+(?P<arg>.*))?$", re.S)
_SLASH_NAMES = {
    "start": "start",
    "help": "help",
    "도움말": "help",
    "today": "today",
    "오늘": "today",
    "month": "month",
    "이번달": "month",
    "undo": "undo",
    "cancel": "undo",
    "취소": "undo",
    "switch": "switch",
}
_TAIL = r"\s*[?？!.~]*"
# Questions (오늘, 이번 달 식비 얼마?) are not commands: they go through the message door, which
# answers them for every door alike (expenses.entries.questions).
_WORDS = [
    ("help", re.compile(r"^(?:도움말|도움|help|사용법|\?)" + _TAIL + "$", re.I)),
    (
        "undo",
        re.compile(r"^(?:취소|되돌리기|방금\s*(?:거|것|건|꺼|기록)?\s*취소)\s*(?:해\s*(?:줘|주세요))?" + _TAIL + "$"),
    ),
    ("switch", re.compile(r"^가구\s*(?:바꾸기|바꿔|바꿔줘|전환|변경)" + _TAIL + "$")),
]
_FIX_VERB = r"\s*(?:바꿔\s*(?:줘|주세요)?|변경|수정|고쳐\s*(?:줘|주세요)?|해\s*(?:줘|주세요)?)?" + _TAIL + "$"
_FIX = re.compile(r"^(?:방금|아까)\s*(?:거|것|건|꺼|기록)?\s*(?:은|는)?\s+(?P<word>\S.*?)\s*(?:으로|로)" + _FIX_VERB)
# In a reply the message replied to says which entry: "교통으로 바꿔줘", "이거 카페로", "5400원으로".
_FIX_REPLY = re.compile(
    r"^(?:(?:이거|이건|이것|요거|그거|얘)\s*(?:은|는)?\s*)?(?P<word>\S.*?)\s*(?:으로|로)" + _FIX_VERB
)


_LINK_SECRET = re.compile(
    r"^(?:(?P<start>/start(?:@[A-Za-z0-9_]+)?)\s+[A-Za-z0-9_-]{1,64}"
    r"|(?P<connect>연결)\s*[A-Za-z0-9][A-Za-z0-9 -]{2,18}[A-Za-z0-9])$"
)


def stored_form(text: str) -> str:
    """What is kept on record: a link token or code is cut off (spent or wrong, it helps no one)."""
    match = _LINK_SECRET.match(text.strip()) if len(text) <= 200 else None
    return (match["start"] or match["connect"]) if match else text


def parse_command(text: str, *, replying: bool = False) -> tuple[str, str] | None:
    """(command, argument) for anything that is not a ledger line, else None.

    `replying`: the message replies to another, which names the entry, so "교통으로 바꿔줘" is enough.
    """
    text = text.strip()
    if len(text) > 200:
        return None
    slash = _SLASH.match(text)
    if slash:
        name = _SLASH_NAMES.get(slash["name"].lower(), "help")
        return name, (slash["arg"] or "").strip()
    for name, pattern in _WORDS:
        if pattern.match(text):
            return name, ""
    fix = _FIX.match(text) or (_FIX_REPLY.match(text) if replying else None)
    if fix:
        return "fix", fix["word"].strip()
    return None


# --- rendering a recorded message ---------------------------------------------------------------


def _entry_rows(entries: list[Entry]) -> list[list[Button]]:
    if len(entries) == 1:
        entry = entries[0]
        return [[Button("✏️ 분류 바꾸기", "pick", entry.pk), Button("↩️ 취소", "undo", entry.pk)]]
    return [
        [
            Button(f"✏️ {texts.short_memo(e)} 분류", "pick", e.pk),
            Button(f"↩️ {texts.short_memo(e)} 취소", "undo", e.pk),
        ]
        for e in entries[:MAX_ENTRY_ROWS]
    ]


def _touched_rows(entries: list[Entry]) -> list[list[Button]]:
    """Entries another message made (merged into, cancelled): their category may change, undo is theirs."""
    return [[Button(f"✏️ {texts.short_memo(e)} 분류", "pick", e.pk)] for e in entries[:MAX_ENTRY_ROWS]]


def turn_answer(
    turn: ChatTurn, *, prefix: str = "", today: dt.date | None = None, entries: list[Entry] | None = None
) -> Answer:
    """What the reply to this turn says now (also after Claude or a member changed something).

    `entries`: the turn's entries when the caller has just written them (a new message), so that the
    reply does not read back what it wrote; otherwise they are read as they are now.
    """
    if entries is None:
        entries = list(turn.message.entries.select_related("category").order_by("pk"))
    else:
        entries = sorted(entries, key=lambda e: e.pk)
    if not entries:
        return Answer(prefix or "이 메시지의 기록은 모두 취소했어요.", turn=turn)
    body = texts.entries_text(
        entries=entries,
        today=today or timezone.localdate(),
        start_day=turn.link.household.month_start_day,
        max_chars=TEXT_LIMITS.get(turn.link.platform, 1000) - len(prefix) - 1,
    )
    return Answer(
        f"{prefix}\n{body}" if prefix else body,
        rows=_entry_rows(entries),
        turn=turn,
        pending=any(e.category_state == CategoryState.PENDING for e in entries),
    )


def _entry_answer(entry: Entry, *, prefix: str) -> Answer:
    turn = selectors.turn_of_entry(entry=entry)
    if turn is not None:
        return turn_answer(turn, prefix=prefix)
    return Answer(f"{prefix}\n{entry_line(entry)}", rows=_entry_rows([entry]))


def _category_rows(entry: Entry) -> list[list[Button]]:
    categories = selectors.visible_categories(household_id=entry.household_id, kind=entry.kind)
    buttons = [Button(c.name, "cat", entry.pk, c.slug) for c in categories if c.pk != entry.category_id]
    rows = [buttons[i : i + CATEGORIES_PER_ROW] for i in range(0, len(buttons), CATEGORIES_PER_ROW)]
    return [*rows, [Button("← 돌아가기", "back", entry.pk)]]


# --- answering ------------------------------------------------------------------------------------


def _share_household(link: ChatLink) -> None:
    """The link's household (loaded with it) is its seat's: recording then does not read it again."""
    membership = link.membership
    if membership.household_id == link.household_id and not Membership.household.is_cached(membership):
        membership.household = link.household


def _save(link: ChatLink, channel: str, text: str, outcome: str) -> None:
    message_save_raw(membership=link.membership, channel=channel, text=text, outcome=outcome)


def answer_rate_limited(*, link: ChatLink, channel: str, text: str) -> Answer:
    _save(link, channel, stored_form(text), MessageOutcome.RATE_LIMITED)
    return Answer(texts.RATE_LIMITED)


def answer_text(
    *,
    link: ChatLink,
    channel: str,
    text: str,
    today: dt.date | None = None,
    telegram_chat_id: int | None = None,
    telegram_message_id: int | None = None,
    telegram_thread_id: int | None = None,
    double_send: bool = False,
    targets: list[int] | None = None,
    forwarded: bool = False,
) -> Answer:
    """A message from a linked chat: a command, or a ledger line or question for the message door.

    `targets`: the entries the message replied to (None when it replied to nothing): 취소 and
    분류 바꾸기 then act on them rather than on the chat's last entry. A forwarded message is content
    (a card text, a message someone else wrote): never a command.
    """
    services.chat_link_touch(link=link)
    _share_household(link)
    today = today or timezone.localdate()
    command = None if forwarded else parse_command(text, replying=targets is not None)
    if command is not None:
        return _command(link, channel, stored_form(text), command, today, targets)
    if double_send:
        _save(link, channel, text, MessageOutcome.DUPLICATE)
        return Answer(texts.DUPLICATE)
    result = message_record(membership=link.membership, channel=channel, text=text, today=today)
    if result.entries and not result.only_new:
        # A card text merged, cancelled or already recorded: the reply says which, about those entries.
        return Answer(record_reply(result), rows=_touched_rows(result.entries))
    if result.entries:
        turn = services.chat_turn_create(
            link=link,
            message=result.message,
            telegram_chat_id=telegram_chat_id,
            telegram_message_id=telegram_message_id,
            telegram_thread_id=telegram_thread_id,
        )
        answer = turn_answer(turn, today=today, entries=result.entries)
        refused = getattr(result.parsed, "refused", None)
        if refused:
            answer.text += "\n" + record_reply(result).split("\n")[-1]
        return answer
    return Answer(record_reply(result))


def answer_edit(
    *,
    link: ChatLink,
    channel: str,
    turn: ChatTurn | None,
    text: str,
    today: dt.date | None = None,
    telegram_chat_id: int | None = None,
    telegram_message_id: int | None = None,
    telegram_thread_id: int | None = None,
) -> Answer | None:
    """A member edited a message they sent: the entries it made follow the new text.

    An edit of a message that made entries is revised through the ledger's own service
    (`message_revise`: the same rules as a new message; an entry changed by hand since is left alone,
    and the reply says so). An edit of a message that recorded nothing is read as a new message. An
    edit never runs a command (editing `취소` to `취소!` must not undo twice), and an edit that changes
    nothing gets no reply. None: nothing to say.
    """
    services.chat_link_touch(link=link)
    today = today or timezone.localdate()
    if parse_command(text) is not None:
        _save(link, channel, stored_form(text), MessageOutcome.EDITED)
        return None
    if turn is None:
        result = message_record(membership=link.membership, channel=channel, text=text, today=today)
        if result.entries:
            turn = services.chat_turn_create(
                link=link,
                message=result.message,
                telegram_chat_id=telegram_chat_id,
                telegram_message_id=telegram_message_id,
                telegram_thread_id=telegram_thread_id,
            )
            return turn_answer(turn, today=today)
        return None if result.outcome == MessageOutcome.NO_AMOUNT else Answer(record_reply(result))
    previous = turn.edit_message.raw_text if turn.edit_message_id else turn.message.raw_text
    revision = message_revise(
        membership=link.membership,
        message=turn.message,
        previous_text=previous,
        text=text,
        channel=channel,
        today=today,
    )
    if revision.outcome != MessageOutcome.EDITED:
        return Answer(revision_reply(revision))
    services.chat_turn_set_edit(turn=turn, edit=revision.message)
    kept = [f"✋ 직접 고친 항목이라 그대로 두었어요: {entry_line(e)}" for e in revision.kept]
    if not revision.changed:
        return Answer("\n".join(kept)) if kept else None
    answer = turn_answer(turn, prefix="✏️ 고친 메시지대로 바꿨어요.", today=today)
    extra = [f"↩️ 뺐어요: {entry_line(e)}" for e in revision.removed] + kept
    if extra:
        answer.text += "\n" + "\n".join(extra)
    return answer


def _command(
    link: ChatLink, channel: str, text: str, command: tuple[str, str], today: dt.date, targets: list[int] | None
) -> Answer:
    name, argument = command
    membership = link.membership
    writes = name in ("undo", "fix")
    if writes and not membership.can_write:
        _save(link, channel, text, MessageOutcome.READ_ONLY)
        return Answer(READ_ONLY)
    _save(link, channel, text, MessageOutcome.COMMAND)
    if name in CANNED_QUESTIONS:
        return Answer(question_answer_text(membership=membership, text=CANNED_QUESTIONS[name], today=today))
    if name == "switch":
        chosen = services.chat_link_switch(link=link)
        return Answer(texts.switched(chosen.household) if chosen else texts.ONLY_ONE_HOUSEHOLD)
    if name == "undo":
        return _undo(link, targets)
    if name == "fix":
        return _fix(link, argument, targets, today)
    if name == "start":
        return Answer(f"이미 '{link.household.name}' 가계부에 연결돼 있어요.\n\n{texts.HELP}")
    return Answer(texts.HELP)


def _undo(link: ChatLink, targets: list[int] | None) -> Answer:
    """취소: the entries replied to, else the chat's last entry; each through the ledger's own service."""
    if targets is None:
        entry = selectors.last_chat_entry(link=link)
        if entry is None:
            return Answer(texts.NOTHING_TO_UNDO)
        entries = [entry]
    else:
        entries = selectors.chat_entries(link=link, pks=targets)
        if not entries:
            return Answer(texts.NO_TARGET)
    done: list[str] = []
    for entry in entries:
        line = entry_line(entry)
        try:
            entry_delete(membership=link.membership, entry=entry)
        except Refused as error:
            return Answer("\n".join([*(f"↩️ 취소했어요: {d}" for d in done), str(error)]))
        done.append(line)
    return Answer("\n".join(f"↩️ 취소했어요: {line}" for line in done))


def _fix(link: ChatLink, word: str, targets: list[int] | None, today: dt.date) -> Answer:
    """'방금 거 카페로', or in a reply '교통으로 바꿔줘' / '5400원으로': a category, or an amount."""
    if targets is None:
        entry = selectors.last_chat_entry(link=link)
        if entry is None:
            return Answer("이 채팅에서 분류를 바꿀 기록이 없어요.")
        entries = [entry]
    else:
        entries = selectors.chat_entries(link=link, pks=targets)
        if not entries:
            return Answer(texts.NO_TARGET)
    if len(entries) > 1:
        return Answer("이 메시지에는 기록이 여러 개예요. 바꿀 항목을 골라 주세요.", rows=_entry_rows(entries))
    entry = entries[0]
    amount = _amount_only(word, today)
    if amount is not None:
        return _set_amount(link, entry, amount)
    category = selectors.category_find(household_id=link.household_id, kind=entry.kind, word=word)
    if category is None:
        names = ", ".join(c.name for c in selectors.visible_categories(household_id=link.household_id, kind=entry.kind))
        return Answer(
            f"'{word[:20]}' 분류를 찾지 못했어요. 고를 수 있는 분류: {names}",
            rows=_category_rows(entry),
            picker_entry_id=entry.pk,
        )
    try:
        entry_set_category(membership=link.membership, entry=entry, category=category)
    except Refused as error:
        return Answer(str(error))
    return Answer(f"✏️ 바꿨어요: {entry_line(entry)}")


def _amount_only(word: str, today: dt.date) -> int | None:
    """`5400원`, `5천`: a bare amount (one item, no words of its own), else None."""
    parsed = parse_message(word, today)
    if len(parsed.items) == 1 and not parsed.items[0].memo and not parsed.refused:
        return parsed.items[0].amount_krw
    return None


def _set_amount(link: ChatLink, entry: Entry, amount: int) -> Answer:
    before = won(entry.amount_krw)
    try:
        entry_update(
            membership=link.membership,
            entry=entry,
            kind=entry.kind,
            amount_krw=amount,
            spent_on=entry.spent_on,
            category=entry.category,
            memo=entry.memo,
            paid_by=entry.paid_by,
        )
    except Refused as error:
        return Answer(str(error))
    return Answer(f"✏️ {before}에서 바꿨어요: {entry_line(entry)}")


def answer_button(*, link: ChatLink, channel: str, button: Button, raw_text: str | None = None) -> Answer:
    """A button press (Telegram callback, Kakao quick reply): never reaches another household's entries."""
    services.chat_link_touch(link=link)
    writes = button.action in ("undo", "pick", "cat")
    can_write = link.membership.can_write
    if raw_text is not None:
        outcome = MessageOutcome.READ_ONLY if writes and not can_write else MessageOutcome.COMMAND
        _save(link, channel, raw_text, outcome)
    if button.action in CANNED_QUESTIONS:
        question = CANNED_QUESTIONS[button.action]
        return Answer(question_answer_text(membership=link.membership, text=question, today=timezone.localdate()))
    entry = selectors.chat_entry(link=link, pk=button.entry_id) if button.entry_id else None
    if entry is None:
        return Answer(texts.NOT_FOUND, toast=texts.NOT_FOUND)
    if writes and not can_write:
        return Answer(READ_ONLY, toast="보기 전용이라 바꿀 수 없어요.")
    if button.action == "back":
        answer = _entry_answer(entry, prefix="")
    elif button.action == "pick":
        current = _entry_answer(entry, prefix="")
        answer = Answer(
            f"{current.text}\n\n✏️ '{texts.short_memo(entry, 10)}'의 분류를 골라 주세요.",
            rows=_category_rows(entry),
            picker_entry_id=entry.pk,
        )
    elif button.action == "cat":
        answer = _set_category(link, entry, button.slug)
    elif button.action == "undo":
        line = entry_line(entry)
        turn = selectors.turn_of_entry(entry=entry)
        try:
            entry_delete(membership=link.membership, entry=entry)
        except Refused as error:
            return Answer(str(error), toast=str(error))
        prefix = f"↩️ 취소했어요: {line}"
        answer = turn_answer(turn, prefix=prefix) if turn else Answer(prefix)
        answer.toast = "취소했어요"
    else:
        return Answer(texts.UNKNOWN_BUTTON, toast=texts.UNKNOWN_BUTTON)
    answer.edits_message = True
    return answer


def _set_category(link: ChatLink, entry: Entry, slug: str) -> Answer:
    category = Category.objects.filter(
        household_id=link.household_id, slug=slug, kind=entry.kind, is_hidden=False
    ).first()
    if category is None:
        return Answer(texts.UNKNOWN_BUTTON, toast=texts.UNKNOWN_BUTTON)
    try:
        entry_set_category(membership=link.membership, entry=entry, category=category)
    except Refused as error:
        return Answer(str(error), toast=str(error))
    answer = _entry_answer(entry, prefix=f"✏️ 분류를 {category.name}(으)로 바꿨어요.")
    answer.toast = f"{category.name}(으)로 바꿨어요"
    return answer
