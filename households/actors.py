"""Who acts on a household: one of its members, or the site operator in the admin.

Services take `by: Actor` and ask only what the rules need to know: the household, the role and
whether the seat is active. The operator (a superuser in the admin) has an owner's rights in any
household and no seat of its own, so no rule about "one's own seat" ever matches it.
"""

from dataclasses import dataclass
from typing import Protocol

from .models import Role

# Higher is more: nobody raises their own rank, and an invitation never gives more than its maker has.
ROLE_RANK = {Role.VIEWER: 0, Role.MEMBER: 1, Role.MANAGER: 2, Role.OWNER: 3}


class Actor(Protocol):
    pk: int | None
    household_id: int
    role: str

    @property
    def is_active(self) -> bool: ...

    @property
    def can_write(self) -> bool: ...

    @property
    def can_manage(self) -> bool: ...


@dataclass(frozen=True)
class Operator:
    """The operator of the site, acting in the admin on one household."""

    household_id: int
    pk: None = None
    role: str = Role.OWNER
    is_active: bool = True

    @property
    def can_write(self) -> bool:
        return True

    @property
    def can_manage(self) -> bool:
        return True

    def __str__(self) -> str:
        return "운영자"


def rank(role: str) -> int:
    return ROLE_RANK.get(role, -1)
