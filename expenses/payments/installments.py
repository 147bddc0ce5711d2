"""할부: how many months of an installment purchase are still to be paid."""

import datetime as dt

from django.utils import timezone


def installments_left(entry, today: dt.date | None = None) -> int:
    """Months of a 할부 purchase still to pay: all of them in the month of purchase, one fewer each month after."""
    today = today or timezone.localdate()
    elapsed = (today.year - entry.spent_on.year) * 12 + today.month - entry.spent_on.month
    return max(0, min(entry.installments, entry.installments - elapsed))


def installments_text(entry, today: dt.date | None = None) -> str:
    if entry.installments <= 1:
        return ""
    left = installments_left(entry, today)
    return f"할부 {entry.installments}개월 · {left}개월 남음" if left else f"할부 {entry.installments}개월 · 다 갚음"
