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
    INBOX = "inbox", "전달 주소"
    STATEMENT = "statement", "카드 명세서"


class MessageOutcome(models.TextChoices):
    RECORDED = "recorded", "기록됨"
    NO_AMOUNT = "no_amount", "금액 없음"
    FOREIGN_CURRENCY = "foreign_currency", "외화"
    TOO_LONG = "too_long", "너무 김"
    RATE_LIMITED = "rate_limited", "요청 제한"
    DUPLICATE = "duplicate", "중복"
    READ_ONLY = "read_only", "보기 전용"
    COMMAND = "command", "명령"
    QUESTION = "question", "질문"
    EDITED = "edited", "고친 메시지"
    DATE_OUT_OF_RANGE = "date_out_of_range", "기록할 수 없는 날짜"
    PARSE_ERROR = "parse_error", "읽기 오류"
    ERROR = "error", "오류"
    NOTICE_SKIPPED = "notice_skipped", "기록하지 않는 알림"
    ALREADY_RECORDED = "already_recorded", "이미 받은 알림"
    BAD_REQUEST = "bad_request", "읽을 수 없는 요청"
    AMOUNT_REFUSED = "amount_refused", "기록할 수 없는 금액"


class Message(models.Model):
    """Exactly what someone typed, kept whatever became of it."""

    household = models.ForeignKey(Household, verbose_name="가구", on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        Membership, verbose_name="보낸 사람", on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    channel = models.CharField("기록한 곳", max_length=10, choices=Channel.choices)
    raw_text = models.TextField("보낸 글")
    outcome = models.CharField("결과", max_length=20, choices=MessageOutcome.choices, blank=True)
    received_at = models.DateTimeField("받은 때", auto_now_add=True)

    class Meta:
        verbose_name = "메시지"
        verbose_name_plural = "메시지"
        indexes = [models.Index(fields=["household", "-received_at"])]

    def __str__(self) -> str:
        return self.raw_text[:40]


class PaymentKind(models.TextChoices):
    CREDIT = "credit", "신용카드"
    CHECK = "check", "체크카드"
    BANK = "bank", "계좌"
    CASH = "cash", "현금"


class PaymentMethod(models.Model):
    """결제수단: a card, an account or cash. Created as notifications arrive; managers rename them."""

    household = models.ForeignKey(
        Household, verbose_name="가구", on_delete=models.CASCADE, related_name="payment_methods"
    )
    kind = models.CharField("종류", max_length=6, choices=PaymentKind.choices)
    issuer = models.CharField(
        "카드사·은행", max_length=20, blank=True
    )  # normalised (신한카드, 카카오뱅크); "" for cash
    last4 = models.CharField("끝자리", max_length=4, blank=True)  # "" when the texts mask it
    name = models.CharField("이름", max_length=30)  # "신한카드 1234" until someone calls it "민지 카드"
    created_at = models.DateTimeField("처음 본 때", auto_now_add=True)

    class Meta:
        verbose_name = "결제수단"
        verbose_name_plural = "결제수단"
        ordering = ["kind", "issuer", "last4", "pk"]
        constraints = [
            # Two deliveries racing each other still make one card.
            models.UniqueConstraint(fields=["household", "kind", "issuer", "last4"], name="payment_method_unique"),
            models.CheckConstraint(
                condition=~Q(name=""), name="payment_method_named", violation_error_message="이름을 적어 주세요."
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def default_name(self) -> str:
        return payment_method_default_name(self.kind, self.issuer, self.last4)


def payment_method_default_name(kind: str, issuer: str, last4: str) -> str:
    if kind == PaymentKind.CASH:
        return "현금"
    label = issuer or dict(PaymentKind.choices)[kind]
    if kind == PaymentKind.CHECK and "체크" not in label and issuer not in ("카카오뱅크", "토스뱅크", "케이뱅크"):
        label += " 체크"
    return f"{label} {last4}" if last4 else label


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
    # Leading column of the composite indexes below: a separate index would only mislead the planner.
    household = models.ForeignKey(
        Household, verbose_name="가구", on_delete=models.CASCADE, related_name="entries", db_index=False
    )
    message = models.ForeignKey(
        Message, verbose_name="원래 메시지", on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    kind = models.CharField("종류", max_length=7, choices=CategoryKind.choices, default=CategoryKind.EXPENSE)
    amount_krw = models.BigIntegerField("금액")
    spent_on = models.DateField("날짜")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="entries", verbose_name="분류")
    memo = models.CharField("메모", max_length=200, blank=True)
    entered_by = models.ForeignKey(
        Membership, verbose_name="기록한 사람", on_delete=models.PROTECT, related_name="entered_entries"
    )
    paid_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="paid_entries", verbose_name="낸 사람", db_index=False
    )
    channel = models.CharField("기록한 곳", max_length=10, choices=Channel.choices, default=Channel.WEB)
    category_source = models.CharField("분류 출처", max_length=10, choices=CategorySource.choices)
    category_confidence = models.FloatField("분류 확신도", default=1.0)
    category_state = models.CharField(
        "분류 상태", max_length=10, choices=CategoryState.choices, default=CategoryState.SETTLED
    )
    created_at = models.DateTimeField("기록한 때", auto_now_add=True)
    updated_at = models.DateTimeField("고친 때", auto_now=True)
    # Set on entries a recurring rule created: which rule and which of its occurrences.
    recurring_rule = models.ForeignKey(
        "RecurringRule", on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    occurrence_on = models.DateField(null=True, blank=True)
    payment_method = models.ForeignKey(
        PaymentMethod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name="결제수단",
        db_index=False,  # filters always start from the household's dates
    )
    installments = models.PositiveSmallIntegerField("할부 개월", default=1, db_default=1)  # 1: 일시불
    # A card cancellation reversed it: still listed (struck through), counted in no total.
    cancelled_at = models.DateTimeField("취소된 때", null=True, blank=True)
    # A typed entry and a card or bank report of the same purchase became this one entry.
    merged_at = models.DateTimeField("합친 때", null=True, blank=True)

    class Meta:
        verbose_name = "항목"
        verbose_name_plural = "항목"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_krw__gt=0, amount_krw__lte=MAX_AMOUNT_KRW),
                name="entry_amount_positive",
                violation_error_message="금액은 1원부터 1조 원 미만까지 적을 수 있어요.",
            ),
            # Exactly one entry per occurrence, however often (or concurrently) the beat task runs.
            models.UniqueConstraint(
                fields=["recurring_rule", "occurrence_on"],
                condition=Q(recurring_rule__isnull=False),
                name="entry_unique_occurrence",
            ),
            models.CheckConstraint(
                condition=Q(installments__gte=1, installments__lte=60),
                name="entry_installments_range",
                violation_error_message="할부는 1개월부터 60개월까지예요.",
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


class ReportSource(models.TextChoices):
    NOTICE = "notice", "알림"
    STATEMENT = "statement", "명세서"


class ReportOutcome(models.TextChoices):
    NEW = "new", "새 기록"
    MERGED = "merged", "직접 쓴 기록과 합침"
    DUPLICATE = "duplicate", "이미 받은 결제"
    CANCELLED = "cancelled", "승인 취소"
    REFUND = "refund", "환불로 기록"


class ReportedPayment(models.Model):
    """A payment as a card company or bank reported it: one notification or one statement row.

    Kept so that the same payment arriving again (forwarded and pasted, SMS and app push, a statement
    that overlaps the notifications) is recognised: `fingerprint` is unique per household, so two
    deliveries racing each other still make one entry.
    """

    household = models.ForeignKey(
        Household, verbose_name="가구", on_delete=models.CASCADE, related_name="reported_payments"
    )
    entry = models.ForeignKey(
        Entry, verbose_name="기록", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    message = models.ForeignKey(
        Message, verbose_name="원래 메시지", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    source = models.CharField("알려 온 곳", max_length=10, choices=ReportSource.choices)
    fingerprint = models.CharField(max_length=64)
    payment_method = models.ForeignKey(
        PaymentMethod, verbose_name="결제수단", on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField("종류", max_length=7, choices=CategoryKind.choices)
    amount_krw = models.BigIntegerField("금액")
    occurred_on = models.DateField("결제일")
    occurred_time = models.CharField("결제 시각", max_length=5, blank=True)  # "08:42" when the text printed it
    merchant = models.CharField("가맹점", max_length=100, blank=True)
    is_cancel = models.BooleanField("승인 취소", default=False)
    installments = models.PositiveSmallIntegerField("할부 개월", default=1)
    outcome = models.CharField("결과", max_length=10, choices=ReportOutcome.choices)
    created_at = models.DateTimeField("받은 때", auto_now_add=True)

    class Meta:
        verbose_name = "받은 결제 알림"
        verbose_name_plural = "받은 결제 알림"
        constraints = [
            models.UniqueConstraint(fields=["household", "fingerprint"], name="reported_payment_once"),
        ]
        indexes = [models.Index(fields=["household", "amount_krw", "occurred_on"], name="report_amount_date")]

    def __str__(self) -> str:
        return f"{self.payment_method_id} {self.merchant} {self.amount_krw:,}원"


class StatementImport(models.Model):
    """A card statement file (이용내역) read into rows, previewed, then recorded row by row."""

    household = models.ForeignKey(
        Household, verbose_name="가구", on_delete=models.CASCADE, related_name="statement_imports"
    )
    uploaded_by = models.ForeignKey(Membership, verbose_name="올린 사람", on_delete=models.PROTECT, related_name="+")
    message = models.ForeignKey(
        Message, verbose_name="원래 메시지", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField("파일 이름", max_length=200)
    issuer = models.CharField("카드사", max_length=20)
    rows = models.JSONField(default=list)  # what was read: one dict per row (see payments.statements.StatementRow)
    created_at = models.DateTimeField("올린 때", auto_now_add=True)
    recorded_at = models.DateTimeField("기록한 때", null=True, blank=True)

    class Meta:
        verbose_name = "카드 명세서"
        verbose_name_plural = "카드 명세서"

    def __str__(self) -> str:
        return self.filename


class Budget(models.Model):
    """A monthly spending limit for one expense category, or for all spending when category is empty."""

    household = models.ForeignKey(Household, verbose_name="가구", on_delete=models.CASCADE, related_name="budgets")
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="budgets", verbose_name="분류"
    )
    amount_krw = models.BigIntegerField("월 예산")
    updated_at = models.DateTimeField("고친 때", auto_now=True)

    class Meta:
        verbose_name = "예산"
        verbose_name_plural = "예산"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_krw__gt=0, amount_krw__lte=MAX_AMOUNT_KRW),
                name="budget_amount_positive",
                violation_error_message="예산은 1원부터 1조 원 미만까지 정할 수 있어요.",
            ),
            models.UniqueConstraint(
                fields=["household", "category"], condition=Q(category__isnull=False), name="budget_unique_category"
            ),
            models.UniqueConstraint(
                fields=["household"], condition=Q(category__isnull=True), name="budget_unique_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category or '전체'} {self.amount_krw:,}원"


class BudgetAlert(models.Model):
    """A budget crossed 80 or 100 % in a period: recorded once, announced by the chat channels."""

    household = models.ForeignKey(
        Household, verbose_name="가구", on_delete=models.CASCADE, related_name="budget_alerts"
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="분류"
    )
    period_key = models.CharField("기간", max_length=7)  # "2026-11", the household's month
    period_start = models.DateField()
    period_end = models.DateField()
    threshold = models.PositiveSmallIntegerField("기준(%)")
    spent_krw = models.BigIntegerField("쓴 돈")
    budget_krw = models.BigIntegerField("예산")
    created_at = models.DateTimeField("알린 때", auto_now_add=True)

    class Meta:
        verbose_name = "예산 알림"
        verbose_name_plural = "예산 알림"
        # NULL category (the total budget) needs its own constraint: NULLs never collide in a unique index.
        constraints = [
            models.UniqueConstraint(
                fields=["household", "category", "period_key", "threshold"],
                condition=Q(category__isnull=False),
                name="budget_alert_once_category",
            ),
            models.UniqueConstraint(
                fields=["household", "period_key", "threshold"],
                condition=Q(category__isnull=True),
                name="budget_alert_once_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_key} {self.category or '전체'} {self.threshold}%"

    @property
    def percent(self) -> int:
        return self.spent_krw * 100 // self.budget_krw


class RecurringRule(models.Model):
    """월세, 통신비, 구독: an entry that repeats on a day of every month."""

    household = models.ForeignKey(
        Household, verbose_name="가구", on_delete=models.CASCADE, related_name="recurring_rules"
    )
    kind = models.CharField("종류", max_length=7, choices=CategoryKind.choices, default=CategoryKind.EXPENSE)
    amount_krw = models.BigIntegerField("금액")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+", verbose_name="분류")
    memo = models.CharField("메모", max_length=200)
    day_of_month = models.PositiveSmallIntegerField("매월 며칠", help_text="29–31일은 그 달에 없으면 말일에 기록해요.")
    starts_on = models.DateField("시작일")
    ends_on = models.DateField("종료일", null=True, blank=True)
    paid_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+", verbose_name="낸 사람")
    created_by = models.ForeignKey(Membership, verbose_name="만든 사람", on_delete=models.PROTECT, related_name="+")
    # The first occurrence not yet written; None once the rule has ended. The beat task looks only here.
    next_occurrence_on = models.DateField("다음 기록일", null=True, blank=True)
    created_at = models.DateTimeField("만든 때", auto_now_add=True)

    class Meta:
        verbose_name = "반복 기록"
        verbose_name_plural = "반복 기록"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_krw__gt=0, amount_krw__lte=MAX_AMOUNT_KRW),
                name="recurring_amount_positive",
                violation_error_message="금액은 1원부터 1조 원 미만까지 적을 수 있어요.",
            ),
            models.CheckConstraint(
                condition=Q(day_of_month__gte=1, day_of_month__lte=31),
                name="recurring_day_of_month_range",
                violation_error_message="매월 며칠은 1부터 31 사이로 정해 주세요.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_occurrence_on"], condition=Q(next_occurrence_on__isnull=False), name="recurring_due"
            )
        ]

    def __str__(self) -> str:
        return f"매월 {self.day_of_month}일 {self.memo} {self.amount_krw:,}원"


class ImportState(models.TextChoices):
    QUEUED = "queued", "대기 중"
    RUNNING = "running", "가져오는 중"
    DONE = "done", "끝남"
    FAILED = "failed", "실패"


class HouseholdImport(models.Model):
    """One uploaded backup file and what became of it. "The same file" is the same bytes (SHA-256)
    from the same person: imported once, it is not imported again while its household is still theirs."""

    user = models.ForeignKey("households.User", on_delete=models.CASCADE, related_name="+")
    sha256 = models.CharField(max_length=64)
    size_bytes = models.BigIntegerField()
    file_name = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    household = models.ForeignKey(Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    problems = models.JSONField(default=list, blank=True)  # Korean sentences, the file's first problems
    notes = models.JSONField(default=list, blank=True)  # what was not taken over
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "가져오기"
        verbose_name_plural = "가져오기"
        indexes = [models.Index(fields=["user", "sha256"], name="import_user_file")]
        constraints = [
            # The same file is never being imported twice at once (a double click, a retried upload).
            models.UniqueConstraint(
                fields=["user", "sha256"],
                condition=Q(state__in=["queued", "running"]),
                name="import_once_in_flight",
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name or self.sha256[:12]} ({self.get_state_display()})"


class ImportChunk(models.Model):
    """The uploaded file in 1 MB pieces, until its import has run: any worker, on any machine, reads it
    from the database (no shared disk needed when web and workers scale apart)."""

    upload = models.ForeignKey(HouseholdImport, on_delete=models.CASCADE, related_name="chunks")
    seq = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["upload", "seq"], name="import_chunk_order")]

    def __str__(self) -> str:
        return f"{self.upload_id}:{self.seq}"
