"""The Celery application; tasks live in each app's tasks.py."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

from . import logging as json_logging
from . import metrics

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homenrich.settings")

app = Celery("homenrich")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

if os.environ.get("HOMENRICH_WEB_BROKER_TIMEOUT"):
    # A web process (homenrich/gunicorn.conf.py sets this) only publishes: a broker that hangs should
    # cost a request half a second, not the 2 s the Celery worker needs (above its 1 s BRPOP). Then
    # homenrich.breaker stops trying.
    _timeout = float(os.environ["HOMENRICH_WEB_BROKER_TIMEOUT"])
    app.conf.broker_connection_timeout = _timeout
    app.conf.broker_transport_options = {
        **app.conf.broker_transport_options,
        "socket_timeout": _timeout,
        "socket_connect_timeout": _timeout,
    }


# Task metrics and the task id on log lines, wherever tasks run, which is wherever this app is loaded.
metrics.task_signals_connect(task_prerun, task_postrun)
json_logging.task_context_connect(task_prerun, task_postrun)
