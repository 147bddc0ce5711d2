"""Celery beat tasks for the ledger: thin, idempotent, safe to run twice or side by side."""

import logging

from celery import shared_task
from celery.signals import beat_init

from .recurring import recurring_run_due

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def create_recurring_entries() -> int:
    """Writes every recurring occurrence due up to today, catching up whatever was missed while asleep."""
    return recurring_run_due()


@beat_init.connect(dispatch_uid="expenses.tasks.catch_up_on_wake")
def _catch_up_on_wake(sender=None, **kwargs) -> None:
    """A machine that slept starts beat with a fresh schedule, whose first run is a whole interval away:
    catch up at once instead, so this month's rent is there when the family looks."""
    try:
        create_recurring_entries.delay()
    except Exception:
        logger.warning("broker unavailable; recurring entries wait for the next beat", exc_info=True)
