"""The app as gunicorn serves it in bench mode: every response says its server time and query count.

A WSGI wrapper rather than a Django middleware, so that it sees the whole middleware chain and the
production settings stay untouched; the floor views and the real views all go through it alike.
"""

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homenrich.settings")
os.environ["HOMENRICH_BENCH"] = "1"

from django.db import connection

from homenrich.wsgi import application as django_application


def application(environ, start_response):
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()

    def bench_start_response(status, headers, exc_info=None):
        headers.append(("X-Bench-Queries", str(queries)))
        headers.append(("X-Bench-Server-Ms", f"{(time.perf_counter() - started) * 1000:.3f}"))
        return start_response(status, headers, exc_info)

    with connection.execute_wrapper(count):
        return django_application(environ, bench_start_response)
