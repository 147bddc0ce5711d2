"""App configs for the project package itself."""

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig as BaseAdminConfig


class AdminConfig(BaseAdminConfig):
    default_site = "homenrich.admin_site.HouseholdAdminSite"


class OpsConfig(AppConfig):
    """Operations wiring that every process needs (web, Celery worker, commands): metrics, logs, login limit."""

    name = "homenrich"
    label = "homenrich"
    verbose_name = "운영"

    def ready(self):
        from . import logging as json_logging
        from . import login_limit, metrics

        metrics.signals_connect()
        login_limit.signals_connect()
        json_logging.task_context_connect()
