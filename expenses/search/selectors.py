"""Reads for the memo search: matching entries and their sums."""

from django.db.models import Count, QuerySet

from ..models import Entry
from ..stats.queries import kind_sums


def memo_search(*, household_id: int, text: str) -> QuerySet[Entry]:
    """Entries whose memo contains `text` (case-insensitive; LIKE wildcards are escaped), newest first."""
    return (
        Entry.objects.filter(household_id=household_id, memo__icontains=text)
        .select_related("category", "paid_by", "payment_method")
        .order_by("-spent_on", "-created_at", "-pk")
    )


def memo_search_totals(*, household_id: int, text: str) -> dict[str, int]:
    """Sums of the matching entries; cancelled payments are listed but not counted."""
    return (
        Entry.objects.filter(household_id=household_id, memo__icontains=text, cancelled_at__isnull=True)
        .order_by()
        .aggregate(**kind_sums(), count=Count("pk"))
    )
