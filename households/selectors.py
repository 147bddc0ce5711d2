"""Reads on households; `membership_for_request` is the one door to "what may this person see"."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from .models import MANAGER_ROLES, Category, Invitation, Membership, User

SESSION_KEY = "household_id"


def active_memberships(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, left_at__isnull=True)
        .select_related("household")
        .order_by("joined_at", "pk")
    )


def managed_household_ids(*, user: User) -> list[int]:
    return list(active_memberships(user=user).filter(role__in=MANAGER_ROLES).values_list("household_id", flat=True))


def membership_for_request(request: HttpRequest) -> Membership | None:
    """The active membership of the logged-in user in the household they chose (or their first)."""
    if not request.user.is_authenticated:
        return None
    if hasattr(request, "_membership"):
        return request._membership
    memberships = request_memberships(request)
    chosen = request.session.get(SESSION_KEY)
    membership = next((m for m in memberships if m.household_id == chosen), None) or (
        memberships[0] if memberships else None
    )
    request._membership = membership
    return membership


def request_memberships(request: HttpRequest) -> list[Membership]:
    """All active memberships of the logged-in user, fetched once per request."""
    if not hasattr(request, "_memberships"):
        request._memberships = list(active_memberships(user=request.user))
    return request._memberships


def member_of_household(*, household_id: int, pk: int | str) -> Membership:
    try:
        return Membership.objects.get(household_id=household_id, pk=int(pk))
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def categories_for(*, household_id: int, kind: str | None = None, include_hidden: bool = False) -> QuerySet[Category]:
    categories = Category.objects.filter(household_id=household_id)
    if kind:
        categories = categories.filter(kind=kind)
    if not include_hidden:
        categories = categories.filter(is_hidden=False)
    return categories


def members_for(*, household_id: int, include_former: bool = False) -> QuerySet[Membership]:
    members = Membership.objects.filter(household_id=household_id).order_by("joined_at", "pk")
    if not include_former:
        members = members.filter(left_at__isnull=True, user__isnull=False)
    return members


def open_invitations(*, household_id: int) -> QuerySet[Invitation]:
    return Invitation.objects.filter(household_id=household_id, used_at__isnull=True, revoked_at__isnull=True).order_by(
        "-created_at"
    )


def invitation_of_household(*, household_id: int, pk: int | str) -> Invitation:
    try:
        return Invitation.objects.get(household_id=household_id, pk=int(pk))
    except (Invitation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def category_of_household(*, household_id: int, pk: int | str) -> Category:
    try:
        return Category.objects.get(household_id=household_id, pk=int(pk))
    except (Category.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
