"""Writes on households: creating them, inviting, roles, leaving, categories."""

import hashlib
import secrets

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .defaults import default_categories
from .models import Category, Household, Invitation, Membership, Role, User


class HouseholdError(Exception):
    """A refused change, with a message fit to show the user."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def household_bump_version(*, household_id: int) -> None:
    Household.objects.filter(pk=household_id).update(data_version=F("data_version") + 1)


@transaction.atomic
def household_create(*, owner: User, name: str) -> Household:
    household = Household.objects.create(name=name)
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


def invitation_create(*, by: Membership, role: str = Role.MEMBER) -> tuple[Invitation, str]:
    """Returns the invitation and its token; the token is shown once and never stored."""
    if not by.can_manage:
        raise HouseholdError("초대는 소유자와 관리자만 할 수 있어요.")
    if role == Role.OWNER:
        raise HouseholdError("소유자로 초대할 수는 없어요. 들어온 뒤 역할을 바꿔 주세요.")
    token = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        household=by.household, role=role, token_hash=token_hash(token), created_by=by
    )
    return invitation, token


def invitation_revoke(*, by: Membership, invitation: Invitation) -> None:
    if not by.can_manage or invitation.household_id != by.household_id:
        raise HouseholdError("이 초대를 취소할 수 없어요.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def invitation_find(*, token: str) -> Invitation | None:
    return Invitation.objects.select_related("household").filter(token_hash=token_hash(token)).first()


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    if invitation is None or not invitation.is_usable:
        raise HouseholdError("초대 링크가 만료되었거나 이미 사용되었어요. 초대한 분께 새 링크를 부탁해 주세요.")
    membership = Membership.objects.filter(household_id=invitation.household_id, user=user).first()
    if membership and membership.left_at is None:
        raise HouseholdError("이미 이 가구의 구성원이에요.")
    if membership:
        membership.left_at = None
        membership.role = invitation.role
        membership.save(update_fields=["left_at", "role"])
    else:
        membership = Membership.objects.create(
            household_id=invitation.household_id, user=user, role=invitation.role, display_name=user.display_name
        )
    invitation.used_at = timezone.now()
    invitation.used_by = membership
    invitation.save(update_fields=["used_at", "used_by"])
    household_bump_version(household_id=invitation.household_id)
    return membership


def _active_owner_count(household_id: int) -> int:
    return Membership.objects.filter(
        household_id=household_id, role=Role.OWNER, left_at__isnull=True, user__isnull=False
    ).count()


@transaction.atomic
def membership_change_role(*, by: Membership, membership: Membership, role: str) -> None:
    if not by.can_manage or membership.household_id != by.household_id or not membership.is_active:
        raise HouseholdError("역할을 바꿀 권한이 없어요.")
    if role not in Role.values:
        raise HouseholdError("알 수 없는 역할이에요.")
    if (role == Role.OWNER or membership.role == Role.OWNER) and by.role != Role.OWNER:
        raise HouseholdError("소유자 역할은 소유자만 바꿀 수 있어요.")
    Household.objects.select_for_update().get(pk=membership.household_id)
    if membership.role == Role.OWNER and role != Role.OWNER and _active_owner_count(membership.household_id) <= 1:
        raise HouseholdError("가구에는 소유자가 한 명 이상 있어야 해요. 다른 분을 먼저 소유자로 지정해 주세요.")
    membership.role = role
    membership.save(update_fields=["role"])
    household_bump_version(household_id=membership.household_id)


@transaction.atomic
def membership_end(*, by: Membership, membership: Membership) -> None:
    """Removes someone (by a manager) or leaves (by oneself). Their entries stay."""
    leaving_self = by.pk == membership.pk
    if membership.household_id != by.household_id or not membership.is_active:
        raise HouseholdError("이 구성원을 내보낼 수 없어요.")
    if not leaving_self and (not by.can_manage or (membership.role == Role.OWNER and by.role != Role.OWNER)):
        raise HouseholdError("이 구성원을 내보낼 권한이 없어요.")
    Household.objects.select_for_update().get(pk=membership.household_id)
    if membership.role == Role.OWNER and _active_owner_count(membership.household_id) <= 1:
        raise HouseholdError("마지막 소유자는 나갈 수 없어요. 다른 분을 소유자로 지정한 뒤 나가 주세요.")
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    household_bump_version(household_id=membership.household_id)


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Deletes the account; its memberships stay as former members so entries keep their author."""
    for membership in Membership.objects.select_for_update().filter(user=user, left_at__isnull=True):
        if membership.role == Role.OWNER and _active_owner_count(membership.household_id) <= 1:
            others = Membership.objects.filter(household_id=membership.household_id, left_at__isnull=True).exclude(
                pk=membership.pk
            )
            if others.filter(user__isnull=False).exists():
                raise HouseholdError(
                    f"'{membership.household.name}'의 마지막 소유자예요. 다른 분을 소유자로 지정한 뒤 탈퇴해 주세요."
                )
    household_ids = list(
        Membership.objects.filter(user=user, left_at__isnull=True).values_list("household_id", flat=True)
    )
    Membership.objects.filter(user=user, left_at__isnull=True).update(left_at=timezone.now())
    user.delete()
    for household_id in household_ids:
        household_bump_version(household_id=household_id)


def category_create(*, by: Membership, name: str, kind: str) -> Category:
    if not by.can_manage:
        raise HouseholdError("분류는 소유자와 관리자만 바꿀 수 있어요.")
    name = name.strip()
    if Category.objects.filter(household_id=by.household_id, name=name).exists():
        raise HouseholdError("같은 이름의 분류가 이미 있어요.")
    slug = f"custom-{secrets.token_hex(4)}"
    position = Category.objects.filter(household_id=by.household_id).count()
    category = Category.objects.create(household_id=by.household_id, slug=slug, name=name, kind=kind, position=position)
    household_bump_version(household_id=by.household_id)
    return category


def category_update(*, by: Membership, category: Category, name: str, is_hidden: bool) -> None:
    if not by.can_manage or category.household_id != by.household_id:
        raise HouseholdError("분류는 소유자와 관리자만 바꿀 수 있어요.")
    if is_hidden and category.slug in ("other", "other_income"):
        raise HouseholdError("'기타' 분류는 숨길 수 없어요. 분류되지 않은 항목이 여기에 모여요.")
    category.name = name.strip()
    category.is_hidden = is_hidden
    category.save(update_fields=["name", "is_hidden"])
    household_bump_version(household_id=by.household_id)


def household_update_settings(*, by: Membership, name: str, month_start_day: int) -> None:
    if not by.can_manage:
        raise HouseholdError("가구 설정은 소유자와 관리자만 바꿀 수 있어요.")
    Household.objects.filter(pk=by.household_id).update(
        name=name.strip(), month_start_day=month_start_day, data_version=F("data_version") + 1
    )


def household_set_llm(*, by: Membership, enabled: bool) -> None:
    if not by.can_manage:
        raise HouseholdError("Claude 설정은 소유자와 관리자만 바꿀 수 있어요.")
    Household.objects.filter(pk=by.household_id).update(
        llm_enabled=enabled, llm_enabled_at=timezone.now() if enabled else None
    )
