"""Celery beat tasks for the ledger: thin, idempotent, safe to run twice or side by side."""

from celery import shared_task

from .recurring import recurring_run_due


@shared_task(acks_late=True)
def create_recurring_entries() -> int:
    """Writes every recurring occurrence due up to today, catching up whatever was missed while asleep."""
    return recurring_run_due()
