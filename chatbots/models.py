"""Chats linked to household members, one-time link codes, and what the bots received and answered."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone

from expenses.models import Message
from households.models import Household, Membership

LINK_CODE_TTL = dt.timedelta(minutes=10)


class Platform(models.TextChoices):
    TELEGRAM = "telegram", "텔레그램"
    KAKAO = "kakao", "카카오톡"


class ChatLink(models.Model):
    """A chat that speaks for one member of one household.

    Telegram private chat: chat id = user id. Telegram group: one row per member who writes there,
    all pointing at the same household. Kakao: the channel's per-bot user key. A person with seats in
    two households has two rows for the same chat; `is_current` says which one their messages go to.
    """

    household = models.ForeignKey(Household, verbose_name="가구", on_delete=models.CASCADE, related_name="chat_links")
    membership = models.ForeignKey(
        Membership, verbose_name="구성원", on_delete=models.CASCADE, related_name="chat_links"
    )
    platform = models.CharField("채팅", max_length=10, choices=Platform.choices)
    # Telegram ids exceed 32 bits and group chat ids are negative.
    telegram_chat_id = models.BigIntegerField(null=True, blank=True)
    telegram_user_id = models.BigIntegerField(null=True, blank=True)
    kakao_user_key = models.CharField(max_length=80, blank=True)
    is_group = models.BooleanField("그룹", default=False)
    is_current = models.BooleanField(default=True)
    title = models.CharField("이름", max_length=100, blank=True)
    created_at = models.DateTimeField("연결한 때", auto_now_add=True)
    last_used_at = models.DateTimeField("마지막 사용", null=True, blank=True)

    class Meta:
        verbose_name = "연결된 채팅"
        verbose_name_plural = "연결된 채팅"
        constraints = [
            models.UniqueConstraint(
                fields=["telegram_chat_id", "telegram_user_id", "membership"],
                condition=Q(platform="telegram"),
                name="chatlink_telegram_unique",
            ),
            models.UniqueConstraint(
                fields=["kakao_user_key", "membership"], condition=Q(platform="kakao"), name="chatlink_kakao_unique"
            ),
            models.UniqueConstraint(
                fields=["telegram_chat_id", "telegram_user_id"],
                condition=Q(platform="telegram", is_current=True),
                name="chatlink_telegram_one_current",
            ),
            models.UniqueConstraint(
                fields=["kakao_user_key"],
                condition=Q(platform="kakao", is_current=True),
                name="chatlink_kakao_one_current",
            ),
            models.CheckConstraint(
                condition=(
                    Q(platform="telegram", telegram_chat_id__isnull=False, telegram_user_id__isnull=False)
                    | (Q(platform="kakao") & ~Q(kakao_user_key=""))
                ),
                name="chatlink_has_identity",
            ),
        ]
        indexes = [
            models.Index(fields=["telegram_chat_id"], name="chatlink_tg_chat"),
            models.Index(fields=["telegram_user_id"], name="chatlink_tg_user"),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.label}"

    @property
    def label(self) -> str:
        kind = "그룹" if self.is_group else "개인"
        return f"{self.title or '이름 없음'} ({kind})"


class LinkCode(models.Model):
    """A one-time Telegram start token or Kakao code; only its sha256 is stored."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="chat_link_codes")
    platform = models.CharField(max_length=10, choices=Platform.choices)
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "연결 코드"
        verbose_name_plural = "연결 코드"

    def __str__(self) -> str:
        return f"{self.get_platform_display()} 연결 코드"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class LinkAttempt(models.Model):
    """A wrong link code sent from a chat; a few per ten minutes, then the chat must wait."""

    platform = models.CharField(max_length=10, choices=Platform.choices)
    chat_key = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["chat_key", "created_at"], name="linkattempt_chat_time")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} 잘못된 코드 {self.created_at:%m/%d %H:%M}"


class TelegramUpdate(models.Model):
    """Each Telegram update id seen; the unique constraint makes a redelivery a no-op."""

    update_id = models.BigIntegerField(unique=True)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"update {self.update_id}"


class ChatTurn(models.Model):
    """A message a linked chat sent and where the bot's answer went, for undo, edits and callbacks."""

    link = models.ForeignKey(ChatLink, on_delete=models.CASCADE, related_name="turns")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="chat_turns")
    telegram_chat_id = models.BigIntegerField(null=True, blank=True)
    # The member's own Telegram message: an edit of it, or a reply to it, finds the entries it made.
    telegram_message_id = models.BigIntegerField(null=True, blank=True)
    # A forum topic: replies must name it or they land in the general topic.
    telegram_thread_id = models.BigIntegerField(null=True, blank=True)
    # The latest edit applied to the entries (its text is what the entries now follow).
    edit_message = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Known only when the reply went through the API (an inline webhook reply has no id).
    reply_message_id = models.BigIntegerField(null=True, blank=True)
    kakao_callback_url = models.URLField(max_length=500, blank=True)
    callback_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["link", "-created_at"], name="chatturn_link_recent"),
            models.Index(fields=["telegram_chat_id", "telegram_message_id"], name="chatturn_tg_message"),
            models.Index(fields=["telegram_chat_id", "reply_message_id"], name="chatturn_tg_reply"),
        ]

    def __str__(self) -> str:
        return f"{self.link} #{self.message_id}"


class ChatNotice(models.Model):
    """Something to tell a chat unasked (a budget alert, a refined category), delivered once.

    Telegram notices go out through the API; Kakao cannot be messaged first (the Event API is
    paid), so its notices ride along with that user's next reply.
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="chat_notices")
    key = models.CharField(max_length=120)
    recipient = models.CharField(max_length=100)  # "telegram:<chat id>" or "kakao:<user key>"
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "recipient"], name="chatnotice_once")]
        indexes = [
            models.Index(fields=["recipient"], condition=Q(sent_at__isnull=True), name="chatnotice_unsent"),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class ChatCounter(models.Model):
    """A per-chat count or say-once mark with an expiry: rate limits and double sends.

    Kept in the database rather than the cache so that every web worker sees the same counts, with the
    embedded local-memory cache and with Redis down alike. `expires_at` is Unix seconds.
    """

    key = models.CharField(max_length=64, primary_key=True)
    count = models.PositiveIntegerField(default=1)
    expires_at = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="chatcounter_expiry")]

    def __str__(self) -> str:
        return f"{self.key} {self.count}"


class InboxAddress(models.Model):
    """A member's forwarding address (POST /hooks/inbox/<token>/) for phone automations.

    Only the token's sha256 is stored; the address is shown once, when it is made. Revoked addresses
    stay for the record and answer 404 like a token that never was.
    """

    household = models.ForeignKey(
        Household, verbose_name="가구", on_delete=models.CASCADE, related_name="inbox_addresses"
    )
    membership = models.ForeignKey(
        Membership, verbose_name="구성원", on_delete=models.CASCADE, related_name="inbox_addresses"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField("끝자리", max_length=4)  # the token's last characters, to tell addresses apart
    created_at = models.DateTimeField("만든 때", auto_now_add=True)
    last_used_at = models.DateTimeField("마지막 사용", null=True, blank=True)
    revoked_at = models.DateTimeField("없앤 때", null=True, blank=True)

    class Meta:
        verbose_name = "알림 전달 주소"
        verbose_name_plural = "알림 전달 주소"
        constraints = [
            models.UniqueConstraint(
                fields=["membership"], condition=Q(revoked_at__isnull=True), name="inbox_one_live_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership} …{self.hint}"
