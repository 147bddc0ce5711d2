"""The admin site: open to household owners and managers, each seeing only their households."""

from django.contrib import admin
from django.http import HttpRequest


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
        from households.selectors import managed_household_ids

        return bool(managed_household_ids(user=user))


class HouseholdScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose rows, choices and permissions stop at the households the user manages."""

    household_path = "household"
    readonly_on_change: tuple[str, ...] = ("household",)
    allow_add = False
    allow_delete = True

    def household_ids(self, request: HttpRequest) -> list[int] | None:
        if request.user.is_superuser:
            return None
        from households.selectors import managed_household_ids

        if not hasattr(request, "_managed_household_ids"):
            request._managed_household_ids = managed_household_ids(user=request.user)
        return request._managed_household_ids

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
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.allow_delete and self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser or (self.allow_add and self.admin_site.has_permission(request))

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields + self.readonly_on_change if obj is not None and not request.user.is_superuser else fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = self.household_ids(request)
        if ids is not None:
            related = db_field.related_model
            if related._meta.label == "households.Household":
                kwargs["queryset"] = related.objects.filter(pk__in=ids)
            elif any(f.name == "household" for f in related._meta.get_fields()):
                household_id = getattr(request, "_admin_object_household_id", None)
                scope = [household_id] if household_id else ids
                kwargs["queryset"] = related._default_manager.filter(household_id__in=scope)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # Writes through the admin change what pages show: bump the household's data version like services do.
    def _bump(self, household_ids) -> None:
        from households.services import household_bump_version

        for household_id in {h for h in household_ids if h}:
            household_bump_version(household_id=household_id)

    def _household_id(self, obj) -> int | None:
        return obj.pk if self.household_path == "pk" else getattr(obj, "household_id", None)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._bump([self._household_id(obj)])

    def delete_model(self, request, obj):
        household_id = self._household_id(obj)
        super().delete_model(request, obj)
        self._bump([household_id])

    def delete_queryset(self, request, queryset):
        household_ids = [self._household_id(obj) for obj in queryset]
        super().delete_queryset(request, queryset)
        self._bump(household_ids)

    def get_form(self, request, obj=None, **kwargs):
        # Choices on an existing row come from that row's own household, not any managed one.
        request._admin_object_household_id = getattr(obj, "household_id", None)
        return super().get_form(request, obj, **kwargs)
