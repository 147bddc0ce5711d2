"""Messages as typed, and the income and expense entries read from them."""

from django.db import models
from django.db.models import Q

from households.models import Category, CategoryKind, Household, Membership

MAX_AMOUNT_KRW = 10**12 - 1


class Channel(models.TextChoices):
    WEB = "web", "웹"
    TELEGRAM = "telegram", "텔레그램"
    KAKAO = "kakao", "카카오톡"
    IMPORT = "import", "가져오기"
    RECURRING = "recurring", "반복"


class MessageOutcome(models.TextChoices):
    RECORDED = "recorded", "기록됨"
    NO_AMOUNT = "no_amount", "금액 없음"
    FOREIGN_CURRENCY = "foreign_currency", "외화"
    TOO_LONG = "too_long", "너무 김"
    RATE_LIMITED = "rate_limited", "요청 제한"
    DUPLICATE = "duplicate", "중복"
    READ_ONLY = "read_only", "보기 전용"
    COMMAND = "command", "명령"
    ERROR = "error", "오류"


class Message(models.Model):
    """Exactly what someone typed, kept whatever became of it."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="messages")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    raw_text = models.TextField()
    outcome = models.CharField(max_length=20, choices=MessageOutcome.choices, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "메시지"
        verbose_name_plural = "메시지"
        indexes = [models.Index(fields=["household", "-received_at"])]

    def __str__(self) -> str:
        return self.raw_text[:40]


class CategorySource(models.TextChoices):
    LEARNED = "learned", "학습"
    RULES = "rules", "규칙"
    CACHE = "cache", "캐시"
    LLM = "llm", "Claude"
    USER = "user", "직접"
    FALLBACK = "fallback", "미분류"


class CategoryState(models.TextChoices):
    SETTLED = "settled", "확정"
    PENDING = "pending", "Claude 대기"


class Entry(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="entries")
    message = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="entries")
    kind = models.CharField("종류", max_length=7, choices=CategoryKind.choices, default=CategoryKind.EXPENSE)
    amount_krw = models.BigIntegerField("금액")
    spent_on = models.DateField("날짜")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="entries", verbose_name="분류")
    memo = models.CharField("메모", max_length=200, blank=True)
    entered_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="entered_entries")
    paid_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="paid_entries", verbose_name="낸 사람"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    category_source = models.CharField(max_length=10, choices=CategorySource.choices)
    category_confidence = models.FloatField(default=1.0)
    category_state = models.CharField(max_length=10, choices=CategoryState.choices, default=CategoryState.SETTLED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "항목"
        verbose_name_plural = "항목"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_krw__gt=0, amount_krw__lte=MAX_AMOUNT_KRW), name="entry_amount_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["household", "-spent_on"], name="entry_household_date"),
            models.Index(fields=["household", "category", "spent_on"], name="entry_household_category"),
            models.Index(fields=["paid_by", "spent_on"], name="entry_payer_date"),
            models.Index(
                fields=["category_state"], condition=Q(category_state="pending"), name="entry_pending_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.memo} {self.amount_krw:,}원"

    @property
    def signed_amount(self) -> int:
        return self.amount_krw if self.kind == CategoryKind.INCOME else -self.amount_krw
