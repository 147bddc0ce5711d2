"""Re-categorizing many entries at once with the Message Batches API (50 % off, results within 24 h)."""

import logging
from decimal import Decimal

import anthropic
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from expenses.models import CategorySource, Entry
from households.models import Household
from households.services import household_bump_version

from . import claude
from .keywords import CONFIDENT
from .llm import _category_menu, _record
from .models import LLMBatch, LLMOutcome
from .signals import entries_recategorized

logger = logging.getLogger(__name__)

BATCH_DISCOUNT = Decimal("0.5")
MAX_REQUESTS = 10_000


def backfill_candidates(*, household: Household):
    """Entries no person or learned rule decided and the rules were unsure of."""
    return Entry.objects.filter(household=household).filter(
        Q(category_source=CategorySource.FALLBACK)
        | Q(category_source=CategorySource.RULES, category_confidence__lt=CONFIDENT)
    )


def batch_submit(*, household: Household, entry_ids: list[int] | None = None) -> LLMBatch | None:
    entries = backfill_candidates(household=household)
    if entry_ids is not None:
        entries = entries.filter(pk__in=entry_ids)
    entries = list(entries.exclude(memo="").order_by("pk")[: MAX_REQUESTS * claude.MAX_ITEMS_PER_CALL])
    if not entries:
        return None
    menu, _ = _category_menu(household.pk)
    requests, mapping = [], {}
    for n, start in enumerate(range(0, len(entries), claude.MAX_ITEMS_PER_CALL)):
        chunk = entries[start : start + claude.MAX_ITEMS_PER_CALL]
        custom_id = f"h{household.pk}-{n}"
        items = [claude.Item(ref=e.pk, memo=e.memo, kind=e.kind) for e in chunk]
        requests.append(
            {"custom_id": custom_id, "params": claude.build_request(items, menu, model=settings.CLAUDE_MODEL)}
        )
        mapping[custom_id] = [e.pk for e in chunk]
    batch = claude.client().messages.batches.create(requests=requests)
    return LLMBatch.objects.create(
        household=household, batch_id=batch.id, model=settings.CLAUDE_MODEL, requests=mapping
    )


def batch_collect(*, batch: LLMBatch) -> bool:
    """Applies the results of an ended batch once; returns whether it has ended."""
    api = claude.client()
    remote = api.messages.batches.retrieve(batch.batch_id)
    if remote.processing_status != "ended":
        return False
    menu, by_slug = _category_menu(batch.household_id)
    entries = Entry.objects.in_bulk([pk for ids in batch.requests.values() for pk in ids])
    changed = []
    for result in api.messages.batches.results(batch.batch_id):
        ids = batch.requests.get(result.custom_id, [])
        items = [claude.Item(ref=pk, memo=entries[pk].memo, kind=entries[pk].kind) for pk in ids if pk in entries]
        if result.result.type != "succeeded":
            _record(
                batch.household_id,
                None,
                model=batch.model,
                items=len(items),
                outcome=LLMOutcome.ERROR,
                detail=f"batch {result.result.type}",
            )
            continue
        answer = claude.read_answer(result.result.message, items, menu, model=batch.model)
        _record_batch(batch, answer, len(items))
        for item in items:
            slug = answer.slugs.get(item.ref)
            category = by_slug.get(slug) if slug and slug != claude.UNSURE else None
            if category is None or category.kind != item.kind:
                continue
            # Only entries still decided by rules or fallback: people and learned rules win.
            updated = Entry.objects.filter(
                pk=item.ref, category_source__in=[CategorySource.FALLBACK, CategorySource.RULES]
            ).update(
                category=category,
                category_source=CategorySource.LLM,
                category_confidence=0.8,
                updated_at=timezone.now(),
            )
            if updated:
                changed.append(item.ref)
    batch.status, batch.ended_at, batch.changed = "ended", timezone.now(), len(changed)
    batch.save(update_fields=["status", "ended_at", "changed"])
    if changed:
        household_bump_version(household_id=batch.household_id)
        entries_recategorized.send(sender=Entry, entry_ids=changed)
    return True


def _record_batch(batch: LLMBatch, answer: claude.Answer, items: int) -> None:
    from .models import LLMCall

    outcome = LLMOutcome.ANSWERED if answer.valid else LLMOutcome.INVALID
    cost = claude.cost_usd(batch.model, answer.input_tokens, answer.output_tokens) * BATCH_DISCOUNT
    LLMCall.objects.create(
        household_id=batch.household_id,
        model=batch.model,
        items=items,
        input_tokens=answer.input_tokens,
        output_tokens=answer.output_tokens,
        cost_usd=cost,
        outcome=outcome,
        detail=f"batch {batch.batch_id}"[:200],
    )


def batches_poll() -> int:
    ended = 0
    for batch in LLMBatch.objects.filter(status="in_progress").select_related("household"):
        try:
            ended += batch_collect(batch=batch)
        except anthropic.APIError:
            logger.warning("could not poll batch %s", batch.batch_id, exc_info=True)
    return ended
