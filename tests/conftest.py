"""Shared fixtures: the personas (alice owns, bob records, vera views, charlie is a stranger)."""

import os
import shutil

import pytest
from django.conf import settings

from tests.factories import HouseholdFactory, MembershipFactory, UserFactory
from tests.fakes.claude_api import fake_claude  # noqa: F401 - a fixture for every test module

IN_CI = os.environ.get("CI", "").lower() == "true"


def _service_missing(reason: str) -> None:
    """Skip with a visible reason locally; under CI=true a missing service is a failure."""
    if IN_CI:
        pytest.fail(f"required service missing under CI: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if (
        item.get_closest_marker("postgres")
        and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
    ):
        _service_missing("needs PostgreSQL: set DATABASE_URL=postgres://…")
    if (item.get_closest_marker("redis") or item.get_closest_marker("celery_worker")) and not settings.REDIS_URL:
        _service_missing("needs Redis: set REDIS_URL=redis://…")
    if item.get_closest_marker("browser") and not shutil.which("chromium"):
        _service_missing("needs Debian's chromium (apt-get install chromium fonts-nanum)")


@pytest.fixture(scope="session", autouse=True)
def _no_connection_left_behind(request, django_db_setup, django_db_blocker):
    """The test database can always be dropped at the end: sessions something left open are named, then ended."""
    yield
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, client_port, state, backend_start, left(query, 160) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        terminal = request.config.pluginmanager.get_plugin("terminalreporter")
        for row in cursor.fetchall():
            terminal.write_line(f"session left open on the test database, ended: {row}")
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Tasks run inline in tests, except where a test runs a real worker on the broker."""
    from homenrich.celery import app

    eager = request.node.get_closest_marker("celery_worker") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _broker_not_resting():
    """A test that makes Redis fail must not leave the next test's process skipping the cache or broker."""
    from homenrich import breaker

    breaker.broker.reset(), breaker.cache.reset()
    yield
    breaker.broker.reset(), breaker.cache.reset()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def household(db):
    return HouseholdFactory(name="앨리스네")


@pytest.fixture
def alice(household):
    """Owner of `household`."""
    return MembershipFactory(household=household, role="owner", user=UserFactory(display_name="앨리스")).user


@pytest.fixture
def bob(household, alice):
    """A member of `household`: records, edits and deletes."""
    return MembershipFactory(household=household, role="member", user=UserFactory(display_name="밥")).user


@pytest.fixture
def vera(household, alice):
    """A viewer of `household`: reads only."""
    return MembershipFactory(household=household, role="viewer", user=UserFactory(display_name="베라")).user


@pytest.fixture
def other_household(db):
    return HouseholdFactory(name="찰리네")


@pytest.fixture
def charlie(other_household):
    """Owner of another household: a stranger to `household`."""
    return MembershipFactory(household=other_household, role="owner", user=UserFactory(display_name="찰리")).user


def membership_of(user, household):
    return user.memberships.get(household=household)


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login
