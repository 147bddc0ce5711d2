"""Admin for learned rules and the Claude cost ledger, scoped to the households a user manages."""

from django.contrib import admin
from django.db.models import Sum

from homenrich.admin_site import HouseholdScopedAdmin

from .models import LearnedRule, LLMCall


@admin.register(LearnedRule)
class LearnedRuleAdmin(HouseholdScopedAdmin):
    list_display = ["phrase", "category", "times_confirmed", "updated_at", "household"]
    search_fields = ["phrase"]
    readonly_on_change = ("household", "times_confirmed")
    fields = ["household", "phrase", "category", "times_confirmed"]


@admin.register(LLMCall)
class LLMCallAdmin(HouseholdScopedAdmin):
    list_display = [
        "created_at",
        "model",
        "items",
        "input_tokens",
        "output_tokens",
        "cost_usd",
        "latency_ms",
        "outcome",
        "household",
    ]
    list_filter = ["model", "outcome"]
    date_hierarchy = "created_at"
    allow_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        total = self.get_queryset(request).aggregate(total=Sum("cost_usd", default=0))["total"]
        extra_context = {**(extra_context or {}), "title": f"Claude 호출 (합계 ${total:.4f})"}
        return super().changelist_view(request, extra_context=extra_context)
