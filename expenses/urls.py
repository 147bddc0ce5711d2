"""The ledger's URLs, room by room: entries and the month page, stats, the calendar, search, budgets, recurring, export,
cards and accounts, card statements."""

from django.urls import include, path

urlpatterns = [
    path("", include("expenses.entries.urls")),
    path("", include("expenses.stats.urls")),
    path("", include("expenses.calendar.urls")),
    path("", include("expenses.search.urls")),
    path("", include("expenses.budgets.urls")),
    path("", include("expenses.recurring.urls")),
    path("", include("expenses.exports.urls")),
    path("", include("expenses.payments.urls")),
    path("", include("expenses.statements.urls")),
]
