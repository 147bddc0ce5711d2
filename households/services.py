"""Writes on households: creating them, inviting, roles, leaving, categories, Claude consent.

Every rule about who may do what to a household lives here, and every door (web, admin, import,
chat) calls these functions. `by` is the member acting, or the operator in the admin
(households.actors); a refused change raises `Refused` and writes nothing.
"""

import datetime as dt
import hashlib
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from homenrich.errors import Refused

from .actors import Actor, rank
from .defaults import FALLBACK_SLUG, default_categories
from .models import Category, Household, Invitation, Membership, Role, SignupRequest, User

FALLBACK_SLUGS = frozenset(FALLBACK_SLUG.values())


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_manager(by: Actor, household_id: int, message: str) -> None:
    if not by.can_manage or by.household_id != household_id:
        raise Refused(message)


@transaction.atomic
def household_create(*, owner: User, name: str) -> Household:
    household = Household.objects.create(name=name.strip())
    Membership.objects.create(household=household, user=owner, role=Role.OWNER, display_name=owner.display_name)
    Category.objects.bulk_create(
        Category(household=household, slug=c["slug"], name=c["name"], kind=c["kind"], is_default=True, position=i)
        for i, c in enumerate(default_categories())
    )
    return household


@transaction.atomic
def user_signup(*, email: str, password: str, display_name: str, household_name: str | None) -> User:
    user = User.objects.create_user(email=email, password=password, display_name=display_name)
    if household_name:
        household_create(owner=user, name=household_name)
    return user


SIGNUP_LINK_HOURS = 24
SIGNUP_LINK_USED = "가입 링크가 만료되었거나 이미 쓰였어요. 다시 가입해 주세요."


def signup_request_create(
    *, email: str, password: str, display_name: str, household_name: str = "", invitation_token: str = ""
) -> tuple[SignupRequest | None, str | None]:
    """Keeps a signup until its address's owner opens the mailed link: (request, link token).

    (None, None) when the address already has an account: the caller mails its owner instead and
    answers the same. The password is hashed in both cases, so neither answer is the faster one.
    """
    password_hash = make_password(password)
    email = email.strip().lower()
    SignupRequest.objects.filter(expires_at__lte=timezone.now()).delete()
    if User.objects.filter(email__iexact=email).exists():
        return None, None
    token = secrets.token_urlsafe(24)
    pending = SignupRequest.objects.create(
        token_hash=token_hash(token),
        email=email,
        display_name=display_name.strip()[:30],
        password_hash=password_hash,
        household_name=(household_name or "").strip()[:50],
        invitation_token_hash=token_hash(invitation_token) if invitation_token else "",
        expires_at=timezone.now() + dt.timedelta(hours=SIGNUP_LINK_HOURS),
    )
    return pending, token


def signup_request_find(*, token: str) -> SignupRequest | None:
    return SignupRequest.objects.filter(token_hash=token_hash(token), expires_at__gt=timezone.now()).first()


@transaction.atomic
def signup_confirm(*, token: str) -> tuple[User, Membership | None]:
    """The owner of the address opened the link: the account, its household or invitation, at once."""
    pending = (
        SignupRequest.objects.select_for_update()
        .filter(token_hash=token_hash(token), expires_at__gt=timezone.now())
        .first()
    )
    if pending is None:
        raise Refused(SIGNUP_LINK_USED)
    if User.objects.filter(email__iexact=pending.email).exists():
        raise Refused("이 이메일로는 이미 가입했어요. 로그인해 주세요.")
    user = User(email=pending.email, display_name=pending.display_name, password=pending.password_hash)
    user.save()
    membership = None
    if pending.invitation_token_hash:
        membership = _invitation_accept(hashed=pending.invitation_token_hash, user=user)
    else:
        household_create(owner=user, name=pending.household_name or f"{user.display_name}네")
    SignupRequest.objects.filter(email=pending.email).delete()
    return user, membership


# ------------------------------------------------------------------------------------------ settings


def household_update_settings(*, by: Actor, name: str, month_start_day: int) -> None:
    _require_manager(by, by.household_id, "가구 설정은 소유자와 관리자만 바꿀 수 있어요.")
    if not 1 <= month_start_day <= 28:
        raise Refused("한 달 시작일은 1일부터 28일 사이로 정해 주세요.")
    if not name.strip():
        raise Refused("가구 이름을 적어 주세요.")
    Household.objects.filter(pk=by.household_id).update(name=name.strip()[:50], month_start_day=month_start_day)


def llm_budget_cap() -> Decimal:
    return Decimal(settings.LLM_MONTHLY_BUDGET_MAX_USD)


def household_set_llm(
    *, by: Actor, enabled: bool, agreed: bool = False, monthly_budget_usd: Decimal | str | None = None
) -> None:
    """Claude on or off. Turning it on needs the manager's consent to the disclosure (`agreed`); the
    monthly budget may be chosen then, up to the operator's cap (LLM_MONTHLY_BUDGET_MAX_USD)."""
    _require_manager(by, by.household_id, "Claude 설정은 소유자와 관리자만 바꿀 수 있어요.")
    if not enabled:
        Household.objects.filter(pk=by.household_id).update(llm_enabled=False, llm_enabled_at=None)
        return
    if not agreed:
        raise Refused("안내를 읽고 동의해 주셔야 Claude 자동 분류를 켤 수 있어요.")
    budget = _llm_budget(monthly_budget_usd)
    Household.objects.filter(pk=by.household_id).update(
        llm_enabled=True, llm_enabled_at=timezone.now(), llm_monthly_budget_usd=budget
    )


def _llm_budget(value: Decimal | str | None) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        budget = Decimal(str(value))
    except InvalidOperation:
        raise Refused("월 예산은 0.01 같은 달러 금액으로 적어 주세요.") from None
    cap = llm_budget_cap()
    if not budget.is_finite() or not Decimal("0.01") <= budget <= cap:
        raise Refused(f"Claude 월 예산은 $0.01부터 ${cap}까지 정할 수 있어요.")
    return budget.quantize(Decimal("0.0001"))


# --------------------------------------------------------------------------------------- invitations


def invitation_create(*, by: Actor, role: str = Role.MEMBER) -> tuple[Invitation, str]:
    """Returns the invitation and its token; the token is shown once and never stored."""
    _require_manager(by, by.household_id, "초대는 소유자와 관리자만 할 수 있어요.")
    if role not in Role.values:
        raise Refused("알 수 없는 역할이에요.")
    if role == Role.OWNER:
        raise Refused("소유자로 초대할 수는 없어요. 들어온 뒤 역할을 바꿔 주세요.")
    if rank(role) > rank(by.role):
        raise Refused("내 역할보다 높은 역할로는 초대할 수 없어요.")
    token = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        household_id=by.household_id, role=role, token_hash=token_hash(token), created_by=_seat(by)
    )
    return invitation, token


def _seat(by: Actor) -> Membership | None:
    return by if isinstance(by, Membership) else None


def invitation_revoke(*, by: Actor, invitation: Invitation) -> None:
    _require_manager(by, invitation.household_id, "이 초대를 취소할 수 없어요.")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def invitation_find(*, token: str) -> Invitation | None:
    return Invitation.objects.select_related("household").filter(token_hash=token_hash(token)).first()


def invitation_role(invitation: Invitation) -> str:
    """The role the invitation gives now: never more than its maker may still give (None: the operator's)."""
    maker = invitation.created_by
    if maker is None:
        return invitation.role
    if not maker.can_manage:
        raise Refused("초대한 분이 이제 초대할 수 없는 역할이라 이 링크는 쓸 수 없어요. 새 링크를 부탁해 주세요.")
    return invitation.role if rank(invitation.role) <= rank(maker.role) else maker.role


def invitation_accept(*, token: str, user: User) -> Membership:
    return _invitation_accept(hashed=token_hash(token), user=user)


@transaction.atomic
def _invitation_accept(*, hashed: str, user: User) -> Membership:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("created_by", "created_by__user")
        .filter(token_hash=hashed)
        .first()
    )
    if invitation is None or not invitation.is_usable:
        raise Refused("초대 링크가 만료되었거나 이미 사용되었어요. 초대한 분께 새 링크를 부탁해 주세요.")
    role = invitation_role(invitation)
    membership = Membership.objects.filter(household_id=invitation.household_id, user=user).first()
    if membership and membership.left_at is None:
        raise Refused("이미 이 가구의 구성원이에요.")
    if membership:
        membership.left_at = None
        membership.role = role
        membership.save(update_fields=["left_at", "role"])
    else:
        membership = Membership.objects.create(
            household_id=invitation.household_id, user=user, role=role, display_name=user.display_name
        )
    invitation.used_at = timezone.now()
    invitation.used_by = membership
    invitation.save(update_fields=["used_at", "used_by"])
    return membership


# ------------------------------------------------------------------------------------------- members


def _active_owner_count(household_id: int) -> int:
    return Membership.objects.filter(
        household_id=household_id, role=Role.OWNER, left_at__isnull=True, user__isnull=False
    ).count()


@transaction.atomic
def membership_change_role(*, by: Actor, membership: Membership, role: str) -> None:
    """Only owners make or unmake owners, nobody raises their own role, and an owner always remains."""
    _require_manager(by, membership.household_id, "역할을 바꿀 권한이 없어요.")
    if not membership.is_active:
        raise Refused("이 가구를 떠난 분의 역할은 바꿀 수 없어요.")
    if role not in Role.values:
        raise Refused("알 수 없는 역할이에요.")
    if (role == Role.OWNER or membership.role == Role.OWNER) and by.role != Role.OWNER:
        raise Refused("소유자 역할은 소유자만 바꿀 수 있어요.")
    if by.pk is not None and by.pk == membership.pk and rank(role) > rank(membership.role):
        raise Refused("내 역할을 스스로 올릴 수는 없어요.")
    Household.objects.select_for_update().get(pk=membership.household_id)
    if membership.role == Role.OWNER and role != Role.OWNER and _active_owner_count(membership.household_id) <= 1:
        raise Refused("가구에는 소유자가 한 명 이상 있어야 해요. 다른 분을 먼저 소유자로 지정해 주세요.")
    membership.role = role
    membership.save(update_fields=["role"])


def membership_rename(*, by: Actor, membership: Membership, display_name: str) -> None:
    """The name the household sees: one's own, or anyone's by a manager."""
    if membership.household_id != by.household_id or not (by.can_manage or by.pk == membership.pk):
        raise Refused("이름을 바꿀 권한이 없어요.")
    name = display_name.strip()
    if not 1 <= len(name) <= 30:
        raise Refused("이름은 1–30자로 적어 주세요.")
    membership.display_name = name
    membership.save(update_fields=["display_name"])


@transaction.atomic
def membership_end(*, by: Actor, membership: Membership) -> None:
    """Removes someone (by a manager) or leaves (by oneself). Their entries stay."""
    leaving_self = by.pk is not None and by.pk == membership.pk
    if membership.household_id != by.household_id or not membership.is_active:
        raise Refused("이 구성원을 내보낼 수 없어요.")
    if not leaving_self and (not by.can_manage or (membership.role == Role.OWNER and by.role != Role.OWNER)):
        raise Refused("이 구성원을 내보낼 권한이 없어요.")
    Household.objects.select_for_update().get(pk=membership.household_id)
    if membership.role == Role.OWNER and _active_owner_count(membership.household_id) <= 1:
        raise Refused("마지막 소유자는 나갈 수 없어요. 다른 분을 소유자로 지정한 뒤 나가 주세요.")
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Deletes the account; its memberships stay as former members so entries keep their author."""
    for membership in Membership.objects.select_for_update().filter(user=user, left_at__isnull=True):
        if membership.role == Role.OWNER and _active_owner_count(membership.household_id) <= 1:
            others = Membership.objects.filter(household_id=membership.household_id, left_at__isnull=True).exclude(
                pk=membership.pk
            )
            if others.filter(user__isnull=False).exists():
                raise Refused(
                    f"'{membership.household.name}'의 마지막 소유자예요. 다른 분을 소유자로 지정한 뒤 탈퇴해 주세요."
                )
    Membership.objects.filter(user=user, left_at__isnull=True).update(left_at=timezone.now())
    user.delete()


# ---------------------------------------------------------------------------------------- categories


def category_create(*, by: Actor, name: str, kind: str) -> Category:
    _require_manager(by, by.household_id, "분류는 소유자와 관리자만 바꿀 수 있어요.")
    name = _category_name(by.household_id, name)
    slug = f"custom-{secrets.token_hex(4)}"
    position = Category.objects.filter(household_id=by.household_id).count()
    return Category.objects.create(household_id=by.household_id, slug=slug, name=name, kind=kind, position=position)


def _category_name(household_id: int, name: str, *, exclude: int | None = None) -> str:
    name = name.strip()
    if not 1 <= len(name) <= 20:
        raise Refused("분류 이름을 1–20자로 적어 주세요.")
    if Category.objects.filter(household_id=household_id, name=name).exclude(pk=exclude).exists():
        raise Refused("같은 이름의 분류가 이미 있어요.")
    return name


def category_update(*, by: Actor, category: Category, name: str, is_hidden: bool, position: int | None = None) -> None:
    """Renames, hides or moves a category; the fallback ones (기타, 기타수입) always stay visible."""
    _require_manager(by, category.household_id, "분류는 소유자와 관리자만 바꿀 수 있어요.")
    if is_hidden and category.slug in FALLBACK_SLUGS:
        raise Refused("'기타' 분류는 숨길 수 없어요. 분류되지 않은 항목이 여기에 모여요.")
    category.name = _category_name(category.household_id, name, exclude=category.pk)
    category.is_hidden = is_hidden
    fields = ["name", "is_hidden"]
    if position is not None:
        category.position = max(0, min(int(position), 32767))
        fields.append("position")
    category.save(update_fields=fields)
