"""Admin for entries, raw messages, budgets and recurring rules: scoped to the households a user manages,
every change made through the ledger's services."""

from django.contrib import admin

from homenrich.admin_site import HouseholdScopedAdmin

from .budgets.services import budgets_set
from .entries.services import entry_delete, entry_update
from .models import Budget, BudgetAlert, Entry, Message, PaymentMethod, RecurringRule, ReportedPayment, StatementImport
from .payments.services import payment_method_rename
from .recurring.services import recurring_rule_delete, recurring_rule_update

ENTRY_FIELDS = ("kind", "amount_krw", "spent_on", "category", "memo", "paid_by")
RULE_FIELDS = ("kind", "amount_krw", "category", "memo", "day_of_month", "starts_on", "ends_on", "paid_by")


@admin.register(Entry)
class EntryAdmin(HouseholdScopedAdmin):
    list_display = ["spent_on", "memo", "amount_krw", "kind", "category", "paid_by", "category_source", "household"]
    list_filter = ["kind", "category_source", "channel", "payment_method__kind"]
    search_fields = ["memo"]
    date_hierarchy = "spent_on"
    list_select_related = ["category", "paid_by", "household"]
    fields = [
        "household",
        *ENTRY_FIELDS,
        "entered_by",
        "channel",
        "category_source",
        "category_confidence",
        "category_state",
        "message",
        "payment_method",
        "installments",
        "cancelled_at",
        "merged_at",
        "created_at",
        "updated_at",
    ]
    editable = ENTRY_FIELDS

    def service_save(self, request, by, current, changes):
        values = {name: changes.get(name, getattr(current, name)) for name in ENTRY_FIELDS}
        entry_update(membership=by, entry=current, **values)

    def service_delete(self, request, by, obj):
        entry_delete(membership=by, entry=obj)


@admin.register(Message)
class MessageAdmin(HouseholdScopedAdmin):
    """What was typed, kept whatever became of it: read-only, never deleted here."""

    list_display = ["received_at", "raw_text", "channel", "outcome", "household"]
    list_filter = ["channel", "outcome"]
    search_fields = ["raw_text"]
    fields = ["household", "author", "channel", "raw_text", "outcome", "received_at"]


@admin.register(Budget)
class BudgetAdmin(HouseholdScopedAdmin):
    list_display = ["household", "category", "amount_krw"]
    list_select_related = ["household", "category"]
    fields = ["household", "category", "amount_krw"]
    editable = ("amount_krw",)

    def service_save(self, request, by, current, changes):
        budgets_set(by=by, amounts={current.category_id: changes["amount_krw"]})

    def service_delete(self, request, by, obj):
        budgets_set(by=by, amounts={obj.category_id: None})


@admin.register(BudgetAlert)
class BudgetAlertAdmin(HouseholdScopedAdmin):
    list_display = ["household", "period_key", "category", "threshold", "spent_krw", "budget_krw", "created_at"]
    list_select_related = ["household", "category"]
    fields = ["household", "period_key", "category", "threshold", "spent_krw", "budget_krw", "created_at"]


@admin.register(RecurringRule)
class RecurringRuleAdmin(HouseholdScopedAdmin):
    list_display = ["memo", "amount_krw", "kind", "category", "day_of_month", "starts_on", "ends_on", "household"]
    list_select_related = ["household", "category"]
    fields = ["household", *RULE_FIELDS, "created_by", "next_occurrence_on", "created_at"]
    editable = RULE_FIELDS

    def service_save(self, request, by, current, changes):
        values = {name: changes.get(name, getattr(current, name)) for name in RULE_FIELDS}
        recurring_rule_update(by=by, rule=current, **values)

    def service_delete(self, request, by, obj):
        recurring_rule_delete(by=by, rule=obj)


@admin.register(PaymentMethod)
class PaymentMethodAdmin(HouseholdScopedAdmin):
    """The household's cards and accounts: made by the reports themselves, renamed here as on /payments/."""

    list_display = ["name", "kind", "issuer", "last4", "household", "created_at"]
    list_filter = ["kind", "issuer"]
    list_select_related = ["household"]
    fields = ["household", "name", "kind", "issuer", "last4", "created_at"]
    editable = ("name",)

    def service_save(self, request, by, current, changes):
        payment_method_rename(by=by, payment_method=current, name=changes["name"])


@admin.register(ReportedPayment)
class ReportedPaymentAdmin(HouseholdScopedAdmin):
    """What cards and banks reported and what became of it: read-only, the record behind "never twice"."""

    list_display = ["occurred_on", "merchant", "amount_krw", "is_cancel", "source", "outcome", "household"]
    list_filter = ["source", "outcome", "is_cancel"]
    list_select_related = ["household"]
    fields = [
        "household",
        "source",
        "outcome",
        "payment_method",
        "kind",
        "amount_krw",
        "occurred_on",
        "occurred_time",
        "merchant",
        "is_cancel",
        "installments",
        "entry",
        "message",
        "created_at",
    ]


@admin.register(StatementImport)
class StatementImportAdmin(HouseholdScopedAdmin):
    list_display = ["filename", "issuer", "uploaded_by", "created_at", "recorded_at", "household"]
    list_select_related = ["household", "uploaded_by"]
    fields = ["household", "filename", "issuer", "uploaded_by", "created_at", "recorded_at"]
