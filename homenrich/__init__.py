"""HomeNRich project package: settings, URLs, the Celery app and cross-cutting middleware.

The Celery app is not imported here: Celery (kombu, amqp, billiard…) is ~0.3–0.5 s of every start, and
a web process needs it only when it first queues a task (homenrich.dispatch imports it then). Celery's
`-A homenrich` finds `homenrich.celery.app` by itself; `homenrich.celery_app` still works, lazily.
"""


def __getattr__(name: str):
    if name == "celery_app":
        from .celery import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["celery_app"]
