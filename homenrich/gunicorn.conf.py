"""gunicorn settings for bin/start, all from the environment: small, preloaded, threaded, graceful."""

import gc
import os
import socket

from prometheus_client import multiprocess


def _ipv6_available() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::", 0))
        return True
    except OSError:
        return False


port = os.environ.get("PORT", "8000")
# [::] takes IPv4 as well on Linux: Fly's proxy comes over IPv4, its metrics scraper over the private
# IPv6 network (6PN).
bind = [os.environ.get("BIND") or (f"[::]:{port}" if _ipv6_available() else f"0.0.0.0:{port}")]

# Two processes × four threads answer eight requests at once on a 512 MB machine; views mostly wait
# on PostgreSQL and Redis, so threads are cheaper than more processes.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# Load Django once in the arbiter and fork: the workers share its pages (less memory, faster start).
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM, workers stop accepting and get this long to finish the requests in flight.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# Recycle a worker now and then so a slow leak never reaches the machine's limit.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Heartbeat files in RAM, not on the container's overlay disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# No control socket: nothing uses gunicornc, and the non-root user has no home to put it in.
control_socket_disable = True

# The app writes one JSON access line per request itself (homenrich.logging.RequestContextMiddleware).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "homenrich.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
}


# Web processes only publish tasks: a broker that hangs should cost a request half a second, not the
# 2 s the Celery worker needs (above its 1 s BRPOP); homenrich.celery applies this when it is loaded.
os.environ.setdefault("HOMENRICH_WEB_BROKER_TIMEOUT", os.environ.get("WEB_BROKER_TIMEOUT", "0.5"))

# No collection while the app loads (it would leave holes in pages the workers are about to share).
gc.disable()


def when_ready(server):
    """Runs in the arbiter after the preload, before the first fork: import the URL map and views
    here so every worker shares them instead of importing them on its first request."""
    from django.db import connections
    from django.urls import get_resolver

    if os.environ.get("GUNICORN_WARM_URLS", "1") == "1":
        get_resolver().url_patterns  # noqa: B018 - the import is the point
    # Celery is not imported here: a worker imports it when it first queues a task (homenrich.dispatch),
    # with the short broker timeouts set above. It is the largest part of a cold start a request that
    # queues nothing never needs.
    # Nothing may cross the fork: a connection opened here would be shared by every worker.
    connections.close_all()
    # Everything loaded so far lives as long as the process: moved out of the collector's reach, its
    # pages are never written by a collection in a worker, so they stay shared (copy-on-write).
    gc.freeze()
    gc.enable()


def child_exit(server, worker):
    # Keeps counters of a recycled worker (files stay) but drops its live gauges.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
