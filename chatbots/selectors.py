"""Reads for the chat channels: which member a chat speaks for, and what to tell them."""

import datetime as dt

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from expenses.models import Entry
from households.models import Category, Membership
from households.services import token_hash

from .models import LINK_CODE_TTL, ChatLink, ChatNotice, ChatTurn, InboxAddress, LinkAttempt, Platform

MAX_WRONG_CODES = 5


def active_links() -> QuerySet[ChatLink]:
    """Links whose member still belongs to the household (a former member's chat stops recording)."""
    return ChatLink.objects.filter(membership__left_at__isnull=True, membership__user__isnull=False).select_related(
        "membership", "household"
    )


def active_link(*, pk: int) -> ChatLink | None:
    return active_links().filter(pk=pk).first()


def telegram_private_link(*, user_id: int) -> ChatLink | None:
    return (
        active_links()
        .filter(platform=Platform.TELEGRAM, telegram_chat_id=user_id, telegram_user_id=user_id, is_group=False)
        .order_by("-is_current", "pk")
        .first()
    )


def telegram_group_household_id(*, chat_id: int) -> int | None:
    return (
        active_links()
        .filter(platform=Platform.TELEGRAM, telegram_chat_id=chat_id, is_group=True)
        .values_list("household_id", flat=True)
        .first()
    )


def telegram_group_member_link(*, chat_id: int, user_id: int, household_id: int) -> ChatLink | None:
    return (
        active_links()
        .filter(
            platform=Platform.TELEGRAM,
            telegram_chat_id=chat_id,
            telegram_user_id=user_id,
            household_id=household_id,
            is_group=True,
        )
        .first()
    )


def telegram_person_link_in(*, user_id: int, household_id: int) -> ChatLink | None:
    """Any link of this Telegram user to the household: how a member is recognised in a new group."""
    return (
        active_links()
        .filter(platform=Platform.TELEGRAM, telegram_user_id=user_id, household_id=household_id)
        .order_by("is_group", "pk")
        .first()
    )


def kakao_link(*, user_key: str) -> ChatLink | None:
    return active_links().filter(platform=Platform.KAKAO, kakao_user_key=user_key).order_by("-is_current", "pk").first()


def same_chat_links(*, link: ChatLink) -> QuerySet[ChatLink]:
    """Every active link of the same chat and person (one per household they linked it to)."""
    links = active_links().filter(platform=link.platform)
    if link.platform == Platform.KAKAO:
        links = links.filter(kakao_user_key=link.kakao_user_key)
    else:
        links = links.filter(telegram_chat_id=link.telegram_chat_id, telegram_user_id=link.telegram_user_id)
    return links.order_by("pk")


def chat_links_for(*, membership: Membership) -> QuerySet[ChatLink]:
    return ChatLink.objects.filter(membership=membership, household_id=membership.household_id).order_by(
        "-created_at", "-pk"
    )


def chat_link_get(*, membership: Membership, pk: int | str) -> ChatLink:
    try:
        return chat_links_for(membership=membership).get(pk=int(pk))
    except (ChatLink.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def inbox_address_by_token(*, token: str) -> InboxAddress | None:
    """The live address of a member still in the household; None for anything else (revoked, left, unknown)."""
    if not token or len(token) > 100:
        return None
    return (
        InboxAddress.objects.filter(
            token_hash=token_hash(token),
            revoked_at__isnull=True,
            membership__left_at__isnull=True,
            membership__user__isnull=False,
        )
        .select_related("membership", "membership__household")
        .first()
    )


def inbox_addresses_for(*, membership: Membership) -> QuerySet[InboxAddress]:
    return InboxAddress.objects.filter(membership=membership, household_id=membership.household_id).order_by(
        "revoked_at", "-created_at", "-pk"
    )


def inbox_address_get(*, membership: Membership, pk: int | str) -> InboxAddress:
    try:
        return inbox_addresses_for(membership=membership).get(pk=int(pk))
    except (InboxAddress.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def wrong_code_count(*, chat_key: str) -> int:
    since = timezone.now() - LINK_CODE_TTL
    return LinkAttempt.objects.filter(chat_key=chat_key, created_at__gte=since).count()


def last_chat_entry(*, link: ChatLink) -> Entry | None:
    """The newest entry still standing that this chat recorded."""
    return (
        Entry.objects.filter(household_id=link.household_id, message__chat_turns__link=link)
        .select_related("category", "message", "payment_method")
        .order_by("-created_at", "-pk")
        .first()
    )


def chat_entry(*, link: ChatLink, pk: int) -> Entry | None:
    """An entry of the chat's household (any member's: the ledger is shared); None for anything else."""
    return (
        Entry.objects.filter(household_id=link.household_id, pk=pk)
        .select_related("category", "message", "payment_method")
        .first()
    )


def chat_entries(*, link: ChatLink, pks: list[int]) -> list[Entry]:
    """Those of `pks` that are entries of the chat's household, oldest first; others are not found."""
    return list(
        Entry.objects.filter(household_id=link.household_id, pk__in=pks).select_related("category").order_by("pk")
    )


def telegram_turn_of_message(*, chat_id: int, message_id: int) -> ChatTurn | None:
    """The turn a member's Telegram message made (an edit of it, or a reply to it, names it)."""
    return (
        ChatTurn.objects.filter(telegram_chat_id=chat_id, telegram_message_id=message_id)
        .select_related("link", "link__membership", "link__household", "message", "edit_message")
        .order_by("-pk")
        .first()
    )


def telegram_turn_of_reply(*, chat_id: int, reply_message_id: int) -> ChatTurn | None:
    """The turn whose reply the bot sent through the API as this message."""
    return (
        ChatTurn.objects.filter(telegram_chat_id=chat_id, reply_message_id=reply_message_id)
        .select_related("message")
        .order_by("-pk")
        .first()
    )


def turn_entry_ids(*, turn: ChatTurn, household_id: int) -> list[int]:
    return list(
        Entry.objects.filter(message_id=turn.message_id, household_id=household_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def turn_of_entry(*, entry: Entry) -> ChatTurn | None:
    if entry.message_id is None:
        return None
    return ChatTurn.objects.filter(message_id=entry.message_id).select_related("link").order_by("-pk").first()


def category_find(*, household_id: int, kind: str, word: str) -> Category | None:
    """A household category named like `word`: its name, a part of a name like '카페/간식', or its slug."""
    word = word.strip().lower()
    if not word:
        return None
    categories = list(Category.objects.filter(household_id=household_id, kind=kind, is_hidden=False))
    for matches in (
        lambda c: c.name.lower() == word or c.slug == word,
        lambda c: word in (part.strip().lower() for part in c.name.replace("·", "/").split("/")),
        lambda c: c.name.lower().startswith(word) or c.name.replace(" ", "").lower() == word.replace(" ", ""),
    ):
        found = [c for c in categories if matches(c)]
        if len(found) == 1:
            return found[0]
    return None


def visible_categories(*, household_id: int, kind: str) -> list[Category]:
    return list(Category.objects.filter(household_id=household_id, kind=kind, is_hidden=False))


def category_totals_for(
    *, household_id: int, periods: list[tuple[dt.date, dt.date, list[int]]]
) -> dict[tuple[int, int], int]:
    """{(period index, category id): total} for each (start, end, category ids): one aggregate query.

    A message may touch entries of several months (a card text pasted late); their totals still come
    from one GROUP BY, each period's sum filtered to its own dates.
    """
    if not periods:
        return {}
    dates = Q()
    sums = {}
    for index, (start, end, category_ids) in enumerate(periods):
        rows = Q(spent_on__range=(start, end), category_id__in=category_ids)
        dates |= rows
        sums[f"p{index}"] = Sum("amount_krw", filter=rows, default=0)
    totals = (
        Entry.objects.filter(dates, household_id=household_id, cancelled_at__isnull=True)
        .values("category_id")
        .annotate(**sums)
        .order_by()
    )
    return {(index, row["category_id"]): row[f"p{index}"] for row in totals for index in range(len(periods))}


def category_totals(*, household_id: int, start: dt.date, end: dt.date) -> list[dict]:
    """[{name, kind, total}] for the period, largest first within each kind."""
    return list(
        Entry.objects.filter(household_id=household_id, spent_on__range=(start, end), cancelled_at__isnull=True)
        .values("category__name", "kind")
        .annotate(total=Sum("amount_krw"))
        .order_by("kind", "-total", "category__name")
    )


def unsent_notices(*, recipient: str, limit: int = 5) -> list[ChatNotice]:
    return list(ChatNotice.objects.filter(recipient=recipient, sent_at__isnull=True).order_by("pk")[:limit])


def household_recipients(*, household_id: int) -> list[str]:
    """Every chat linked to the household, once each: private chats, groups and Kakao users."""
    recipients: list[str] = []
    links = active_links().filter(household_id=household_id).order_by("pk")
    for platform, chat_id, user_key in links.values_list("platform", "telegram_chat_id", "kakao_user_key"):
        recipient = f"telegram:{chat_id}" if platform == Platform.TELEGRAM else f"kakao:{user_key}"
        if recipient not in recipients:
            recipients.append(recipient)
    return recipients


def turns_with_entries(*, entry_ids: list[int]) -> QuerySet[ChatTurn]:
    return ChatTurn.objects.filter(message__entries__in=entry_ids).select_related("link").distinct()


def turn_entries(*, turn: ChatTurn, entry_ids: list[int]) -> QuerySet[Entry]:
    """Those of entry_ids that the turn's message made."""
    return Entry.objects.filter(message_id=turn.message_id, pk__in=entry_ids).select_related(
        "category", "payment_method"
    )
