"""Celery tasks for the ledger: thin, id-based, safe to run twice or side by side."""

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from categorization.llm import RetryLater
from homenrich.celery import app as _project_app  # noqa: F401 - shared_task binds to it, not to a default app
from homenrich.dispatch import retry_backoff

from .entries.categorizing import entries_backfill_collect, entries_categorize_pending, entries_settle
from .exports.uploads import import_run
from .models import CategoryState, Entry
from .recurring.services import recurring_run_due

logger = logging.getLogger(__name__)

MAX_RETRIES = 4
SWEEP_AFTER = dt.timedelta(minutes=2)
SWEEP_BATCH = 200


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def categorize_entries(self, entry_ids: list[int]) -> int:
    try:
        return entries_categorize_pending(entry_ids=entry_ids)
    except RetryLater as error:
        if self.request.retries >= MAX_RETRIES:
            logger.warning("giving up on claude for %d entries: %s", len(entry_ids), error)
            entries_settle(entry_ids=entry_ids)
            return 0
        countdown = error.delay if error.delay >= 0 else retry_backoff(self.request.retries)
        raise self.retry(countdown=countdown, exc=error) from error
    except Exception:
        # Whatever went wrong, the provisional category stands and the entry must not stay pending.
        logger.exception("categorizing %d entries failed; keeping their provisional categories", len(entry_ids))
        entries_settle(entry_ids=entry_ids)
        return 0


@shared_task(acks_late=True)
def sweep_pending_entries() -> int:
    """Re-dispatches entries left pending (broker down at save time, machine asleep, lost task)."""
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
    return entries_backfill_collect()


@shared_task(acks_late=True)
def create_recurring_entries() -> int:
    """Writes every recurring occurrence due up to today, catching up whatever was missed while asleep."""
    return recurring_run_due()


@shared_task(acks_late=True)
def household_import_run(upload_id: int) -> None:
    """A large backup file, imported away from the web process (expenses.exports.uploads)."""
    import_run(upload_id=upload_id)
