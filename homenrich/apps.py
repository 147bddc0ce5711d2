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
        from . import metrics

        # The task signals are connected with the Celery app itself (homenrich.celery), which a web
        # process imports only when it first queues a task.
        metrics.signals_connect()
