"""Reads on the household's cards and accounts, always starting from the household."""

from django.db.models import QuerySet
from django.http import Http404

from ..models import PaymentKind, PaymentMethod

# The payment filter's choices besides the cards themselves (by id): a kind of payment, or "not told".
PAYMENT_FILTER_WORDS = {**dict(PaymentKind.choices), "none": "미지정"}


def payment_methods_for(*, household_id: int) -> QuerySet[PaymentMethod]:
    return PaymentMethod.objects.filter(household_id=household_id).order_by("kind", "issuer", "last4", "pk")


def payment_method_get(*, household_id: int, pk: int | str) -> PaymentMethod:
    try:
        return payment_methods_for(household_id=household_id).get(pk=int(pk))
    except (PaymentMethod.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def payment_filter(*, household_id: int, value: str | None) -> str | int | None:
    """A filter value from a query string: a kind ("credit" …), "none", or the id of this household's card.

    Another household's card id is a 404, like any id that is not the household's.
    """
    if not value:
        return None
    if value in PAYMENT_FILTER_WORDS:
        return value
    return payment_method_get(household_id=household_id, pk=value).pk
