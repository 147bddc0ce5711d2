"""Writes for the chat channels: link codes, linking and unlinking chats, turns and notices."""

import datetime as dt
import logging
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from expenses.models import Message
from homenrich.errors import Refused
from households.actors import Actor
from households.models import Membership
from households.periods import parse_period_key
from households.services import token_hash

from . import selectors
from .models import LINK_CODE_TTL, ChatLink, ChatNotice, ChatTurn, InboxAddress, LinkAttempt, LinkCode, Platform

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: the code is read off one screen and typed on another.
KAKAO_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
KAKAO_CODE_LENGTH = 8
TOUCH_EVERY = dt.timedelta(minutes=5)

EXPIRED = "링크나 코드가 만료되었거나 이미 사용되었어요. 웹의 '채팅 연결'에서 새로 받아 주세요."
WRONG_CODE = "코드가 맞지 않거나 만료되었어요. 웹의 '채팅 연결'에 보이는 8자리 코드를 '연결 코드'처럼 보내 주세요."
TOO_MANY_TRIES = "잘못된 코드를 여러 번 보냈어요. 10분 뒤에 다시 해 주세요."
GROUP_TAKEN = "이 그룹은 이미 다른 가구에 연결돼 있어요. 먼저 그 가구의 '채팅 연결'에서 연결을 해제해 주세요."
MEMBER_GONE = "이 가구의 구성원이 아니어서 연결할 수 없어요."


class LinkError(Refused):
    """A refused link, with a message fit to show in the chat."""


class WrongCode(LinkError):
    """A code that matches nothing usable: counts towards the chat's wrong tries."""


def normalize_kakao_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _code_hash(platform: str, code: str) -> str:
    return token_hash(f"{platform}:{code}")


def link_codes_create(*, membership: Membership) -> tuple[str, str]:
    """A fresh Telegram start token and Kakao code for this member; earlier unused ones stop working."""
    now = timezone.now()
    LinkCode.objects.filter(membership=membership, used_at__isnull=True).delete()
    telegram_token = secrets.token_urlsafe(24)  # 32 characters of A-Za-z0-9_-, what /start accepts
    for _ in range(5):
        kakao_code = "".join(secrets.choice(KAKAO_CODE_ALPHABET) for _ in range(KAKAO_CODE_LENGTH))
        try:
            with transaction.atomic():
                LinkCode.objects.bulk_create(
                    [
                        LinkCode(
                            membership=membership,
                            platform=platform,
                            code_hash=_code_hash(platform, code),
                            expires_at=now + LINK_CODE_TTL,
                        )
                        for platform, code in ((Platform.TELEGRAM, telegram_token), (Platform.KAKAO, kakao_code))
                    ]
                )
            return telegram_token, kakao_code
        except IntegrityError:  # a live code with the same hash: draw again
            continue
    raise RuntimeError("could not draw a unique link code")


def _code_claim(*, platform: str, code: str) -> Membership:
    link_code = (
        LinkCode.objects.select_for_update()
        .select_related("membership", "membership__household")
        .filter(platform=platform, code_hash=_code_hash(platform, code))
        .first()
    )
    if link_code is None or not link_code.is_usable:
        raise WrongCode(EXPIRED if link_code else WRONG_CODE)
    if not link_code.membership.is_active:
        raise LinkError(MEMBER_GONE)
    link_code.used_at = timezone.now()
    link_code.save(update_fields=["used_at"])
    return link_code.membership


def _link_save(*, membership: Membership, identity: dict, is_group: bool, title: str) -> ChatLink:
    """Creates or revives the link and makes it the one this chat speaks for."""
    ChatLink.objects.filter(**identity, is_current=True).exclude(membership=membership).update(is_current=False)
    link, created = ChatLink.objects.get_or_create(
        **identity,
        membership=membership,
        defaults={"household_id": membership.household_id, "is_group": is_group, "title": title[:100]},
    )
    if not created:
        link.is_current, link.title = True, title[:100] or link.title
        link.save(update_fields=["is_current", "title"])
    return link


@transaction.atomic
def telegram_link(*, token: str, chat_id: int, user_id: int, is_group: bool, title: str) -> ChatLink:
    """`/start <token>`: a private chat (or a group) now speaks for the member who made the token."""
    membership = _code_claim(platform=Platform.TELEGRAM, code=token)
    if is_group:
        household_id = selectors.telegram_group_household_id(chat_id=chat_id)
        if household_id is not None and household_id != membership.household_id:
            raise LinkError(GROUP_TAKEN)
    identity = {"platform": Platform.TELEGRAM, "telegram_chat_id": chat_id, "telegram_user_id": user_id}
    return _link_save(membership=membership, identity=identity, is_group=is_group, title=title)


def kakao_link(*, code: str, user_key: str, title: str = "카카오톡") -> ChatLink:
    """`연결 <code>`: at most a few wrong codes per chat per ten minutes, counted in the database."""
    if selectors.wrong_code_count(chat_key=user_key) >= selectors.MAX_WRONG_CODES:
        raise LinkError(TOO_MANY_TRIES)
    try:
        return _kakao_link(code=normalize_kakao_code(code), user_key=user_key, title=title)
    except WrongCode:
        LinkAttempt.objects.create(platform=Platform.KAKAO, chat_key=user_key)
        raise


@transaction.atomic
def _kakao_link(*, code: str, user_key: str, title: str) -> ChatLink:
    if len(code) != KAKAO_CODE_LENGTH:
        raise WrongCode(WRONG_CODE)
    membership = _code_claim(platform=Platform.KAKAO, code=code)
    identity = {"platform": Platform.KAKAO, "kakao_user_key": user_key}
    return _link_save(membership=membership, identity=identity, is_group=False, title=title)


@transaction.atomic
def telegram_group_member_join(*, chat_id: int, user_id: int, person_link: ChatLink, title: str) -> ChatLink:
    """A linked member's first message in a linked group: the group now knows them."""
    identity = {"platform": Platform.TELEGRAM, "telegram_chat_id": chat_id, "telegram_user_id": user_id}
    return _link_save(membership=person_link.membership, identity=identity, is_group=True, title=title)


@transaction.atomic
def chat_link_switch(*, link: ChatLink) -> ChatLink | None:
    """Moves the chat to the next household its person linked it to; None when there is only one."""
    links = list(selectors.same_chat_links(link=link))
    if len(links) < 2:
        return None
    position = next((i for i, candidate in enumerate(links) if candidate.pk == link.pk), -1)
    chosen = links[(position + 1) % len(links)]
    ChatLink.objects.filter(pk__in=[c.pk for c in links]).exclude(pk=chosen.pk).update(is_current=False)
    ChatLink.objects.filter(pk=chosen.pk).update(is_current=True)
    chosen.is_current = True
    return chosen


def chat_link_remove(*, by: Actor, link: ChatLink) -> None:
    """One's own chat, or any chat of the household by a manager (the admin)."""
    own = by.pk is not None and link.membership_id == by.pk
    if not own and not (by.can_manage and link.household_id == by.household_id):
        raise LinkError("내 채팅 연결만 해제할 수 있어요.")
    link.delete()


def chat_link_touch(*, link: ChatLink) -> None:
    """Notes when the chat was last used, at most every few minutes: a busy chat costs no extra write."""
    now = timezone.now()
    if link.last_used_at is None or now - link.last_used_at > TOUCH_EVERY:
        ChatLink.objects.filter(pk=link.pk).update(last_used_at=now)
        link.last_used_at = now


# --- forwarding addresses (POST /hooks/inbox/<token>/) ---------------------------------------------

INBOX_TOKEN_BYTES = 32  # 43 characters of A-Za-z0-9_-: a capability nobody guesses


@transaction.atomic
def inbox_address_create(*, membership: Membership) -> tuple[InboxAddress, str]:
    """A new forwarding address for this member; the one they had stops working. The token is shown once."""
    if not membership.can_write:
        raise Refused("보기 전용 구성원은 알림 전달 주소를 만들 수 없어요.")
    now = timezone.now()
    InboxAddress.objects.filter(membership=membership, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(INBOX_TOKEN_BYTES)
    address = InboxAddress.objects.create(
        household_id=membership.household_id, membership=membership, token_hash=token_hash(token), hint=token[-4:]
    )
    return address, token


def inbox_address_revoke(*, by: Actor, address: InboxAddress) -> None:
    """One's own address, or any of the household's by a manager (the admin)."""
    own = by.pk is not None and address.membership_id == by.pk
    if not own and not (by.can_manage and address.household_id == by.household_id):
        raise Refused("내 알림 전달 주소만 없앨 수 있어요.")
    if address.revoked_at is None:
        address.revoked_at = timezone.now()
        address.save(update_fields=["revoked_at"])


def inbox_address_touch(*, address: InboxAddress) -> None:
    now = timezone.now()
    if address.last_used_at is None or now - address.last_used_at > TOUCH_EVERY:
        InboxAddress.objects.filter(pk=address.pk).update(last_used_at=now)
        address.last_used_at = now


def chat_turn_create(
    *,
    link: ChatLink,
    message: Message,
    telegram_chat_id: int | None = None,
    telegram_message_id: int | None = None,
    telegram_thread_id: int | None = None,
) -> ChatTurn:
    return ChatTurn.objects.create(
        link=link,
        message=message,
        telegram_chat_id=telegram_chat_id,
        telegram_message_id=telegram_message_id,
        telegram_thread_id=telegram_thread_id,
    )


def chat_turn_set_edit(*, turn: ChatTurn, edit: Message) -> None:
    """The turn's entries now follow this edit: the next edit is compared with its text."""
    ChatTurn.objects.filter(pk=turn.pk).update(edit_message=edit)
    turn.edit_message = edit


@transaction.atomic
def telegram_chat_migrate(*, old_chat_id: int, new_chat_id: int) -> int:
    """A group upgraded to a supergroup gets a new chat id: its links, turns and unsent notices move there.

    Telegram says so twice (a message in the old group, one in the new supergroup) and once more when a
    send to the old id fails, in any order: moving is idempotent, and a link already made in the new
    supergroup (someone sent /start there first) wins over the moved one.
    """
    if old_chat_id == new_chat_id:
        return 0
    moved = 0
    links = ChatLink.objects.select_for_update().filter(platform=Platform.TELEGRAM, telegram_chat_id=old_chat_id)
    for link in links.filter(is_group=True):
        there = ChatLink.objects.filter(
            platform=Platform.TELEGRAM, telegram_chat_id=new_chat_id, telegram_user_id=link.telegram_user_id
        )
        twin = there.filter(membership_id=link.membership_id).first()
        if twin is not None:
            ChatTurn.objects.filter(link=link).update(link=twin)
            link.delete()
            continue
        link.telegram_chat_id = new_chat_id
        link.is_current = link.is_current and not there.filter(is_current=True).exists()
        link.save(update_fields=["telegram_chat_id", "is_current"])
        moved += 1
    ChatTurn.objects.filter(telegram_chat_id=old_chat_id).update(telegram_chat_id=new_chat_id)
    old, new = f"telegram:{old_chat_id}", f"telegram:{new_chat_id}"
    waiting = ChatNotice.objects.filter(recipient=old, sent_at__isnull=True)
    # A notice the new id already holds (same key) is not sent twice.
    waiting.filter(key__in=ChatNotice.objects.filter(recipient=new).values("key")).delete()
    waiting.update(recipient=new)
    if moved:
        logger.info("telegram: group %s moved to supergroup %s (%d links)", old_chat_id, new_chat_id, moved)
    return moved


@transaction.atomic
def telegram_group_forget(*, chat_id: int) -> int:
    """The bot was removed from a group (left or kicked): the group no longer speaks for the household.

    Its links go, as if each member had removed them on the web, and so do notices still waiting for it;
    entries and messages stay. Adding the bot again needs a fresh "그룹에 연결" link.
    """
    ChatNotice.objects.filter(recipient=f"telegram:{chat_id}", sent_at__isnull=True).delete()
    removed = ChatLink.objects.filter(platform=Platform.TELEGRAM, telegram_chat_id=chat_id, is_group=True).delete()[0]
    if removed:
        logger.info("telegram: removed from group %s, its links forgotten", chat_id)
    return removed


def chat_turn_set_reply(*, turn_id: int, reply_message_id: int) -> None:
    ChatTurn.objects.filter(pk=turn_id).update(reply_message_id=reply_message_id)


def chat_turn_set_callback_url(*, turn_id: int, callback_url: str) -> None:
    """Kakao's answer will ride this callbackUrl ("" when it will not after all)."""
    ChatTurn.objects.filter(pk=turn_id).update(kakao_callback_url=callback_url)


def chat_turn_claim_callback(*, turn_id: int) -> bool:
    """Kakao's callbackUrl takes one POST: whoever flips callback_sent_at first sends it."""
    return bool(
        ChatTurn.objects.filter(pk=turn_id, callback_sent_at__isnull=True).update(callback_sent_at=timezone.now())
    )


def notices_create(*, household_id: int, key: str, text: str, recipients: list[str]) -> list[int]:
    """One notice per recipient; a key already noted for a recipient is skipped (sent once)."""
    ChatNotice.objects.bulk_create(
        [ChatNotice(household_id=household_id, key=key[:120], recipient=r, text=text) for r in recipients],
        ignore_conflicts=True,
    )
    return list(
        ChatNotice.objects.filter(key=key[:120], recipient__in=recipients, sent_at__isnull=True).values_list(
            "pk", flat=True
        )
    )


def notice_claim(*, notice_id: int) -> bool:
    return bool(ChatNotice.objects.filter(pk=notice_id, sent_at__isnull=True).update(sent_at=timezone.now()))


def notice_release(*, notice_id: int) -> None:
    """A send that failed in a way worth retrying: the notice goes back to unsent."""
    ChatNotice.objects.filter(pk=notice_id).update(sent_at=None)


def notices_take(*, recipient: str) -> list[str]:
    """Claims and returns the unsent notice texts of a Kakao user, to ride along with their reply."""
    return [n.text for n in selectors.unsent_notices(recipient=recipient) if notice_claim(notice_id=n.pk)]


def _won(amount) -> str:
    try:
        return f"{int(amount):,}원"
    except (TypeError, ValueError):
        return "?원"


def budget_alert_text(*, alert) -> tuple[int, str, str] | None:
    """(household id, once-key, text) for an alert; read defensively, the alert model is not ours."""
    household_id = getattr(alert, "household_id", None) or getattr(getattr(alert, "household", None), "pk", None)
    threshold = getattr(alert, "threshold", None)
    if household_id is None or threshold is None:
        return None
    category = getattr(alert, "category", None)
    category_id = getattr(alert, "category_id", None) or getattr(category, "pk", None)
    period_key = str(getattr(alert, "period_key", "") or "")
    spent = getattr(alert, "spent_krw", getattr(alert, "spent", None))
    budget = getattr(alert, "budget_krw", getattr(alert, "budget", None))
    household = getattr(alert, "household", None)
    prefix = f"[{household.name}] " if getattr(household, "name", "") else ""
    period = parse_period_key(period_key) if period_key else None
    when = f"{period.month}월 " if period else "이번 달 "
    what = f"{category.name} 예산" if category is not None else "전체 예산"
    amounts = f"{_won(spent)} / 예산 {_won(budget)}"
    if int(threshold) >= 100:
        text = f"🚨 {prefix}{when}{what}을 넘었어요: {amounts}"
    else:
        text = f"⚠️ {prefix}{when}{what}의 {int(threshold)}%를 썼어요: {amounts}"
    key = f"budget:{household_id}:{period_key}:{category_id or 'total'}:{int(threshold)}"
    return int(household_id), key, text
