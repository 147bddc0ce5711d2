"""GET /health: cheap, no redirect, honest about the database and cache."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_health_is_ok(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_health_works_behind_the_ssl_redirect_and_host_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["homenrich.fly.dev"]
    response = client.get("/health", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200


@pytest.mark.django_db
def test_health_is_503_when_the_database_is_down(client, monkeypatch):
    def broken(*args, **kwargs):
        raise connection.Database.OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


@pytest.mark.django_db
def test_health_reports_a_broken_cache_as_degraded(client, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["cache"] == "error" and response.json()["status"] == "degraded"
