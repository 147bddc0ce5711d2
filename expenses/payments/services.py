"""Writes on the household's cards and accounts (결제수단): made as reports arrive, renamed by managers."""

from django.db import IntegrityError, transaction

from homenrich.errors import Refused
from households.actors import Actor

from ..models import PaymentKind, PaymentMethod, payment_method_default_name

MAX_NAME = 30


def payment_method_for(
    *, household_id: int, kind: str, issuer: str, last4: str, kind_known: bool = True
) -> PaymentMethod:
    """The household's card or account for this report, made on first sight (racing deliveries make one).

    A statement row that does not say credit or check (`kind_known=False`) takes the card already known by
    its issuer and digits, whichever kind it is.
    """
    if not kind_known:
        known = list(PaymentMethod.objects.filter(household_id=household_id, issuer=issuer, last4=last4)[:2])
        if len(known) == 1:
            return known[0]
    identity = {"household_id": household_id, "kind": kind, "issuer": issuer, "last4": last4}
    found = PaymentMethod.objects.filter(**identity).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return PaymentMethod.objects.create(**identity, name=payment_method_default_name(kind, issuer, last4))
    except IntegrityError:  # another delivery made it a moment ago
        return PaymentMethod.objects.get(**identity)


def payment_method_cash(*, household_id: int) -> PaymentMethod:
    return payment_method_for(household_id=household_id, kind=PaymentKind.CASH, issuer="", last4="")


def payment_method_rename(*, by: Actor, payment_method: PaymentMethod, name: str) -> PaymentMethod:
    """ "신한카드 1234" → "민지 카드": the household's managers name its cards."""
    if not by.can_manage:
        raise Refused("결제수단 이름은 소유자와 관리자만 바꿀 수 있어요.")
    if payment_method.household_id != by.household_id:
        raise Refused("이 가구의 결제수단이 아니에요.")
    name = " ".join(name.split())
    if not name:
        raise Refused("결제수단 이름을 적어 주세요.")
    if len(name) > MAX_NAME:
        raise Refused(f"결제수단 이름은 {MAX_NAME}자까지 적을 수 있어요.")
    payment_method.name = name
    payment_method.save(update_fields=["name"])
    return payment_method
