"""Admin for learned rules and the Claude cost ledger, scoped to the households a user manages."""

from django.contrib import admin
from django.db.models import Sum

from homenrich.admin_site import HouseholdScopedAdmin

from . import services
from .models import LearnedRule, LLMCall


@admin.register(LearnedRule)
class LearnedRuleAdmin(HouseholdScopedAdmin):
    list_display = ["phrase", "category", "times_confirmed", "updated_at", "household"]
    search_fields = ["phrase"]
    fields = ["household", "phrase", "category", "times_confirmed"]
    editable = ("category",)

    def service_save(self, request, by, current, changes):
        services.learned_rule_set_category(by=by, rule=current, category=changes["category"])

    def service_delete(self, request, by, obj):
        services.learned_rule_forget(by=by, rule=obj)


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
    fields = [*list_display[:-1], "detail", "household"]

    def changelist_view(self, request, extra_context=None):
        total = self.get_queryset(request).aggregate(total=Sum("cost_usd", default=0))["total"]
        extra_context = {**(extra_context or {}), "title": f"Claude 호출 (합계 ${total:.4f})"}
        return super().changelist_view(request, extra_context=extra_context)
