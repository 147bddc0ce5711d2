"""Production settings: `check --deploy` is clean, secrets come from the environment, responses are hardened."""

import ast
import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import Client

from tests.ops.conftest import ROOT, production_env

SECRET_SETTINGS = {"SECRET_KEY", "TELEGRAM_WEBHOOK_SECRET", "KAKAO_SKILL_TOKEN", "METRICS_TOKEN"}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_refuses_to_start_with_the_development_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_are_hardened():
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'hsts': s.SECURE_HSTS_SECONDS, 'subdomains': s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        "'redirect': s.SECURE_SSL_REDIRECT,"
        "'proxy': s.SECURE_PROXY_SSL_HEADER, 'session': s.SESSION_COOKIE_SECURE, 'csrf': s.CSRF_COOKIE_SECURE,"
        "'httponly': s.SESSION_COOKIE_HTTPONLY, 'storage': s.STORAGES['staticfiles']['BACKEND'],"
        "'trusted_proxy': s.TRUSTED_PROXY, 'debug': s.DEBUG}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(output) == {
        "hsts": 31536000,
        "subdomains": True,
        "redirect": True,
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
        "session": True,
        "csrf": True,
        "httponly": True,
        "storage": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "trusted_proxy": "",  # a proxy's client header is believed only where fly.toml says so
        "debug": False,
    }


@pytest.mark.django_db
def test_pages_carry_a_strict_csp_and_are_gzipped(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["Content-Encoding"] == "gzip"


@pytest.mark.django_db
def test_hashed_static_files_are_cached_for_a_year_and_immutable(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles" / "staticfiles.json").read_text())["paths"]
    css = next(hashed for name, hashed in manifest.items() if name.endswith(".css") and not name.startswith("admin/"))
    client = Client()  # a new handler: whitenoise reads STATIC_ROOT when the middleware is built
    hashed = client.get(f"/static/{css}", HTTP_ACCEPT_ENCODING="gzip")
    assert hashed.status_code == 200
    assert "immutable" in hashed["Cache-Control"] and "max-age=315360000" in hashed["Cache-Control"]
    assert hashed["Content-Encoding"] == "gzip"
    unhashed = client.get(f"/static/{next(name for name, h in manifest.items() if h == css)}")
    assert "immutable" not in unhashed.get("Cache-Control", "")


def _project_sources():
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "tests", "bench"} or "migrations" in relative.parts:
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_secrets_are_compared_in_constant_time_everywhere():
    offenders = []
    for relative, source in _project_sources():
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Compare) or not any(isinstance(op, ast.Eq | ast.NotEq) for op in node.ops):
                continue
            names = {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
            names |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            # settings.py compares SECRET_KEY with the public development default, which is no secret.
            if names & SECRET_SETTINGS and "DEV_SECRET_KEY" not in names:
                offenders.append(f"{relative}:{node.lineno}")
    assert offenders == []
