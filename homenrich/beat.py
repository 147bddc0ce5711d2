"""The Celery app bin/start runs beat with: it sends the scheduled tasks by name and loads no Django app.

Beat only needs the broker and CELERY_BEAT_SCHEDULE. Under the main app (homenrich.celery) it would
run django.setup() and import every task module (models, the Claude SDK…): 150 MB RSS instead of 75
on a 512 MB machine. Same settings, same broker, same schedule; no fixups, so Django is never set up.
"""

import logging.config
import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homenrich.settings")

from django.conf import settings  # reads the settings module only; no django.setup()

# The same JSON lines as every other process (Celery's own logging stays off: hijack is disabled).
logging.config.dictConfig(settings.LOGGING)

app = Celery("homenrich", fixups=[], set_as_current=False)
app.config_from_object("django.conf:settings", namespace="CELERY")


@beat_init.connect
def catch_up_on_start(sender=None, **kwargs):
    """A machine that just woke (auto-stop) runs every scheduled job at once instead of after its
    first interval: they are all idempotent catch-ups (pending sweep, recurring entries, batches)."""
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        app.send_task(entry["task"], args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
        logging.getLogger("celery.beat").info("catch-up on start: sent %s", name)
