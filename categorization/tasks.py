"""Celery tasks for categorization: thin, id-based, safe to run twice."""

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from .llm import RetryLater, backoff_seconds, llm_categorize_entries, settle_after_giving_up

logger = logging.getLogger(__name__)

MAX_RETRIES = 4
SWEEP_AFTER = dt.timedelta(minutes=2)
SWEEP_BATCH = 200


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def categorize_entries(self, entry_ids: list[int]) -> int:
    try:
        return llm_categorize_entries(entry_ids=entry_ids)
    except RetryLater as error:
        if self.request.retries >= MAX_RETRIES:
            logger.warning("giving up on claude for %d entries: %s", len(entry_ids), error)
            settle_after_giving_up(entry_ids=entry_ids)
            return 0
        countdown = error.delay if error.delay >= 0 else backoff_seconds(self.request.retries)
        raise self.retry(countdown=countdown, exc=error) from error
    except Exception:
        # Whatever went wrong, the provisional category stands and the entry must not stay pending.
        logger.exception("categorizing %d entries failed; keeping their provisional categories", len(entry_ids))
        settle_after_giving_up(entry_ids=entry_ids)
        return 0


@shared_task(acks_late=True)
def sweep_pending_entries() -> int:
    """Re-dispatches entries left pending (broker down at save time, machine asleep, lost task)."""
    from expenses.models import CategoryState, Entry

    cutoff = timezone.now() - SWEEP_AFTER
    ids = list(
        Entry.objects.filter(category_state=CategoryState.PENDING, created_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for start in range(0, len(ids), 20):
        categorize_entries.delay(ids[start : start + 20])
    return len(ids)


@shared_task(acks_late=True)
def poll_llm_batches() -> int:
    """Collects ended Message Batches jobs (backfills); harmless when there are none."""
    from .batches import batches_poll

    return batches_poll()
