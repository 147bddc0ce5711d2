"""Events of categorization, importable without loading the Claude SDK (which costs seconds at start-up)."""

from django.dispatch import Signal

# Sent with the ids of entries whose category Claude changed; chat channels edit their replies,
# budgets re-check their thresholds.
entries_recategorized = Signal()
