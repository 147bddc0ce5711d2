"""What each household has taught us, and what every Claude call cost."""

from django.db import models

from households.models import Category, Household


class LearnedRule(models.Model):
    """A normalized memo phrase → category, learned from a member's correction."""

    household = models.ForeignKey(
        Household, verbose_name="가구", on_delete=models.CASCADE, related_name="learned_rules"
    )
    phrase = models.CharField("낱말", max_length=200)
    category = models.ForeignKey(Category, verbose_name="분류", on_delete=models.CASCADE, related_name="+")
    times_confirmed = models.PositiveIntegerField("확인 횟수", default=1)
    updated_at = models.DateTimeField("고친 때", auto_now=True)

    class Meta:
        verbose_name = "학습한 규칙"
        verbose_name_plural = "학습한 규칙"
        constraints = [models.UniqueConstraint(fields=["household", "phrase"], name="learned_rule_unique_phrase")]

    def __str__(self) -> str:
        return f"{self.phrase} → {self.category}"


class LLMOutcome(models.TextChoices):
    ANSWERED = "answered", "분류함"
    UNSURE = "unsure", "모름"
    INVALID = "invalid", "잘못된 답"
    ERROR = "error", "오류"
    RATE_LIMITED = "rate_limited", "요청 제한"
    SPEND_LIMIT = "spend_limit", "지출 한도"


class LLMCall(models.Model):
    # Null only for calls made from the shell (parse_expense) outside any household.
    household = models.ForeignKey(
        Household, verbose_name="가구", on_delete=models.CASCADE, related_name="llm_calls", null=True, blank=True
    )
    model = models.CharField("모델", max_length=60)
    items = models.PositiveSmallIntegerField("항목 수", default=1)
    input_tokens = models.PositiveIntegerField("입력 토큰", default=0)
    output_tokens = models.PositiveIntegerField("출력 토큰", default=0)
    cost_usd = models.DecimalField("비용 (USD)", max_digits=12, decimal_places=8, default=0)
    latency_ms = models.PositiveIntegerField("응답 시간 (ms)", default=0)
    outcome = models.CharField("결과", max_length=20, choices=LLMOutcome.choices)
    detail = models.CharField("자세히", max_length=200, blank=True)
    created_at = models.DateTimeField("호출한 때", auto_now_add=True)

    class Meta:
        verbose_name = "Claude 호출"
        verbose_name_plural = "Claude 호출"
        indexes = [models.Index(fields=["household", "created_at"])]

    def __str__(self) -> str:
        return f"{self.model} {self.outcome} ${self.cost_usd}"


class LLMBatch(models.Model):
    """A Message Batches job re-categorizing many entries at half price (backfills, imports)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="llm_batches")
    batch_id = models.CharField(max_length=100, unique=True)
    model = models.CharField(max_length=60)
    # custom_id → the entry ids asked in that request
    requests = models.JSONField(default=dict)
    status = models.CharField(max_length=20, default="in_progress")
    changed = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Claude 일괄 분류"
        verbose_name_plural = "Claude 일괄 분류"

    def __str__(self) -> str:
        return f"{self.batch_id} ({self.status})"
