"""Entries waiting for Claude: hand their memos to categorization, apply the categories it decides.

Categorization only decides (categorization.llm, categorization.batches); the entries are written
here, by the app that owns them. A decision lands only on an entry still waiting, so a member's
correction in the meantime always wins.
"""

import logging
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from categorization import claude
from categorization.batches import batch_mark_ended, batch_results, batch_submit, batches_in_progress
from categorization.keywords import CONFIDENT
from categorization.llm import Answers, llm_decide
from households.models import Category, CategoryKind, Household

from ..budgets.services import budgets_check_later
from ..models import CategorySource, CategoryState, Entry
from ..signals import entries_recategorized

logger = logging.getLogger(__name__)


def _settle(entry_ids: list[int]) -> None:
    """Gives up on Claude for these entries: their provisional category stays."""
    Entry.objects.filter(pk__in=entry_ids, category_state=CategoryState.PENDING).update(
        category_state=CategoryState.SETTLED, updated_at=timezone.now()
    )


def entries_settle(*, entry_ids: list[int]) -> None:
    """Claude will not be asked again (retries spent, an error): the provisional categories stand."""
    _settle(entry_ids)


def _apply(answers: Answers, entries: dict[int, Entry], categories: dict[str, Category], *, waiting: Q) -> list[int]:
    changed = []
    for ref, decision in answers.items():
        entry = entries.get(ref)
        category = categories.get(decision.slug) if decision else None
        if entry is None or category is None or category.kind != entry.kind:
            continue
        updated = Entry.objects.filter(waiting, pk=ref).update(
            category=category,
            category_source=decision.source,
            category_confidence=decision.confidence,
            category_state=CategoryState.SETTLED,
            updated_at=timezone.now(),
        )
        if updated:
            changed.append(ref)
    return changed


def _visible_categories(household_id: int) -> dict[str, Category]:
    return {c.slug: c for c in Category.objects.filter(household_id=household_id, is_hidden=False)}


def _announce(changed: list[int]) -> None:
    if not changed:
        return
    days: dict[int, set] = defaultdict(set)
    for household_id, spent_on in Entry.objects.filter(pk__in=changed, kind=CategoryKind.EXPENSE).values_list(
        "household_id", "spent_on"
    ):
        days[household_id].add(spent_on)
    for household_id, spent in days.items():
        # Moving entries into a category can push that category over its budget.
        budgets_check_later(household_id=household_id, days=list(spent))
    entries_recategorized.send(sender=Entry, entry_ids=changed)


def entries_categorize_pending(*, entry_ids: list[int]) -> int:
    """Settles the still-pending entries among entry_ids; returns how many got a new category.

    Idempotent: entries already settled (by an earlier run or a member) are skipped. Raises RetryLater
    for transient Claude errors; what earlier rounds decided is kept, the rest stays pending for the retry.
    """
    pending = list(
        Entry.objects.filter(pk__in=entry_ids, category_state=CategoryState.PENDING).select_related("household")
    )
    by_household: dict[int, list[Entry]] = defaultdict(list)
    for entry in pending:
        by_household[entry.household_id].append(entry)
    changed: list[int] = []
    try:
        for entries in by_household.values():
            changed += _categorize_household(entries[0].household, entries)
    finally:
        _announce(changed)
    return len(changed)


def _categorize_household(household: Household, entries: list[Entry]) -> list[int]:
    by_ref = {entry.pk: entry for entry in entries}
    categories = _visible_categories(household.pk)
    items = [claude.Item(ref=e.pk, memo=e.memo, kind=e.kind) for e in entries]
    waiting = Q(category_state=CategoryState.PENDING)
    changed: list[int] = []
    for answers in llm_decide(household=household, items=items):
        changed += _apply(answers, by_ref, categories, waiting=waiting)
        _settle(list(answers))
    return changed


# ---- backfills: entries the rules were unsure of, re-asked in one discounted batch


def backfill_candidates(*, household: Household):
    """Entries no person or learned rule decided and the rules were unsure of."""
    return Entry.objects.filter(household=household).filter(
        Q(category_source=CategorySource.FALLBACK)
        | Q(category_source=CategorySource.RULES, category_confidence__lt=CONFIDENT)
    )


def entries_backfill_submit(*, household: Household, entry_ids: list[int] | None = None):
    entries = backfill_candidates(household=household).exclude(memo="")
    if entry_ids is not None:
        entries = entries.filter(pk__in=entry_ids)
    items = [
        claude.Item(ref=pk, memo=memo, kind=kind)
        for pk, memo, kind in entries.order_by("pk").values_list("pk", "memo", "kind")
    ]
    return batch_submit(household=household, items=items)


def entries_backfill_collect() -> int:
    """Applies the results of every ended batch once; returns how many batches ended."""
    ended = 0
    for batch in batches_in_progress():
        answers = batch_results(batch=batch)
        if answers is None:
            continue
        entries = Entry.objects.in_bulk([ref for ref in answers if answers[ref]])
        # Only entries still decided by rules or fallback: people and learned rules win.
        waiting = Q(category_source__in=[CategorySource.FALLBACK, CategorySource.RULES])
        changed = _apply(answers, entries, _visible_categories(batch.household_id), waiting=waiting)
        batch_mark_ended(batch=batch, changed=len(changed))
        _announce(changed)
        ended += 1
    return ended
