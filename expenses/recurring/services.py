"""Recurring entries (월세, 통신비, 구독): creating and changing rules, and the catch-up that writes them."""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from homenrich.errors import Refused
from households.actors import Actor
from households.models import Category, Membership

from ..budgets.services import budgets_check_later
from ..entries.rules import check_amount, date_allowed, date_window_text
from ..models import CategorySource, CategoryState, Channel, Entry, RecurringRule
from .schedule import next_occurrence, occurrences

logger = logging.getLogger(__name__)


def _check(
    by: Actor,
    *,
    category: Category,
    paid_by: Membership,
    kind: str,
    amount_krw: int,
    day_of_month: int,
    starts_on: dt.date,
    ends_on: dt.date | None,
    memo: str,
) -> None:
    if not by.can_write:
        raise Refused("보기 전용 구성원은 반복 기록을 바꿀 수 없어요.")
    if category.household_id != by.household_id or paid_by.household_id != by.household_id:
        raise Refused("이 가구의 분류와 구성원만 고를 수 있어요.")
    if category.kind != kind:
        raise Refused("지출에는 지출 분류를, 수입에는 수입 분류를 골라 주세요.")
    check_amount(amount_krw)
    if not 1 <= day_of_month <= 31:
        raise Refused("매월 며칠은 1부터 31 사이로 정해 주세요.")
    # The first occurrence is an entry like any other: it must fall inside the entry window.
    if not date_allowed(starts_on):
        raise Refused("시작일은 " + date_window_text().removeprefix("날짜는 "))
    if ends_on is not None and ends_on < starts_on:
        raise Refused("종료일은 시작일보다 뒤여야 해요.")


def recurring_rule_create(*, by: Membership, today: dt.date | None = None, **fields) -> RecurringRule:
    """Creates the rule and at once writes the occurrences already due (a start in the past catches up).

    `fields`: kind, amount_krw, category, memo, day_of_month, starts_on, ends_on, paid_by.
    """
    _check(by, **fields)
    with transaction.atomic():
        rule = RecurringRule(household_id=by.household_id, created_by=by, **fields)
        rule.next_occurrence_on = next_occurrence(rule, after=None)
        rule.save()
    recurring_rule_catch_up(rule_id=rule.pk, today=today)
    rule.refresh_from_db(fields=["next_occurrence_on"])
    return rule


def recurring_rule_update(*, by: Actor, rule: RecurringRule, today: dt.date | None = None, **fields) -> RecurringRule:
    """Changes apply to occurrences not yet due; entries already written stay (edit them on the month page).

    The new schedule continues after today, so nothing is written twice and nothing past is
    back-filled — except for a rule that never came due yet, which is planned afresh like a new one.
    """
    if rule.household_id != by.household_id:
        raise Refused("이 가구의 반복 기록이 아니에요.")
    _check(by, **fields)
    today = today or timezone.localdate()
    with transaction.atomic():
        rule = RecurringRule.objects.select_for_update().get(pk=rule.pk)
        first = next_occurrence(rule, after=None)
        never_due = rule.next_occurrence_on is not None and rule.next_occurrence_on == first and first > today
        if never_due:
            handled_through = None
        elif rule.next_occurrence_on is None:
            handled_through = today
        else:
            handled_through = min(rule.next_occurrence_on - dt.timedelta(days=1), today)
        for name, value in fields.items():
            setattr(rule, name, value)
        rule.next_occurrence_on = next_occurrence(rule, after=handled_through)
        rule.save(update_fields=[*fields, "next_occurrence_on"])
    recurring_rule_catch_up(rule_id=rule.pk, today=today)
    rule.refresh_from_db(fields=["next_occurrence_on"])
    return rule


@transaction.atomic
def recurring_rule_delete(*, by: Actor, rule: RecurringRule) -> None:
    """Stops the rule; the entries it already wrote stay in the ledger."""
    if not by.can_write:
        raise Refused("보기 전용 구성원은 반복 기록을 바꿀 수 없어요.")
    if rule.household_id != by.household_id:
        raise Refused("이 가구의 반복 기록이 아니에요.")
    rule.delete()


def recurring_rule_catch_up(*, rule_id: int, today: dt.date | None = None) -> list[Entry]:
    """Writes every occurrence due up to today that is not written yet; safe to run twice or concurrently.

    The rule row is locked (PostgreSQL) so a concurrent run waits and then sees the advanced
    next_occurrence_on; the unique (rule, occurrence) constraint is the backstop everywhere else.
    """
    today = today or timezone.localdate()
    created: list[Entry] = []
    with transaction.atomic():
        rule = RecurringRule.objects.select_for_update().filter(pk=rule_id).first()
        if rule is None or rule.next_occurrence_on is None or rule.next_occurrence_on > today:
            return created
        last = None
        for day in occurrences(
            day_of_month=rule.day_of_month,
            starts_on=rule.starts_on,
            ends_on=rule.ends_on,
            first=rule.next_occurrence_on,
            through=today,
        ):
            entry = _occurrence_create(rule, day)
            if entry is not None:
                created.append(entry)
            last = day
        rule.next_occurrence_on = next_occurrence(rule, after=last or today)
        rule.save(update_fields=["next_occurrence_on"])
        if created:
            budgets_check_later(household_id=rule.household_id, days=[e.spent_on for e in created])
    return created


def _occurrence_create(rule: RecurringRule, day: dt.date) -> Entry | None:
    """Insert-or-skip under a savepoint: an occurrence already written is left alone."""
    try:
        with transaction.atomic():
            return Entry.objects.create(
                household_id=rule.household_id,
                kind=rule.kind,
                amount_krw=rule.amount_krw,
                spent_on=day,
                category_id=rule.category_id,
                memo=rule.memo,
                entered_by_id=rule.created_by_id,
                paid_by_id=rule.paid_by_id,
                channel=Channel.RECURRING,
                category_source=CategorySource.USER,
                category_confidence=1.0,
                category_state=CategoryState.SETTLED,
                recurring_rule=rule,
                occurrence_on=day,
            )
    except IntegrityError:
        return None


def recurring_run_due(*, today: dt.date | None = None) -> int:
    """Catches up every rule with an occurrence due; one rule failing does not stop the others."""
    today = today or timezone.localdate()
    due = list(RecurringRule.objects.filter(next_occurrence_on__lte=today).order_by("pk").values_list("pk", flat=True))
    written = 0
    for rule_id in due:
        try:
            written += len(recurring_rule_catch_up(rule_id=rule_id, today=today))
        except Exception:
            logger.exception("recurring rule %s could not catch up", rule_id)
    return written
