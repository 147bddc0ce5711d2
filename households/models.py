"""Users, households and who may do what in them."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in with an e-mail address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("이메일", unique=True)
    display_name = models.CharField("이름", max_length=30)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]
    objects = UserManager()

    class Meta:
        verbose_name = "사용자"
        verbose_name_plural = "사용자"

    def __str__(self) -> str:
        return self.display_name or self.email


class Household(models.Model):
    name = models.CharField("가구 이름", max_length=50)
    month_start_day = models.PositiveSmallIntegerField(
        "한 달 시작일",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="월급날에 맞춰 한 달을 시작할 수 있어요 (1–28일).",
    )
    llm_enabled = models.BooleanField("Claude 자동 분류", default=False)
    llm_enabled_at = models.DateTimeField("Claude 켠 때", null=True, blank=True)
    llm_monthly_budget_usd = models.DecimalField(
        "월 Claude 예산 (USD)", max_digits=8, decimal_places=4, null=True, blank=True
    )
    # Bumped on every write that changes what a page shows; cache keys carry it.
    data_version = models.PositiveBigIntegerField(default=1)
    created_at = models.DateTimeField("만든 때", auto_now_add=True)

    class Meta:
        verbose_name = "가구"
        verbose_name_plural = "가구"
        constraints = [
            models.CheckConstraint(
                condition=Q(month_start_day__gte=1, month_start_day__lte=28),
                name="household_month_start_day_range",
                violation_error_message="한 달 시작일은 1일부터 28일 사이로 정해 주세요.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", "소유자"
    MANAGER = "manager", "관리자"
    MEMBER = "member", "구성원"
    VIEWER = "viewer", "보기 전용"


MANAGER_ROLES = (Role.OWNER, Role.MANAGER)
WRITER_ROLES = (Role.OWNER, Role.MANAGER, Role.MEMBER)


class Membership(models.Model):
    """A person's seat in a household. It outlives the person: entries keep pointing here."""

    household = models.ForeignKey(Household, verbose_name="가구", on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="사용자",
    )
    role = models.CharField("역할", max_length=10, choices=Role.choices, default=Role.MEMBER)
    display_name = models.CharField("이름", max_length=30)
    joined_at = models.DateTimeField("들어온 때", auto_now_add=True)
    left_at = models.DateTimeField("나간 때", null=True, blank=True)

    class Meta:
        verbose_name = "구성원"
        verbose_name_plural = "구성원"
        constraints = [
            models.UniqueConstraint(
                fields=["household", "user"], condition=Q(user__isnull=False), name="membership_unique_user"
            )
        ]
        indexes = [models.Index(fields=["user", "left_at"])]

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        return self.left_at is None and self.user_id is not None

    @property
    def label(self) -> str:
        return self.display_name if self.is_active else f"{self.display_name} (전 구성원)"

    @property
    def can_write(self) -> bool:
        return self.is_active and self.role in WRITER_ROLES

    @property
    def can_manage(self) -> bool:
        return self.is_active and self.role in MANAGER_ROLES


def invitation_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.INVITATION_TTL_DAYS)


class Invitation(models.Model):
    """A single-use link; only the hash of its token is stored."""

    household = models.ForeignKey(Household, verbose_name="가구", on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField("역할", max_length=10, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        Membership, verbose_name="만든 사람", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("만든 때", auto_now_add=True)
    expires_at = models.DateTimeField("만료되는 때", default=invitation_expiry)
    used_at = models.DateTimeField("쓴 때", null=True, blank=True)
    used_by = models.ForeignKey(
        Membership, verbose_name="쓴 사람", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField("취소한 때", null=True, blank=True)

    class Meta:
        verbose_name = "초대"
        verbose_name_plural = "초대"

    def __str__(self) -> str:
        return f"{self.household} {self.get_role_display()} 초대"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class CategoryKind(models.TextChoices):
    EXPENSE = "expense", "지출"
    INCOME = "income", "수입"


class Category(models.Model):
    household = models.ForeignKey(Household, verbose_name="가구", on_delete=models.CASCADE, related_name="categories")
    slug = models.SlugField("식별자", max_length=40)
    name = models.CharField("이름", max_length=20)
    kind = models.CharField("종류", max_length=7, choices=CategoryKind.choices)
    is_default = models.BooleanField("기본 분류", default=False)
    is_hidden = models.BooleanField("숨김", default=False)
    position = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        verbose_name = "분류"
        verbose_name_plural = "분류"
        ordering = ["kind", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["household", "slug"], name="category_unique_slug"),
            # Undecided items land in these two: hiding one would leave an entry with nowhere to go.
            models.CheckConstraint(
                condition=~Q(slug__in=["other", "other_income"], is_hidden=True),
                name="category_fallback_visible",
                violation_error_message="'기타' 분류는 숨길 수 없어요. 분류되지 않은 항목이 여기에 모여요.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SignupRequest(models.Model):
    """A signup waiting for its address's owner to open the mailed link; nothing else exists until then.

    Signing up answers the same whether or not the address already has an account (the owner gets a
    mail instead), so the form never tells a stranger who is registered. Only the hash of the link's
    token and of the password are kept.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField()
    display_name = models.CharField(max_length=30)
    password_hash = models.CharField(max_length=128)
    household_name = models.CharField(max_length=50, blank=True)
    invitation_token_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "가입 대기"
        verbose_name_plural = "가입 대기"

    def __str__(self) -> str:
        return self.email
