"""Helpers for the operations tests: the production-like environment and the running stack."""

import glob
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION_SECRET_KEY = "ops-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"
METRICS_TOKEN = "ops-test-metrics-token-5a0f1c"


def production_env(**extra: str) -> dict[str, str]:
    """What Fly gives the app: DEBUG off, a real secret key, the public host name; no test leftovers."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CELERY_", "ANTHROPIC_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="homenrich.settings",
        DEBUG="false",
        SECRET_KEY=PRODUCTION_SECRET_KEY,
        ALLOWED_HOSTS="homenrich.fly.dev",
        EMAIL_HOST="smtp.example.com",
    )
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def database_url() -> str:
    """The test database pytest-django created (so the stack sees what the test writes)."""
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def descendants(pid: int) -> list[int]:
    found = []
    for path in glob.glob(f"/proc/{pid}/task/*/children"):
        try:
            children = [int(child) for child in Path(path).read_text().split()]
        except OSError:  # exited meanwhile: FileNotFoundError or, mid-exit, ProcessLookupError
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


class Stack:
    """bin/start running against the test database and Redis, on its own port and metrics directory."""

    def __init__(self, tmp_path: Path, roles: tuple[str, ...] = (), **env: str):
        self.roles = roles or ("web", "worker", "beat")
        self.argv = [str(ROOT / "bin" / "start"), *roles]
        self.port = free_port()
        self.metrics_dir = tmp_path / "prometheus"
        self.log_path = tmp_path / "stack.log"
        self.env = production_env(
            DATABASE_URL=database_url(),
            REDIS_URL=settings.REDIS_URL,
            ALLOWED_HOSTS="homenrich.fly.dev,127.0.0.1",
            PORT=str(self.port),
            BIND=f"127.0.0.1:{self.port}",
            PROMETHEUS_MULTIPROC_DIR=str(self.metrics_dir),
            CELERY_BEAT_SCHEDULE_FILE=str(tmp_path / "celerybeat-schedule"),
            METRICS_TOKEN=METRICS_TOKEN,
            WEB_CONCURRENCY="2",
            GUNICORN_THREADS="4",
            STOP_TIMEOUT="20",
            LOG_LEVEL="INFO",
            **env,
        )
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "Stack":
        # DEBUG is off, so pages need the hashed static files the image builds; a fresh clone has none.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()
            if set(self.role_pids()) == set(self.roles) and ("web" not in self.roles or self.answers("/health")):
                return self
            time.sleep(0.1)
        raise AssertionError("the stack did not come up:\n" + self.log())

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, headers: dict | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url(path), headers={"X-Forwarded-Proto": "https", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def answers(self, path: str) -> bool:
        try:
            return self.get(path)[0] == 200
        except OSError:
            return False

    def role_pids(self) -> dict[str, int]:
        """The supervisor's direct children by role, from their command lines."""
        roles = {}
        for pid in descendants(self.process.pid):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:  # gone between the listing and the read (ProcessLookupError mid-exit)
                continue
            if "bin/start" in cmdline:
                continue  # forked but not yet exec'd: still the supervisor's own command line ("… worker beat")
            for role, marker in (("web", "gunicorn"), ("worker", " worker "), ("beat", " beat ")):
                if marker in cmdline and role not in roles:
                    roles[role] = pid
        return roles

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:]

    def stop(self, timeout: float = 40) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            for pid in descendants(self.process.pid) if self.process.poll() is None else []:
                os.kill(pid, signal.SIGKILL)
            self._log.close()


@pytest.fixture
def stack_factory(tmp_path, django_db_blocker):
    stacks: list[Stack] = []

    def make(roles: tuple[str, ...] = (), **env: str) -> Stack:
        (tmp_path / f"stack{len(stacks)}").mkdir()
        stack = Stack(tmp_path / f"stack{len(stacks)}", roles, **env)
        stacks.append(stack)
        return stack.start()

    yield make
    for stack in stacks:
        if stack.process and stack.process.poll() is None:
            stack.stop()
