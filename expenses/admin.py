"""Admin for entries and raw messages, scoped to the households a user manages."""

from django.contrib import admin

from homenrich.admin_site import HouseholdScopedAdmin

from .models import Budget, BudgetAlert, Entry, Message, RecurringRule


@admin.register(Entry)
class EntryAdmin(HouseholdScopedAdmin):
    readonly_on_change = ("household", "message", "entered_by", "channel", "created_at", "updated_at")
    list_display = ["spent_on", "memo", "amount_krw", "kind", "category", "paid_by", "category_source", "household"]
    list_filter = ["kind", "category_source", "channel"]
    search_fields = ["memo"]
    date_hierarchy = "spent_on"
    list_select_related = ["category", "paid_by", "household"]
    fields = [
        "household",
        "kind",
        "amount_krw",
        "spent_on",
        "category",
        "memo",
        "paid_by",
        "entered_by",
        "channel",
        "category_source",
        "category_confidence",
        "category_state",
        "message",
        "created_at",
        "updated_at",
    ]


@admin.register(Message)
class MessageAdmin(HouseholdScopedAdmin):
    list_display = ["received_at", "raw_text", "channel", "outcome", "household"]
    list_filter = ["channel", "outcome"]
    search_fields = ["raw_text"]
    readonly_on_change = ("household", "author", "channel", "raw_text", "outcome", "received_at")
    fields = ["household", "author", "channel", "raw_text", "outcome", "received_at"]


@admin.register(Budget)
class BudgetAdmin(HouseholdScopedAdmin):
    list_display = ["household", "category", "amount_krw"]
    list_select_related = ["household", "category"]


@admin.register(BudgetAlert)
class BudgetAlertAdmin(HouseholdScopedAdmin):
    list_display = ["household", "period_key", "category", "threshold", "spent_krw", "budget_krw", "created_at"]
    list_select_related = ["household", "category"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RecurringRule)
class RecurringRuleAdmin(HouseholdScopedAdmin):
    list_display = ["memo", "amount_krw", "kind", "category", "day_of_month", "starts_on", "ends_on", "household"]
    list_select_related = ["household", "category"]
