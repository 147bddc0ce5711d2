"""The admin site: open to household owners and managers, each seeing only their households.

The admin is one more door, not a back door: its change forms, deletions and actions call the same
services as the web pages (households.services, expenses.*.services), acting as the manager's own
seat — or, for a superuser, as the operator (households.actors.Operator). A refusal is shown as an
error message and nothing is written. Fields only the consent path may set stay read-only here.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect

from households.actors import Actor, Operator
from households.models import MANAGER_ROLES, Membership
from households.selectors import managed_household_ids

from .errors import Refused


class HouseholdAdminSite(admin.AdminSite):
    site_header = "홈앤리치 관리"
    site_title = "홈앤리치 관리"
    index_title = "우리 집 관리"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        if user.is_superuser:
            return True
        return bool(managed_household_ids(user=user))


class HouseholdScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose rows, choices and permissions stop at the households the user manages, and whose
    writes go through services: subclasses implement `service_save` / `service_delete` to allow them."""

    household_path = "household"
    editable: tuple[str, ...] = ()  # the fields a change form may change; everything else is read-only

    def household_ids(self, request: HttpRequest) -> list[int] | None:
        if request.user.is_superuser:
            return None
        if not hasattr(request, "_managed_household_ids"):
            request._managed_household_ids = managed_household_ids(user=request.user)
        return request._managed_household_ids

    def actor(self, request: HttpRequest, household_id: int) -> Actor:
        """Who acts on this household: the user's own managing seat, or the operator for a superuser."""
        seat = (
            Membership.objects.select_related("household")
            .filter(user=request.user, household_id=household_id, left_at__isnull=True, role__in=MANAGER_ROLES)
            .first()
        )
        if seat is not None:
            return seat
        if request.user.is_superuser:
            return Operator(household_id=household_id)
        raise PermissionDenied

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = self.household_ids(request)
        return queryset if ids is None else queryset.filter(**{f"{self.household_path}__in": ids})

    def _in_scope(self, request, obj) -> bool:
        ids = self.household_ids(request)
        if ids is None or obj is None:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return bool(self.editable) and self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return type(self).service_delete is not HouseholdScopedAdmin.service_delete and self.has_view_permission(
            request, obj
        )

    def has_add_permission(self, request):
        # Rows are born through their own doors (a message, the household page, the import): never here.
        return False

    def get_readonly_fields(self, request, obj=None):
        return [name for name in self.get_fields(request, obj) if name not in self.editable]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = self.household_ids(request)
        household_id = getattr(request, "_admin_object_household_id", None)
        related = db_field.related_model
        if related._meta.label == "households.Household":
            if ids is not None:
                kwargs["queryset"] = related.objects.filter(pk__in=ids)
        elif any(f.name == "household" for f in related._meta.get_fields()):
            # Choices on a row come from that row's own household, never from another one.
            scope = [household_id] if household_id else (ids or [])
            if household_id or ids is not None:
                kwargs["queryset"] = related._default_manager.filter(household_id__in=scope)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        request._admin_object_household_id = getattr(obj, "household_id", None)
        return super().get_form(request, obj, **kwargs)

    # ---- writes: through the services, refusals shown as errors

    def _household_id(self, obj) -> int:
        return obj.pk if self.household_path == "pk" else obj.household_id

    def service_save(self, request, by: Actor, current, changes: dict) -> None:
        """Applies `changes` (field → new value) to `current`, a fresh copy of the row, through a service."""
        raise PermissionDenied

    def service_delete(self, request, by: Actor, obj) -> None:
        raise PermissionDenied

    def save_model(self, request, obj, form, change):
        current = type(obj)._default_manager.get(pk=obj.pk)
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in self.editable}
        if changes:
            self.service_save(request, self.actor(request, self._household_id(current)), current, changes)

    def save_related(self, request, form, formsets, change):
        pass  # no many-to-many on these rows; nothing may be written beside the service

    def delete_model(self, request, obj):
        self.service_delete(request, self.actor(request, self._household_id(obj)), obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # all or none: one refusal keeps every selected row
            for obj in queryset:
                self.delete_model(request, obj)

    def _refusing(self, request, view, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refused as refusal:
            # The view's transaction has been rolled back: nothing of this request was written.
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._refusing(request, super().changeform_view, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        return self._refusing(request, super().delete_view, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        return self._refusing(request, super().changelist_view, extra_context)
