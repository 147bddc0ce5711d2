"""Admin for entries, raw messages, budgets and recurring rules: scoped to the households a user manages,
every change made through the ledger's services."""

from django.contrib import admin

from homenrich.admin_site import HouseholdScopedAdmin

from .budgets.services import budgets_set
from .entries.services import entry_delete, entry_update
from .models import Budget, BudgetAlert, Entry, Message, PaymentMethod, RecurringRule, ReportedPayment, StatementImport
from .money import won
from .payments.services import payment_method_rename
from .recurring.services import recurring_rule_delete, recurring_rule_update

ENTRY_FIELDS = ("kind", "amount_krw", "spent_on", "category", "memo", "paid_by")
RULE_FIELDS = ("kind", "amount_krw", "category", "memo", "day_of_month", "starts_on", "ends_on", "paid_by")


def won_column(field: str, description: str):
    """A list or read-only column that writes an amount the way the pages do ("12,400원"), sorted by the number."""

    @admin.display(description=description, ordering=field)
    def column(model_admin, obj) -> str:
        return won(getattr(obj, field))

    column.__name__ = f"{field}_won"
    return column


@admin.register(Entry)
class EntryAdmin(HouseholdScopedAdmin):
    list_display = ["spent_on", "memo", "amount_won", "kind", "category", "paid_by", "category_source", "household"]
    amount_won = won_column("amount_krw", "금액")
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
    list_display = ["household", "category", "amount_won"]
    amount_won = won_column("amount_krw", "월 예산")
    list_select_related = ["household", "category"]
    fields = ["household", "category", "amount_krw"]
    editable = ("amount_krw",)

    def service_save(self, request, by, current, changes):
        budgets_set(by=by, amounts={current.category_id: changes["amount_krw"]})

    def service_delete(self, request, by, obj):
        budgets_set(by=by, amounts={obj.category_id: None})


@admin.register(BudgetAlert)
class BudgetAlertAdmin(HouseholdScopedAdmin):
    list_display = ["household", "period_key", "category", "threshold", "spent_won", "budget_won", "created_at"]
    list_select_related = ["household", "category"]
    fields = ["household", "period_key", "category", "threshold", "spent_won", "budget_won", "created_at"]
    spent_won = won_column("spent_krw", "쓴 돈")
    budget_won = won_column("budget_krw", "예산")


@admin.register(RecurringRule)
class RecurringRuleAdmin(HouseholdScopedAdmin):
    list_display = ["memo", "amount_won", "kind", "category", "day_of_month", "starts_on", "ends_on", "household"]
    amount_won = won_column("amount_krw", "금액")
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

    list_display = ["occurred_on", "merchant", "amount_won", "is_cancel", "source", "outcome", "household"]
    amount_won = won_column("amount_krw", "금액")
    list_filter = ["source", "outcome", "is_cancel"]
    list_select_related = ["household"]
    fields = [
        "household",
        "source",
        "outcome",
        "payment_method",
        "kind",
        "amount_won",
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
