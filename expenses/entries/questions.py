"""Questions about cards — "이번 달 신한카드 얼마?", "지난달 체크카드 얼마 썼어?" — the same on the web and in chat.

A small selector: the household's own cards (by the name it gave them, their issuer, or the issuer's short
name: 신한), or a kind of card (체크카드, 신용카드), and a period (이번 달 by default, 지난달, 오늘). Installment
purchases still being paid are listed with the months that remain.
"""

import datetime as dt
import re

from django.db.models import Count, Sum

from households.models import Household
from households.periods import Period, period_containing

from ..models import Entry, PaymentKind, PaymentMethod
from ..money import won
from ..payments.selectors import payment_methods_for
from .replies import installments_left

MAX_INSTALLMENTS_LISTED = 5
_LAST = re.compile(r"지난\s*달|저번\s*달|전\s*달|지난\s*월")
_TODAY = re.compile(r"오늘")
_KINDS = ((re.compile(r"체크\s*카드"), PaymentKind.CHECK), (re.compile(r"신용\s*카드"), PaymentKind.CREDIT))
_SHORT = re.compile(r"(?:카드|은행|체크)$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _cards_named(text: str, methods: list[PaymentMethod]) -> list[PaymentMethod]:
    said = _squash(text)
    by_name = [m for m in methods if len(_squash(m.name)) >= 2 and _squash(m.name) in said]
    if by_name:
        return by_name
    chosen = []
    for method in methods:
        keys = {method.issuer, _SHORT.sub("", method.issuer)} - {""}
        if any(len(key) >= 2 and _squash(key) in said for key in keys):
            chosen.append(method)
    if chosen:
        # "신한카드" asks about the cards, not the 신한은행 account (and the other way round).
        bank_words = "은행" in said or "통장" in said or "계좌" in said
        narrowed = [m for m in chosen if (m.kind == PaymentKind.BANK) == bank_words]
        return narrowed or chosen
    for pattern, kind in _KINDS:
        if pattern.search(text):
            return [m for m in methods if m.kind == kind]
    return []


def _period(text: str, household: Household, today: dt.date) -> tuple[str, dt.date, dt.date]:
    if _TODAY.search(text):
        return "오늘", today, today
    period: Period = period_containing(today, household.month_start_day)
    if _LAST.search(text):
        period = period.previous(household.month_start_day)
        return "지난달", period.start, period.end
    return "이번 달", period.start, period.end


def card_question_answer(*, household: Household, text: str, today: dt.date) -> str | None:
    """The answer to a question about the household's cards, or None when the text asks about none."""
    methods = list(payment_methods_for(household_id=household.pk))
    if not methods or len(text) > 200:
        return None
    chosen = _cards_named(text, methods)
    if not chosen:
        return None
    label, start, end = _period(text, household, today)
    spent = (
        Entry.objects.filter(
            household_id=household.pk,
            payment_method__in=chosen,
            spent_on__range=(start, end),
            kind="expense",
            cancelled_at__isnull=True,
        )
        .values("payment_method_id")
        .annotate(total=Sum("amount_krw"), count=Count("pk"))
    )
    by_method = {row["payment_method_id"]: (row["total"], row["count"]) for row in spent}
    total = sum(amount for amount, _ in by_method.values())
    count = sum(n for _, n in by_method.values())
    what = chosen[0].name if len(chosen) == 1 else " · ".join(sorted({m.issuer or m.name for m in chosen}))
    lines = [f"💳 {label} {what} {won(total)} ({count}건, 취소된 결제 빼고)"]
    if len(chosen) > 1:
        lines += [f"• {m.name} {won(by_method.get(m.pk, (0, 0))[0])}" for m in chosen if m.pk in by_method]
    lines += _installments(household, chosen, today)
    return "\n".join(lines)


def _installments(household: Household, chosen: list[PaymentMethod], today: dt.date) -> list[str]:
    since = today - dt.timedelta(days=31 * 60)
    running = [
        e
        for e in Entry.objects.filter(
            household_id=household.pk,
            payment_method__in=chosen,
            installments__gt=1,
            spent_on__range=(since, today),
            cancelled_at__isnull=True,
        ).order_by("-spent_on", "-pk")
        if installments_left(e, today) > 0
    ]
    if not running:
        return []
    lines = ["할부 갚는 중:"]
    for entry in running[:MAX_INSTALLMENTS_LISTED]:
        left = installments_left(entry, today)
        memo = entry.memo or "(메모 없음)"
        lines.append(f"• {memo} {won(entry.amount_krw)} — {entry.installments}개월 중 {left}개월 남음")
    if len(running) > MAX_INSTALLMENTS_LISTED:
        lines.append(f"… 외 {len(running) - MAX_INSTALLMENTS_LISTED}건")
    return lines
