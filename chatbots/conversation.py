"""The conversation behind both chat channels: commands first, then the one message door.

Telegram and Kakao only translate their payloads into `answer_text` / `answer_button` calls and
render the returned `Answer` (text plus rows of buttons) in their own format.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone

from expenses.entries.questions import card_question_answer
from expenses.entries.replies import READ_ONLY, entry_line, record_reply
from expenses.entries.services import entry_delete, entry_set_category, message_record, message_save_raw
from expenses.models import CategoryState, Entry, MessageOutcome
from homenrich.errors import Refused
from households.models import Category

from . import selectors, services, texts
from .models import ChatLink, ChatTurn

MAX_ENTRY_ROWS = 5
CATEGORIES_PER_ROW = 3


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
_ASK = r"(?:은|에|엔)?\s*(?:얼마\s*(?:썼어|썼지|썼나|씀|나갔어|나갔지)?|지출|내역|기록|합계|정리|요약|통계)?"
_WORDS = [
    ("help", re.compile(r"^(?:도움말|도움|help|사용법|\?)" + _TAIL + "$", re.I)),
    ("today", re.compile(r"^오늘\s*" + _ASK + _TAIL + "$")),
    ("month", re.compile(r"^이번\s*달\s*" + _ASK + _TAIL + "$")),
    (
        "undo",
        re.compile(r"^(?:취소|되돌리기|방금\s*(?:거|것|건|꺼|기록)?\s*취소)\s*(?:해\s*(?:줘|주세요))?" + _TAIL + "$"),
    ),
    ("switch", re.compile(r"^가구\s*(?:바꾸기|바꿔|바꿔줘|전환|변경)" + _TAIL + "$")),
]
_FIX = re.compile(
    r"^(?:방금|아까)\s*(?:거|것|건|꺼|기록)?\s*(?:은|는)?\s+(?P<word>\S.*?)\s*(?:으로|로)"
    r"\s*(?:바꿔\s*(?:줘|주세요)?|변경|수정|해\s*(?:줘|주세요)?)?" + _TAIL + "$"
)


_LINK_SECRET = re.compile(
    r"^(?:(?P<start>/start(?:@[A-Za-z0-9_]+)?)\s+[A-Za-z0-9_-]{1,64}"
    r"|(?P<connect>연결)\s*[A-Za-z0-9][A-Za-z0-9 -]{2,18}[A-Za-z0-9])$"
)


def stored_form(text: str) -> str:
    """What is kept on record: a link token or code is cut off (spent or wrong, it helps no one)."""
    match = _LINK_SECRET.match(text.strip()) if len(text) <= 200 else None
    return (match["start"] or match["connect"]) if match else text


def parse_command(text: str) -> tuple[str, str] | None:
    """(command, argument) for anything that is not a ledger line, else None."""
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
    fix = _FIX.match(text)
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


def turn_answer(turn: ChatTurn, *, prefix: str = "", today: dt.date | None = None) -> Answer:
    """What the reply to this turn says now (also after Claude or a member changed something)."""
    entries = list(turn.message.entries.select_related("category").order_by("pk"))
    if not entries:
        return Answer(prefix or "이 메시지의 기록은 모두 취소했어요.", turn=turn)
    body = texts.entries_text(
        entries=entries, today=today or timezone.localdate(), start_day=turn.link.household.month_start_day
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
    double_send: bool = False,
    forwarded: bool = False,
) -> Answer:
    """A message from a linked chat: a command, or a ledger line for the message door.

    A forwarded message is content (a card text, a message someone else wrote): never a command.
    """
    services.chat_link_touch(link=link)
    today = today or timezone.localdate()
    command = None if forwarded else parse_command(text)
    if command is not None:
        return _command(link, channel, stored_form(text), command, today)
    if double_send:
        _save(link, channel, text, MessageOutcome.DUPLICATE)
        return Answer(texts.DUPLICATE)
    result = message_record(membership=link.membership, channel=channel, text=text, today=today)
    if result.entries and not result.only_new:
        # A card text merged, cancelled or already recorded: the reply says which, about those entries.
        return Answer(record_reply(result), rows=_touched_rows(result.entries))
    if result.entries:
        turn = services.chat_turn_create(link=link, message=result.message, telegram_chat_id=telegram_chat_id)
        answer = turn_answer(turn, today=today)
        refused = getattr(result.parsed, "refused", None)
        if refused:
            answer.text += "\n" + record_reply(result).split("\n")[-1]
        return answer
    if result.outcome == MessageOutcome.NO_AMOUNT and getattr(result.parsed, "is_question", False):
        card = card_question_answer(household=link.household, text=text, today=today)
        if card is not None:
            return Answer(card)
        return Answer(f"{texts.month_text(household=link.household, today=today)}\n\n{texts.QUESTION_HINT}")
    return Answer(record_reply(result))


def _command(link: ChatLink, channel: str, text: str, command: tuple[str, str], today: dt.date) -> Answer:
    name, argument = command
    membership = link.membership
    writes = name in ("undo", "fix")
    if writes and not membership.can_write:
        _save(link, channel, text, MessageOutcome.READ_ONLY)
        return Answer(READ_ONLY)
    _save(link, channel, text, MessageOutcome.COMMAND)
    if name == "today":
        return Answer(texts.today_text(household=link.household, today=today))
    if name == "month":
        return Answer(texts.month_text(household=link.household, today=today))
    if name == "switch":
        chosen = services.chat_link_switch(link=link)
        return Answer(texts.switched(chosen.household) if chosen else texts.ONLY_ONE_HOUSEHOLD)
    if name == "undo":
        return _undo_last(link)
    if name == "fix":
        return _fix_last(link, argument)
    if name == "start":
        return Answer(f"이미 '{link.household.name}' 가계부에 연결돼 있어요.\n\n{texts.HELP}")
    return Answer(texts.HELP)


def _undo_last(link: ChatLink) -> Answer:
    entry = selectors.last_chat_entry(link=link)
    if entry is None:
        return Answer(texts.NOTHING_TO_UNDO)
    line = entry_line(entry)
    try:
        entry_delete(membership=link.membership, entry=entry)
    except Refused as error:
        return Answer(str(error))
    return Answer(f"↩️ 취소했어요: {line}")


def _fix_last(link: ChatLink, word: str) -> Answer:
    entry = selectors.last_chat_entry(link=link)
    if entry is None:
        return Answer("이 채팅에서 분류를 바꿀 기록이 없어요.")
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


def answer_button(*, link: ChatLink, channel: str, button: Button, raw_text: str | None = None) -> Answer:
    """A button press (Telegram callback, Kakao quick reply): never reaches another household's entries."""
    services.chat_link_touch(link=link)
    writes = button.action in ("undo", "pick", "cat")
    can_write = link.membership.can_write
    if raw_text is not None:
        outcome = MessageOutcome.READ_ONLY if writes and not can_write else MessageOutcome.COMMAND
        _save(link, channel, raw_text, outcome)
    today = timezone.localdate()
    if button.action == "today":
        return Answer(texts.today_text(household=link.household, today=today))
    if button.action == "month":
        return Answer(texts.month_text(household=link.household, today=today))
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
