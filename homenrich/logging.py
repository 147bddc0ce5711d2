"""Structured logs: one JSON object per line on stdout, tagged with the request id and household id."""

import contextvars
import datetime as dt
import json
import logging
import os
import re
import time
import uuid
from urllib.parse import urlsplit

logger = logging.getLogger("homenrich.request")

# What the current request (or Celery task) is: read by the formatter for every line it writes.
_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("homenrich_log_context", default=None)

REQUEST_ID_HEADERS = ("HTTP_FLY_REQUEST_ID", "HTTP_X_REQUEST_ID")
_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Paths polled by machines every few seconds: logged only at DEBUG so they do not drown the rest.
QUIET_PATHS = ("/health", "/metrics")

# Environment variables whose values must never reach a log line, whatever code logs them.
SECRET_ENV_NAMES = (
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "ANTHROPIC_API_KEY",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET",
    "KAKAO_SKILL_TOKEN",
    "METRICS_TOKEN",
    "SENTRY_DSN",
    "EMAIL_HOST_PASSWORD",
)
REDACTED = "[redacted]"
# Shorter values are not masked: a weak password such as "homenrich" would otherwise wipe that word
# from every line (logger names included). Generated secrets are far longer.
MIN_SECRET_LENGTH = 12

# LogRecord attributes that are not "extra" fields passed by the caller.
_RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


def bind(**fields) -> None:
    """Adds fields (e.g. household_id=…) to every line logged for the rest of this request or task."""
    context = _context.get()
    if context is None:
        _context.set(dict(fields))
    else:
        context.update(fields)


def current() -> dict:
    return dict(_context.get() or {})


def _secret_values() -> list[str]:
    values = set()
    for name in SECRET_ENV_NAMES:
        for value in {os.environ.get(name, ""), *os.environ.get(name, "").split(",")}:
            if len(value) >= MIN_SECRET_LENGTH:
                values.add(value)
            password = urlsplit(value).password if "://" in value else None
            if password and len(password) >= MIN_SECRET_LENGTH:
                values.add(password)
    return sorted(values, key=len, reverse=True)


class JsonFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "message", "request_id", "household_id", …extra}`, secrets masked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._secrets = _secret_values()

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        line.update(_context.get() or {})
        request = line.pop("request", None)
        if request is not None and "household_id" not in line:
            household_id = _household_of(request)
            if household_id is not None:
                line["household_id"] = household_id
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        text = json.dumps(line, ensure_ascii=False, default=str)
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text


def _household_of(request) -> int | None:
    # Views get the membership through households.selectors / @household_view, which keep it on the
    # request; reading it here costs no query and never decides anything.
    membership = getattr(request, "membership", None) or getattr(request, "_membership", None)
    return getattr(membership, "household_id", None)


def request_id_of(request) -> str:
    """Fly's proxy sets Fly-Request-Id; other proxies X-Request-ID; otherwise a fresh one."""
    for header in REQUEST_ID_HEADERS:
        value = request.META.get(header, "")
        if value and _REQUEST_ID_OK.match(value):
            return value
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Binds the request id (and, lazily, the household id) to every log line of the request.

    Also writes one access line per request, since gunicorn's own access log is off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_of(request)
        request.request_id = request_id
        token = _context.set({"request_id": request_id, "request": request})
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response.headers.setdefault("X-Request-ID", request_id)
            quiet = request.path_info in QUIET_PATHS and response.status_code < 500
            logger.log(
                logging.DEBUG if quiet else logging.INFO,
                "%s %s %s",
                request.method,
                request.path_info,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path_info,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _context.reset(token)


def task_context_connect(task_prerun, task_postrun) -> None:
    """Celery: every line a task logs carries its task id and name (called by homenrich.celery)."""

    # An eager task runs inside the request that called it and keeps that request's context.
    def started(task_id=None, task=None, **kwargs):
        if not getattr(getattr(task, "request", None), "is_eager", False):
            _context.set({"task_id": task_id, "task": getattr(task, "name", "")})

    def finished(task=None, **kwargs):
        if not getattr(getattr(task, "request", None), "is_eager", False):
            _context.set(None)

    task_prerun.connect(started, weak=False, dispatch_uid="homenrich.logging.task_started")
    task_postrun.connect(finished, weak=False, dispatch_uid="homenrich.logging.task_finished")


# Keys whose values Sentry must never receive, on top of sentry-sdk's own list (passwords, tokens…).
SENTRY_DENYLIST = ["text", "raw_text", "memo", "username", "email", "display_name", "amount", "amount_krw"]


def sentry_scrub(event: dict, hint: dict | None = None) -> dict:
    """Keeps what helps debugging (stack, route, ids) and drops what a person typed or who they are."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if name.lower() not in {"authorization", "cookie", "x-telegram-bot-api-secret-token", "x-skill-token"}
            }
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return event


def sentry_init(*, dsn: str, environment: str = "", release: str = "", traces_sample_rate: float = 0.0) -> None:
    """Errors to Sentry without personal data: no PII, no bodies, no local variables, scrubbed events."""
    import sentry_sdk
    from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=traces_sample_rate,
        event_scrubber=EventScrubber(denylist=[*DEFAULT_DENYLIST, *SENTRY_DENYLIST], recursive=True),
        before_send=sentry_scrub,
    )
