"""Handing a task to Celery from inside a request, without letting a sick broker hold the request.

A request publishes once, without Celery's publish retries; after a failure this process rests from
the broker for a while (homenrich.breaker) and callers take their fallback at once: entries stay
"pending" for the periodic sweep, Telegram replies are sent inline. In web processes the broker's
socket timeouts are also short (homenrich/gunicorn.conf.py), so even the first failure is quick.
"""

import logging

from .breaker import broker

logger = logging.getLogger(__name__)


def publish(task, args: tuple = (), **options) -> bool:
    """Queues task(*args); False (logged, never raised) when the broker is unavailable or resting."""
    if broker.resting():
        logger.info("broker resting after a failure; %s not queued", task.name)
        return False
    try:
        task.apply_async(args, retry=False, **options)
    except Exception:
        broker.trip()
        logger.warning("broker unavailable; %s not queued", task.name)
        return False
    return True
