"""App configs for the project package itself."""

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig as BaseAdminConfig


class AdminConfig(BaseAdminConfig):
    default_site = "homenrich.admin_site.HouseholdAdminSite"


class OpsConfig(AppConfig):
    """Operations wiring that every process needs (web, Celery worker, commands): metrics and logs."""

    name = "homenrich"
    label = "homenrich"
    verbose_name = "운영"

    def ready(self):
        from . import logging as json_logging
        from . import metrics

        metrics.signals_connect()
        json_logging.task_context_connect()
