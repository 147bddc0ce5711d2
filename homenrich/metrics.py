"""Prometheus metrics for GET /metrics: requests by view, Celery tasks, Claude calls and spend, entries.

Under gunicorn and Celery, bin/start sets PROMETHEUS_MULTIPROC_DIR before any process starts, so every
worker process writes its counts to files there and /metrics sums them (prometheus_client's
multiprocess mode). Without it (tests, runserver) the process's own registry answers.
"""

import hmac
import ipaddress
import os
import time

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.http import HttpRequest, HttpResponse
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from .client_address import client_address, was_forwarded

METRICS_PATH = "/metrics"

REQUESTS = Counter(
    "homenrich_http_requests", "HTTP requests answered, by view name, method and status", ["view", "method", "status"]
)
REQUEST_SECONDS = Histogram(
    "homenrich_http_request_duration_seconds",
    "Time to answer an HTTP request, by view name",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
TASKS = Counter("homenrich_celery_tasks", "Celery task runs by task name and end state", ["task", "state"])
TASK_SECONDS = Histogram(
    "homenrich_celery_task_duration_seconds",
    "Celery task run time",
    ["task"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
LLM_CALLS = Counter("homenrich_llm_calls", "Claude calls by model and outcome", ["model", "outcome"])
LLM_TOKENS = Counter("homenrich_llm_tokens", "Claude tokens by model and direction", ["model", "direction"])
LLM_COST = Counter("homenrich_llm_cost_usd", "Claude spend in USD by model", ["model"])
ENTRIES = Counter("homenrich_entries_recorded", "Entries recorded, by channel", ["channel"])

_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


# Loopback, RFC 1918 and IPv6 unique-local (Fly's private network is fdaa::/16). Not ipaddress's
# is_private, which also counts documentation and benchmarking ranges that can be routed to us.
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::1/128", "fc00::/7")
)


def _is_private(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in network for network in PRIVATE_NETWORKS)


def metrics_allowed(request: HttpRequest) -> bool:
    """Loopback and private clients that did not come through a proxy, or the bearer token.

    Every request Fly's proxy forwards from the internet carries Fly-Client-IP; its metrics scraper,
    which connects over the private network, sends no proxy header. Any proxy header at all — even an
    empty one, even one Fly does not use — means the private peer is passing on someone else's request.
    """
    token = settings.METRICS_TOKEN
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    if token and authorization.startswith("Bearer "):
        return hmac.compare_digest(authorization.removeprefix("Bearer ").strip().encode(), token.encode())
    if was_forwarded(request):
        return False
    return _is_private(client_address(request))


def metrics_text() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def metrics_view(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    if not metrics_allowed(request):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    # Redirects, 404s and answers from middleware never resolve: one label for all of them.
    return match.view_name if match is not None else "<unresolved>"


class MetricsMiddleware:
    """Answers /metrics before the SSL redirect and host check (the scraper uses plain HTTP to an
    internal address, like Fly's health checker), and counts and times every other request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == METRICS_PATH:
            return metrics_view(request)
        started = time.perf_counter()
        response = self.get_response(request)
        view = _view_name(request)
        method = request.method if request.method in _METHODS else "other"
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        REQUEST_SECONDS.labels(view).observe(time.perf_counter() - started)
        return response


def entries_recorded(*, channel: str, count: int = 1) -> None:
    """Counts entries once their transaction commits (immediately when there is none)."""
    transaction.on_commit(lambda: ENTRIES.labels(channel).inc(count))


def _entry_saved(sender, instance, created, raw=False, **kwargs):
    # Entry.objects.create(…) sends post_save; bulk_create (message_record) calls entries_recorded.
    if created and not raw:
        entries_recorded(channel=instance.channel)


def _llm_call_saved(sender, instance, created, raw=False, **kwargs):
    # Counted at once, not on commit: the money is spent whether or not the ledger row survives.
    if not created or raw:
        return
    LLM_CALLS.labels(instance.model, instance.outcome).inc()
    LLM_TOKENS.labels(instance.model, "input").inc(instance.input_tokens or 0)
    LLM_TOKENS.labels(instance.model, "output").inc(instance.output_tokens or 0)
    LLM_COST.labels(instance.model).inc(float(instance.cost_usd or 0))


_task_started: dict[str, float] = {}


def _task_prerun(task_id=None, **kwargs):
    _task_started[task_id] = time.perf_counter()


def _task_postrun(task_id=None, task=None, state=None, **kwargs):
    name = getattr(task, "name", None) or "unknown"
    started = _task_started.pop(task_id, None)
    if started is not None:
        TASK_SECONDS.labels(name).observe(time.perf_counter() - started)
    TASKS.labels(name, (state or "unknown").lower()).inc()


def signals_connect() -> None:
    """Called from OpsConfig.ready(): in web processes, the Celery worker and management commands."""
    post_save.connect(_entry_saved, sender="expenses.Entry", dispatch_uid="homenrich.metrics.entry")
    post_save.connect(_llm_call_saved, sender="categorization.LLMCall", dispatch_uid="homenrich.metrics.llm")


def task_signals_connect(task_prerun, task_postrun) -> None:
    """Called with Celery's signals when the Celery app is loaded (homenrich.celery), not at start."""
    task_prerun.connect(_task_prerun, weak=False, dispatch_uid="homenrich.metrics.task_prerun")
    task_postrun.connect(_task_postrun, weak=False, dispatch_uid="homenrich.metrics.task_postrun")
