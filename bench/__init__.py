"""Benchmarks for `make bench`: real gunicorn, PostgreSQL and Redis on loopback, figures as same-run ratios."""
