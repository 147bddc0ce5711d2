"""Admin for households, members and categories, scoped to the households a user manages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from homenrich.admin_site import HouseholdScopedAdmin

from .models import Category, Household, Invitation, Membership, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_active", "is_superuser"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "display_name"]}),
        ("권한", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "display_name", "password1", "password2"]})]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Household)
class HouseholdAdmin(HouseholdScopedAdmin):
    household_path = "pk"
    readonly_on_change = ("data_version", "llm_enabled_at")
    allow_delete = False
    list_display = ["name", "month_start_day", "llm_enabled", "created_at"]
    fields = ["name", "month_start_day", "llm_enabled", "llm_enabled_at", "llm_monthly_budget_usd", "data_version"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # The LLM budget is the operator's decision; managers see it.
        return fields if request.user.is_superuser else (*fields, "llm_monthly_budget_usd")


@admin.register(Membership)
class MembershipAdmin(HouseholdScopedAdmin):
    readonly_on_change = ("household", "user", "joined_at", "left_at")
    allow_delete = False
    list_display = ["display_name", "household", "role", "joined_at", "left_at"]
    list_filter = ["role"]
    fields = ["household", "user", "display_name", "role", "joined_at", "left_at"]


@admin.register(Category)
class CategoryAdmin(HouseholdScopedAdmin):
    readonly_on_change = ("household", "slug", "kind", "is_default")
    allow_delete = False
    list_display = ["name", "slug", "kind", "household", "is_hidden"]
    list_filter = ["kind", "is_hidden"]
    fields = ["household", "slug", "name", "kind", "is_default", "is_hidden", "position"]


@admin.register(Invitation)
class InvitationAdmin(HouseholdScopedAdmin):
    readonly_on_change = ("household", "role", "created_by", "expires_at", "used_at", "used_by")
    list_display = ["household", "role", "created_at", "expires_at", "used_at", "revoked_at"]
    exclude = ["token_hash"]
