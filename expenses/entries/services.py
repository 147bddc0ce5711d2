"""Writes on entries. `message_record` is the one door every channel walks through.

Each write checks the rules itself (expenses.entries.rules, the actor's role, the household of every
category and member it names), whichever door called it: the web form, an htmx fragment, the admin,
a chat command or a task. A refusal raises `Refused` and writes nothing.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from categorization.services import category_decide, rule_learn
from homenrich.dispatch import publish
from homenrich.errors import Refused
from homenrich.metrics import entries_recorded
from households.actors import Actor
from households.models import Category, Membership

from ..budgets.services import budgets_check_later
from ..models import CategorySource, CategoryState, Channel, Entry, Message, MessageOutcome
from ..parser import ParsedItem, ParseResult, parse_message
from . import rules

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 1000
CATEGORIZE_TASK = "expenses.tasks.categorize_entries"


@dataclass
class RecordResult:
    message: Message
    entries: list[Entry] = field(default_factory=list)
    parsed: ParseResult | None = None
    # Items read but not recorded because their date is outside the entry window.
    out_of_range: list[ParsedItem] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        return self.message.outcome


def message_save_raw(*, membership: Membership, channel: str, text: str, outcome: str = "") -> Message:
    """Stores what was typed, committed on its own so that nothing typed is ever lost."""
    return Message.objects.create(
        household_id=membership.household_id, author=membership, channel=channel, raw_text=text, outcome=outcome
    )


def message_record(
    *, membership: Membership, channel: str, text: str, today: dt.date | None = None, paid_by: Membership | None = None
) -> RecordResult:
    message = message_save_raw(membership=membership, channel=channel, text=text)
    result = RecordResult(message=message)
    if not membership.can_write:
        return _finish(result, MessageOutcome.READ_ONLY)
    if len(text) > MAX_MESSAGE_CHARS:
        return _finish(result, MessageOutcome.TOO_LONG)
    today = today or timezone.localdate()
    try:
        result.parsed = parse_message(text, today)
    except Exception:
        logger.exception("message %s could not be parsed", message.pk)
        return _finish(result, MessageOutcome.PARSE_ERROR)
    if not result.parsed.items:
        outcome = MessageOutcome.FOREIGN_CURRENCY if result.parsed.refused else MessageOutcome.NO_AMOUNT
        return _finish(result, outcome)
    result.out_of_range = [item for item in result.parsed.items if not rules.date_allowed(item.spent_on, today)]
    if result.out_of_range:
        # One message is one decision: recording part of it would leave the person unsure what was kept.
        return _finish(result, MessageOutcome.DATE_OUT_OF_RANGE)
    try:
        result.entries = _entries_create(
            message=message, membership=membership, paid_by=paid_by or membership, parsed=result.parsed, channel=channel
        )
    except Exception:
        logger.exception("message %s could not be recorded", message.pk)
        return _finish(result, MessageOutcome.ERROR)
    return result  # its outcome was written with the entries


def _finish(result: RecordResult, outcome: str) -> RecordResult:
    result.message.outcome = outcome
    result.message.save(update_fields=["outcome"])
    return result


@transaction.atomic
def _entries_create(
    *, message: Message, membership: Membership, paid_by: Membership, parsed: ParseResult, channel: str
) -> list[Entry]:
    household = membership.household
    if paid_by.household_id != household.pk:
        raise Refused("이 가구의 구성원만 낸 사람이 될 수 있어요.")
    categories = {c.slug: c for c in Category.objects.filter(household_id=household.pk, is_hidden=False)}
    visible = set(categories)
    entries = []
    for item in parsed.items:
        decision = category_decide(
            household_id=household.pk,
            llm_enabled=household.llm_enabled,
            memo=item.memo,
            kind=item.kind,
            visible_slugs=visible,
        )
        entries.append(
            Entry(
                household_id=household.pk,
                message=message,
                kind=item.kind,
                amount_krw=item.amount_krw,
                spent_on=item.spent_on,
                category=categories[decision.slug],
                memo=item.memo[:200],
                entered_by=membership,
                paid_by=paid_by,
                channel=channel,
                category_source=decision.source,
                category_confidence=decision.confidence,
                category_state=CategoryState.PENDING if decision.needs_llm else CategoryState.SETTLED,
            )
        )
    Entry.objects.bulk_create(entries)
    # The outcome commits with the entries: one round trip fewer, and never "recorded" without them.
    message.outcome = MessageOutcome.RECORDED
    message.save(update_fields=["outcome"])
    entries_recorded(channel=channel, count=len(entries))  # bulk_create sends no post_save
    budgets_check_later(household_id=household.pk, days=[e.spent_on for e in entries])
    pending = [e.pk for e in entries if e.category_state == CategoryState.PENDING]
    if pending:
        transaction.on_commit(lambda: entries_categorize_later(entry_ids=pending))
    return entries


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
) -> Entry:
    _check_writer(membership)
    _check_fields(membership, kind=kind, amount_krw=amount_krw, spent_on=spent_on, category=category, paid_by=paid_by)
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
    )
    budgets_check_later(household_id=membership.household_id, days=[spent_on])
    return entry


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
) -> Entry:
    _check_writer(membership, entry)
    _check_fields(membership, kind=kind, amount_krw=amount_krw, spent_on=spent_on, category=category, paid_by=paid_by)
    if not paid_by.is_active and paid_by.pk != entry.paid_by_id:
        raise Refused("이 가구를 떠난 분은 낸 사람으로 고를 수 없어요.")
    category_changed = category.pk != entry.category_id
    entry.kind, entry.amount_krw, entry.spent_on = kind, amount_krw, spent_on
    entry.category, entry.memo, entry.paid_by = category, memo[:200], paid_by
    fields = ["kind", "amount_krw", "spent_on", "category", "memo", "paid_by", "updated_at"]
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


@transaction.atomic
def entry_delete(*, membership: Actor, entry: Entry) -> None:
    _check_writer(membership, entry)
    entry.delete()
