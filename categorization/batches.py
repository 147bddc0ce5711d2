"""Re-asking Claude about many memos at once with the Message Batches API (50 % off, results within 24 h).

Like llm.py it only decides: the owner of the entries chooses which items to send, and applies the
decisions `batch_results` returns once a batch has ended.
"""

import logging
from decimal import Decimal

import anthropic
from django.conf import settings
from django.utils import timezone

from households.models import Household

from . import claude
from .llm import LLM_CONFIDENCE, Answers, category_menu, llm_call_record
from .models import LLMBatch, LLMOutcome
from .services import Decision

logger = logging.getLogger(__name__)

BATCH_DISCOUNT = Decimal("0.5")
MAX_REQUESTS = 10_000
MAX_ITEMS = MAX_REQUESTS * claude.MAX_ITEMS_PER_CALL


def batch_submit(*, household: Household, items: list[claude.Item]) -> LLMBatch | None:
    """Sends the items (at most MAX_ITEMS, memos not empty) as one batch job; None when there is nothing."""
    items = [item for item in items if item.memo.strip()][:MAX_ITEMS]
    if not items:
        return None
    menu = category_menu(household.pk)
    requests, mapping = [], {}
    for n, start in enumerate(range(0, len(items), claude.MAX_ITEMS_PER_CALL)):
        chunk = items[start : start + claude.MAX_ITEMS_PER_CALL]
        custom_id = f"h{household.pk}-{n}"
        requests.append(
            {"custom_id": custom_id, "params": claude.build_request(chunk, menu, model=settings.CLAUDE_MODEL)}
        )
        mapping[custom_id] = [[item.ref, item.memo, item.kind] for item in chunk]
    batch = claude.client().messages.batches.create(requests=requests)
    return LLMBatch.objects.create(
        household=household, batch_id=batch.id, model=settings.CLAUDE_MODEL, requests=mapping
    )


def _items(rows: list) -> list[claude.Item]:
    # Batches from before memos were kept alongside hold bare refs; they come back without an answer.
    return [claude.Item(ref=row[0], memo=row[1], kind=row[2]) for row in rows if isinstance(row, list)]


def batch_results(*, batch: LLMBatch) -> Answers | None:
    """The decisions of an ended batch (its calls recorded and costed), or None while it still runs
    (or while the API cannot say: the next poll asks again)."""
    api = claude.client()
    try:
        remote = api.messages.batches.retrieve(batch.batch_id)
        if remote.processing_status != "ended":
            return None
        results = list(api.messages.batches.results(batch.batch_id))
    except anthropic.APIError:
        logger.warning("could not poll batch %s", batch.batch_id, exc_info=True)
        return None
    menu = category_menu(batch.household_id)
    kinds = {slug: kind for kind, options in menu.items() for slug, _ in options}
    decisions: Answers = {}
    for result in results:
        items = _items(batch.requests.get(result.custom_id, []))
        if result.result.type != "succeeded":
            llm_call_record(
                batch.household_id,
                None,
                model=batch.model,
                items=len(items),
                outcome=LLMOutcome.ERROR,
                detail=f"batch {result.result.type}",
            )
            continue
        answer = claude.read_answer(result.result.message, items, menu, model=batch.model)
        llm_call_record(
            batch.household_id,
            answer,
            model=batch.model,
            items=len(items),
            outcome=LLMOutcome.ANSWERED if answer.valid else LLMOutcome.INVALID,
            detail=f"batch {batch.batch_id}",
            discount=BATCH_DISCOUNT,
        )
        for item in items:
            slug = answer.slugs.get(item.ref)
            valid = slug and slug != claude.UNSURE and kinds.get(slug) == item.kind
            decisions[item.ref] = Decision(slug, "llm", LLM_CONFIDENCE, needs_llm=False) if valid else None
    return decisions


def batch_mark_ended(*, batch: LLMBatch, changed: int) -> None:
    batch.status, batch.ended_at, batch.changed = "ended", timezone.now(), changed
    batch.save(update_fields=["status", "ended_at", "changed"])


def batches_in_progress():
    return LLMBatch.objects.filter(status="in_progress").select_related("household").order_by("pk")
