"""Recurring entries (월세, 통신비, 구독): rules, their monthly occurrences, and the catch-up that writes them."""

import datetime as dt
import logging
from collections.abc import Iterator

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from households.models import Category, Membership
from households.periods import last_day_of_month
from households.services import household_bump_version

from .budgets import budgets_check_later
from .models import CategorySource, CategoryState, Channel, Entry, RecurringRule

logger = logging.getLogger(__name__)


class RecurringError(Exception):
    """A refused change, with a message fit to show the user."""


# --------------------------------------------------------------------------------------- schedule


def occurrence_in(year: int, month: int, day_of_month: int) -> dt.date:
    """The rule's day in that month; 29–31 fall back to the month's last day (Jan 31, Feb 28/29, Mar 31)."""
    return dt.date(year, month, min(day_of_month, last_day_of_month(year, month)))


def _months_from(day: dt.date) -> Iterator[tuple[int, int]]:
    year, month = day.year, day.month
    while True:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def occurrences(
    *, day_of_month: int, starts_on: dt.date, ends_on: dt.date | None, first: dt.date, through: dt.date
) -> Iterator[dt.date]:
    """Occurrence dates d with max(first, starts_on) <= d <= min(through, ends_on), in order.

    Each month is computed from the rule's day, never from the previous occurrence, so a rule on
    the 31st lands on Feb 28 and still on Mar 31 (no drifting).
    """
    lower = max(first, starts_on)
    upper = through if ends_on is None else min(through, ends_on)
    for year, month in _months_from(lower):
        day = occurrence_in(year, month, day_of_month)
        if day > upper:
            return
        if day >= lower:
            yield day


def next_occurrence(rule: RecurringRule, *, after: dt.date | None) -> dt.date | None:
    """The first occurrence of the rule strictly after `after` (or from its start); None once it has ended."""
    first = rule.starts_on if after is None else after + dt.timedelta(days=1)
    far = max(first, rule.starts_on) + dt.timedelta(days=62)  # an occurrence falls in every month
    return next(
        occurrences(
            day_of_month=rule.day_of_month, starts_on=rule.starts_on, ends_on=rule.ends_on, first=first, through=far
        ),
        None,
    )


# ------------------------------------------------------------------------------------------ reads


def rules_for(*, household_id: int) -> QuerySet[RecurringRule]:
    return (
        RecurringRule.objects.filter(household_id=household_id)
        .select_related("category", "paid_by")
        .order_by("day_of_month", "memo", "pk")
    )


def rule_get(*, household_id: int, pk: int | str) -> RecurringRule:
    try:
        return rules_for(household_id=household_id).get(pk=int(pk))
    except (RecurringRule.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# ----------------------------------------------------------------------------------------- writes


def _check(by: Membership, *, category: Category, paid_by: Membership, kind: str, starts_on, ends_on) -> None:
    if not by.can_write:
        raise RecurringError("보기 전용 구성원은 반복 기록을 바꿀 수 없어요.")
    if category.household_id != by.household_id or paid_by.household_id != by.household_id:
        raise RecurringError("이 가구의 분류와 구성원만 고를 수 있어요.")
    if category.kind != kind:
        raise RecurringError("지출에는 지출 분류를, 수입에는 수입 분류를 골라 주세요.")
    if ends_on is not None and ends_on < starts_on:
        raise RecurringError("종료일은 시작일보다 뒤여야 해요.")


def recurring_rule_create(
    *,
    by: Membership,
    kind: str,
    amount_krw: int,
    category: Category,
    memo: str,
    day_of_month: int,
    starts_on: dt.date,
    ends_on: dt.date | None,
    paid_by: Membership,
    today: dt.date | None = None,
) -> RecurringRule:
    """Creates the rule and at once writes the occurrences already due (a start in the past catches up)."""
    _check(by, category=category, paid_by=paid_by, kind=kind, starts_on=starts_on, ends_on=ends_on)
    with transaction.atomic():
        rule = RecurringRule(
            household_id=by.household_id,
            kind=kind,
            amount_krw=amount_krw,
            category=category,
            memo=memo,
            day_of_month=day_of_month,
            starts_on=starts_on,
            ends_on=ends_on,
            paid_by=paid_by,
            created_by=by,
        )
        rule.next_occurrence_on = next_occurrence(rule, after=None)
        rule.save()
        household_bump_version(household_id=by.household_id)
    recurring_rule_catch_up(rule_id=rule.pk, today=today)
    rule.refresh_from_db(fields=["next_occurrence_on"])
    return rule


def recurring_rule_update(
    *,
    by: Membership,
    rule: RecurringRule,
    kind: str,
    amount_krw: int,
    category: Category,
    memo: str,
    day_of_month: int,
    starts_on: dt.date,
    ends_on: dt.date | None,
    paid_by: Membership,
    today: dt.date | None = None,
) -> RecurringRule:
    """Changes apply to occurrences not yet due; entries already written stay (edit them on the month page).

    The new schedule continues after today, so nothing is written twice and nothing past is
    back-filled — except for a rule that never came due yet, which is planned afresh like a new one.
    """
    if rule.household_id != by.household_id:
        raise RecurringError("이 가구의 반복 기록이 아니에요.")
    _check(by, category=category, paid_by=paid_by, kind=kind, starts_on=starts_on, ends_on=ends_on)
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
        rule.kind, rule.amount_krw, rule.category, rule.memo = kind, amount_krw, category, memo
        rule.day_of_month, rule.starts_on, rule.ends_on, rule.paid_by = day_of_month, starts_on, ends_on, paid_by
        rule.next_occurrence_on = next_occurrence(rule, after=handled_through)
        rule.save(
            update_fields=[
                "kind",
                "amount_krw",
                "category",
                "memo",
                "day_of_month",
                "starts_on",
                "ends_on",
                "paid_by",
                "next_occurrence_on",
            ]
        )
        household_bump_version(household_id=by.household_id)
    recurring_rule_catch_up(rule_id=rule.pk, today=today)
    rule.refresh_from_db(fields=["next_occurrence_on"])
    return rule


@transaction.atomic
def recurring_rule_delete(*, by: Membership, rule: RecurringRule) -> None:
    """Stops the rule; the entries it already wrote stay in the ledger."""
    if not by.can_write:
        raise RecurringError("보기 전용 구성원은 반복 기록을 바꿀 수 없어요.")
    if rule.household_id != by.household_id:
        raise RecurringError("이 가구의 반복 기록이 아니에요.")
    rule.delete()
    household_bump_version(household_id=by.household_id)


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
            household_bump_version(household_id=rule.household_id)
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
