"""App configs for the project package itself."""

from django.contrib.admin.apps import AdminConfig as BaseAdminConfig


class AdminConfig(BaseAdminConfig):
    default_site = "homenrich.admin_site.HouseholdAdminSite"
