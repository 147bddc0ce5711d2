"""Events other apps react to (chat replies, budget alerts) without the ledger knowing about them."""

from django.dispatch import Signal

# Sent after a budget threshold (80 or 100 %) was crossed for the first time in a period.
# kwargs: alert (expenses.models.BudgetAlert)
budget_alert_recorded = Signal()

# Sent with the ids of entries whose category Claude changed: chat channels edit their replies.
# kwargs: entry_ids (list[int])
entries_recategorized = Signal()
