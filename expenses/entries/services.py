"""Writes on entries. `message_record` is the one door every channel walks through.

Each write checks the rules itself (expenses.entries.rules, the actor's role, the household of every
category and member it names), whichever door called it: the web form, an htmx fragment, the admin,
a chat command or a task. A refusal raises `Refused` and writes nothing.

Card and bank payments (a notification's items, a statement's rows) go through `report_record`: the
matching rules (expenses.payments.matching) decide whether one is new, already recorded, a typed
entry's, or a cancellation, and this module applies the decision.
"""

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from categorization.services import category_decide, rule_learn
from homenrich.dispatch import publish
from homenrich.errors import Refused
from homenrich.metrics import entries_recorded
from households.actors import Actor
from households.models import Category, CategoryKind, Membership

from ..budgets.services import budgets_check_later
from ..models import (
    CategorySource,
    CategoryState,
    Channel,
    Entry,
    Message,
    MessageOutcome,
    PaymentMethod,
    ReportedPayment,
    ReportOutcome,
)
from ..parser import ParsedItem, ParseResult, parse_message
from ..parser.model import SKIP_CODE
from ..payments import matching
from ..payments.services import payment_method_cash, payment_method_for
from . import rules
from .questions import Asked, question_read

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 1000
CATEGORIZE_TASK = "expenses.tasks.categorize_entries"
_DIGIT = re.compile(r"[0-9]")

# What became of one item or reported payment (ItemOutcome.action).
NEW = "new"  # a new entry
MERGED = "merged"  # a card report added its payment details to a typed entry, or a typed item joined a card's
DUPLICATE = "duplicate"  # the payment was already recorded: nothing new
CANCELLED = "cancelled"  # a cancellation marked the approval it reverses
REFUND = "refund"  # a cancellation without its approval: recorded as income
NEW_CANCELLED = "new_cancelled"  # an approval whose cancellation came first: recorded already cancelled
CREATING = frozenset({NEW, REFUND, NEW_CANCELLED})  # actions that made a new entry
CHANGING = frozenset({MERGED, CANCELLED})  # actions that changed an entry already there


@dataclass
class ItemOutcome:
    action: str
    entry: Entry | None  # None only for a duplicate or cancellation whose entry was deleted


@dataclass
class RecordResult:
    message: Message
    # The entries this message made or changed (new ones, merged ones, the approvals it cancelled).
    entries: list[Entry] = field(default_factory=list)
    parsed: ParseResult | None = None
    # Items read but not recorded because their date is outside the entry window.
    out_of_range: list[ParsedItem] = field(default_factory=list)
    # A question about the ledger (outcome QUESTION): answered by questions.question_answer, never recorded.
    asked: Asked | None = None
    items: list[ItemOutcome] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        return self.message.outcome

    @property
    def only_new(self) -> bool:
        """Every item became a new entry of this message (the everyday typed message)."""
        return all(item.action == NEW for item in self.items)


def message_save_raw(*, membership: Membership, channel: str, text: str, outcome: str = "") -> Message:
    """Stores what was typed, committed on its own so that nothing typed is ever lost."""
    return Message.objects.create(
        household_id=membership.household_id, author=membership, channel=channel, raw_text=text, outcome=outcome
    )


def message_record(
    *, membership: Membership, channel: str, text: str, today: dt.date | None = None, paid_by: Membership | None = None
) -> RecordResult:
    """Keeps the message, reads it, and records its items (all or none); a question is only kept."""
    message = message_save_raw(membership=membership, channel=channel, text=text)
    result = RecordResult(message=message)
    if len(text) > MAX_MESSAGE_CHARS:
        return _finish(result, MessageOutcome.TOO_LONG if membership.can_write else MessageOutcome.READ_ONLY)
    today = today or timezone.localdate()
    try:
        result.parsed = parse_message(text, today)
        if not result.parsed.items and not result.parsed.refused and not result.parsed.skipped:
            # Without an amount it may be a question: anyone may ask, viewers too, and nothing is recorded.
            result.asked = question_read(membership=membership, text=text, today=today, asks=result.parsed.is_question)
    except Exception:
        logger.exception("message %s could not be parsed", message.pk)
        return _finish(result, MessageOutcome.PARSE_ERROR if membership.can_write else MessageOutcome.READ_ONLY)
    if result.asked is not None:
        return _finish(result, MessageOutcome.QUESTION)
    if not membership.can_write:
        return _finish(result, MessageOutcome.READ_ONLY)
    if not result.parsed.items:
        if result.parsed.skipped == SKIP_CODE:
            # A verification code is kept as what it was, not as a code someone could still use.
            message.raw_text = _DIGIT.sub("*", message.raw_text)
            message.save(update_fields=["raw_text"])
        if result.parsed.skipped:
            return _finish(result, MessageOutcome.NOTICE_SKIPPED)
        outcome = MessageOutcome.FOREIGN_CURRENCY if result.parsed.refused else MessageOutcome.NO_AMOUNT
        return _finish(result, outcome)
    result.out_of_range = [item for item in result.parsed.items if not rules.date_allowed(item.spent_on, today)]
    if result.out_of_range:
        # One message is one decision: recording part of it would leave the person unsure what was kept.
        return _finish(result, MessageOutcome.DATE_OUT_OF_RANGE)
    try:
        result.items = _items_record(
            message=message, membership=membership, paid_by=paid_by or membership, parsed=result.parsed, channel=channel
        )
        result.entries = _touched(result.items)
    except Exception:
        logger.exception("message %s could not be recorded", message.pk)
        return _finish(result, MessageOutcome.ERROR)
    return result  # its outcome was written with the entries


def _finish(result: RecordResult, outcome: str) -> RecordResult:
    result.message.outcome = outcome
    result.message.save(update_fields=["outcome"])
    return result


class _Categories:
    """The household's visible categories by slug, and the tiers that decide an item's category."""

    def __init__(self, household):
        self.household = household
        self.by_slug = {c.slug: c for c in Category.objects.filter(household_id=household.pk, is_hidden=False)}

    def decide(self, *, memo: str, kind: str):
        decision = category_decide(
            household_id=self.household.pk,
            llm_enabled=self.household.llm_enabled,
            memo=memo,
            kind=kind,
            visible_slugs=set(self.by_slug),
        )
        state = CategoryState.PENDING if decision.needs_llm else CategoryState.SETTLED
        return self.by_slug[decision.slug], decision.source, decision.confidence, state


def _entry_build(
    item: ParsedItem, *, categories: _Categories, message: Message, membership: Membership, paid_by, channel: str
) -> Entry:
    category, source, confidence, state = categories.decide(memo=item.memo, kind=item.kind)
    return Entry(
        household_id=membership.household_id,
        message=message,
        kind=item.kind,
        amount_krw=item.amount_krw,
        spent_on=item.spent_on,
        category=category,
        memo=item.memo[:200],
        entered_by=membership,
        paid_by=paid_by,
        channel=channel,
        category_source=source,
        category_confidence=confidence,
        category_state=state,
    )


def _touched(items: list[ItemOutcome]) -> list[Entry]:
    touched: list[Entry] = []
    for item in items:
        if item.entry is not None and item.action != DUPLICATE and item.entry not in touched:
            touched.append(item.entry)
    return touched


def _new_entry(*, categories: _Categories, memo: str, kind: str, **fields) -> Entry:
    category, source, confidence, state = categories.decide(memo=memo, kind=kind)
    return Entry(
        household_id=categories.household.pk,
        kind=kind,
        memo=memo[:200],
        category=category,
        category_source=source,
        category_confidence=confidence,
        category_state=state,
        **fields,
    )


@transaction.atomic
def _items_record(
    *, message: Message, membership: Membership, paid_by: Membership, parsed: ParseResult, channel: str
) -> list[ItemOutcome]:
    household = membership.household
    if paid_by.household_id != household.pk:
        raise Refused("이 가구의 구성원만 낸 사람이 될 수 있어요.")
    categories = _Categories(household)
    outcomes: list[ItemOutcome | None] = []
    typed: list[Entry] = []  # new typed entries, inserted together
    for item in parsed.items:
        reading = matching.reading_from_item(item)
        if reading is not None:
            outcomes.append(
                report_record(
                    membership=membership,
                    paid_by=paid_by,
                    reading=reading,
                    message=message,
                    channel=channel,
                    categories=categories,
                )
            )
            continue
        card = matching.reported_entry_for(
            household_id=household.pk, kind=item.kind, amount_krw=item.amount_krw, spent_on=item.spent_on
        )
        if card is not None and _typed_joins(card, item, categories):
            outcomes.append(ItemOutcome(MERGED, card))
            continue
        entry = _new_entry(
            categories=categories,
            memo=item.memo,
            kind=item.kind,
            message=message,
            amount_krw=item.amount_krw,
            spent_on=item.spent_on,
            entered_by=membership,
            paid_by=paid_by,
            channel=channel,
        )
        typed.append(entry)
        outcomes.append(None)  # filled in below, in the message's order
    Entry.objects.bulk_create(typed)
    fresh = iter(typed)
    items = [outcome or ItemOutcome(NEW, next(fresh)) for outcome in outcomes]
    # The outcome commits with the entries: one round trip fewer, and never "recorded" without them.
    recorded = any(item.action != DUPLICATE for item in items)
    message.outcome = MessageOutcome.RECORDED if recorded else MessageOutcome.ALREADY_RECORDED
    message.save(update_fields=["outcome"])
    record_followups(household_id=household.pk, items=items, channel=channel, bulk_inserted=len(typed))
    return items


def record_followups(*, household_id: int, items: list[ItemOutcome], channel: str, bulk_inserted: int = 0) -> None:
    """After recording items: count them, check budgets and hand undecided categories to Claude (on commit)."""
    if bulk_inserted:
        # bulk_create sends no post_save; a reported payment's entry is saved alone and counted by its signal.
        entries_recorded(channel=channel, count=bulk_inserted)
    changed = _touched(items)
    budgets_check_later(household_id=household_id, days=[e.spent_on for e in changed])
    pending = [e.pk for e in changed if e.category_state == CategoryState.PENDING]
    if pending:
        transaction.on_commit(lambda: entries_categorize_later(entry_ids=pending))


def _typed_joins(card: Entry, item: ParsedItem, categories: _Categories) -> bool:
    """A typed item joins the entry a card report made: the person's memo and category win.

    Only the words decide: a memo the tiers cannot place keeps the category the merchant gave.
    """
    category, source, confidence, state = categories.decide(memo=item.memo, kind=item.kind)
    now = timezone.now()
    fields = {"memo": item.memo[:200] or card.memo, "merged_at": now, "updated_at": now}
    undecided = source == CategorySource.FALLBACK or state == CategoryState.PENDING
    if not undecided or card.category_source == CategorySource.FALLBACK:
        fields |= {
            "category": category,
            "category_source": source,
            "category_confidence": confidence,
            "category_state": state,
        }
    # Conditional: of two typed messages racing for one card entry, one joins it and the other is new.
    if not Entry.objects.filter(pk=card.pk, merged_at__isnull=True, cancelled_at__isnull=True).update(**fields):
        return False
    for name, value in fields.items():
        setattr(card, name, value)
    return True


def report_record(
    *,
    membership: Membership,
    reading: matching.Reading,
    message: Message | None,
    channel: str,
    paid_by: Membership | None = None,
    categories: _Categories | None = None,
) -> ItemOutcome:
    """Applies the matching rules' decision for one reported payment (a notification item, a statement row).

    The report is inserted before anything else, inside a savepoint: its fingerprint is unique per
    household, so of two deliveries racing each other one records and the other finds it recorded.
    """
    household = membership.household
    paid_by = paid_by or membership
    categories = categories or _Categories(household)
    method = payment_method_for(
        household_id=household.pk,
        kind=reading.method,
        issuer=reading.issuer,
        last4=reading.last4,
        kind_known=reading.method_known,
    )
    decision = matching.decide(household_id=household.pk, reading=reading, payment_method_id=method.pk)
    if decision.action == matching.DUPLICATE and decision.exact:
        return ItemOutcome(DUPLICATE, decision.entry)
    outcome_of = {
        matching.NEW: ReportOutcome.NEW,
        matching.DUPLICATE: ReportOutcome.DUPLICATE,
        matching.MERGE: ReportOutcome.MERGED,
        matching.CANCEL: ReportOutcome.CANCELLED,
        matching.REFUND: ReportOutcome.REFUND,
        matching.NEW_CANCELLED: ReportOutcome.NEW,
    }
    try:
        with transaction.atomic():
            report = ReportedPayment.objects.create(
                household_id=household.pk,
                entry=decision.entry if decision.action in (matching.DUPLICATE, matching.CANCEL) else None,
                message=message,
                source=reading.source,
                fingerprint=matching.fingerprint(reading),
                payment_method=method,
                kind=reading.kind,
                amount_krw=reading.amount_krw,
                occurred_on=reading.occurred_on,
                occurred_time=reading.time,
                merchant=reading.merchant[:100],
                is_cancel=reading.cancel,
                installments=reading.installments,
                outcome=outcome_of[decision.action],
            )
    except IntegrityError:  # the same report, recorded a moment ago by another delivery
        seen = (
            ReportedPayment.objects.filter(household_id=household.pk, fingerprint=matching.fingerprint(reading))
            .select_related("entry", "entry__category")
            .first()
        )
        return ItemOutcome(DUPLICATE, seen.entry if seen else None)
    if decision.action == matching.DUPLICATE:
        return ItemOutcome(DUPLICATE, decision.entry)
    if decision.action == matching.CANCEL:
        return ItemOutcome(CANCELLED, _cancel(decision.entry))
    if decision.action == matching.MERGE and _card_joins(decision.entry, reading, method):
        report.entry = decision.entry
        report.save(update_fields=["entry"])
        return ItemOutcome(MERGED, decision.entry)
    fields = {
        "message": message,
        "entered_by": membership,
        "paid_by": paid_by,
        "channel": channel,
        "payment_method": method,
        "spent_on": reading.occurred_on,
        "amount_krw": reading.amount_krw,
    }
    if decision.action == matching.REFUND:
        refund = categories.by_slug.get("other_income") or Category.objects.get(
            household_id=household.pk, slug="other_income"
        )
        entry = Entry.objects.create(
            household_id=household.pk,
            kind=CategoryKind.INCOME,
            memo=f"{reading.merchant} 취소".strip()[:200],
            category=refund,
            category_source=CategorySource.RULES,
            **fields,
        )
        action = REFUND
    else:
        entry = _new_entry(
            categories=categories,
            memo=reading.merchant,
            kind=reading.kind,
            installments=reading.installments,
            **fields,
        )
        action = NEW
        if decision.action == matching.NEW_CANCELLED:
            entry.cancelled_at = timezone.now()
            action = NEW_CANCELLED
        entry.save(force_insert=True)
    report.entry = entry
    report.save(update_fields=["entry"])
    if decision.action == matching.NEW_CANCELLED:
        # The refund recorded for its cancellation goes: the approval, cancelled, tells the whole story.
        ReportedPayment.objects.filter(pk=decision.report.pk).update(entry=entry, outcome=ReportOutcome.CANCELLED)
        Entry.objects.filter(pk=decision.entry.pk).delete()
    return ItemOutcome(action, entry)


def _card_joins(entry: Entry, reading: matching.Reading, method: PaymentMethod) -> bool:
    """A card report adds its payment details to a typed entry; the memo and category the person gave stay."""
    now = timezone.now()
    fields = {
        "payment_method": method,
        "installments": reading.installments,
        "spent_on": reading.occurred_on,  # the card knows the day; a typed 어제 may be a day off
        "merged_at": now,
        "updated_at": now,
    }
    if not Entry.objects.filter(pk=entry.pk, merged_at__isnull=True, cancelled_at__isnull=True).update(**fields):
        return False
    for name, value in fields.items():
        setattr(entry, name, value)
    return True


def _cancel(entry: Entry | None) -> Entry | None:
    if entry is None:  # the approval's entry was deleted: nothing left to mark
        return None
    now = timezone.now()
    Entry.objects.filter(pk=entry.pk, cancelled_at__isnull=True).update(cancelled_at=now, updated_at=now)
    entry.cancelled_at = entry.cancelled_at or now
    return entry


@dataclass
class RevisionResult:
    """What an edited message did to the entries its first version made."""

    message: Message  # the edited text, kept like every message
    parsed: ParseResult | None = None
    updated: list[Entry] = field(default_factory=list)
    created: list[Entry] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)  # gone from the ledger; kept here to say which
    kept: list[Entry] = field(default_factory=list)  # changed by hand since: left as they are
    out_of_range: list[ParsedItem] = field(default_factory=list)
    refusal: str = ""  # a rule refused the change (outcome ERROR): the sentence to show

    @property
    def outcome(self) -> str:
        return self.message.outcome

    @property
    def changed(self) -> bool:
        return bool(self.updated or self.created or self.removed)


def _as_recorded(entry: Entry, item: ParsedItem) -> bool:
    """The entry still says what the item said: nobody changed it by hand since."""
    return (entry.kind, entry.amount_krw, entry.spent_on, entry.memo) == (
        item.kind,
        item.amount_krw,
        item.spent_on,
        item.memo[:200],
    )


def _pair(entries: list[Entry], items: tuple[ParsedItem, ...]) -> tuple[dict[int, Entry], list[Entry]]:
    """{item index: its entry} for the entries still as recorded, in order; and the entries changed by hand.

    An item without an entry was undone (or its entry changed beyond recognition): an edit does not
    bring it back.
    """
    paired: dict[int, Entry] = {}
    kept: list[Entry] = []
    next_item = 0
    for entry in entries:
        index = next((k for k in range(next_item, len(items)) if _as_recorded(entry, items[k])), None)
        if index is None:
            kept.append(entry)
        else:
            paired[index] = entry
            next_item = index + 1
    return paired, kept


def message_revise(
    *, membership: Membership, message: Message, previous_text: str, text: str, channel: str, today: dt.date
) -> RevisionResult:
    """The member edited the message that made `message`'s entries: the entries follow the new text.

    Both versions are read as of `today` (the day the message was first sent). An entry still as
    `previous_text` made it takes the new item's amount, date, memo and kind (its category is decided
    again when the words or the kind changed, unless a member chose it); an item the edit adds is
    recorded, one it drops is removed; an entry changed by hand since is left as it is, because a
    person's correction wins. The rules of a new message hold (role, date window, household), and it
    is one decision: all of it or nothing. The edited text is kept whatever happens.
    """
    edit = message_save_raw(membership=membership, channel=channel, text=text)
    result = RevisionResult(message=edit)
    if not membership.can_write:
        return _finish(result, MessageOutcome.READ_ONLY)
    if message.household_id != membership.household_id:
        return _finish(result, MessageOutcome.ERROR)
    if len(text) > MAX_MESSAGE_CHARS:
        return _finish(result, MessageOutcome.TOO_LONG)
    try:
        result.parsed = parse_message(text, today)
        before = parse_message(previous_text, today)
    except Exception:
        logger.exception("edit %s could not be parsed", edit.pk)
        return _finish(result, MessageOutcome.PARSE_ERROR)
    if not result.parsed.items:
        # An edit that leaves no amount does not delete anything: 취소 is the way to do that.
        outcome = MessageOutcome.FOREIGN_CURRENCY if result.parsed.refused else MessageOutcome.NO_AMOUNT
        return _finish(result, outcome)
    result.out_of_range = [item for item in result.parsed.items if not rules.date_allowed(item.spent_on, today)]
    if result.out_of_range:
        return _finish(result, MessageOutcome.DATE_OUT_OF_RANGE)
    try:
        _revise(result, membership=membership, message=message, before=before.items, channel=channel)
    except Refused as error:
        result.refusal = str(error)
        return _finish(result, MessageOutcome.ERROR)
    return _finish(result, MessageOutcome.EDITED)


@transaction.atomic
def _revise(result: RevisionResult, *, membership: Membership, message: Message, before: tuple, channel: str) -> None:
    entries = list(message.entries.select_for_update().order_by("pk"))
    paired, result.kept = _pair(entries, before)
    categories = _Categories(membership.household)
    days = []
    after = result.parsed.items
    for index, item in enumerate(after):
        if index >= len(before):
            entry = _entry_build(
                item, categories=categories, message=message, membership=membership, paid_by=membership, channel=channel
            )
            _check_fields(membership, kind=entry.kind, amount_krw=entry.amount_krw, spent_on=entry.spent_on,
                          category=entry.category, paid_by=membership)  # fmt: skip
            entry.save()
            result.created.append(entry)
            days.append(entry.spent_on)
            continue
        entry = paired.get(index)
        if entry is None or _as_recorded(entry, item):
            continue
        _check_writer(membership, entry)
        days += [entry.spent_on, item.spent_on]
        fields = ["kind", "amount_krw", "spent_on", "memo", "updated_at"]
        rethink = item.kind != entry.kind or (item.memo[:200] != entry.memo and entry.category_source != "user")
        entry.kind, entry.amount_krw, entry.spent_on, entry.memo = (
            item.kind,
            item.amount_krw,
            item.spent_on,
            item.memo[:200],
        )
        if rethink:
            category, source, confidence, state = categories.decide(memo=item.memo, kind=item.kind)
            entry.category, entry.category_source, entry.category_confidence = category, source, confidence
            entry.category_state = state
            fields += ["category", "category_source", "category_confidence", "category_state"]
        _check_fields(membership, kind=entry.kind, amount_krw=entry.amount_krw, spent_on=entry.spent_on,
                      category=entry.category, paid_by=entry.paid_by)  # fmt: skip
        entry.save(update_fields=fields)
        result.updated.append(entry)
    for index, entry in paired.items():
        if index >= len(after):
            _check_writer(membership, entry)
            days.append(entry.spent_on)
            entry.delete()
            result.removed.append(entry)
    if result.created:
        entries_recorded(channel=channel, count=len(result.created))
    budgets_check_later(household_id=membership.household_id, days=days)
    pending = [e.pk for e in [*result.updated, *result.created] if e.category_state == CategoryState.PENDING]
    if pending:
        transaction.on_commit(lambda: entries_categorize_later(entry_ids=pending))


def entries_categorize_later(*, entry_ids: list[int]) -> None:
    """Hands pending entries to Celery; with the broker down they stay pending for the sweep.

    The task is named, not imported: its module brings the Claude SDK, which a web process loads
    only when it first has something to send.
    """
    if not publish(CATEGORIZE_TASK, (entry_ids,)):
        logger.info("%d entries left pending for the sweep", len(entry_ids))


def _check_writer(by: Actor, entry: Entry | None = None) -> None:
    if not by.can_write:
        raise Refused("보기 전용 구성원은 기록을 바꿀 수 없어요.")
    if entry is not None and entry.household_id != by.household_id:
        raise Refused("이 가구의 항목이 아니에요.")


def _check_fields(by: Actor, *, kind: str, amount_krw: int, spent_on: dt.date, category: Category, paid_by) -> None:
    if category.household_id != by.household_id or paid_by.household_id != by.household_id:
        raise Refused("이 가구의 분류와 구성원만 고를 수 있어요.")
    if category.kind != kind:
        raise Refused("지출에는 지출 분류를, 수입에는 수입 분류를 골라 주세요.")
    rules.check_amount(amount_krw)
    rules.check_date(spent_on)


@transaction.atomic
def entry_create(
    *,
    membership: Membership,
    kind: str,
    amount_krw: int,
    spent_on: dt.date,
    category: Category,
    memo: str,
    paid_by: Membership,
    channel: str = Channel.WEB,
    payment: str | None = None,
) -> Entry:
    _check_writer(membership)
    _check_fields(membership, kind=kind, amount_krw=amount_krw, spent_on=spent_on, category=category, paid_by=paid_by)
    method = _payment_method(membership, payment)
    if not paid_by.is_active:
        raise Refused("이 가구를 떠난 분은 낸 사람으로 고를 수 없어요.")
    entry = Entry.objects.create(
        household_id=membership.household_id,
        kind=kind,
        amount_krw=amount_krw,
        spent_on=spent_on,
        category=category,
        memo=memo[:200],
        entered_by=membership,
        paid_by=paid_by,
        channel=channel,
        category_source=CategorySource.USER,
        category_confidence=1.0,
        payment_method=method,
    )
    budgets_check_later(household_id=membership.household_id, days=[spent_on])
    return entry


KEEP = "keep"  # entry_update's `payment` when the door does not show it (the admin): left as it is


def _payment_method(by: Actor, value: str | None) -> PaymentMethod | None:
    """ "" → not told, "cash" → the household's 현금, an id → one of the household's cards (or refused)."""
    if not value:
        return None
    if value == "cash":
        return payment_method_cash(household_id=by.household_id)
    method = PaymentMethod.objects.filter(household_id=by.household_id, pk=int(value) if str(value).isdigit() else 0)
    if not method.exists():
        raise Refused("이 가구의 결제수단 중에서 골라 주세요.")
    return method.get()


@transaction.atomic
def entry_update(
    *,
    membership: Actor,
    entry: Entry,
    kind: str,
    amount_krw: int,
    spent_on: dt.date,
    category: Category,
    memo: str,
    paid_by: Membership,
    payment: str | None = KEEP,
) -> Entry:
    _check_writer(membership, entry)
    _check_fields(membership, kind=kind, amount_krw=amount_krw, spent_on=spent_on, category=category, paid_by=paid_by)
    if not paid_by.is_active and paid_by.pk != entry.paid_by_id:
        raise Refused("이 가구를 떠난 분은 낸 사람으로 고를 수 없어요.")
    category_changed = category.pk != entry.category_id
    entry.kind, entry.amount_krw, entry.spent_on = kind, amount_krw, spent_on
    entry.category, entry.memo, entry.paid_by = category, memo[:200], paid_by
    fields = ["kind", "amount_krw", "spent_on", "category", "memo", "paid_by", "updated_at"]
    if payment != KEEP:
        entry.payment_method = _payment_method(membership, payment)
        fields.append("payment_method")
    if category_changed:
        entry.category_source, entry.category_confidence = CategorySource.USER, 1.0
        entry.category_state = CategoryState.SETTLED
        fields += ["category_source", "category_confidence", "category_state"]
        rule_learn(household_id=entry.household_id, memo=memo, category=category)
    entry.save(update_fields=fields)
    budgets_check_later(household_id=entry.household_id, days=[spent_on])  # the old period only went down
    return entry


@transaction.atomic
def entry_set_category(*, membership: Actor, entry: Entry, category: Category) -> Entry:
    """A member's correction always wins and teaches the household."""
    _check_writer(membership, entry)
    if category.household_id != entry.household_id or category.kind != entry.kind or category.is_hidden:
        raise Refused("이 항목에 쓸 수 없는 분류예요.")
    entry.category = category
    entry.category_source, entry.category_confidence = CategorySource.USER, 1.0
    entry.category_state = CategoryState.SETTLED
    entry.save(update_fields=["category", "category_source", "category_confidence", "category_state", "updated_at"])
    rule_learn(household_id=entry.household_id, memo=entry.memo, category=category)
    budgets_check_later(household_id=entry.household_id, days=[entry.spent_on])
    return entry


UNDO_SALT = "expenses.entry-undo"


def _plain(value):
    """A field's value as JSON keeps it (dates and times as ISO text, read back by the field)."""
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


UNDO_SECONDS = 10 * 60  # the toast offers it for seconds; the token stays good a little longer


@transaction.atomic
def entry_delete(*, membership: Actor, entry: Entry) -> str:
    """Deletes the entry; returns a signed token that `entry_restore` turns back into it, exactly as it was."""
    _check_writer(membership, entry)
    fields = {f.attname: _plain(getattr(entry, f.attname)) for f in Entry._meta.concrete_fields}
    reports = list(entry.reports.values_list("pk", flat=True))
    entry.delete()
    return signing.dumps({"h": entry.household_id, "e": fields, "r": reports}, salt=UNDO_SALT, compress=True)


@transaction.atomic
def entry_restore(*, membership: Actor, token: str) -> Entry:
    """Undoes `entry_delete`: the same entry (id, dates, source, message) back in the same household."""
    _check_writer(membership)
    try:
        data = signing.loads(token, salt=UNDO_SALT, max_age=UNDO_SECONDS)
    except signing.SignatureExpired:
        raise Refused("되돌릴 수 있는 시간이 지났어요. 다시 기록해 주세요.") from None
    except signing.BadSignature:
        raise Refused("되돌릴 기록을 찾지 못했어요.") from None
    if data.get("h") != membership.household_id:
        raise Refused("이 가구의 항목이 아니에요.")
    entry = Entry()
    for f in Entry._meta.concrete_fields:
        if f.attname in data["e"]:
            value = data["e"][f.attname]
            setattr(entry, f.attname, None if value is None else f.to_python(value))
    if entry.household_id != membership.household_id:
        raise Refused("이 가구의 항목이 아니에요.")
    if Entry.objects.filter(pk=entry.pk).exists():
        raise Refused("이미 되돌렸어요.")
    try:
        with transaction.atomic():
            entry.save(force_insert=True)
    except IntegrityError:
        # Its category, payer or card was removed since, or the recurring job made the occurrence again.
        raise Refused("그 사이에 바뀐 것이 있어 되돌리지 못했어요. 다시 기록해 주세요.") from None
    created_at, updated_at = Entry._meta.get_field("created_at"), Entry._meta.get_field("updated_at")
    stamps = {"created_at": created_at.to_python(data["e"]["created_at"])}
    stamps["updated_at"] = updated_at.to_python(data["e"]["updated_at"])
    Entry.objects.filter(pk=entry.pk).update(**stamps)  # auto_now(_add) stamped the moment of saving
    entry.created_at, entry.updated_at = stamps["created_at"], stamps["updated_at"]
    if data.get("r"):
        entry.reports.model.objects.filter(
            household_id=membership.household_id, pk__in=data["r"], entry__isnull=True
        ).update(entry=entry)
    budgets_check_later(household_id=entry.household_id, days=[entry.spent_on])
    return Entry.objects.select_related("category", "paid_by", "payment_method").get(pk=entry.pk)
