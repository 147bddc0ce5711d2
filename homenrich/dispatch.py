"""Handing a task to Celery from inside a request, without letting a sick broker hold the request.

A request publishes once, without Celery's publish retries; after a failure this process rests from
the broker for a while (homenrich.breaker) and callers take their fallback at once: entries stay
"pending" for the periodic sweep, Telegram replies are sent inline. In web processes the broker's
socket timeouts are also short (homenrich/gunicorn.conf.py), so even the first failure is quick.
"""

import logging
import random
from importlib import import_module

from .breaker import broker

logger = logging.getLogger(__name__)


def _app():
    # Imported on the first publish, not at start: Celery is a large share of a cold start.
    from .celery import app

    return app


def _task(name: str):
    """A task from its registered name: its module is imported the first time, as the worker's discovery does."""
    celery_app = _app()
    if name not in celery_app.tasks:
        import_module(name.rpartition(".")[0])  # defines and registers the task (shared_task)
    return celery_app.tasks[name]


def _send(task, args: tuple, options: dict) -> None:
    celery_app = _app()
    if not isinstance(task, str):
        task.apply_async(args, retry=False, **options)
    elif celery_app.conf.task_always_eager:
        _task(task).apply_async(args, **options)  # in-process tasks (embedded defaults, tests) run here and now
    else:
        # By name on the wire: the web process never imports the task's module (the Claude SDK behind it).
        celery_app.send_task(task, args=args, retry=False, **options)


def publish(task, args: tuple = (), **options) -> bool:
    """Queues task(*args); False (logged, never raised) when the broker is unavailable or resting.

    `task` is a task or its registered name; a name lets a module hand work to a task without importing
    the task's module (and whatever that brings).
    """
    name = task if isinstance(task, str) else task.name
    if broker.resting():
        logger.info("broker resting after a failure; %s not queued", name)
        return False
    try:
        _send(task, args, options)
    except Exception:
        broker.trip()
        logger.warning("broker unavailable; %s not queued", name)
        return False
    return True


def retry_backoff(attempt: int) -> float:
    """Seconds before retry number `attempt` (0, 1, …) of a task: 5 s doubling to 5 min, with jitter."""
    return min(300.0, 5.0 * 2**attempt) * (0.5 + random.random() / 2)
