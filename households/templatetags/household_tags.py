"""Template helpers of the household page: Claude's spend in won, the currency members think in."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def usd_as_won(amount_usd) -> str:
    """Decimal("10") → "약 14,000원 (10달러)" at settings.USD_KRW_RATE; cents shown as cents are ("0.0123달러")."""
    usd = Decimal(str(amount_usd or 0))
    won = (usd * settings.USD_KRW_RATE).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    dollars = format(usd.normalize(), "f") if usd else "0"
    return f"약 {int(won):,}원 ({dollars}달러)"
