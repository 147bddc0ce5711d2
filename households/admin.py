"""Admin for households, members, invitations and categories: scoped to the households a user manages,
every change made through households.services."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from homenrich.admin_site import HouseholdScopedAdmin

from . import services
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
    list_display = ["name", "month_start_day", "llm_enabled", "created_at"]
    # Claude's consent and budget are set only on the household page, by a manager who read the disclosure.
    fields = ["name", "month_start_day", "llm_enabled", "llm_enabled_at", "llm_monthly_budget_usd"]
    editable = ("name", "month_start_day")

    def service_save(self, request, by, current, changes):
        services.household_update_settings(
            by=by,
            name=changes.get("name", current.name),
            month_start_day=changes.get("month_start_day", current.month_start_day),
        )


@admin.register(Membership)
class MembershipAdmin(HouseholdScopedAdmin):
    list_display = ["display_name", "household", "role", "joined_at", "left_at"]
    list_filter = ["role"]
    fields = ["household", "user", "display_name", "role", "joined_at", "left_at"]
    editable = ("display_name", "role")

    def service_save(self, request, by, current, changes):
        if "role" in changes:
            services.membership_change_role(by=by, membership=current, role=changes["role"])
        if "display_name" in changes:
            services.membership_rename(by=by, membership=current, display_name=changes["display_name"])


@admin.register(Category)
class CategoryAdmin(HouseholdScopedAdmin):
    list_display = ["name", "slug", "kind", "household", "is_hidden"]
    list_filter = ["kind", "is_hidden"]
    fields = ["household", "slug", "name", "kind", "is_default", "is_hidden", "position"]
    editable = ("name", "is_hidden", "position")

    def service_save(self, request, by, current, changes):
        services.category_update(
            by=by,
            category=current,
            name=changes.get("name", current.name),
            is_hidden=changes.get("is_hidden", current.is_hidden),
            position=changes.get("position"),
        )


@admin.register(Invitation)
class InvitationAdmin(HouseholdScopedAdmin):
    list_display = ["household", "role", "created_at", "expires_at", "used_at", "revoked_at"]
    fields = ["household", "role", "created_by", "created_at", "expires_at", "used_at", "used_by", "revoked_at"]
    actions = ["revoke"]

    @admin.action(description="선택한 초대 취소하기")
    def revoke(self, request, queryset):
        for invitation in queryset:
            services.invitation_revoke(by=self.actor(request, invitation.household_id), invitation=invitation)
        self.message_user(request, "초대를 취소했어요.")
