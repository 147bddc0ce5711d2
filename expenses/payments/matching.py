"""The matching rules: is a reported payment new, one already recorded, a typed entry's, or a cancellation?

Every door that takes card or bank payments (the web box, Telegram, Kakao, the forwarding address, the
statement import) asks these functions, and `expenses.entries.services` applies what they decide. They
only read.

- The same report twice (forwarded and pasted, a retry) has the same fingerprint: a unique constraint per
  household makes racing deliveries one entry.
- The same payment told differently (SMS and app push, a notification and a statement row) is recognised
  by issuer, amount, date, and whatever both tell of card digits, time and merchant.
- A typed entry and a card report of the same purchase (same household, kind and amount, dates within a
  day, neither matched yet) become one entry: the person's memo and category stay.
- A cancellation finds the approval it reverses (same issuer, amount and merchant, within 90 days); without
  one it is a refund — and an approval arriving after its cancellation finds that refund.
"""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from ..models import Entry, ReportedPayment, ReportOutcome, ReportSource
from ..parser import ParsedItem

TYPED_DAYS = 1  # a typed entry and a card report within a day of each other can be one purchase
CANCEL_DAYS = 90  # how far back a cancellation looks for its approval
SOURCE_DAYS = 1  # a statement's 이용일 and the notification's date may straddle midnight


@dataclass(frozen=True)
class Reading:
    """A payment as a card company or bank reported it, from a notification item or a statement row."""

    source: str  # ReportSource
    kind: str  # "expense" or "income"
    amount_krw: int
    occurred_on: dt.date
    method: str  # credit, check or bank
    issuer: str  # normalised: 신한카드, 카카오뱅크 …
    last4: str = ""  # "" when masked or absent
    installments: int = 1
    merchant: str = ""
    time: str = ""  # "HH:MM" when printed
    cancel: bool = False
    key: str = ""  # a statement row's own identity: its approval number, or its place among like rows
    method_known: bool = True  # a statement row that does not say credit or check takes the card as known


def reading_from_item(item: ParsedItem) -> Reading | None:
    """The reading of a parsed notification item; None for a typed item."""
    payment = item.payment
    if payment is None:
        return None
    return Reading(
        source=ReportSource.NOTICE,
        kind=item.kind,
        amount_krw=item.amount_krw,
        occurred_on=item.spent_on,
        method=payment.method,
        issuer=payment.issuer or "",
        last4=payment.last4 or "",
        installments=max(1, min(payment.installments, 60)),
        merchant=item.memo,
        time=payment.time or "",
        cancel=item.cancel,
    )


_MERCHANT_NOISE = re.compile(r"\(주\)|㈜|주식회사|\(유\)|유한회사|[\s\W_]+")


def merchant_key(merchant: str) -> str:
    """The merchant as compared: (주), 주식회사, spaces and punctuation out, Latin letters lower-cased."""
    return _MERCHANT_NOISE.sub("", merchant).lower()


def merchants_agree(a: str, b: str) -> bool:
    """Unknown on either side agrees; otherwise one name holds the other (스타벅스 ⊂ 스타벅스코리아)."""
    a, b = merchant_key(a), merchant_key(b)
    if not a or not b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 2 and short in long


def fingerprint(reading: Reading) -> str:
    """What makes a report the same report: every field it prints, normalised."""
    parts = [
        reading.source,
        "cancel" if reading.cancel else "pay",
        reading.kind,
        reading.issuer,
        reading.last4,
        str(reading.amount_krw),
        reading.occurred_on.isoformat(),
        reading.time,
        merchant_key(reading.merchant),
        reading.key,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


# Actions
NEW = "new"
DUPLICATE = "duplicate"  # already recorded: nothing new
MERGE = "merge"  # a typed entry of the same purchase takes the payment details
CANCEL = "cancel"  # the approval it reverses is marked cancelled
REFUND = "refund"  # a cancellation without its approval: recorded as income (other_income)
NEW_CANCELLED = "new_cancelled"  # an approval whose cancellation came first: recorded cancelled, the refund goes


@dataclass(frozen=True)
class Decision:
    action: str
    entry: Entry | None = None  # the entry already recorded, merged into or cancelled
    report: ReportedPayment | None = None  # the report that decided it (the refund to pair, the one seen)
    exact: bool = False  # DUPLICATE by fingerprint: the very same report, nothing to keep


def _reports(household_id: int, reading: Reading) -> QuerySet[ReportedPayment]:
    return ReportedPayment.objects.filter(
        household_id=household_id, payment_method__issuer=reading.issuer, amount_krw=reading.amount_krw
    ).select_related("entry", "entry__category", "payment_method")


def _agree(report: ReportedPayment, reading: Reading) -> bool:
    last4 = report.payment_method.last4
    return (
        (not last4 or not reading.last4 or last4 == reading.last4)
        and (not report.occurred_time or not reading.time or report.occurred_time == reading.time)
        and merchants_agree(report.merchant, reading.merchant)
    )


def _already_told(household_id: int, reading: Reading) -> ReportedPayment | None:
    """The same payment already reported in another way (SMS and push; a notification and a statement row)."""
    candidates = _reports(household_id, reading).filter(kind=reading.kind, is_cancel=reading.cancel)
    if reading.source == ReportSource.NOTICE:
        # A statement's like rows are told apart by their key (fingerprint) alone: they are separate payments.
        same_source = candidates.filter(source=reading.source, occurred_on=reading.occurred_on)
        for report in same_source.order_by("pk"):
            if _agree(report, reading):
                return report
    # A statement row and a notification: one of each per purchase. Time and merchant names differ
    # between the two too often to insist on (스타벅스코리아 / 스타벅스 강남R점): digits, amount, date decide.
    window = (
        reading.occurred_on - dt.timedelta(days=SOURCE_DAYS),
        reading.occurred_on + dt.timedelta(days=SOURCE_DAYS),
    )
    paired = ReportedPayment.objects.filter(entry_id=OuterRef("entry_id"), source=reading.source)
    other = (
        candidates.exclude(source=reading.source)
        .filter(occurred_on__range=window)
        .exclude(Q(entry__isnull=False) & Exists(paired))
        .exclude(outcome=ReportOutcome.DUPLICATE)
    )
    found = [
        r
        for r in other
        if (not r.payment_method.last4 or not reading.last4 or r.payment_method.last4 == reading.last4)
        and (not r.occurred_time or not reading.time or r.occurred_time == reading.time)
    ]
    # Closest date first, then the one whose merchant agrees, then the oldest.
    found.sort(
        key=lambda r: (
            abs((r.occurred_on - reading.occurred_on).days),
            not merchants_agree(r.merchant, reading.merchant),
            r.pk,
        )
    )
    return found[0] if found else None


def _approval_of(household_id: int, reading: Reading) -> ReportedPayment | None:
    """The approval a cancellation reverses: same issuer, amount and merchant, at most 90 days before."""
    since = reading.occurred_on - dt.timedelta(days=CANCEL_DAYS)
    reports = (
        _reports(household_id, reading)
        .filter(is_cancel=False, kind=reading.kind, occurred_on__range=(since, reading.occurred_on))
        .exclude(outcome=ReportOutcome.DUPLICATE)
        .exclude(entry__cancelled_at__isnull=False)
        .order_by("-occurred_on", "-pk")
    )
    for report in reports:
        last4 = report.payment_method.last4
        if (not last4 or not reading.last4 or last4 == reading.last4) and merchants_agree(
            report.merchant, reading.merchant
        ):
            return report
    return None


def _refund_waiting(household_id: int, reading: Reading) -> ReportedPayment | None:
    """A cancellation that came first and was recorded as a refund, waiting for this approval."""
    until = reading.occurred_on + dt.timedelta(days=CANCEL_DAYS)
    reports = (
        _reports(household_id, reading)
        .filter(is_cancel=True, outcome=ReportOutcome.REFUND, entry__isnull=False)
        .filter(occurred_on__range=(reading.occurred_on, until))
        .order_by("occurred_on", "pk")
    )
    for report in reports:
        last4 = report.payment_method.last4
        if (not last4 or not reading.last4 or last4 == reading.last4) and merchants_agree(
            report.merchant, reading.merchant
        ):
            return report
    return None


def _near(day: dt.date, days: int) -> tuple[dt.date, dt.date]:
    return day - dt.timedelta(days=days), day + dt.timedelta(days=days)


def _closest(entries: QuerySet[Entry], day: dt.date) -> Entry | None:
    found = list(entries.select_related("category")[:20])
    found.sort(key=lambda e: (abs((e.spent_on - day).days), e.pk))
    return found[0] if found else None


def typed_entry_for(*, household_id: int, reading: Reading, payment_method_id: int | None = None) -> Entry | None:
    """A typed entry of the same purchase, not matched yet: no report of its own, not merged, not cancelled.

    An entry a person already marked with another card or with cash is not this payment.
    """
    has_report = ReportedPayment.objects.filter(entry_id=OuterRef("pk"))
    entries = Entry.objects.filter(
        household_id=household_id,
        kind=reading.kind,
        amount_krw=reading.amount_krw,
        spent_on__range=_near(reading.occurred_on, TYPED_DAYS),
        cancelled_at__isnull=True,
        merged_at__isnull=True,
    ).exclude(Exists(has_report))
    own_method = Q(payment_method__isnull=True)
    if payment_method_id is not None:
        own_method |= Q(payment_method_id=payment_method_id)
    return _closest(entries.filter(own_method), reading.occurred_on)


def reported_entry_for(*, household_id: int, kind: str, amount_krw: int, spent_on: dt.date) -> Entry | None:
    """For a typed item: the entry a card or bank report made of the same purchase, not matched yet."""
    reported = ReportedPayment.objects.filter(entry_id=OuterRef("pk"), is_cancel=False)
    entries = Entry.objects.filter(
        Exists(reported),
        household_id=household_id,
        kind=kind,
        amount_krw=amount_krw,
        spent_on__range=_near(spent_on, TYPED_DAYS),
        cancelled_at__isnull=True,
        merged_at__isnull=True,
    )
    return _closest(entries, spent_on)


def decide(*, household_id: int, reading: Reading, payment_method_id: int | None = None) -> Decision:
    """What to do with a reported payment in this household. Reads only."""
    seen = (
        ReportedPayment.objects.filter(household_id=household_id, fingerprint=fingerprint(reading))
        .select_related("entry", "entry__category", "payment_method")
        .first()
    )
    if seen is not None:
        return Decision(DUPLICATE, entry=seen.entry, report=seen, exact=True)
    told = _already_told(household_id, reading)
    if told is not None:
        return Decision(DUPLICATE, entry=told.entry, report=told)
    if reading.cancel:
        approval = _approval_of(household_id, reading)
        if approval is not None:
            return Decision(CANCEL, entry=approval.entry, report=approval)
        return Decision(REFUND)
    refund = _refund_waiting(household_id, reading)
    if refund is not None:
        return Decision(NEW_CANCELLED, entry=refund.entry, report=refund)
    typed = typed_entry_for(household_id=household_id, reading=reading, payment_method_id=payment_method_id)
    if typed is not None:
        return Decision(MERGE, entry=typed)
    return Decision(NEW)
